"""The browsing screen: people, profile, timeline and quotes panes that follow each other.

It is built with the loaded dossier (the loading screen hands over to it), so every
pane has its data from the start. Two ideas drive it:
- the *shown* record is the one in the profile pane (whatever a cursor is on);
- the *focus* record is the last one opened (enter, a link, search, the palette, or
  the cursor in the people list): the timeline brings its events forward and the
  quotes pane lists the quotes by or about it.
Moving focus from pane to pane changes neither: only moving a cursor or opening does.
History records every record opened; back and forward walk it like a browser's.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from dossier.index.index import Index
from dossier.load.assemble import LoadResult
from dossier.load.reload import Reloader
from dossier.model.records import Quote
from dossier.model.text import one_line

from ..follow import Follower
from ..keymap import unknown_ids
from ..keys import BROWSE_BINDINGS
from ..lines import count_of, label_of
from ..live_reload import watch_dossier
from ..messages import OpenRecord
from ..profile_text import ProfileBuilder, gone_profile
from ..session import Session, StartPlace
from ..widgets.breadcrumb import BACK, FORWARD, Breadcrumb
from ..widgets.browse_pane import BrowsePane
from ..widgets.layout import arrange, mark_focused_pane, show, shown
from ..widgets.line_list import LineList
from ..widgets.pane_tabs import PaneTabs
from ..widgets.profile_view import ProfileView
from ..widgets.quotes_pane import QuotesPane
from ..widgets.timeline_pane import TimelinePane
from .bookmarks import BookmarksScreen
from .errors import ErrorsScreen
from .help import all_binding_ids
from .search import SearchScreen
from .weighing import WeighingActions

# Panes in tab order: the id of the widget that takes focus, and the pane the narrow
# layout then shows beside the list.
PANES = (("browse-list", "profile"), ("profile", "profile"), ("timeline-list", "timeline"), ("quotes-list", "quotes"))


def _record_commands():
    """The palette's "open …" commands, imported when the palette first opens."""
    from ..commands import RecordCommands

    return RecordCommands


def _screen_commands():
    """The palette's evidence filter, conflicts and citation style commands."""
    from ..commands import ScreenCommands

    return ScreenCommands


