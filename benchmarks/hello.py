"""The reference app of the benchmarks: the least a Textual app does to paint a screen."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class HelloApp(App):
    def compose(self) -> ComposeResult:
        yield Static("Hello, world")
        yield Footer()


if __name__ == "__main__":
    HelloApp().run()
