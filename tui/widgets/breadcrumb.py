"""The current path: the last records opened, ending with the one shown."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static


class Breadcrumb(Static):
    DEFAULT_CSS = "Breadcrumb { height: 1; width: 1fr; padding: 0 1; background: $boost; }"

    def show_trail(self, labels: list[str], *, back: bool, forward: bool, note: str = "") -> None:
        """`labels` are already one safe line each; the last is the current record."""
        text = Text("◀ " if back else "  ", Style(bold=True) if back else Style(dim=True))
        for number, label in enumerate(labels):
            if number:
                text.append(" › ", Style(dim=True))
            shown = label if len(label) <= 40 else label[:39] + "…"
            text.append(shown, Style(bold=True) if number == len(labels) - 1 else Style(dim=True))
        if forward:
            text.append("  ▶", Style(bold=True))
        if note:
            text.append("   " + note, Style(color="yellow"))
        text.no_wrap = True
        text.overflow = "ellipsis"
        self.update(text, layout=False)
