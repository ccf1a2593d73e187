"""What the app keeps between runs for one dossier: the history, the bookmarks, the
record open last, and the theme; and the first screen of the next start.

One object owns it, handed to the screens that change it, so that none of them reaches
into the app for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events

from dossier.store.first_screen import FirstScreen, read_first_screen, write_first_screen
from dossier.store.state import DossierState, State, load_state, save_state

from .history import History
from .widgets.loading_preview import remembered_rows

if TYPE_CHECKING:
    from dossier.index.index import Index

# The tabs the first screen of the next start can open on (the first-screen file keeps
# the three profile folders' lists; a source opened last starts on the people).
FIRST_SCREEN_KINDS = ("person", "lab", "model")


@dataclass(frozen=True)
class StartPlace:
    """Where the reader was on the loading screen: the row the cursor was moved to (""
    if not moved), how far the list was scrolled, the keys still to serve, the filter's
    text and whether it was still being typed, the row opened with enter ("" if none)."""

    moved_to: str = ""
    scroll_y: float = 0
    keys: tuple[events.Key, ...] = ()
    filter_text: str = ""
    filtering: bool = False
    opened: str = ""

    def record_to_open(self, index: Index, current: str, under_cursor: str) -> str:
        """The record the browsing screen opens first: the one opened meanwhile, else the
        one opened last, else the list's; with a filter typed meanwhile, the record
        opened last may be one it hides, so the filtered list's row is shown instead."""
        if index.get(self.opened) is not None:
            return self.opened
        if self.filter_text or index.get(current) is None:
            return under_cursor
        return current


class Session:
    def __init__(self, data: Path, state_path: Path | None = None) -> None:
        self.data = data
        self.state_path = state_path
        self.state: State = load_state(state_path)
        self.dossier_state: DossierState = self.state.for_dossier(data)
        self.history = History(self.dossier_state.history)
        self.warnings_shown: set[str] = set()  # the stores' warnings, each notified once
        # What the last run showed first, if it can be trusted: shown until the data arrives.
        self.first_screen: FirstScreen | None = read_first_screen(data) if data.is_dir() else None
        self.remembered_kind = self.first_screen.kind if self.first_screen else ""

    @property
    def bookmarks(self) -> list[str]:
        return self.dossier_state.bookmarks

    def toggle_bookmark(self, record_id: str) -> bool:
        """Bookmark `record_id`, or remove its bookmark; True when it is now bookmarked."""
        marks = self.dossier_state.bookmarks
        if record_id in marks:
            marks.remove(record_id)
        else:
            marks.append(record_id)
        self.save()
        return record_id in marks

    def remove_bookmark(self, record_id: str) -> None:
        if record_id in self.dossier_state.bookmarks:
            self.dossier_state.bookmarks.remove(record_id)
        self.save()

    def opened(self, record_id: str) -> None:
        self.dossier_state.current = record_id
        self.save()

    def save(self) -> None:
        self.dossier_state.history = list(self.history.entries)
        self.state.last_dossier = str(self.data.resolve())
        save_state(self.state, self.state_path)

    # -- the first screen of the next start -----------------------------------------
    def first_screen_kind(self, index: Index) -> str:
        """The tab the next start opens on: that of the record opened last, else people."""
        record = index.get(self.dossier_state.current)
        return record.kind_name if record is not None and record.kind_name in FIRST_SCREEN_KINDS else "person"

    def remember_first_screen(self, index: Index) -> None:
        """Keep the browse list as the next start will show it first (from any thread)."""
        kind = self.first_screen_kind(index)
        records = {"person": index.dossier.people, "lab": index.dossier.labs, "model": index.dossier.models}[kind]
        current = self.dossier_state.current
        around = next((n for n, record in enumerate(records) if record.id == current), 0)
        if write_first_screen(self.data, FirstScreen(kind, remembered_rows(index, records)), around):
            self.remembered_kind = kind

    def shown_first_screen(self) -> None:
        """The remembered rows have served (the data shows): let them go, 20,000 rows at
        most; that there was a first screen, and its kind, are still known."""
        if self.first_screen is not None:
            self.first_screen = FirstScreen(self.first_screen.kind, ())

    def first_screen_is_stale(self, index: Index) -> bool:
        return self.first_screen_kind(index) != self.remembered_kind