class BrowseScreen(WeighingActions, Screen):
    BINDINGS = BROWSE_BINDINGS
    COMMANDS = {_record_commands, _screen_commands}

    def __init__(self, data: Path, result: LoadResult, index: Index, session: Session, *,
                 start: StartPlace | None = None, watch: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.data = data
        self.result = result
        self.index = index
        self.session = session
        self.history = session.history
        self.start = start or StartPlace()
        self.watch_files = watch
        self.shown = ""  # id of the record in the profile pane
        self.focus_id = ""  # id of the record whose events and quotes come forward
        self.translation = True
        self._stop_watching = threading.Event()
        self._follower = Follower(self, self._follow_cursor)

    def compose(self) -> ComposeResult:
        arrange(self, self.app.size.width)
        yield Breadcrumb(id="breadcrumb")
        yield Static(id="evidence-bar", markup=False)
        with Horizontal(id="body"):
            yield BrowsePane(self.index, id="browse", classes="pane")
            with Vertical(id="center", classes="pane"):
                yield Static("Profile", id="profile-title", classes="pane-title", markup=False)
                yield ProfileView(id="profile")
            with Vertical(id="side"):
                yield TimelinePane(self.index, id="timeline", classes="pane")
                yield QuotesPane(self.index, id="quotes", classes="pane")
        yield PaneTabs(id="pane-tabs")
        yield Footer()

    def on_mount(self) -> None:
        self._set_data(self.result, self.index)
        browse = self.browse
        if self.start.filter_text:  # typed on the loading screen: the real filter takes it
            browse.refilter(self.start.filter_text)
        under_cursor = browse.selected.id if browse.selected else ""
        start = self.start.record_to_open(self.index, self.session.dossier_state.current, under_cursor)
        if start:
            self.open_record(start)
        else:
            self._refresh_focus()
        moved_to = self.index.get(self.start.moved_to) if self.start.moved_to else None
        if moved_to is not None and browse.show_record(moved_to):
            self.follow_row(browse.list, browse.list.cursor)  # where the reader moved meanwhile
        # At once: keys from now on go to the list, or to the filter still being typed.
        self.set_focus(browse.filter if self.start.filtering else browse.list)
        self._show_pane_tabs()
        self._announce_problems()
        self._check_keymap()
        self.announce_store_warnings()
        self._warm_search()
        if self.watch_files and self.data.is_dir():
            self._watch()
        self.call_after_refresh(browse.list.scroll_like, self.start.scroll_y)
        self._hand_on_keys(list(self.start.keys))

    def _hand_on_keys(self, keys: list[events.Key]) -> None:
        """Keys typed during the load, one by one, each once the one before is done
        (its screen drawn: a screen it opened has mounted and focused its input)."""
        if keys:
            self.app.post_message(keys[0])
            self.app.call_after_refresh(self.app.call_after_refresh, self._hand_on_keys, keys[1:])

    def on_resize(self, event) -> None:
        arrange(self, event.size.width)

    # -- the panes ----------------------------------------------------------------
    @property
    def browse(self) -> BrowsePane:
        return self.query_one(BrowsePane)

    @property
    def profile(self) -> ProfileView:
        return self.query_one(ProfileView)

    @property
    def timeline(self) -> TimelinePane:
        return self.query_one(TimelinePane)

    @property
    def quotes(self) -> QuotesPane:
        return self.query_one(QuotesPane)

    # -- data -----------------------------------------------------------------------
    def _set_data(self, result: LoadResult, index: Index) -> None:
        # A big dossier is millions of long-lived objects: keep the garbage collector's
        # full passes from walking them on every keypress.
        gc.freeze()
        self.result, self.index = result, index
        self.history.keep_only(index.dossier.by_id)
        self.browse.set_index(index, keep=self.focus_id)
        self.timeline.set_index(index)
        self.quotes.set_index(index)

    def _announce_problems(self) -> None:
        errors, warnings = len(self.result.errors), len(self.result.warnings)
        if errors or warnings:
            counts = f"{count_of(errors, 'error')}, {count_of(warnings, 'warning')}"
            self.notify(f"{counts} in this dossier; press e to list them.", title="Problems",
                        severity="error" if errors else "warning", markup=False)  # fmt: skip

    def _check_keymap(self) -> None:
        """A keymap id no binding has would do nothing, silently: say so."""
        unknown = unknown_ids(getattr(self.app, "keymap", {}), all_binding_ids())
        if unknown:
            self.notify(f"No binding has the id {', '.join(unknown)} (? lists the ids).", title="Keymap",
                        severity="warning", markup=False)  # fmt: skip

    @work(thread=True, exclusive=True, group="search-index")
    def _warm_search(self) -> None:
        """In the background once loaded: refresh the first screen kept for the next
        start (names may have changed since), then build the search index so that the
        first `/` answers at once."""
        index = self.index
        if self.session.first_screen is not None:  # else it was kept before the data showed
            self.session.remember_first_screen(index)
        index.search_index  # noqa: B018 (a cached property: computing it is the point)

    # -- live reload ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="watch")
    def _watch(self) -> None:
        watch_dossier(self.data, self.result, self._stop_watching,
                      lambda result, index: self.app.call_from_thread(self.reloaded, result, index),
                      lambda message: self.app.call_from_thread(self.notify, message, markup=False,
                                                                severity="warning"))  # fmt: skip

    def reload_now(self) -> None:
        """Re-read every file (what the watcher does on a change); for scripts and tests."""
        result = Reloader(self.data, self.result).refresh(None)
        self.reloaded(result, Index(result.dossier))

    def reloaded(self, result: LoadResult, index: Index) -> None:
        before = self.index.get(self.shown)
        self._set_data(result, index)
        if not index.get(self.focus_id):
            self.focus_id = ""
        self._refresh_focus(keep_quote=self.shown)
        if index.get(self.shown):
            self.show_profile(self.shown, keep_place=True)
        elif before is not None:
            # Say so, under its old name, rather than go blank or show another record.
            self.profile.show(gone_profile(before))
            self._title(f"{before.kind_name.capitalize()} · {label_of(before)} (gone)")
        self._update_breadcrumb()
        count = len(result.problems)
        self.notify(f"Reloaded: {len(index.dossier):,} records, {count_of(count, 'problem')}" + (" (press e)" if count else ""),
                    markup=False, severity="warning" if count else "information", timeout=3)  # fmt: skip
        for screen in self.app.screen_stack:
            if isinstance(screen, ErrorsScreen):
                screen.set_problems(result.problems)
        self.show_evidence_bar()  # what it hides may have changed
        self.announce_store_warnings()
        self._refresh_first_screen()

    @work(thread=True, exclusive=True, group="first-screen")
    def _refresh_first_screen(self) -> None:
        self.session.remember_first_screen(self.index)  # the rows of every record: off the event loop

    def on_unmount(self) -> None:
        self._stop_watching.set()
        self.session.save()
        if self.session.first_screen_is_stale(self.index):
            self.session.remember_first_screen(self.index)  # the next start opens on another tab

    # -- opening records -------------------------------------------------------------
    def open_record(self, record_id: str, *, push: bool = True) -> bool:
        """Open a record: show it, bring its events and quotes forward, record it in history."""
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
        self.session.opened(record_id)
        return True

    @on(OpenRecord)
    def _open_message(self, message: OpenRecord) -> None:
        message.stop()
        self.open_record(message.record_id)

    def show_profile(self, record_id: str, *, keep_place: bool = False) -> None:
        record = self.index.get(record_id)
        if record is None:
            return
        self.shown = record_id
        self.profile.show(ProfileBuilder(self.index, translation=self.translation).build(record), keep_place=keep_place)
        self._title(f"{record.kind_name.capitalize()} · {label_of(record)}")
        self._update_breadcrumb()

    def _title(self, title: str) -> None:
        self.query_one("#profile-title", Static).update(Text(title), layout=False)

    def _refresh_focus(self, keep_quote: str = "") -> None:
        """Make the timeline and the quotes pane follow the focus record."""
        record = self.index.get(self.focus_id)
        if record is None:
            self.timeline.bring_forward([], "")
            self.quotes.show_quotes(self.index.dossier.quotes, "", keep_quote)
            return
        label = self._short_label(record.id)
        self.timeline.bring_forward(self.index.events_of(record.id), label)
        title = ""
        if isinstance(record, Quote):  # the quote itself, not quotes "about" it
            title = "Quotes · the quote opened" + (f", {self.index.label(record.speaker)}'s" if record.speaker else "")
        self.quotes.show_quotes(self.index.quotes_of(record.id), label, keep_quote, one_line(title))

    def _update_breadcrumb(self) -> None:
        note = "★" if self.shown in self.session.bookmarks else ""
        if self.result.problems:
            note += f"  ⚠ {count_of(len(self.result.problems), 'problem')} (e)"
        self.query_one(Breadcrumb).show_history(self.history, self.shown, self._short_label, note)

    @on(Breadcrumb.Chosen)
    def _crumb_chosen(self, message: Breadcrumb.Chosen) -> None:
        if message.target == BACK:
            self.action_back()
        elif message.target == FORWARD:
            self.action_forward()
        elif self.history.go_to(message.target):
            self.open_record(self.history.here, push=False)

    def _short_label(self, record_id: str) -> str:
        record = self.index.get(record_id)
        if isinstance(record, Quote):
            return "“" + label_of(record)[:30] + "…”"
        return label_of(record, record_id)

    # -- following the cursors ----------------------------------------------------------
    @on(LineList.Highlighted)
    def _highlighted(self, message: LineList.Highlighted) -> None:
        self.follow_row(message.line_list, message.index)

    def follow_row(self, line_list: LineList, row: int) -> None:
        """Show the record at `row` of a pane's list (and, from the people list, focus on it)."""
        record = line_list.record_at(row)
        if record is not None:
            self._follower.moved(record.id, line_list.id == "browse-list")

    def _follow_cursor(self, record_id: str, brings_forward: bool) -> None:
        if self.index.get(record_id) is None:
            return
        if brings_forward:
            # Moving in the people list brings the record's events and quotes forward.
            self.focus_id = record_id
            self._refresh_focus()
        self.show_profile(record_id)

    @on(LineList.Selected)
    def _selected(self, message: LineList.Selected) -> None:
        record = message.line_list.record_at(message.index)
        if record is None:
            return
        self.open_record(record.id)
        if self.has_class("narrow") and message.line_list.id != "browse-list":
            # The profile is hidden behind the timeline or the quotes: show it, to be read.
            self.focus_pane(1)

    def on_profile_view_follow_link(self, message: ProfileView.FollowLink) -> None:
        self.open_record(message.target)

    # -- moving between panes -------------------------------------------------------------
    def _pane_index(self) -> int:
        focused = self.focused
        while focused is not None:
            for number, (pane_id, _) in enumerate(PANES):
                if focused.id == pane_id:
                    return number
            focused = focused.parent  # type: ignore[assignment]
        return 0

    def focus_pane(self, number: int) -> None:
        """Focus a pane (and, narrow, show it): what the profile shows does not change."""
        pane_id, name = PANES[number % len(PANES)]
        show(self, name)
        # At once, not on the next turn as `focus()` does: keys typed ahead (tab tab) each
        # move on from the pane the previous one reached.
        self.set_focus(self.query_one(f"#{pane_id}"))
        self._show_pane_tabs()

    def watch_focused(self, focused) -> None:
        mark_focused_pane(self, focused)

    def action_next_pane(self) -> None:
        self.focus_pane(self._pane_index() + 1)

    def action_previous_pane(self) -> None:
        self.focus_pane(self._pane_index() - 1)

    def _show_pane_tabs(self) -> None:
        self.query_one(PaneTabs).show_active(shown(self))

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

    def action_filter(self) -> None:
        self.focus_pane(0)
        self.browse.start_filter()

    def action_search(self) -> None:
        self.app.push_screen(SearchScreen(self.index), self._opened_from_dialog)

    def _opened_from_dialog(self, record_id: str | None) -> None:
        if record_id:
            self.open_record(record_id)

    def action_errors(self) -> None:
        self.app.push_screen(ErrorsScreen(self.result.problems, self.data, self.index), self._opened_from_dialog)

    def action_bookmarks(self) -> None:
        self.app.push_screen(BookmarksScreen(self.index, self.session), self._bookmarks_closed)

    def _bookmarks_closed(self, record_id: str | None) -> None:
        self._update_breadcrumb()  # a bookmark may have been removed
        self._opened_from_dialog(record_id)

    def action_bookmark(self) -> None:
        if not self.shown:
            return
        label = self._short_label(self.shown)
        if self.session.toggle_bookmark(self.shown):
            self.notify(f"Bookmarked: {label} (B lists bookmarks)", markup=False, timeout=2)
        else:
            self.notify(f"Bookmark removed: {label}", markup=False, timeout=2)
        self._update_breadcrumb()

    def selected_quote(self) -> Quote | None:
        """The quote in the profile, or else the one under the quotes pane's cursor."""
        record = self.index.get(self.shown)
        if isinstance(record, Quote):
            return record
        return self.quotes.list.selected

    def action_toggle_translation(self) -> None:
        self.translation = not self.translation
        self.quotes.set_translation(self.translation)
        if self.shown:
            self.show_profile(self.shown, keep_place=True)
        self.notify("Translations shown." if self.translation else "Translations hidden.", timeout=1.5)

    def action_escape(self) -> None:
        """Escape: leave the filter, else back to the list."""
        browse = self.browse
        if browse.filter.value:
            browse.filter.action_clear()
        else:
            self.focus_pane(0)
