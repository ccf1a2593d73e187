"""The first screen: light stand-ins while a worker loads the dossier.

The people list shows as the last run left it (read from `dossier.store.first_screen`),
the other panes say they are loading, with the loader's progress. Nothing heavy (the
loader, the index, the real panes) is imported before the first paint. When the data
is in, the browsing screen is pushed over this one (which empties itself), with the keys
typed meanwhile.
"""

from __future__ import annotations

import os
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from dossier.model.text import one_line

from ..session import Session, StartPlace
from ..widgets.breadcrumb import Breadcrumb
from ..widgets.layout import arrange
from ..widgets.line_list import LineList
from ..widgets.loading import LoadingPane, StandIn
from ..widgets.loading_preview import PreviewBrowsePane, PreviewList
from ..widgets.pane_tabs import PaneTabs

if TYPE_CHECKING:
    from dossier.index.index import Index
    from dossier.load.assemble import LoadResult


class LoadCancelled(BaseException):
    """Raised from the loader's progress callback once the load is cancelled (the app is
    closing), so that quitting during a long load does not wait for it. (Not an
    Exception: a cancellation must not be taken for a failure on its way up.)"""


class LoadingScreen(Screen):
    class Progress(Message):
        """The loader has read `done` of `total` files (sent from its thread)."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class FirstRows(Message):
        """The names read from the first events of each profile (sent from the loader's thread)."""

        def __init__(self, rows: list[tuple[str, str, str]]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, data: Path, session: Session, *, watch: bool = False) -> None:
        super().__init__()
        self.data = data
        self.session = session
        self.watch_files = watch
        self._files: dict[str, str] = {}  # a row's id -> its file, for the rows read here

    def compose(self) -> ComposeResult:
        first = self.session.first_screen
        kind, rows = (first.kind, first.rows) if first else ("person", ())
        if first is None and _few_profiles(self.data):
            # A small dossier's names cost a few milliseconds: in the first frame itself.
            rows = self._take_first_rows(_first_rows(self.data))
        cursor = (first.position(self.session.dossier_state.current) if first else None) or 0
        # The layout classes before the children mount: set later, each would restyle them all.
        arrange(self, self.app.size.width)
        yield Breadcrumb(id="breadcrumb")
        with Horizontal(id="body"):
            yield PreviewBrowsePane(kind, rows, cursor, id="browse-preview")
            with Vertical(id="center"):
                yield Static("Profile", id="profile-title", classes="pane-title", markup=False)
                yield LoadingPane("Loading the dossier…", id="profile-loading")
                with VerticalScroll(id="file-profile-scroll") as scroll:
                    scroll.display = False  # until a profile is read from its file
                    yield Static(id="file-profile", markup=False)
            with Vertical(id="side"):
                yield StandIn("Timeline", id="timeline-loading")
                yield StandIn("Quotes", id="quotes-loading")
        yield PaneTabs(id="pane-tabs")

    def on_mount(self) -> None:
        preview = self.query_one(PreviewList)
        self.set_focus(preview)
        self._name_row(preview.cursor)
        # The footer (a widget per key) and the loader come once the first screen is painted.
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        if not self.is_attached:
            return  # the app closed at once
        self._say(one_line(str(self.data)))
        self._load()
        await self.mount(Footer())

    def on_resize(self, event) -> None:
        arrange(self, event.size.width)

    @property
    def preview(self) -> PreviewList:
        return self.query_one(PreviewList)

    # -- loading ------------------------------------------------------------------
    def _load(self) -> None:
        # The app's worker, not this screen's: it outlives the screen it hands over from,
        # and closing the app cancels it.
        self.app.run_worker(self._read_dossier, thread=True, exclusive=True, group="load")

    def _read_dossier(self) -> None:
        # Imported here, in the worker: the first screen is up before the loader is, and
        # the browsing screen's modules load off the event loop.
        from dossier.index.index import Index
        from dossier.load.loader import load_dossier
        from dossier.load.verdict import share_problems
        from dossier.model.longlived import release_free_memory

        from .browse import BrowseScreen

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise LoadCancelled
            self.post_message(self.Progress(done, total))  # from the loader's thread: never waits

        if self.session.first_screen is None and not self._files:
            # Nothing remembered of this dossier: its names first, from the first events
            # of each profile (a fraction of a second where the load takes seconds).
            self.post_message(self.FirstRows(_first_rows(self.data)))
        try:
            result = load_dossier(self.data, progress=progress)
        except LoadCancelled:
            return
        index = Index(result.dossier)
        if self.session.first_screen is None:
            # Kept before the data shows, so that even a run closed at once leaves it.
            self.session.remember_first_screen(index)
        if not worker.is_cancelled:
            # The worker ends once the browsing screen is in place: waiting on it is waiting
            # for the app to be ready.
            self.app.call_from_thread(self._hand_over, BrowseScreen, result, index)
            # Once the data shows, and before the search index is built beside it: what the
            # load holds twice or freed is let go (see each), lowering the app's peak.
            share_problems(result)
            release_free_memory()

    async def _hand_over(self, browse_screen: type, result: LoadResult, index: Index) -> None:
        """The browsing screen takes this one's place, where the reader is in the rows
        shown, with the keys typed meanwhile."""
        preview = self.preview
        start = StartPlace(
            preview.record_id if preview.moved else "",
            preview.scroll_y,
            tuple(preview.held_keys),
            filter_text=preview.query,
            filtering=preview.filtering,
            opened=preview.opened,
        )
        await self.app.push_screen(
            browse_screen(self.data, result, index, self.session, start=start, watch=self.watch_files)
        )
        # This screen stays at the bottom of the stack (as Textual's blank default screen
        # would), emptied: nothing of it is drawn or kept.
        await self.remove_children()
        self.session.shown_first_screen()
        self._files = {}

    def _say(self, note: str) -> None:
        self.query_one(Breadcrumb).show_trail(["Loading…"], back=False, forward=False, note=note)

    @on(Progress)
    def _show_progress(self, message: Progress) -> None:
        where = one_line(str(self.data))
        if message.done < message.total:
            self._say(f"{message.done:,} of {message.total:,} files read from {where}")
            note = f"Reading {message.total:,} files…"
        else:
            self._say(f"{message.total:,} files read from {where}; checking and indexing")
            note = "Checking the links and building the index…"
        pane = self.query_one(LoadingPane)
        pane.say(note)
        if message.total:
            pane.show_progress(message.done, message.total)

    # -- the remembered rows ---------------------------------------------------------
    @on(FirstRows)
    def _show_first_rows(self, message: FirstRows) -> None:
        self.query_one(PreviewBrowsePane).set_rows(self._take_first_rows(message.rows))

    def _take_first_rows(self, rows: list[tuple[str, str, str]]) -> list[tuple[str, str, int]]:
        """The preview's rows (names only: the detail needs the other files), each row's file kept."""
        self._files = {record_id: path for record_id, _name, path in rows}
        return [(record_id, name, len(name)) for record_id, name, _path in rows]

    @on(LineList.Highlighted)
    def _moved(self, message: LineList.Highlighted) -> None:
        self._name_row(message.index)
        self._show_file_profile(self.preview.record_id)

    @on(LineList.Selected)
    def _opened(self, message: LineList.Selected) -> None:
        message.stop()
        self._show_file_profile(self.preview.record_id)

    def _show_file_profile(self, record_id: str) -> None:
        """The profile under the cursor as its own file gives it, until the dossier is in."""
        # Imported on first use: the first frame is drawn before the reader is loaded.
        from dossier.model import schema as S
        from dossier.read.file import DossierFile, read_file

        from ..widgets.file_profile import file_profile

        kind = S.KIND_BY_NAME[self.session.first_screen.kind if self.session.first_screen else "person"]
        path = self._files.get(record_id) or f"{kind.folder}/{record_id}.yaml"
        records = read_file(self.data, DossierFile(path, kind, False)).records if record_id else []
        record = next((r for r in records if r.id == record_id), None)
        scroll = self.query_one("#file-profile-scroll", VerticalScroll)
        if record is not None and not scroll.display:
            self.query_one(LoadingPane).styles.height = 4  # its note and bar, over the profile
            scroll.display = True
        self.query_one("#file-profile", Static).update(file_profile(record, path) if record is not None else "")

    def _name_row(self, row: int) -> None:
        """While loading, the profile's title names the remembered row under the cursor."""
        preview = self.query_one(PreviewList)
        if 0 <= row < len(preview.rows):
            kind = self.session.first_screen.kind if self.session.first_screen else "person"
            title = Text(f"{kind.capitalize()} · {preview.label(row)}")
            self.query_one("#profile-title", Static).update(title, layout=False)


SMALL_FOLDER = 500  # profiles read before the first frame; a bigger folder is read after it


def _few_profiles(root: Path) -> bool:
    try:
        with os.scandir(root / "people") as entries:
            return sum(1 for _ in islice(entries, SMALL_FOLDER + 1)) <= SMALL_FOLDER
    except OSError:
        return True  # no people folder: nothing to read


def _first_rows(root: Path) -> list[tuple[str, str, str]]:
    from dossier.load.first_list import first_rows  # the YAML reader, only once the screen is built

    return first_rows(root)
