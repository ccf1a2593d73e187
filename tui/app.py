"""The browser: people, profile, timeline and quotes panes that follow each other.

Two ideas drive the screen:
- the *shown* record is the one in the profile pane (whatever the cursor is on);
- the *focus* record is the last one opened (enter, a link, search, the palette, or
  the cursor in the people list): the timeline brings its events forward and the
  quotes pane lists the quotes by or about it.
History records every record opened; back and forward walk it like a browser's.

Opening is in two steps, so that the screen is up at once however big the dossier:
the screen first shows light stand-ins (the people list as the last run left it,
read from `dossier.first_screen`, and the other panes saying they are loading, with
the loader's progress), and a worker loads the dossier; when the data arrives the
real panes take the stand-ins' places. Everything heavy (the loader, the index, the
real panes) is imported only then, after the first paint.
"""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from dossier.model.text import one_line
from dossier.store.first_screen import FirstScreen, read_first_screen, write_first_screen
from dossier.store.state import DossierState, State, load_state, save_state

from .history import History
from .widgets.breadcrumb import BACK, FORWARD, Breadcrumb
from .widgets.line_list import LineList
from .widgets.loading import LoadingPane, StandIn
from .widgets.loading_preview import PreviewBrowsePane, PreviewList, remembered_rows
from .widgets.pane_tabs import PaneTabs

if TYPE_CHECKING:
    from dossier.index.index import Index
    from dossier.load.assemble import LoadResult
    from dossier.model.records import Quote, Record

    from .widgets.browse_pane import BrowsePane
    from .widgets.profile_view import ProfileView
    from .widgets.quotes_pane import QuotesPane
    from .widgets.timeline_pane import TimelinePane

# Panes in tab order: the id of the widget that takes focus, and its layout class.
PANES = (("browse-list", "show-profile"), ("profile", "show-profile"), ("timeline-list", "show-timeline"),
         ("quotes-list", "show-quotes"))  # fmt: skip
NARROW_BELOW = 120  # columns under which the side panes become tabs of the right column
WIDE_FROM = 180  # columns from which the list and the side panes grow
# Seconds the cursor must rest before the other panes follow it: longer than a key's
# auto-repeat interval (~30 ms), short enough to feel immediate.
FOLLOW_DELAY = 0.05
# The stand-ins shown while the dossier loads, each replaced by the real pane(s) after it.
STAND_INS = ("#browse-preview", "#profile-loading", "#timeline-loading", "#quotes-loading")


class LoadCancelled(BaseException):
    """Raised from the loader's progress callback once the app is closing, so that quitting
    during a long load does not wait for it. (Not an Exception: a cancellation must not
    be taken for a failure by an `except Exception` on its way up.)"""


def _record_commands():
    """The palette's "open …" commands, imported when the palette first opens."""
    from .commands import RecordCommands

    return RecordCommands


