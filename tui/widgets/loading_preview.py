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
from textual.widget import Widget

from dossier.model.text import one_line

from .line_list import LineList

if TYPE_CHECKING:
    from dossier.index.index import Index
    from dossier.model.records import Record

TAB_LABELS = {"person": "People", "lab": "Labs", "model": "Models", "source": "Sources"}  # as the browse pane's tabs
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


class PreviewHeader(Widget):
    """The browse pane's tabs and filter box as they look, drawn as three lines (real
    Tabs and Input widgets would cost more to mount than the whole rest of the screen)."""

    COMPONENT_CLASSES = {"preview-header--tab", "preview-header--active", "preview-header--bar",
                         "preview-header--track", "preview-header--filter"}  # fmt: skip
    DEFAULT_CSS = """
    PreviewHeader { height: 3; }
    PreviewHeader > .preview-header--tab { color: $foreground 50%; }
    PreviewHeader > .preview-header--active { color: $foreground; }
    PreviewHeader > .preview-header--bar { color: $block-cursor-background; }
    PreviewHeader > .preview-header--track { color: $foreground 10%; }
    PreviewHeader > .preview-header--filter { background: $surface; color: $text-disabled; }
    """

    def __init__(self, kind: str, note: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind = kind
        self.note = note

    def render(self) -> Text:
        style = self.get_component_rich_style
        width = self.size.width
        tabs = Text()
        start = end = 0  # the active label's cells, which the bar underlines
        for kind, label in TAB_LABELS.items():
            active = kind == self.kind
            if active:
                start, end = tabs.cell_len + 1, tabs.cell_len + 1 + len(label)
            tabs.append(f" {label} ", style("preview-header--active" if active else "preview-header--tab"))
        track = style("preview-header--track")
        bar = Text("━" * max(0, start - 1) + "╸", track)
        bar.append("━" * (end - start), style("preview-header--bar"))
        bar.append("╺" + "━" * max(0, width - end - 1), track)
        filter_box = Text("ctrl+f filters".ljust(width), style("preview-header--filter"))  # as the real box
        text = Text("\n", no_wrap=True, overflow="ellipsis").join([tabs, bar, filter_box])
        if self.note:
            text.append("\n\n " + self.note)
        return text


class PreviewBrowsePane(Vertical):
    """In the browse pane's place: its tabs, its filter box (inert) and the remembered rows."""

    def __init__(self, kind: str, rows: Sequence[Row], cursor: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind = kind if kind in TAB_LABELS else "person"
        self._rows = rows
        self._cursor = cursor

    def compose(self) -> ComposeResult:
        yield PreviewHeader(self.kind, "" if self._rows else "Loading…", id="preview-header")
        yield PreviewList(self._rows, self._cursor, id="preview-list")

    def on_mount(self) -> None:
        if not self._rows:
            self.query_one(PreviewHeader).styles.height = 5  # room for its note

    @property
    def list(self) -> PreviewList:
        return self.query_one(PreviewList)

    @on(LineList.Selected)
    def _open_later(self, message: LineList.Selected) -> None:
        """A double click opens the row once the data is there, as enter does."""
        message.stop()
        self.list.held_keys.append(events.Key("enter", "\r"))
