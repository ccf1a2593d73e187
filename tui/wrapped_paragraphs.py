"""Paragraphs of Rich `Text` wrapped to a width lazily: only the paragraphs on screen.

A profile at scale has hundreds of lines, and the cursor of the people pane shows a
new one on every key. Wrapping all of it (Rich's `Text.wrap` splits spans line by
line) costs more than drawing the screen, so here a paragraph is wrapped the first
time one of its lines is asked for. How many lines each paragraph takes is known up
front, exactly, from the same word-splitting `Text.wrap` uses, on the plain string.
"""

from __future__ import annotations

from bisect import bisect_right

# Rich's own word splitting, which `Text.wrap` uses: the line count must match its wrap
# exactly, and Rich exposes no public function for it.
from rich._wrap import divide_line
from rich.console import Console
from rich.style import Style
from rich.text import Text


def link_numbers(text: Text) -> list[tuple[int, int, int]]:
    """(link number, start, end) of each link span in a text (see profile_text)."""
    found = []
    for span in text.spans:
        style = span.style
        # Rich's `meta` unpickles the style's data; `_meta` says cheaply whether it has
        # any, on every span of every line (Rich has no public test for it).
        if isinstance(style, Style) and style._meta:
            number = style.meta.get("link")
            if isinstance(number, int):
                found.append((number, span.start, span.end))
    return found


def fits_on_one_line(paragraph: Text, width: int) -> bool:
    """True when wrapping would give the paragraph back as it is: one line, no tabs."""
    plain = paragraph.plain
    return "\n" not in plain and "\t" not in plain and paragraph.cell_len <= width


def wrapped_line_count(paragraph: Text, width: int) -> int | None:
    """How many lines `paragraph.wrap(console, width)` gives, or None when only wrapping tells."""
    plain = paragraph.plain
    if "\t" in plain or paragraph.justify not in (None, "default") or paragraph.no_wrap:
        return None  # tabs are expanded, and other modes pad or crop: let Rich say
    if fits_on_one_line(paragraph, width):
        return 1
    # Text.wrap folds words longer than the line ("fold" is its default overflow).
    fold = (paragraph.overflow or "fold") == "fold"
    return sum(len(divide_line(piece, width, fold=fold)) + 1 for piece in plain.split("\n"))


class WrappedParagraphs:
    """The lines of `paragraphs` at `width`; an empty paragraph is one blank line."""

    def __init__(self, paragraphs: list[Text], width: int, console: Console | None) -> None:
        self.paragraphs = paragraphs
        self.width = width
        self.console = console
        self._wrapped: dict[int, list[Text]] = {}
        self._starts: list[int] = []  # first line of each paragraph
        self._link_paragraph: dict[int, int] = {}  # link number -> the paragraph holding it
        line = 0
        for number, paragraph in enumerate(paragraphs):
            self._starts.append(line)
            count = wrapped_line_count(paragraph, width) if paragraph.plain else 1
            if count is None:
                count = len(self._lines_of(number))
            line += count
            for link, _, _ in link_numbers(paragraph):
                self._link_paragraph.setdefault(link, number)
        self.line_count = line

    def _lines_of(self, number: int) -> list[Text]:
        lines = self._wrapped.get(number)
        if lines is None:
            paragraph = self.paragraphs[number]
            if not paragraph.plain:
                lines = [Text()]
            elif fits_on_one_line(paragraph, self.width):
                lines = [paragraph]  # wrapping would give it back as it is
            else:
                assert self.console is not None, "wrapping needs a console to measure with"
                lines = list(paragraph.wrap(self.console, self.width))
            self._wrapped[number] = lines
        return lines

    def line(self, index: int) -> Text:
        """Line `index` (0 ≤ index < line_count)."""
        number = bisect_right(self._starts, index) - 1
        lines = self._lines_of(number)
        return lines[min(index - self._starts[number], len(lines) - 1)]

    def line_of_link(self, link: int) -> int | None:
        """The first line on which link number `link` shows."""
        number = self._link_paragraph.get(link)
        if number is None:
            return None
        for offset, line in enumerate(self._lines_of(number)):
            if any(found == link for found, _, _ in link_numbers(line)):
                return self._starts[number] + offset
        return self._starts[number]

    def __iter__(self):
        for number in range(len(self.paragraphs)):
            yield from self._lines_of(number)
