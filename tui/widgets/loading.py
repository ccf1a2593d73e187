"""What stands in a pane's place while the dossier loads: its title, what is happening,
and, once the loader says how far it is, a progress bar.

These widgets import nothing of the dossier, so the first screen is up before the
loader and the real panes are even imported.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static


class LoadingPane(Vertical):
    """A pane's title over a short note (plain text, never markup)."""

    DEFAULT_CSS = """
    LoadingPane { height: 1fr; }
    LoadingPane > .loading-note { color: $text-muted; padding: 1 1 0 1; }
    LoadingPane > ProgressBar { width: 1fr; margin: 1 1 0 1; }
    LoadingPane Bar { width: 1fr; }
    """

    def __init__(self, title: str, note: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._title = title
        self._note = note

    def compose(self) -> ComposeResult:
        if self._title:
            yield Static(Text(self._title), classes="pane-title")
        yield Static(Text(self._note), classes="loading-note")

    def say(self, note: str) -> None:
        self.query_one(".loading-note", Static).update(Text(note))

    def show_progress(self, done: int, total: int) -> None:
        """`done` of `total` files read: a bar appears with the first figure."""
        from textual.widgets import ProgressBar  # only a load that reports progress needs it

        bars = self.query(ProgressBar)
        if not bars:
            self.mount(ProgressBar(total=total))  # the loader's next figure fills it
        elif bars.first().is_mounted:
            bars.first().update(total=total, progress=done)
