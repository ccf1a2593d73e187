"""The people list as the last run left it, shown while the dossier loads.

Its rows come from `dossier.first_screen`, a file in the user's cache: their text is
made visible as it is drawn, like any data. The cursor moves over them as over the
real list. Every other key (enter, tab, a letter that starts the filter, `/`…) needs
the data: it is held back, in order, with every key after it, and handed over once
the real panes are in place, so nothing typed during a load is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, Tab, Tabs

from dossier.text import one_line

from .line_list import LineList

if TYPE_CHECKING:
    from dossier.index import Index
    from dossier.model import Record

TAB_LABELS = {"person": "People", "lab": "Labs", "model": "Models"}  # as the browse pane's tabs
MOVES = {"cursor_up", "cursor_down", "cursor_first", "cursor_last", "page_up", "page_down"}
QUITS = {"quit", "app.quit"}

Row = tuple[str, str, int]  # (record id, the line's text, where its dim detail starts)


def remembered_rows(index: Index, records: Sequence[Record]) -> tuple[Row, ...]:
    """The browse list's rows as plain data for `dossier.first_screen`: each line as the
    real list draws it, and where its dim part (a role, a kind, a status) begins."""
    from ..lines import record_line

    dim = Style(dim=True)
    rows = []
    for record in records:
        line = record_line(index, record, dim)
        split = next((span.start for span in line.spans if span.style == dim), len(line.plain))
        rows.append((record.id, line.plain, split))
    return tuple(rows)


class PreviewList(LineList):
    """The remembered rows, with a cursor; keys it cannot serve are held back."""

    def __init__(self, rows: Sequence[Row], cursor: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows = rows
        self._start = cursor
        self.held_keys: list[events.Key] = []

    def on_mount(self) -> None:
        self.set_row_count(len(self.rows), self._start)
        # The list has no height yet: centre the cursor once it has.
        self.call_after_refresh(self.move_cursor, self._start, announce=False, center=True)

    @property
    def record_id(self) -> str:
        """The id of the row under the cursor ("" without rows)."""
        return self.rows[self.cursor][0] if 0 <= self.cursor < len(self.rows) else ""

    @property
    def moved(self) -> bool:
        """Whether the reader moved the cursor from where the last run left it."""
        return self.cursor != self._start

    def label(self, row: int) -> str:
        """The name part of a row, made visible."""
        _, line, split = self.rows[row]
        return one_line(line[:split])

    def render_row(self, index: int, width: int) -> Text:
        _, line, split = self.rows[index]
        text = Text(one_line(line[:split]))
        detail = one_line(line[split:])
        if detail:
            text.append("  " + detail, self.style_of("line-list--dim"))  # as the real list sets it apart
        return text

    def on_key(self, event: events.Key) -> None:
        active = self.screen.active_bindings.get(event.key)
        action = active.binding.action if active is not None else ""
        if action in QUITS or (not self.held_keys and active is not None and active.node is self and action in MOVES):
            return  # quitting, or a move over the rows shown: the bindings do it now
        event.stop()
        event.prevent_default()
        self.hold(event)

    def hold(self, event: events.Key) -> None:
        self.held_keys.append(events.Key(event.key, event.character))


class PreviewTabs(Tabs, can_focus=False):
    """The browse pane's tabs, shown but inert while loading."""


class PreviewBrowsePane(Vertical):
    """In the browse pane's place: its tabs, its filter box (inert) and the remembered rows."""

    def __init__(self, kind: str, rows: Sequence[Row], cursor: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind = kind if kind in TAB_LABELS else "person"
        self._rows = rows
        self._cursor = cursor

    def compose(self) -> ComposeResult:
        tabs = [Tab(label, id=f"preview-tab-{kind}") for kind, label in TAB_LABELS.items()]
        yield PreviewTabs(*tabs, active=f"preview-tab-{self.kind}", id="preview-tabs")
        yield Static("type to filter", id="preview-filter", markup=False)
        if not self._rows:
            yield Static("Loading…", id="preview-note", markup=False)
        yield PreviewList(self._rows, self._cursor, id="preview-list")

    @property
    def list(self) -> PreviewList:
        return self.query_one(PreviewList)

    @on(LineList.Selected)
    def _open_later(self, message: LineList.Selected) -> None:
        """A double click opens the row once the data is there, as enter does."""
        message.stop()
        self.list.held_keys.append(events.Key("enter", "\r"))
