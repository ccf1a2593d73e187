"""Messages the app's screens and widgets send each other instead of reaching in."""

from __future__ import annotations

from textual.message import Message


class OpenRecord(Message):
    """Open this record on the browsing screen (from the palette, a dialog, a link)."""

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
