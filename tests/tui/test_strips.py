"""A line drawn in one pass looks exactly as Textual's own chain of strip steps draws it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tui.widgets.strips import text_strip

CONSOLE = Console(file=io.StringIO(), width=200, color_system="truecolor")
BASE = Style(color="#e0e0e0", bgcolor="#1e1e1e")


def textual_chain(text: Text, width: int, y: int) -> Strip:
    segments = [Segment(s.text.replace("\n", " "), s.style, s.control) for s in text.render(CONSOLE)]
    return Strip(Segment.apply_style(segments, BASE)).crop_extend(0, width, BASE).apply_offsets(0, y)


def lines() -> list[Text]:
    badge = Text("  Apr 2025  ", Style(dim=True))
    badge.append("A title with a badge")
    badge.append(" AI ", Style(color="black", bgcolor="yellow", bold=True))
    link = Text("see ")
    link.append("Lab X", Style(underline=True, meta={"link": 3}))
    return [badge, link, Text(""), Text("全角の文字"), Text("x" * 60), Text("a\nb")]


@pytest.mark.parametrize("width", [8, 30, 60])
def test_one_pass_strip_is_textuals_chain(width):
    for y, text in enumerate(lines()):
        ours = text_strip(text, width, BASE, y, CONSOLE)
        assert ours.cell_length == width
        theirs = textual_chain(text, width, y)
        assert ours.text == theirs.text
        assert [(s.style, s.style.meta if s.style else None) for s in ours] == [
            (s.style, s.style.meta if s.style else None) for s in theirs
        ]
