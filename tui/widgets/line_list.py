"""A list of any length drawn line by line: only the visible rows are ever rendered.

One widget per row does not scale (Textual's ListView takes tens of seconds to mount
ten thousand items), so the long lists of the app are Line-API widgets: a
`ScrollView` whose `render_line` draws row `scroll_y + y` on demand, with an LRU
cache of the rendered strips, as Textual's Log widget does. Moving the cursor
touches two rows and never walks the list: only those two lines are repainted.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .strips import text_strip
from .virtual import set_virtual_height


class LineList(ScrollView, can_focus=True):
    """A cursor over `row_count` rows; subclasses say how one row looks (`render_row`).

    Every row is `row_height` lines tall, so the line under the pointer or at the top
    of the view maps to its row by one division, however long the list.
    """

    row_height = 1

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("home,g", "cursor_first", "First", show=False, id="list.first"),
        Binding("end,G", "cursor_last", "Last", show=False, id="list.last"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page-down"),
        Binding("enter", "open", "Open", id="list.open"),
    ]
    COMPONENT_CLASSES = {"line-list--cursor", "line-list--highlight", "line-list--heading", "line-list--dim"}
    DEFAULT_CSS = """
    LineList { height: 1fr; overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1; }
    LineList > .line-list--cursor { background: $block-cursor-blurred-background; }
    LineList:focus > .line-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    LineList > .line-list--highlight { color: $accent; text-style: bold; }
    LineList > .line-list--heading { color: $secondary; text-style: bold; }
    LineList > .line-list--dim { color: $text-muted; }
    """

    class Highlighted(Message):
        """The cursor moved to `index`."""

        def __init__(self, line_list: LineList, index: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.index = index

        @property
        def control(self) -> LineList:
            return self.line_list

    class Selected(Highlighted):
        """The row at `index` was opened (enter or a double click)."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.row_count = 0
        self.cursor = 0
        self._strips: LRUCache[tuple, Strip] = LRUCache(1024)
        self._generation = 0  # bumped whenever rows change, so cached strips go stale
        self._base_style = Style()  # the widget's own style, computed once per repaint
        self._render_width = 0  # and its width
        self.empty_note: tuple[Text, ...] = ()  # lines shown instead of rows while there are none

    # -- what subclasses provide --------------------------------------------------
    def render_row(self, index: int, width: int) -> Text:
        raise NotImplementedError

    def render_row_lines(self, index: int, width: int) -> list[Text]:
        """The `row_height` lines of a row; by default the one line of `render_row`."""
        return [self.render_row(index, width)]

    def record_at(self, index: int):
        """The record row `index` stands for, if it stands for one (the panes follow it)."""
        return None

    def can_select(self, index: int) -> bool:
        """False for rows the cursor skips (headings)."""
        return True

    def is_highlighted(self, index: int) -> bool:
        return False

    # -- content ----------------------------------------------------------------
    def set_row_count(self, count: int, cursor: int = 0) -> None:
        """The rows changed: redraw them all and put the cursor at `cursor`."""
        self.row_count = count
        set_virtual_height(self, count * self.row_height)
        self.redraw()
        self.move_cursor(cursor, announce=False, center=True)

    def redraw(self) -> None:
        """Forget rendered rows (their content or highlighting changed)."""
        self._generation += 1
        self._strips.clear()
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count * self.row_height)

    # -- the cursor -------------------------------------------------------------
    def move_cursor(self, index: int, *, announce: bool = True, step: int = 1, center: bool = False) -> None:
        if self.row_count == 0:
            self.cursor = 0
            self.refresh()
            return
        index = max(0, min(index, self.row_count - 1))
        # Skip rows that cannot hold the cursor, in the direction of travel, then back.
        probe = index
        while 0 <= probe < self.row_count and not self.can_select(probe):
            probe += step
        if not 0 <= probe < self.row_count:
            probe = index
            while 0 <= probe < self.row_count and not self.can_select(probe):
                probe -= step
        if not 0 <= probe < self.row_count:
            return
        changed = probe != self.cursor
        previous, self.cursor = self.cursor, probe
        top = self.scroll_y
        self._scroll_to_cursor(center)
        if self.scroll_y != top:
            self.refresh()
        elif changed:
            self.refresh_rows(previous, probe)
        if announce and changed:
            self.post_message(self.Highlighted(self, probe))

    def refresh_rows(self, *rows: int) -> None:
        """Repaint these rows only (the cursor left one and reached another)."""
        width = max(self.size.width, 1)
        top = int(self.scroll_y)
        regions = [Region(0, row * self.row_height - top, width, self.row_height) for row in rows]
        self.refresh(*regions)

    def _scroll_to_cursor(self, center: bool) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        first, last = self.cursor * self.row_height, (self.cursor + 1) * self.row_height - 1
        if center and not (top <= first and last < top + height):
            self.scroll_to(y=max(0, first - height // 2), animate=False, immediate=True)
        elif first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1, step=-1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_first(self) -> None:
        self.move_cursor(0)

    def action_cursor_last(self) -> None:
        self.move_cursor(self.row_count - 1, step=-1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height - 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - self._page(), step=-1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + self._page())

    def action_open(self) -> None:
        if self.row_count and self.can_select(self.cursor):
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (int(self.scroll_y) + offset.y) // self.row_height
        if 0 <= index < self.row_count and self.can_select(index):
            # A click moves the cursor there (as the arrows do); a double click opens (as enter does).
            self.focus()
            self.move_cursor(index)
            if event.chain >= 2:
                self.post_message(self.Selected(self, index))

    # -- drawing ----------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style and width cost a walk of its styles (and its ancestors'):
        # once per repaint, not once per line.
        self._base_style = self.rich_style
        self._render_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = int(self.scroll_y) + y
        index, part = divmod(line, self.row_height)
        width = self._render_width
        base = self._base_style
        if not 0 <= index < self.row_count:
            if self.row_count == 0 and line < len(self.empty_note):
                note = self.empty_note[line].copy()
                note.truncate(width, overflow="ellipsis")
                return text_strip(note, width, base, line, self.app.console)
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, part, width, is_cursor, self.has_focus, self._generation, base)
        strip = self._strips.get(key)
        if strip is None:
            if self.row_height == 1:
                text = self.render_row(index, width)
            else:
                lines = self.render_row_lines(index, width)
                text = lines[part] if part < len(lines) else Text()
            text.no_wrap = True
            text.truncate(width, overflow="ellipsis", pad=is_cursor)  # the cursor bar spans the row
            if is_cursor:
                text.stylize(self.get_component_rich_style("line-list--cursor", partial=True))
            strip = text_strip(text, width, base, line, self.app.console)
            self._strips[key] = strip
        return strip

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # Styles the subclasses compose rows with.
    def style_of(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)
