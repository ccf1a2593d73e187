"""The current path: the last records opened, ending with the one shown.

A click on a crumb goes back (or forward) to it; on ◀ or ▶, one step.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

BACK, FORWARD = -1, -2  # targets of the arrows, beside history positions


class Breadcrumb(Static):
    DEFAULT_CSS = "Breadcrumb { height: 1; width: 1fr; padding: 0 1; background: $boost; }"

    class Chosen(Message):
        """A crumb was clicked: `target` is a history position, or BACK / FORWARD."""

        def __init__(self, target: int) -> None:
            super().__init__()
            self.target = target

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, int]] = []  # (start, end, target) in cells
        self._shown: Text | None = None

    def show_trail(
        self, labels: list[str], *, back: bool, forward: bool, note: str = "", positions: list[int | None] | None = None
    ) -> None:
        """`labels` are already one safe line each; the last is the current record.

        `positions` are the history positions of the labels (None where a label has none).
        """
        self._spans = []
        text = Text("◀ " if back else "  ", Style(bold=True) if back else Style(dim=True))
        if back:
            self._spans.append((0, 1, BACK))
        for number, label in enumerate(labels):
            if number:
                text.append(" › ", Style(dim=True))
            shown = label if len(label) <= 40 else label[:39] + "…"
            start = text.cell_len
            text.append(shown, Style(bold=True) if number == len(labels) - 1 else Style(dim=True))
            if positions is not None and number < len(positions) and positions[number] is not None:
                self._spans.append((start, text.cell_len, positions[number]))
        if forward:
            text.append("  ▶", Style(bold=True))
            self._spans.append((text.cell_len - 1, text.cell_len, FORWARD))
        if note:
            text.append("   " + note, Style(color="yellow"))
        text.no_wrap = True
        text.overflow = "ellipsis"
        if text == self._shown:
            return  # the same trail (the cursor moved on the same record): nothing to redraw
        self._shown = text
        self.update(text, layout=False)

    def show_history(self, history, shown: str, label: Callable[[str], str], note: str = "") -> None:
        """The last records of `history` up to the one opened, then `shown` if the
        cursor has moved to another; a click on a crumb goes there."""
        positions: list[int | None] = list(history.trail_positions())
        labels = [label(history.entries[p]) for p in positions]
        if shown and shown != history.here:
            labels.append(label(shown))
            positions.append(None)
        self.show_trail(labels or ["(nothing opened)"], back=history.can_go_back, forward=history.can_go_forward,
                        note=note, positions=positions)  # fmt: skip

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, target in self._spans:
            if start <= offset.x < end:
                self.post_message(self.Chosen(target))
                return
