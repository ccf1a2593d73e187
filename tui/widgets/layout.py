"""How the panes are laid out for the terminal's width (classes the stylesheet reads).

Wide: list | profile | timeline over quotes. Narrow (under NARROW_BELOW columns): list |
one of profile, timeline and quotes, which tab switches and the pane tabs name.
"""

from __future__ import annotations

from textual.dom import DOMNode

NARROW_BELOW = 120  # columns under which the side panes become tabs of the right column
WIDE_FROM = 180  # columns from which the list and the side panes grow
SHOWN = ("show-profile", "show-timeline", "show-quotes")  # which one the narrow layout shows


def arrange(screen: DOMNode, width: int) -> None:
    screen.set_class(width < NARROW_BELOW, "narrow")
    screen.set_class(width >= WIDE_FROM, "wide")
    if not any(screen.has_class(name) for name in SHOWN):
        screen.add_class("show-profile")


def show(screen: DOMNode, name: str) -> None:
    """Which of profile, timeline and quotes the narrow layout shows."""
    screen.remove_class(*SHOWN)
    screen.add_class(f"show-{name}")


def shown(screen: DOMNode) -> str:
    return next((name for name in ("timeline", "quotes") if screen.has_class(f"show-{name}")), "profile")


def mark_focused_pane(screen: DOMNode, focused: DOMNode | None) -> None:
    """The pane the keys go to says so in its title (`:focus-within` would too, but
    Textual does not restyle a pane's title when focus moves inside the pane)."""
    for pane in screen.query(".pane"):
        pane.set_class(focused is not None and (focused is pane or pane in focused.ancestors), "has-focus")
