"""Change how tall a line-drawn widget's content is without a layout of the whole screen.

`virtual_size` is a layout reactive: setting it reflows and repaints every widget on
the screen, which costs far more than drawing the few changed rows. The panes keep
their vertical scrollbar always shown (`overflow-y: scroll`), so a new content height
never changes their region, and only the scrollbar needs telling: and not even it
when the content fitted in the view before and still does (a bar with no thumb looks
the same at any such height, and redrawing a scrollbar costs more than a pane's lines).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def set_virtual_height(view: ScrollView, height: int) -> None:
    size = Size(view.scrollable_content_region.width, height)
    if size == view.virtual_size:
        return
    if not view.is_mounted or view.styles.overflow_y != "scroll":
        view.virtual_size = size  # the ordinary way: a layout follows
        return
    window = view.scrollable_content_region.height
    fitted = view.virtual_size.height <= window and view.scroll_y == 0
    view.set_reactive(ScrollView.virtual_size, size)
    if not (fitted and height <= window):
        # Textual's only way to tell the scrollbars a new content size without a layout
        # is this private method (`virtual_size` itself is a layout reactive); a test
        # (tests/tui/test_panes_redraw.py) checks the scrollbar follows.
        view._scroll_update(size)
    view.refresh()
