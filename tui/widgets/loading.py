"""What stands in a pane's place while the dossier loads: its title, what is happening,
and, once the loader says how far it is, a progress bar.

Each stand-in is one widget drawing its few lines itself (a widget costs a few
milliseconds to mount and style, and the first screen should be up at once), and
none imports anything of the dossier.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget


class StandIn(Widget):
    """A pane's title bar over a short note (plain text, never markup)."""

    COMPONENT_CLASSES = {"stand-in--title", "stand-in--note"}
    DEFAULT_CSS = """
    StandIn { height: 1fr; }
    StandIn > .stand-in--title { background: $panel; color: $text; text-style: bold; }
    StandIn > .stand-in--note { color: $text-muted; }
    """

    def __init__(self, title: str = "", note: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.heading = title
        self.note = note

    def say(self, note: str) -> None:
        self.note = note
        self.refresh()

    def render(self) -> Text:
        width = self.size.width
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.heading:
            line = f" {self.heading}"
            text.append(line + " " * max(0, width - len(line)), self.get_component_rich_style("stand-in--title"))
            text.append("\n")
        text.append("\n " + self.note, self.get_component_rich_style("stand-in--note"))
        return text


class LoadingPane(Vertical):
    """A stand-in with room for a progress bar under its note."""

    DEFAULT_CSS = """
    LoadingPane { height: 1fr; }
    LoadingPane > StandIn { height: 2; }
    LoadingPane > ProgressBar { width: 1fr; margin: 1 1 0 1; }
    LoadingPane Bar { width: 1fr; }
    """

    def __init__(self, note: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._note = note

    def compose(self) -> ComposeResult:
        yield StandIn(note=self._note)

    def say(self, note: str) -> None:
        self.query_one(StandIn).say(note)

    @property
    def note(self) -> str:
        return self.query_one(StandIn).note

    def show_progress(self, done: int, total: int) -> None:
        """`done` of `total` files read: a bar appears with the first figure."""
        from textual.widgets import ProgressBar  # only a load that reports progress needs it

        bars = self.query(ProgressBar)
        if not bars:
            self.mount(ProgressBar(total=total))  # the loader's next figure fills it
        elif bars.first().is_mounted:
            bars.first().update(total=total, progress=done)
