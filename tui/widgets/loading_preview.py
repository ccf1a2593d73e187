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
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget

from dossier.model.text import fold, one_line

from .line_list import LineList

if TYPE_CHECKING:
    from dossier.index.index import Index
    from dossier.model.records import Record

TAB_LABELS = {"person": "People", "lab": "Labs", "model": "Models", "source": "Sources"}  # as the browse pane's tabs
MOVES = {"cursor_up", "cursor_down", "cursor_first", "cursor_last", "page_up", "page_down"}
QUITS = {"quit", "app.quit"}
IDLE, FILTERING = "ctrl+f filters", "filtering: type a name · esc ends"  # as the real box says

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
    """The remembered (or first-read) rows, with a cursor and a filter; keys it cannot
    serve are held back.

    The filter works on the rows' names as the real list's does on names and aliases
    (folded, accent-blind); its text goes over to the real filter at hand-over.
    """

    BINDINGS = [Binding("ctrl+f", "filter", "Filter", id="browse.filter")]

    class Filtered(Message):
        """The filter's text or state changed."""

        def __init__(self, query: str, filtering: bool) -> None:
            super().__init__()
            self.query = query
            self.filtering = filtering

    def __init__(self, rows: Sequence[Row], cursor: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.all_rows: Sequence[Row] = rows
        self.rows: Sequence[Row] = rows  # the rows the filter keeps
        self._keys: list[str] | None = None  # folded names, made when first filtered
        self._start = cursor
        self.held_keys: list[events.Key] = []
        self.query = ""
        self.filtering = False
        self.opened = ""  # the row opened with enter, if any

    def on_mount(self) -> None:
        self.set_row_count(len(self.rows), self._start)
        # The list has no height yet: centre the cursor once it has.
        self.call_after_refresh(self.move_cursor, self._start, announce=False, center=True)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Rows that arrived after the screen (a first read of the names)."""
        self.all_rows = rows
        self._keys = None
        self._filter(keep="")

    @property
    def record_id(self) -> str:
        """The id of the row under the cursor ("" without rows)."""
        return self.rows[self.cursor][0] if 0 <= self.cursor < len(self.rows) else ""

    @property
    def moved(self) -> bool:
        """Whether the reader moved the cursor from where the last run left it."""
        return self.cursor != self._start or bool(self.query)

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

    # -- the filter --------------------------------------------------------------------
    def action_filter(self) -> None:
        self.filtering = True
        self.post_message(self.Filtered(self.query, True))

    def _filter(self, keep: str) -> None:
        query = fold(self.query.strip())
        if query:
            if self._keys is None:
                self._keys = [fold(line[:split]) for _, line, split in self.all_rows]
            self.rows = [row for row, key in zip(self.all_rows, self._keys, strict=True) if query in key]
        else:
            self.rows = self.all_rows
        cursor = next((n for n, row in enumerate(self.rows) if row[0] == keep), 0)
        self.set_row_count(len(self.rows), cursor)
        self.post_message(self.Highlighted(self, cursor))

    def _type(self, event: events.Key) -> None:
        """A key while filtering: text, backspace, or a key that ends the filter."""
        keep = self.record_id
        if event.key == "escape":
            self.query, self.filtering = "", False
        elif event.key == "down":
            self.filtering = False
        elif event.key == "enter":  # as the real box: keep the filter, open the row
            self.filtering = False
            self._filter(keep)
            self.post_message(self.Filtered(self.query, self.filtering))
            self.action_open()
            return
        elif event.key == "backspace":
            self.query = self.query[:-1]
        elif event.is_printable and event.character:
            self.query += event.character
        else:
            return
        self._filter(keep)
        self.post_message(self.Filtered(self.query, self.filtering))

    def on_key(self, event: events.Key) -> None:
        if self.filtering and not self.held_keys:
            event.stop()
            event.prevent_default()
            self._type(event)
            return
        active = self.screen.active_bindings.get(event.key)
        action = active.binding.action if active is not None else ""
        serves = action in MOVES or action in ("open", "filter")
        if action in QUITS or (not self.held_keys and active is not None and active.node is self and serves):
            return  # quitting, or what the rows shown can serve: the bindings do it now
        event.stop()
        event.prevent_default()
        self.hold(event)

    def action_open(self) -> None:
        if self.record_id:
            self.opened = self.record_id
        super().action_open()

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
        self.query = ""
        self.filtering = False

    def show_filter(self, query: str, filtering: bool) -> None:
        self.query, self.filtering = query, filtering
        self.refresh()

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
        # As the real box: its placeholder says what it does, or that it is filtering.
        shown = self.query or (FILTERING if self.filtering else IDLE)
        filter_box = Text(one_line(shown).ljust(width), style("preview-header--filter"))
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

    def set_rows(self, rows: Sequence[Row]) -> None:
        header = self.query_one(PreviewHeader)
        header.note = "" if rows else "No profiles here yet."
        header.styles.height = 3 if rows else 5
        self.list.set_rows(rows)

    @on(PreviewList.Filtered)
    def _filtered(self, message: PreviewList.Filtered) -> None:
        message.stop()
        self.query_one(PreviewHeader).show_filter(message.query, message.filtering)
