"""The profile pane: one record's profile, with a cursor that walks its links.

`up`/`down` (or `k`/`j`) move from link to link, scrolling as needed (or by a line
where there is no further link); `enter` or a click follows the link. Paragraphs
are wrapped when first shown (see wrapped_paragraphs) and drawn line by line, so a
profile with hundreds of backlinks stays cheap to show and to scroll.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..profile_text import Profile
from ..wrapped_paragraphs import WrappedParagraphs, link_numbers
from .strips import text_strip
from .virtual import set_virtual_height


class ProfileView(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("down,j", "next_link", "Next link", show=False, id="profile.next-link"),
        Binding("up,k", "previous_link", "Previous link", show=False, id="profile.previous-link"),
        Binding("home,g", "first", "Top", show=False, id="profile.top"),
        Binding("end,G", "last", "Bottom", show=False, id="profile.bottom"),
        Binding("pageup", "page_up", "Page up", show=False, id="profile.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="profile.page-down"),
        Binding("enter", "follow", "Follow link", id="profile.follow"),
    ]
    COMPONENT_CLASSES = {"profile-view--link-cursor"}
    DEFAULT_CSS = """
    ProfileView { height: 1fr; overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1; }
    ProfileView > .profile-view--link-cursor { text-style: reverse; }
    """

    class FollowLink(Message):
        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.profile: Profile | None = None
        self.link_cursor = -1
        self._lines = WrappedParagraphs([], 0, None)
        self._line_links: dict[int, list[tuple[int, int, int]]] = {}
        self._strips: LRUCache[tuple, Strip] = LRUCache(512)
        self._wrapped_width = -1
        self._base_style = Style()  # the widget's own style, computed once per repaint
        self._render_width = 0  # and its width

    @property
    def record_id(self) -> str:
        return self.profile.record_id if self.profile else ""

    def show(self, profile: Profile | None, *, keep_place: bool = False) -> None:
        same = keep_place and self.profile is not None and profile is not None and profile.record_id == self.record_id
        scroll, cursor = (self.scroll_y, self.link_cursor) if same else (0, -1)
        if profile is self.profile and profile is not None:
            # The profile shown already (profiles are shared, never changed): its lines
            # stay wrapped and drawn; only the place in it may change.
            cursor = cursor if cursor < len(profile.links) else -1
            if (cursor, scroll) != (self.link_cursor, self.scroll_y):
                self.link_cursor = cursor
                self.scroll_to(y=scroll, animate=False, immediate=True)
                self.refresh()
            return
        self.profile = profile
        self._wrapped_width = -1
        self._wrap()
        self.link_cursor = cursor if profile and cursor < len(profile.links) else -1
        self.scroll_to(y=scroll, animate=False, immediate=True)
        self.refresh()

    @property
    def plain(self) -> str:
        """The profile as plain text (for tests and copying)."""
        self._wrap()
        return "\n".join(line.plain for line in self._lines)

    def line(self, index: int) -> Text:
        """Line `index` of the profile as shown (wrapped to the pane)."""
        self._wrap()
        return self._lines.line(index)

    def line_of_link(self, number: int) -> int | None:
        """The line on which link `number` shows."""
        self._wrap()
        return self._lines.line_of_link(number)

    @property
    def current_link(self) -> str:
        if self.profile and 0 <= self.link_cursor < len(self.profile.links):
            return self.profile.links[self.link_cursor]
        return ""

    def _wrap(self) -> None:
        width = max(10, self.scrollable_content_region.width or 40)
        if width == self._wrapped_width:
            return
        self._wrapped_width = width
        self._line_links = {}
        self._strips.clear()
        paragraphs = self.profile.paragraphs if self.profile is not None else []
        self._lines = WrappedParagraphs(paragraphs, width, self.app.console)
        set_virtual_height(self, self._lines.line_count)

    def _links_on(self, index: int) -> list[tuple[int, int, int]]:
        spans = self._line_links.get(index)
        if spans is None:
            spans = self._line_links[index] = link_numbers(self._lines.line(index))
        return spans

    def on_resize(self) -> None:
        self._wrap()

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style and width cost a walk of its styles (and its ancestors'):
        # once per repaint, not once per line.
        self._base_style = self.rich_style
        self._render_width = self.scrollable_content_region.width
        self._wrap()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self._render_width
        base = self._base_style
        if not 0 <= index < self._lines.line_count:
            return Strip.blank(width, base)
        spans = self._links_on(index)
        on_line = any(link == self.link_cursor for link, _, _ in spans)
        key = (index, width, self.link_cursor if on_line else -1, base)
        strip = self._strips.get(key)
        if strip is None:
            line = self._lines.line(index)
            if on_line:
                line = line.copy()
                cursor_style = self.get_component_rich_style("profile-view--link-cursor", partial=True)
                for link, start, end in spans:
                    if link == self.link_cursor:
                        line.stylize(cursor_style, start, end)
            strip = text_strip(line, width, base, index, self.app.console)
            self._strips[key] = strip
        return strip

    # -- moving ------------------------------------------------------------------
    def _go_to_link(self, number: int) -> None:
        self.link_cursor = number
        line = self._lines.line_of_link(number) or 0
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if line < top:
            self.scroll_to(y=max(0, line - 1), animate=False, immediate=True)
        elif line >= top + height:
            self.scroll_to(y=line - height + 2, animate=False, immediate=True)
        self.refresh()

    def _link_count(self) -> int:
        return len(self.profile.links) if self.profile else 0

    def _visible(self, number: int) -> bool:
        line = self._lines.line_of_link(number)
        if line is None:
            return False
        top = int(self.scroll_y)
        return top <= line < top + max(1, self.scrollable_content_region.height)

    def action_next_link(self) -> None:
        self._wrap()
        following = self.link_cursor + 1
        if following < self._link_count():
            line = self._lines.line_of_link(following) or 0
            # Reading on: scroll line by line while the next link is far below.
            if self._visible(following) or line - (int(self.scroll_y) + self.scrollable_content_region.height) < 1:
                self._go_to_link(following)
                return
        self.scroll_to(y=self.scroll_y + 1, animate=False, immediate=True)

    def action_previous_link(self) -> None:
        self._wrap()
        if self.link_cursor > 0:
            self._go_to_link(self.link_cursor - 1)
        elif self.scroll_y > 0:
            self.scroll_to(y=self.scroll_y - 1, animate=False, immediate=True)
        else:
            self.link_cursor = -1
            self.refresh()

    def action_first(self) -> None:
        self.link_cursor = -1
        self.scroll_home(animate=False, immediate=True)
        self.refresh()

    def action_last(self) -> None:
        if self._link_count():
            self._go_to_link(self._link_count() - 1)
        self.scroll_end(animate=False, immediate=True)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_follow(self) -> None:
        if self.current_link:
            self.post_message(self.FollowLink(self.current_link))

    def on_click(self, event: events.Click) -> None:
        number = event.style.meta.get("link")
        if isinstance(number, int) and self.profile and 0 <= number < len(self.profile.links):
            self.link_cursor = number
            self.refresh()
            self.post_message(self.FollowLink(self.profile.links[number]))
