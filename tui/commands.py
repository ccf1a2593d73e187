"""The command palette's "open …" commands (one for every record of the dossier), and
the browsing screen's own (evidence filter, conflicts, citation style).

Matching goes through the dossier's own search index (accent- and case-insensitive,
names first) rather than fuzzy-matching every record per keystroke, so the palette
answers at once at any scale. Prompts are Rich `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.style import Style
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from dossier.index.csl import PLAIN, STYLE_ALIASES, SUGGESTED_STYLES, CitationError, installed_styles
from dossier.index.index import Index
from dossier.model.records import Record
from dossier.model.text import one_line

from .evidence_filter import CHOICES, choice_label
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


class ScreenCommands(Provider):
    """The browsing screen's commands: the evidence filter, conflicts, the citation style.

    Every CSL style installed can be chosen by name once the query says "style" (there
    are thousands: listing them unasked would bury the rest)."""

    def _commands(self, query: str) -> list[tuple[str, Callable[[], None], str]]:
        screen = self.screen
        found = [(f"Evidence filter: {choice_label(choice)}", partial(screen.set_evidence_filter, choice),
                  "people, timeline and quotes follow it") for choice in CHOICES]  # fmt: skip
        found.append(("Conflicts: every value sources disagree on, side by side", screen.action_conflicts, "c"))
        styles = [PLAIN, *SUGGESTED_STYLES, *STYLE_ALIASES]
        if "style" in query.lower():
            try:
                styles += installed_styles()
            except CitationError:
                pass  # the plain form needs no library; the suggested ones then say why
        for style in dict.fromkeys(styles):
            found.append((f"Citation style: {style}", partial(screen.set_cite_style, style), "what y copies"))
        return found

    async def discover(self) -> Hits:
        for text, action, help_text in self._commands(""):
            yield DiscoveryHit(Text(text), action, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._commands(query):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, text=text, help=help_text)
