"""The source-quotes pane: the quotes by or about the record in focus (all, at first)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.widgets import Static

from dossier.index.index import Index
from dossier.model.records import Quote

from ..evidence_filter import OFF, EvidenceFilter
from ..lines import quote_line, quote_lines
from .line_list import LineList


class QuoteList(LineList):
    """Each quote on four lines: who and where, the original (two lines), our translation."""

    row_height = 4

    def __init__(self, index: Index, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.quotes: Sequence[Quote] = ()
        self.translation = True
        self._rows: LRUCache[tuple, list[Text]] = LRUCache(64)

    def render_row(self, index: int, width: int) -> Text:
        return quote_line(self.index, self.quotes[index], self.style_of("line-list--dim"), self.translation)

    def render_row_lines(self, index: int, width: int) -> list[Text]:
        key = (index, width, self.translation, self._generation)
        lines = self._rows.get(key)
        if lines is None:
            lines = quote_lines(
                self.index, self.quotes[index], self.style_of("line-list--dim"), self.translation, width
            )
            self._rows[key] = lines
        return [line.copy() for line in lines]

    def record_at(self, index: int) -> Quote | None:
        return self.quotes[index] if 0 <= index < len(self.quotes) else None

    @property
    def selected(self) -> Quote | None:
        return self.quotes[self.cursor] if 0 <= self.cursor < len(self.quotes) else None


def same_records(new: Sequence, old: Sequence) -> bool:
    """The same records in the same order (by identity: records are immutable)."""
    if new is old:
        return True
    return len(new) == len(old) and len(new) < 5000 and all(a is b for a, b in zip(new, old, strict=True))


class QuotesPane(Vertical):
    def __init__(self, index: Index, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self._title_text = ""
        self._rows_current = False  # False until quotes are shown, and again after new data
        self.evidence_filter: EvidenceFilter = OFF

    def compose(self) -> ComposeResult:
        yield Static("Quotes", id="quotes-title", classes="pane-title", markup=False)
        yield QuoteList(self.index, id="quotes-list")

    @property
    def list(self) -> QuoteList:
        return self.query_one("#quotes-list", QuoteList)

    def set_index(self, index: Index) -> None:
        self.index = self.list.index = index
        self._rows_current = False  # labels and sources may have changed around the same quotes

    def show_quotes(self, quotes: Sequence[Quote], label: str, keep: str = "", title: str = "") -> None:
        """The quotes by or about the record named `label` ("" for all), or under `title`."""
        every = len(quotes)
        quotes = self.evidence_filter.keep(self.index, quotes)  # type: ignore[assignment]
        position = next((n for n, q in enumerate(quotes) if q.id == keep), 0) if keep and len(quotes) < 5000 else 0
        if self._rows_current and same_records(quotes, self.list.quotes):
            # Opening the record the cursor already shows: the rows drawn are still right.
            self.list.move_cursor(position, announce=False, center=True)
        else:
            self.list.quotes = quotes
            self.list.set_row_count(len(quotes), position)
            self._rows_current = True
        if title:
            pass
        elif not label:
            title = f"Quotes · {len(quotes):,} (all)"
        elif not quotes:
            title = f"Quotes · none by or about {label}"
        else:
            title = f"Quotes · {len(quotes):,} by or about {label}"
        if len(quotes) < every:  # "none" must not read as none in the dossier
            title += f" · {every - len(quotes)} hidden by the evidence filter"
        if title != self._title_text:
            self._title_text = title
            self.query_one("#quotes-title", Static).update(Text(title), layout=False)

    def set_translation(self, shown: bool) -> None:
        self.list.translation = shown
        self.list.redraw()
