"""Back and forward over the records opened, as a browser's history works."""

from __future__ import annotations

from dossier.store.state import HISTORY_LIMIT


class History:
    def __init__(self, entries: list[str] | None = None, limit: int = HISTORY_LIMIT) -> None:
        self.limit = limit
        self.entries: list[str] = list(entries or [])[-limit:]
        self.position = len(self.entries) - 1  # -1 when empty

    @property
    def here(self) -> str:
        return self.entries[self.position] if self.entries else ""

    def push(self, record_id: str) -> None:
        """Open `record_id`: forward entries are dropped, as in a browser."""
        if self.here == record_id:
            return
        del self.entries[self.position + 1 :]
        self.entries.append(record_id)
        if len(self.entries) > self.limit:
            del self.entries[0]
        self.position = len(self.entries) - 1

    def back(self) -> str:
        if self.position > 0:
            self.position -= 1
            return self.here
        return ""

    def forward(self) -> str:
        if self.position < len(self.entries) - 1:
            self.position += 1
            return self.here
        return ""

    @property
    def can_go_back(self) -> bool:
        return self.position > 0

    @property
    def can_go_forward(self) -> bool:
        return self.position < len(self.entries) - 1

    def go_to(self, position: int) -> str:
        """Jump to an entry (a click on the breadcrumb); forward entries are kept."""
        if 0 <= position < len(self.entries):
            self.position = position
            return self.here
        return ""

    def trail_positions(self, count: int = 4) -> list[int]:
        return list(range(max(0, self.position - count + 1), self.position + 1)) if self.entries else []

    def trail(self, count: int = 4) -> list[str]:
        """The last `count` entries up to the current one, oldest first."""
        return self.entries[max(0, self.position - count + 1) : self.position + 1]

    def keep_only(self, known) -> None:
        """Forget entries whose records no longer exist (after a reload)."""
        here = self.here
        self.entries = [e for e in self.entries if e in known]
        self.position = self.entries.index(here) if here in self.entries else len(self.entries) - 1
