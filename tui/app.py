"""Placeholder until the browser lands."""

from __future__ import annotations

from pathlib import Path


def run_app(data: Path, watch: bool = True) -> int:
    from textual.app import App
    from textual.widgets import Static

    class Placeholder(App):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Static(f"dossier: {data}")

    Placeholder().run()
    return 0
