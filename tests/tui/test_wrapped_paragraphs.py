"""Wrapping a profile lazily shows exactly the lines that wrapping it all at once shows."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text

from tui.wrapped_paragraphs import WrappedParagraphs

CONSOLE = Console(file=io.StringIO(), width=200)


def link(text: str, number: int) -> Text:
    return Text(text, Style(underline=True, meta={"link": number}))


def paragraphs() -> list[Text]:
    said = Text("• Ada: ")
    said.append_text(link("Lab X", 0))
    said.append(" « " + "des évaluations tandis que les équipes " * 6 + "»  — our translation")
    return [
        Text("PERSON  Ada Åberg"),
        Text("\nRoles"),
        Text(""),
        said,
        Text("a" * 130),  # one word longer than the line: folded
        Text("line one\n\nline three after a blank\n"),
        Text("全角の文字は二つのセルを占めるので早く折り返す" * 3),  # double-width characters
        Text("tab\there and there\t" * 8),
        Text("ends exactly at the edge".ljust(40)),
        Text("see ") + link("the second link, on a long paragraph that wraps " * 2, 1) + Text(" end"),
    ]


def eager(items: list[Text], width: int) -> list[Text]:
    lines: list[Text] = []
    for paragraph in items:
        lines.extend([Text()] if not paragraph.plain else paragraph.wrap(CONSOLE, width))
    return lines


@pytest.mark.parametrize("width", [10, 17, 40, 41, 79, 200])
def test_lazy_lines_are_the_lines_of_wrapping_everything(width):
    expected = eager(paragraphs(), width)
    lazy = WrappedParagraphs(paragraphs(), width, CONSOLE)
    assert lazy.line_count == len(expected)
    # Asked for out of order (as scrolling to the end first would), line by line.
    for index in reversed(range(lazy.line_count)):
        assert lazy.line(index).plain == expected[index].plain
        assert lazy.line(index).spans == expected[index].spans
    assert [line.plain for line in lazy] == [line.plain for line in expected]


def test_a_link_is_found_on_the_line_that_shows_it():
    lazy = WrappedParagraphs(paragraphs(), 30, CONSOLE)
    for number in (0, 1):
        line = lazy.line_of_link(number)
        assert line is not None
        assert any(span.style.meta.get("link") == number for span in lazy.line(line).spans)
    assert lazy.line_of_link(7) is None
