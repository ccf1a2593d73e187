"""The browse pane: people, labs, models and sources (one tab each), and a filter.

Bare letters on the list are commands; the filter starts with ctrl+f (from any pane),
and while its box has focus every printable key is text, so no name typed there can
fire a command. It matches names and aliases (a source's title) without regard to
case or accents; esc ends it, down or enter keep it and go back to the list.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Tab, Tabs

from dossier.index.index import Index
from dossier.model.records import Record
from dossier.model.text import fold

from ..evidence_filter import OFF, EvidenceFilter
from ..lines import record_line
from .line_list import LineList
from .loading_preview import FILTERING, IDLE  # one wording for the box, real or stand-in

KINDS = ("person", "lab", "model", "source")
TAB_LABELS = {"person": "People", "lab": "Labs", "model": "Models", "source": "Sources"}


class RecordList(LineList):
    """People, labs, models or sources, one per line."""

    BINDINGS = [
        Binding("left,h", "kind(-1)", "Previous tab", show=False, id="browse.previous-kind"),
        Binding("right,l", "kind(1)", "Next tab", key_display="←→", id="browse.next-kind"),
    ]

    def __init__(self, index: Index, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.records: Sequence[Record] = ()

    def render_row(self, index: int, width: int) -> Text:
        return record_line(self.index, self.records[index], self.style_of("line-list--dim"))

    def action_kind(self, step: int) -> None:
        pane = self.parent
        if isinstance(pane, BrowsePane):
            pane.switch_kind(step)

    def record_at(self, index: int) -> Record | None:
        return self.records[index] if 0 <= index < len(self.records) else None

    def scroll_like(self, top: float) -> None:
        """Show the rows from `top` (as the loading screen showed them), else centre the cursor."""
        self.scroll_to(y=top, animate=False, immediate=True)
        self.move_cursor(self.cursor, announce=False, center=True)


class FilterInput(Input):
    """The filter box: it says when it is filtering; every printable key is text."""

    BINDINGS = [
        Binding("escape", "clear", "End filter", id="filter.clear"),
        Binding("down", "to_list", "Keep, to the list", key_display="↓", id="filter.to-list"),
    ]

    def on_focus(self) -> None:
        self.placeholder = FILTERING
        self.add_class("filtering")

    def on_blur(self) -> None:
        self.placeholder = IDLE
        self.remove_class("filtering")

    def action_to_list(self) -> None:
        self.screen.set_focus(self.screen.query_one("#browse-list", RecordList))

    def action_clear(self) -> None:
        self.value = ""
        self.action_to_list()


class BrowsePane(Vertical):
    """Tabs for the three kinds, a filter box and the list of the chosen kind."""

    def __init__(self, index: Index, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.kind = "person"
        self._all: dict[str, Sequence[Record]] = {k: () for k in KINDS}
        self._keys: dict[str, list[str]] = {k: [] for k in KINDS}
        self._position: dict[str, int] = {}  # record id -> row in the list shown
        self.evidence_filter: EvidenceFilter = OFF

    def compose(self) -> ComposeResult:
        yield Tabs(*(Tab(TAB_LABELS[k], id=f"tab-{k}") for k in KINDS), id="browse-tabs")
        yield FilterInput(placeholder=IDLE, id="browse-filter", compact=True, select_on_focus=False)
        yield RecordList(self.index, id="browse-list")

    @property
    def list(self) -> RecordList:
        return self.query_one("#browse-list", RecordList)

    @property
    def filter(self) -> FilterInput:
        return self.query_one("#browse-filter", FilterInput)

    def on_mount(self) -> None:
        self.query_one(Tabs).can_focus = False

    def set_index(self, index: Index, keep: str = "") -> None:
        """New data (first load or a reload); keep the record `keep` under the cursor."""
        self.index = index
        self.list.index = index
        dossier = index.dossier
        self._all = {"person": dossier.people, "lab": dossier.labs, "model": dossier.models, "source": dossier.sources}
        # Folded names and aliases, computed once so filtering is one pass of `in`.
        self._keys = {
            kind: [fold(" ".join((r.label, *getattr(r, "aliases", ())))) for r in records]
            for kind, records in self._all.items()
        }
        self._apply_filter(keep)

    @property
    def selected(self) -> Record | None:
        records = self.list.records
        cursor = self.list.cursor
        return records[cursor] if 0 <= cursor < len(records) else None

    def _apply_filter(self, keep: str = "") -> None:
        query = fold(self.filter.value.strip())
        records = self._all[self.kind]
        if query:
            records = [r for r, key in zip(records, self._keys[self.kind], strict=False) if query in key]
        matched = records
        records = self.evidence_filter.keep(self.index, records)  # a profile everything of which it hides
        self.list.records = records
        self.list.empty_note = self._empty_note(query, bool(matched)) if query and not records else ()
        self.filter.set_class(bool(query), "filtered")  # kept after the box is left: it says so
        self._position = {r.id: n for n, r in enumerate(records)}
        self.list.set_row_count(len(records), self._position.get(keep, 0))

    def _empty_note(self, query: str, hidden: bool) -> tuple[Text, ...]:
        """What an empty filtered list says: a name typed on the wrong tab is found on
        another, and a reader should not conclude the dossier lacks it."""
        dim = self.list.style_of("line-list--dim")
        if hidden:
            return (Text(f"no {self.kind} shown", dim), Text("the evidence filter hides them (E)", dim))
        elsewhere = [
            f"{TAB_LABELS[kind].lower()}: {count:,}"
            for kind in KINDS
            if kind != self.kind and (count := sum(query in key for key in self._keys[kind]))
        ]
        if not elsewhere:
            return tuple(
                Text(line, dim)
                for line in (f"no {self.kind} matches", "in no other tab either", "/ searches every text")
            )
        return (Text(f"no {self.kind} matches", dim), Text(f"{', '.join(elsewhere)} (←→)", dim))

    @on(Input.Changed, "#browse-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        selected = self.selected
        self._apply_filter(selected.id if selected else "")
        self.post_message(LineList.Highlighted(self.list, self.list.cursor))

    @on(Input.Submitted, "#browse-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.set_focus(self.list)
        if self.list.row_count:
            # Posted from here: a message the list posted in this handler would count this
            # pane as its sender, and stop here (Textual stops a message at its sender).
            self.post_message(LineList.Selected(self.list, self.list.cursor))

    @on(Tabs.TabActivated)
    def _tab_changed(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self.set_kind((event.tab.id or "tab-person").removeprefix("tab-"))

    def set_kind(self, kind: str) -> None:
        if kind != self.kind:
            self.kind = kind
            with self.prevent(Tabs.TabActivated):
                self.query_one(Tabs).active = f"tab-{kind}"
            self._apply_filter()
            self.post_message(LineList.Highlighted(self.list, self.list.cursor))

    def switch_kind(self, step: int) -> None:
        self.set_kind(KINDS[(KINDS.index(self.kind) + step) % len(KINDS)])

    def set_evidence_filter(self, evidence_filter: EvidenceFilter) -> None:
        selected = self.selected
        self.evidence_filter = evidence_filter
        self._apply_filter(selected.id if selected else "")

    def refilter(self, text: str) -> None:
        """Filter by `text` at once (not on the box's change event), keeping the cursor's record."""
        with self.prevent(Input.Changed):
            self.filter.value = text
        selected = self.selected
        self._apply_filter(selected.id if selected else "")

    def start_filter(self) -> None:
        # At once, not on the next turn: the keys typed next are the filter's text.
        self.screen.set_focus(self.filter)

    def show_record(self, record: Record) -> bool:
        """Put the cursor on `record` (switching tab, clearing a filter that hides it)."""
        if record.kind_name not in KINDS:
            return False
        if record.kind_name != self.kind:
            self.kind = record.kind_name
            with self.prevent(Tabs.TabActivated):
                self.query_one(Tabs).active = f"tab-{self.kind}"
            self._apply_filter(record.id)
        if record.id not in self._position and self.filter.value:
            with self.prevent(Input.Changed):
                self.filter.value = ""
            self._apply_filter(record.id)
        position = self._position.get(record.id)
        if position is None:
            return False
        self.list.move_cursor(position, announce=False, center=True)
        return True
