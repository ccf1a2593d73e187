"""The browser: people, profile, timeline and quotes panes that follow each other.

Two ideas drive the screen:
- the *shown* record is the one in the profile pane (whatever the cursor is on);
- the *focus* record is the last one opened (enter, a link, search, the palette, or
  the cursor in the people list): the timeline brings its events forward and the
  quotes pane lists the quotes by or about it.
History records every record opened; back and forward walk it like a browser's.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from dossier.cite import cite
from dossier.index import Index
from dossier.load import LoadResult, load_dossier
from dossier.model import Event, Quote, Record
from dossier.state import DossierState, State, load_state, save_state
from dossier.text import one_line

from .commands import RecordCommands
from .history import History
from .lines import label_of
from .profile_text import ProfileBuilder
from .widgets.breadcrumb import BACK, FORWARD, Breadcrumb
from .widgets.browse_pane import BrowsePane
from .widgets.line_list import LineList
from .widgets.pane_tabs import PaneTabs
from .widgets.profile_view import ProfileView
from .widgets.quotes_pane import QuotesPane
from .widgets.timeline_pane import TimelinePane

# Panes in tab order: the id of the widget that takes focus, and its layout class.
PANES = (("browse-list", "show-profile"), ("profile", "show-profile"), ("timeline-list", "show-timeline"),
         ("quotes-list", "show-quotes"))  # fmt: skip
NARROW_BELOW = 120  # columns under which the side panes become tabs of the right column
WIDE_FROM = 180  # columns from which the list and the side panes grow


class MainScreen(Screen):
    BINDINGS = [
        Binding("tab", "app.next_pane", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "app.previous_pane", "Previous pane", show=False, id="pane.previous"),
    ]

    def compose(self) -> ComposeResult:
        yield Breadcrumb(id="breadcrumb")
        with Horizontal(id="body"):
            yield BrowsePane(id="browse")
            with Vertical(id="center"):
                yield Static("Profile", id="profile-title", classes="pane-title", markup=False)
                yield ProfileView(id="profile")
            with Vertical(id="side"):
                yield TimelinePane(id="timeline")
                yield QuotesPane(id="quotes")
        yield PaneTabs(id="pane-tabs")
        yield Footer()

    def on_mount(self) -> None:
        self.app.main = self  # type: ignore[attr-defined]
        self.query_one("#body").loading = True
        self.add_class("show-profile")
        self._arrange_panes(self.size.width)
        self.app.start_loading()  # type: ignore[attr-defined]

    def on_resize(self, event) -> None:
        self._arrange_panes(event.size.width)

    def _arrange_panes(self, width: int) -> None:
        self.set_class(width < NARROW_BELOW, "narrow")
        self.set_class(width >= WIDE_FROM, "wide")
        self.app.call_later(self.app.show_pane_tabs)  # type: ignore[attr-defined]


class DossierApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "dossier"
    COMMANDS = App.COMMANDS | {RecordCommands}
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

    def __init__(self, data: Path, *, watch: bool = True, state_path: Path | None = None) -> None:
        super().__init__()
        self.data = Path(data)
        self.watch_files = watch
        self.state_path = state_path
        self.state: State = load_state(state_path)
        self.dossier_state: DossierState = self.state.for_dossier(self.data)
        self.history = History(self.dossier_state.history)
        self.result: LoadResult | None = None
        self.index: Index | None = None
        self.shown = ""  # id of the record in the profile pane
        self.focus_id = ""  # id of the record whose events and quotes come forward
        self.translation = True
        self._stop_watching = threading.Event()
        self._reloader = None
        self.main: MainScreen | None = None  # set by the screen when it mounts
        self._pending_follow: tuple[str, bool] | None = None  # (record id, from the people list)

    # -- start ---------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.state.theme and self.state.theme in self.available_themes:
            self.theme = self.state.theme
        self.sub_title = str(self.data)

    def start_loading(self) -> None:
        """Called once the main screen is up: it shows progress while a worker loads."""
        self.main.query_one(Breadcrumb).show_trail(
            ["Loading…"], back=False, forward=False, note=label_of(None, str(self.data))
        )
        self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        if self.data.is_dir():
            from dossier.load import discover

            # Say how much there is to read: a cold load of a big dossier takes a while.
            files, _ = discover(self.data)
            self.call_from_thread(self._loading_note, len(files))
        result = load_dossier(self.data)
        index = Index(result.dossier)
        self.call_from_thread(self._loaded, result, index)

    def _loading_note(self, count: int) -> None:
        if self.index is None:
            where = label_of(None, str(self.data))
            self.main.query_one(Breadcrumb).show_trail(
                ["Loading…"], back=False, forward=False, note=f"{count:,} files from {where}"
            )

    def _loaded(self, result: LoadResult, index: Index) -> None:
        # A big dossier is millions of long-lived objects: keep the garbage collector's
        # full passes from walking them on every keypress.
        gc.freeze()
        first = self.index is None
        self.result, self.index = result, index
        browse = self.main.query_one(BrowsePane)
        screen_body = self.screen_body
        screen_body.loading = False
        self.history.keep_only(index.dossier.by_id)
        browse.set_index(index, keep=self.focus_id)
        self.main.query_one(TimelinePane).set_index(index)
        self.main.query_one(QuotesPane).set_index(index)
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

    @property
    def screen_body(self):
        return self.main.query_one("#body")

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
        """Build the search index in the background so the first `/` answers at once."""
        if self.index is not None:
            self.index.search_index  # noqa: B018 (a cached property: computing it is the point)

    # -- live reload -------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="watch")
    def _watch(self) -> None:
        try:
            import watchfiles
        except ImportError:
            self.call_from_thread(self.notify, "Live reload needs the watchfiles package.", markup=False)
            return
        from dossier.reload import Reloader

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
        from dossier.reload import Reloader

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
            self.main.query_one(ProfileView).show(None)
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
        self._stop_watching.set()
        self._save_state()

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
        self.main.query_one(BrowsePane).show_record(record)
        self._refresh_focus()
        if isinstance(record, Event):
            self.main.query_one(TimelinePane).show_event(record.id)
        self.show_profile(record_id)
        self._update_breadcrumb()
        self.dossier_state.current = record_id
        self._save_state()
        return True

    def show_profile(self, record_id: str, *, keep_place: bool = False) -> None:
        if self.index is None:
            return
        record = self.index.get(record_id)
        view = self.main.query_one(ProfileView)
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
        assert self.index is not None
        timeline = self.main.query_one(TimelinePane)
        quotes = self.main.query_one(QuotesPane)
        record = self.index.get(self.focus_id)
        if record is None:
            timeline.bring_forward([], "")
            quotes.show_quotes(self.index.dossier.quotes, "", keep_quote)
            return
        label = label_of(record) if not isinstance(record, Quote) else record.id
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
        assert self.index is not None
        record = self.index.get(record_id)
        if isinstance(record, Quote):
            return "“" + label_of(record)[:30] + "…”"
        return label_of(record, record_id)

    # -- list events ------------------------------------------------------------------
    @on(LineList.Highlighted)
    def _highlighted(self, message: LineList.Highlighted) -> None:
        self.follow_row(message.line_list, message.index)

    def follow_row(self, line_list: LineList, row: int) -> None:
        """Show the record at `row` of a pane's list (and, from the people list, focus on it)."""
        record = self._record_at(line_list, row)
        if record is None:
            return
        # The cursor is drawn first; the other panes follow just after that frame, and
        # while a key is held only the last row reached is followed.
        first = self._pending_follow is None
        self._pending_follow = (record.id, line_list.id == "browse-list")
        if first:
            self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        pending, self._pending_follow = self._pending_follow, None
        if pending is None or self.index is None or self.index.get(pending[0]) is None:
            return
        record_id, brings_forward = pending
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

    def _record_at(self, line_list: LineList, index: int) -> Record | None:
        if line_list.id == "browse-list":
            records = self.main.query_one(BrowsePane).list.records
            return records[index] if 0 <= index < len(records) else None
        if line_list.id == "timeline-list":
            rows = self.main.query_one(TimelinePane).list.rows
            row = rows[index] if 0 <= index < len(rows) else None
            return row if isinstance(row, Event) else None
        if line_list.id == "quotes-list":
            quotes = self.main.query_one(QuotesPane).list.quotes
            return quotes[index] if 0 <= index < len(quotes) else None
        return None

    @on(ProfileView.FollowLink)
    def _follow(self, message: ProfileView.FollowLink) -> None:
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
        if self.shown and self.history.here and self.shown != self.history.here:
            self.open_record(self.history.here, push=False)  # back to the last record opened
            return
        target = self.history.back()
        if target:
            self.open_record(target, push=False)
        else:
            self.notify("Nothing further back.", timeout=2)

    def action_forward(self) -> None:
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
        if isinstance(record, Quote):
            return record
        return self.main.query_one(QuotesPane).list.selected

    def action_copy_quote(self) -> None:
        quote = self.selected_quote()
        if quote is None or self.index is None:
            self.notify("No quote selected.", severity="warning", timeout=2)
            return
        citation = cite(self.index, quote)
        self.copy_to_clipboard(citation)
        self.notify(citation, title="Citation copied", markup=False)

    def action_toggle_translation(self) -> None:
        self.translation = not self.translation
        self.main.query_one(QuotesPane).set_translation(self.translation)
        if self.shown:
            self.show_profile(self.shown, keep_place=True)
        self.notify("Translations shown." if self.translation else "Translations hidden.", timeout=1.5)

    def action_escape(self) -> None:
        """Escape on the main screen: leave the filter, else back to the people list."""
        browse = self.main.query_one(BrowsePane)
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
    DossierApp(data, watch=watch).run()
    return 0
