"""The reference apps of the benchmarks: the least a Textual app does.

`HelloApp` paints one line of text (the reference for opening); `ListApp` moves a
cursor in a 20-item OptionList (the reference for a key's way to the screen).
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, OptionList, Static


class HelloApp(App):
    def compose(self) -> ComposeResult:
        yield Static("Hello, world")
        yield Footer()


class ListApp(App):
    def compose(self) -> ComposeResult:
        yield OptionList(*(f"Option {n}" for n in range(20)))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()


if __name__ == "__main__":
    HelloApp().run()