class MainScreen(Screen):
    BINDINGS = [
        Binding("tab", "app.next_pane", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "app.previous_pane", "Previous pane", show=False, id="pane.previous"),
    ]

    def compose(self) -> ComposeResult:
        # Stand-ins only: the real panes are mounted when the data arrives (`mount_panes`).
        app: DossierApp = self.app  # type: ignore[assignment]
        first = app.first_screen
        kind, rows = (first.kind, first.rows) if first else ("person", ())
        cursor = (first.position(app.dossier_state.current) if first else None) or 0
        # The layout classes before the children mount: set later, each would restyle them all.
        self.add_class("show-profile")
        self._arrange_panes(app.size.width)
        yield Breadcrumb(id="breadcrumb")
        with Horizontal(id="body"):
            yield PreviewBrowsePane(kind, rows, cursor, id="browse-preview")
            with Vertical(id="center"):
                yield Static("Profile", id="profile-title", classes="pane-title", markup=False)
                yield LoadingPane("Loading the dossier…", id="profile-loading")
            with Vertical(id="side"):
                yield StandIn("Timeline", id="timeline-loading")
                yield StandIn("Quotes", id="quotes-loading")
        yield PaneTabs(id="pane-tabs")

    def on_mount(self) -> None:
        self.app.main = self  # type: ignore[attr-defined]
        preview = self.query_one(PreviewList)
        self.set_focus(preview)
        self.app.follow_preview(preview.cursor)  # type: ignore[attr-defined]
        # The footer (a widget per key) and the loader come once the first screen is painted.
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        if not self.is_attached:
            return  # the app closed at once
        self.app.start_loading()  # type: ignore[attr-defined]
        await self.mount(Footer())
        self.refresh_bindings()  # the footer lists the keys of the widget in focus

    async def mount_panes(self) -> None:
        """Mount the real panes, hidden until `show_panes`, beside their stand-ins."""
        from .widgets.browse_pane import BrowsePane
        from .widgets.profile_view import ProfileView
        from .widgets.quotes_pane import QuotesPane
        from .widgets.timeline_pane import TimelinePane

        panes = {
            "#browse-preview": [BrowsePane(id="browse")],
            "#profile-loading": [ProfileView(id="profile")],
            "#timeline-loading": [TimelinePane(id="timeline"), QuotesPane(id="quotes")],
        }
        for stand_in, widgets in panes.items():
            for widget in widgets:
                widget.add_class("arriving")
            place = self.query_one(stand_in)
            await place.parent.mount_all(widgets, before=place)  # type: ignore[union-attr]

    def show_panes(self) -> None:
        """The real panes take the stand-ins' places."""
        for pane in ("#browse", "#profile", "#timeline", "#quotes"):
            self.query_one(pane).remove_class("arriving")
        for stand_in in STAND_INS:
            self.query_one(stand_in).remove()

    def on_resize(self, event) -> None:
        self._arrange_panes(event.size.width)

    def _arrange_panes(self, width: int) -> None:
        self.set_class(width < NARROW_BELOW, "narrow")
        self.set_class(width >= WIDE_FROM, "wide")
        self.app.call_later(self.app.show_pane_tabs)  # type: ignore[attr-defined]


class DossierApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "dossier"
    COMMANDS = App.COMMANDS | {_record_commands}
    MODES = {"browse": MainScreen}
    DEFAULT_MODE = "browse"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Keys", id="app.help"),
        Binding("slash", "search", "Search", id="app.search"),
        Binding("left_square_bracket,alt+left,backspace", "back", "Back", id="app.back"),
        Binding("right_square_bracket,alt+right", "forward", "Forward", id="app.forward"),
        Binding("y", "copy_quote", "Cite quote", id="app.copy-quote"),
        Binding("t", "toggle_translation", "Translation", id="app.translation"),
        Binding("b", "bookmark", "Bookmark", id="app.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", id="app.bookmarks"),
        Binding("e", "errors", "Errors", id="app.errors"),
        Binding("escape", "escape", "Close", show=False, id="app.escape"),
    ]

    class LoadProgress(Message):
        """The loader has read `done` of `total` files (sent from its thread)."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(self, data: Path, *, watch: bool = True, state_path: Path | None = None) -> None:
        super().__init__()
        self.data = Path(data)
        self.watch_files = watch
        self.state_path = state_path
        self.state: State = load_state(state_path)
        self.dossier_state: DossierState = self.state.for_dossier(self.data)
        self.history = History(self.dossier_state.history)
        # What the last run showed first, if it can be trusted: shown until the data arrives.
        self.first_screen: FirstScreen | None = read_first_screen(self.data) if self.data.is_dir() else None
        self._remembered_kind = self.first_screen.kind if self.first_screen else ""
        self.result: LoadResult | None = None
        self.index: Index | None = None  # None until the dossier has loaded and the panes show it
        self.shown = ""  # id of the record in the profile pane
        self.focus_id = ""  # id of the record whose events and quotes come forward
        self.translation = True
        self._stop_watching = threading.Event()
        self._quitting = threading.Event()  # set when the app closes: a load still running stops
        self._reloader = None
        self.main: MainScreen | None = None  # set by the screen when it mounts
        self._pending_follow: tuple[str, bool] | None = None  # (record id, from the people list)
        self._follow_timer: Timer | None = None
        self._last_move = 0.0  # time.monotonic() of the last cursor move, to tell a held key

    # -- start ---------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.state.theme and self.state.theme in self.available_themes:
            self.theme = self.state.theme
        # Plain text: Textual renders the sub-title as Content, never markup; `one_line`
        # shows any control character of the path instead of sending it to the terminal.
        self.sub_title = one_line(str(self.data))

    def start_loading(self) -> None:
        """Called once the first screen is painted: a worker loads while it shows."""
        self._say_loading(one_line(str(self.data)))
        self._load()

    def _say_loading(self, note: str) -> None:
        if self.index is None and self.main is not None:
            self.main.query_one(Breadcrumb).show_trail(["Loading…"], back=False, forward=False, note=note)

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        from dossier.index.index import Index
        from dossier.load.loader import load_dossier

        try:
            result = load_dossier(self.data, progress=self._report_progress)
        except LoadCancelled:
            return
        index = Index(result.dossier)
        if self.first_screen is None:
            # Kept before the data shows, so that even a run closed at once leaves it.
            self._remember_first_screen(index)
        self.call_from_thread(self._data_arrived, result, index)

    def _report_progress(self, done: int, total: int) -> None:
        if self._quitting.is_set():
            raise LoadCancelled
        self.post_message(self.LoadProgress(done, total))  # from the loader's thread: never waits

    @on(LoadProgress)
    def _show_progress(self, message: LoadProgress) -> None:
        if self.index is not None or self.main is None:
            return
        where = one_line(str(self.data))
        stand_in = self.main.query("#profile-loading")
        if message.done < message.total:
            self._say_loading(f"{message.done:,} of {message.total:,} files read from {where}")
            note = f"Reading {message.total:,} files…"
        else:
            self._say_loading(f"{message.total:,} files read from {where}; checking and indexing")
            note = "Checking the links and building the index…"
        if stand_in:
            pane = stand_in.first(LoadingPane)
            pane.say(note)
            if message.total:
                pane.show_progress(message.done, message.total)

    async def _data_arrived(self, result: LoadResult, index: Index) -> None:
        """The first load is done: the real panes take over from the stand-ins."""
        assert self.main is not None
        await self.main.mount_panes()
        preview = self.main.query_one(PreviewList)
        self._loaded(result, index)
        browse = self.browse
        moved_to = index.get(preview.record_id) if preview.moved else None
        if moved_to is not None and browse.show_record(moved_to):
            self.follow_row(browse.list, browse.list.cursor)  # where the reader moved meanwhile
        self.main.show_panes()
        self.main.set_focus(browse.list)  # at once: keys from now on go to the real list
        self.call_after_refresh(self._scroll_like_preview, preview.scroll_y)
        self._hand_on_keys(list(preview.held_keys))

    def _scroll_like_preview(self, top: float) -> None:
        """The list had no size when its cursor was placed: once it has, show the rows
        the preview showed (or, if the cursor is not among them, centre the cursor)."""
        records = self.browse.list
        records.scroll_to(y=top, animate=False, immediate=True)
        records.move_cursor(records.cursor, announce=False, center=True)

    def _hand_on_keys(self, keys: list[events.Key]) -> None:
        """Keys typed during the load, one by one, each once the one before is done
        (its screen drawn: a screen it opened has mounted and focused its input)."""
        if keys:
            self.post_message(keys[0])
            self.call_after_refresh(self.call_after_refresh, self._hand_on_keys, keys[1:])

    def _loaded(self, result: LoadResult, index: Index) -> None:
        # A big dossier is millions of long-lived objects: keep the garbage collector's
        # full passes from walking them on every keypress.
        gc.freeze()
        first = self.index is None
        self.result, self.index = result, index
        browse = self.browse
        self.history.keep_only(index.dossier.by_id)
        browse.set_index(index, keep=self.focus_id)
        self.timeline.set_index(index)
        self.quotes.set_index(index)
        if first:
            start = self.dossier_state.current if index.get(self.dossier_state.current) else ""
            start = start or (browse.selected.id if browse.selected else "")
            if start:
                self.open_record(start)
            else:
                self._refresh_focus()
            browse.list.focus()
            self._announce_problems()
            self._warm_search()
            if self.watch_files and self.data.is_dir():
                self._watch()
        else:
            self._refresh_after_reload()
            self._refresh_first_screen()

    @property
    def browse(self) -> BrowsePane:
        from .widgets.browse_pane import BrowsePane

        return self.main.query_one(BrowsePane)  # type: ignore[union-attr]

    @property
    def profile(self) -> ProfileView:
        from .widgets.profile_view import ProfileView

        return self.main.query_one(ProfileView)  # type: ignore[union-attr]

    @property
    def timeline(self) -> TimelinePane:
        from .widgets.timeline_pane import TimelinePane

        return self.main.query_one(TimelinePane)  # type: ignore[union-attr]

    @property
    def quotes(self) -> QuotesPane:
        from .widgets.quotes_pane import QuotesPane

        return self.main.query_one(QuotesPane)  # type: ignore[union-attr]

    def _announce_problems(self) -> None:
        assert self.result is not None
        errors, warnings = len(self.result.errors), len(self.result.warnings)
        if errors or warnings:
            self.notify(
                f"{errors} errors, {warnings} warnings in this dossier; press e to list them.",
                title="Problems",
                severity="error" if errors else "warning",
                markup=False,
            )

    @work(thread=True, exclusive=True, group="search-index")
    def _warm_search(self) -> None:
        """In the background once loaded: refresh the first screen kept for the next
        start (names may have changed since), then build the search index so that the
        first `/` answers at once."""
        index = self.index
        if index is None:
            return
        if self.first_screen is not None:  # else it was kept before the data showed
            self._remember_first_screen(index)
        index.search_index  # noqa: B018 (a cached property: computing it is the point)

    # -- the first screen of the next start ---------------------------------------------
    def _first_screen_kind(self, index: Index) -> str:
        """The tab the next start opens on: that of the record opened last, else people."""
        record = index.get(self.dossier_state.current)
        return record.kind_name if record is not None and record.kind_name in ("person", "lab", "model") else "person"

    def _remember_first_screen(self, index: Index) -> None:
        """Keep the browse list as the next start will show it first."""
        kind = self._first_screen_kind(index)
        records = {"person": index.dossier.people, "lab": index.dossier.labs, "model": index.dossier.models}[kind]
        current = self.dossier_state.current
        around = next((n for n, record in enumerate(records) if record.id == current), 0)
        if write_first_screen(self.data, FirstScreen(kind, remembered_rows(index, records)), around):
            self._remembered_kind = kind

    @work(thread=True, exclusive=True, group="first-screen")
    def _refresh_first_screen(self) -> None:
        if self.index is not None:
            self._remember_first_screen(self.index)

    # -- live reload -------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="watch")
    def _watch(self) -> None:
        try:
            import watchfiles
        except ImportError:
            self.call_from_thread(self.notify, "Live reload needs the watchfiles package.", markup=False)
            return
        from dossier.index.index import Index
        from dossier.load.reload import Reloader

        assert self.result is not None
        self._reloader = Reloader(self.data, self.result)
        try:
            for changes in watchfiles.watch(self.data, stop_event=self._stop_watching, debounce=100, step=50):
                paths = {path for _, path in changes if path.endswith((".yaml", ".yml")) or not Path(path).suffix}
                if not paths:
                    continue
                result = self._reloader.refresh(paths)
                index = Index(result.dossier)
                self.call_from_thread(self._loaded, result, index)
        except OSError as error:  # the folder went away, or too many files to watch
            message = f"Live reload stopped: {error}"
            self.call_from_thread(self.notify, one_line(message), severity="warning", markup=False)

    def reload_now(self) -> None:
        """Re-read every file (what the watcher does on a change); for scripts and tests."""
        from dossier.index.index import Index
        from dossier.load.reload import Reloader

        assert self.result is not None
        if self._reloader is None:
            self._reloader = Reloader(self.data, self.result)
        result = self._reloader.refresh(None)
        self._loaded(result, Index(result.dossier))

    def _refresh_after_reload(self) -> None:
        assert self.index is not None
        if not self.index.get(self.focus_id):
            self.focus_id = ""
        shown = self.shown if self.index.get(self.shown) else self.focus_id
        self._refresh_focus(keep_quote=self.shown)
        if shown:
            self.show_profile(shown, keep_place=True)
        else:
            self.profile.show(None)
        self._update_breadcrumb()
        assert self.result is not None
        count = len(self.result.problems)
        self.notify(
            f"Reloaded: {len(self.index.dossier)} records, {count} problems" + (" (press e)" if count else ""),
            markup=False,
            severity="warning" if count else "information",
            timeout=3,
        )
        errors_screen = next((s for s in self.screen_stack if getattr(s, "is_errors_screen", False)), None)
        if errors_screen is not None:
            errors_screen.set_problems(self.result.problems)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self._quitting.set()
        self._stop_watching.set()
        self._save_state()
        if self.index is not None and self._first_screen_kind(self.index) != self._remembered_kind:
            self._remember_first_screen(self.index)  # the next start opens on another tab

    # -- opening records -------------------------------------------------------------
    def open_record(self, record_id: str, *, push: bool = True) -> bool:
        """Open a record: show it, bring its events and quotes forward, record it in history."""
        if self.index is None:
            return False
        record = self.index.get(record_id)
        if record is None:
            self.notify(f"No record {record_id!r} in this dossier.", severity="warning", markup=False)
            return False
        if push:
            self.history.push(record_id)
        self.focus_id = record_id
        self.browse.show_record(record)
        self._refresh_focus()
        if record.kind_name == "event":
            self.timeline.show_event(record.id)
        self.show_profile(record_id)
        self._update_breadcrumb()
        self.dossier_state.current = record_id
        self._save_state()
        return True

    def show_profile(self, record_id: str, *, keep_place: bool = False) -> None:
        from .lines import label_of
        from .profile_text import ProfileBuilder

        if self.index is None:
            return
        record = self.index.get(record_id)
        view = self.profile
        if record is None:
            view.show(None)
            return
        self.shown = record_id
        view.show(ProfileBuilder(self.index, translation=self.translation).build(record), keep_place=keep_place)
        kind = record.kind_name.capitalize()
        self.main.query_one("#profile-title", Static).update(Text(f"{kind} · {label_of(record)}"), layout=False)
        self._update_breadcrumb()

    def _refresh_focus(self, keep_quote: str = "") -> None:
        """Make the timeline and the quotes pane follow the focus record."""
        from .lines import label_of

        assert self.index is not None
        timeline, quotes = self.timeline, self.quotes
        record = self.index.get(self.focus_id)
        if record is None:
            timeline.bring_forward([], "")
            quotes.show_quotes(self.index.dossier.quotes, "", keep_quote)
            return
        label = label_of(record) if record.kind_name != "quote" else record.id
        timeline.bring_forward(self.index.events_of(record.id), label)
        quotes.show_quotes(self.index.quotes_of(record.id), label, keep_quote)

    def _update_breadcrumb(self) -> None:
        if self.index is None:
            return
        positions: list[int | None] = list(self.history.trail_positions())
        labels = [self._short_label(self.history.entries[p]) for p in positions]  # type: ignore[index]
        if self.shown and self.shown != self.history.here:
            labels.append(self._short_label(self.shown))
            positions.append(None)
        note = "★" if self.shown in self.dossier_state.bookmarks else ""
        if self.result is not None and self.result.problems:
            note += f"  ⚠ {len(self.result.problems)} problems (e)"
        self.main.query_one(Breadcrumb).show_trail(
            labels or ["(nothing opened)"],
            back=self.history.can_go_back,
            forward=self.history.can_go_forward,
            note=note,
            positions=positions,
        )

    @on(Breadcrumb.Chosen)
    def _crumb_chosen(self, message: Breadcrumb.Chosen) -> None:
        if message.target == BACK:
            self.action_back()
        elif message.target == FORWARD:
            self.action_forward()
        elif self.history.go_to(message.target):
            self.open_record(self.history.here, push=False)

    def _short_label(self, record_id: str) -> str:
        from .lines import label_of

        assert self.index is not None
        record = self.index.get(record_id)
        if record is not None and record.kind_name == "quote":
            return "“" + label_of(record)[:30] + "…”"
        return label_of(record, record_id)

    # -- list events ------------------------------------------------------------------
    @on(LineList.Highlighted)
    def _highlighted(self, message: LineList.Highlighted) -> None:
        self.follow_row(message.line_list, message.index)

    def follow_row(self, line_list: LineList, row: int) -> None:
        """Show the record at `row` of a pane's list (and, from the people list, focus on it)."""
        if isinstance(line_list, PreviewList):
            self.follow_preview(row)
            return
        record = self._record_at(line_list, row)
        if record is None:
            return
        # The cursor is drawn first and the other panes follow just after that frame.
        # While a key is held (moves closer together than FOLLOW_DELAY), they follow only
        # once the cursor rests, so the cursor keeps up with the key's auto-repeat
        # instead of trailing behind a queue of profiles nobody looked at.
        now = time.monotonic()
        held, self._last_move = now - self._last_move < FOLLOW_DELAY, now
        self._pending_follow = (record.id, line_list.id == "browse-list")
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None
        if held:
            self._follow_timer = self.set_timer(FOLLOW_DELAY, self._follow_cursor, name="follow-cursor")
        else:
            self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        self._follow_timer = None
        pending, self._pending_follow = self._pending_follow, None
        if pending is None or self.index is None or self.index.get(pending[0]) is None:
            return
        record_id, brings_forward = pending
        if not self.main.query("#quotes"):
            # The real panes are mounted one after another: a key replayed from the
            # load can move the list's cursor before the timeline and quotes exist.
            self._pending_follow = pending
            self._follow_timer = self.set_timer(FOLLOW_DELAY, self._follow_cursor, name="follow-cursor")
            return
        if brings_forward:
            # Moving in the people list brings the record's events and quotes forward.
            self.focus_id = record_id
            self._refresh_focus()
        self.show_profile(record_id)

    @on(LineList.Selected)
    def _selected(self, message: LineList.Selected) -> None:
        record = self._record_at(message.line_list, message.index)
        if record is not None:
            self.open_record(record.id)

    def follow_preview(self, row: int) -> None:
        """While loading, the profile's title names the remembered row under the cursor."""
        preview = self.main.query_one(PreviewList)  # type: ignore[union-attr]
        if 0 <= row < len(preview.rows):
            kind = self.first_screen.kind if self.first_screen else "person"
            title = Text(f"{kind.capitalize()} · {preview.label(row)}")
            self.main.query_one("#profile-title", Static).update(title, layout=False)  # type: ignore[union-attr]

    def _record_at(self, line_list: LineList, index: int) -> Record | None:
        if self.index is None:
            return None
        if line_list.id == "browse-list":
            records = self.browse.list.records
            return records[index] if 0 <= index < len(records) else None
        if line_list.id == "timeline-list":
            rows = self.timeline.list.rows
            row = rows[index] if 0 <= index < len(rows) else None
            return row if getattr(row, "kind_name", "") == "event" else None  # type: ignore[return-value]
        if line_list.id == "quotes-list":
            quotes = self.quotes.list.quotes
            return quotes[index] if 0 <= index < len(quotes) else None
        return None

    def on_profile_view_follow_link(self, message) -> None:  # ProfileView.FollowLink
        self.open_record(message.target)

    # -- panes ------------------------------------------------------------------------
    def _pane_index(self) -> int:
        focused = self.focused
        while focused is not None:
            for number, (pane_id, _) in enumerate(PANES):
                if focused.id == pane_id:
                    return number
            if focused.id == "browse-filter":
                return 0
            focused = focused.parent  # type: ignore[assignment]
        return 0

    def focus_pane(self, number: int) -> None:
        if self.index is None:
            return  # the panes are not there yet (keys typed meanwhile wait for them)
        pane_id, layout = PANES[number % len(PANES)]
        screen = self.main
        screen.remove_class("show-profile", "show-timeline", "show-quotes")
        screen.add_class(layout)
        pane = screen.query_one(f"#{pane_id}")
        # At once, not on the next turn as `focus()` does: keys typed ahead (tab tab) each
        # move on from the pane the previous one reached.
        screen.set_focus(pane)
        self.show_pane_tabs()
        if isinstance(pane, LineList) and pane.row_count:
            self.follow_row(pane, pane.cursor)  # coming to a list shows the row under its cursor

    def action_next_pane(self) -> None:
        self.focus_pane(self._pane_index() + 1)

    def action_previous_pane(self) -> None:
        self.focus_pane(self._pane_index() - 1)

    def show_pane_tabs(self) -> None:
        """In the narrow layout, say which of profile, timeline and quotes is shown."""
        if self.main is None:
            return
        active = next((n for n in ("timeline", "quotes") if self.main.has_class(f"show-{n}")), "profile")
        self.main.query_one(PaneTabs).show_active(active)

    @on(PaneTabs.Chosen)
    def _pane_chosen(self, message: PaneTabs.Chosen) -> None:
        self.focus_pane({"profile": 1, "timeline": 2, "quotes": 3}[message.name])

    # -- actions ------------------------------------------------------------------------
    def action_back(self) -> None:
        if self.index is None:
            return
        if self.shown and self.history.here and self.shown != self.history.here:
            self.open_record(self.history.here, push=False)  # back to the last record opened
            return
        target = self.history.back()
        if target:
            self.open_record(target, push=False)
        else:
            self.notify("Nothing further back.", timeout=2)

    def action_forward(self) -> None:
        if self.index is None:
            return
        target = self.history.forward()
        if target:
            self.open_record(target, push=False)
        else:
            self.notify("Nothing further forward.", timeout=2)

    def action_search(self) -> None:
        from .screens.search import SearchScreen

        if self.index is not None:
            self.push_screen(SearchScreen(self.index), self._opened_from_screen)

    def _opened_from_screen(self, record_id: str | None) -> None:
        if record_id:
            self.open_record(record_id)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_errors(self) -> None:
        from .screens.errors import ErrorsScreen

        if self.result is not None:
            self.push_screen(ErrorsScreen(self.result.problems, self.data, self.index), self._opened_from_screen)

    def action_bookmarks(self) -> None:
        from .screens.bookmarks import BookmarksScreen

        if self.index is not None:
            self.push_screen(BookmarksScreen(self.index, list(self.dossier_state.bookmarks)), self._opened_from_screen)

    def action_bookmark(self) -> None:
        if not self.shown or self.index is None:
            return
        marks = self.dossier_state.bookmarks
        label = self._short_label(self.shown)
        if self.shown in marks:
            marks.remove(self.shown)
            self.notify(f"Bookmark removed: {label}", markup=False, timeout=2)
        else:
            marks.append(self.shown)
            self.notify(f"Bookmarked: {label} (B lists bookmarks)", markup=False, timeout=2)
        self._save_state()
        self._update_breadcrumb()

    def selected_quote(self) -> Quote | None:
        """The quote in the profile, or else the one under the quotes pane's cursor."""
        if self.index is None:
            return None
        record = self.index.get(self.shown)
        if record is not None and record.kind_name == "quote":
            return record  # type: ignore[return-value]
        return self.quotes.list.selected

    def action_copy_quote(self) -> None:
        from dossier.index.cite import cite

        quote = self.selected_quote()
        if quote is None or self.index is None:
            self.notify("No quote selected.", severity="warning", timeout=2)
            return
        citation = cite(self.index, quote)
        self.copy_to_clipboard(citation)
        self.notify(citation, title="Citation copied", markup=False)

    def action_toggle_translation(self) -> None:
        if self.index is None:
            return
        self.translation = not self.translation
        self.quotes.set_translation(self.translation)
        if self.shown:
            self.show_profile(self.shown, keep_place=True)
        self.notify("Translations shown." if self.translation else "Translations hidden.", timeout=1.5)

    def action_escape(self) -> None:
        """Escape on the main screen: leave the filter, else back to the people list."""
        if self.index is None:
            return
        browse = self.browse
        if browse.filter.value:
            browse.filter.action_clear()
        else:
            self.focus_pane(0)

    # -- state ----------------------------------------------------------------------------
    def watch_theme(self, theme: str) -> None:
        if self.state.theme != theme:
            self.state.theme = theme
            self._save_state()

    def _save_state(self) -> None:
        self.dossier_state.history = list(self.history.entries)
        self.state.last_dossier = str(self.data.resolve())
        save_state(self.state, self.state_path)


def run_app(data: Path, watch: bool = True) -> int:
    app = DossierApp(data, watch=watch)
    app.run()
    return app.return_code or 0  # Textual sets 1 when the app died of an error
