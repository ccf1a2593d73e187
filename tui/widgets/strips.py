"""One line of Rich `Text` as the `Strip` a line-drawn widget returns, in one pass.

Textual's chain for this (`Strip(...).apply_style().crop_extend().apply_offsets()`)
builds a new strip, and its caches, at each step; a pane that follows the cursor
redraws every visible line on each key, so the line is built once here instead.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


def text_strip(text: Text, width: int, base: Style, y: int, console: Console) -> Strip:
    """`text` (at most `width` cells) on `base`, padded to `width`, with the offsets of line `y`.

    The offsets (`{"offset": (x, y)}` in each segment's meta) are what Textual's text
    selection reads, as `Strip.apply_offsets` sets them.
    """
    on_base = base.__add__
    segments: list[Segment] = []
    x = 0
    cells = 0
    for segment in text.render(console):
        if segment.control:
            continue
        piece = segment.text
        if "\n" in piece:  # a line is one row of cells, whatever the data holds
            piece = piece.replace("\n", " ")
        style = on_base(segment.style) if segment.style else base
        segments.append(Segment(piece, style + Style.from_meta({"offset": (x, y)})))
        x += len(piece)
        cells += cell_len(piece)
    if cells > width:
        return Strip(segments, cells).crop(0, width)
    if cells < width:
        segments.append(Segment(" " * (width - cells), base + Style.from_meta({"offset": (x, y)})))
    return Strip(segments, width)
