"""The command palette's "open …" commands: one for every record of the dossier.

Matching goes through the dossier's own search index (accent- and case-insensitive,
names first) rather than fuzzy-matching every record per keystroke, so the palette
answers at once at any scale. Prompts are Rich `Text`, never markup.
"""

from __future__ import annotations

from functools import partial

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from dossier.index.index import Index
from dossier.model.records import Record
from dossier.model.text import one_line

from .messages import OpenRecord

LIMIT = 30
KIND_HELP = {"person": "person", "lab": "lab", "model": "model", "event": "event", "quote": "quote", "source": "source"}


class RecordCommands(Provider):
    """open <record>"""

    def _prompt(self, record: Record) -> Text:
        text = Text("open ", Style(dim=True))
        label = one_line(record.label)
        text.append(label if len(label) <= 80 else label[:79] + "…")
        text.append(f"  {record.kind_name}", Style(dim=True))
        return text

    @property
    def index(self) -> Index:
        # The palette is opened on the browsing screen, which declares these commands.
        return self.screen.index  # type: ignore[attr-defined]

    def _open(self, record_id: str) -> None:
        self.screen.post_message(OpenRecord(record_id))

    async def discover(self) -> Hits:
        index = self.index
        for record in (*index.dossier.people, *index.dossier.labs, *index.dossier.models)[:LIMIT]:
            yield DiscoveryHit(self._prompt(record), partial(self._open, record.id), text=f"open {record.id}")

    async def search(self, query: str) -> Hits:
        index = self.index
        words = query.strip()
        if words.lower().startswith("open "):
            words = words[5:]
        if not words.strip():
            return
        hits = index.search(words, LIMIT)
        top = hits[0].score if hits else 1
        for hit in hits:
            # The palette orders by score in 0..1; keep the search index's order.
            yield Hit(
                min(1.0, hit.score / top),
                self._prompt(hit.record),
                partial(self._open, hit.record.id),
                text=f"open {hit.record.id}",
                help=KIND_HELP.get(hit.record.kind_name, ""),
            )
