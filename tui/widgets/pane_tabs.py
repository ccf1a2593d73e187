"""In the narrow layout: which of profile, timeline and quotes is shown; a click switches."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

NAMES = ("profile", "timeline", "quotes")
PREFIX = " tab: "


class PaneTabs(Static):
    DEFAULT_CSS = "PaneTabs { height: 1; width: 1fr; background: $panel; }"

    class Chosen(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def on_mount(self) -> None:
        self.show_active("profile")

    def show_active(self, active: str) -> None:
        text = Text(PREFIX)
        for name in NAMES:
            text.append(f" {name.capitalize()} ", Style(reverse=True, bold=True) if name == active else Style(dim=True))
        self.update(text, layout=False)

    def on_click(self, event: events.Click) -> None:
        x = len(PREFIX)
        for name in NAMES:
            width = len(name) + 2
            if x <= event.x < x + width:
                self.post_message(self.Chosen(name))
                return
            x += width
