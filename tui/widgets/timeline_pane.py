"""The timeline pane: a per-month density strip over every event, grouped by year.

The events of the record in focus are brought forward: highlighted in place, or
with `f` the only ones listed. The strip marks their months too.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import Static

from dossier.index.density import month_counts
from dossier.index.index import Index
from dossier.model.records import Event

from ..evidence_filter import OFF, EvidenceFilter
from ..lines import event_line
from .line_list import LineList
from .quotes_pane import same_records
from .strips import text_strip

BARS = " ▁▂▃▄▅▆▇█"
DATE_WIDTH = 13  # "~ autumn 2025"
BAR = Style(color="cyan")
MARKED_BAR = Style(color="yellow", bold=True)  # months of the focus record's events


def _date_order(event: Event):
    return event.date.sort_key


class EventList(LineList):
    """Year headings and events; the cursor skips the headings."""

    def __init__(self, index: Index, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.rows: list[Event | int] = []
        self.events: Sequence[Event] = ()
        # Year headings above each event's row. An event's row is found by its date's
        # place among `events` (sorted by it) plus the headings above: a dict of ids to
        # rows held 3.7 MB at 50,000 events, these 4 bytes an event.
        self.headings_above = array("I")
        self.highlighted: set[str] = set()
        self.date_width = DATE_WIDTH

    def set_events(self, events: Sequence[Event], keep: str = "") -> None:
        """List `events`, which are in date order (`PartialDate.sort_key`), under year headings."""
        rows: list[Event | int] = []
        headings = array("I")
        year = None
        for event in events:
            if event.date.year != year:
                year = event.date.year
                rows.append(year)
            headings.append(len(rows) - len(headings))
            rows.append(event)
        self.rows = rows
        self.events = events
        self.headings_above = headings
        # As wide as the widest date shown, so titles line up without wasting columns.
        self.date_width = max((len(e.date.display()) for e in events), default=4)
        row = self.row_of(keep) if keep else None
        self.set_row_count(len(rows), row if row is not None else (1 if rows else 0))

    def row_of(self, event_id: str) -> int | None:
        """The row of the event `event_id`, or None when it is not listed."""
        event = self.index.get(event_id)
        if not isinstance(event, Event):
            return None
        events = self.events
        key = event.date.sort_key
        at = bisect_left(events, key, key=_date_order)
        while at < len(events) and _date_order(events[at]) == key:
            if events[at] is event:
                return at + self.headings_above[at]
            at += 1
        return None

    def can_select(self, index: int) -> bool:
        return isinstance(self.rows[index], Event)

    def render_row(self, index: int, width: int) -> Text:
        row = self.rows[index]
        if isinstance(row, int):
            return Text(f"── {row} " + "─" * max(0, width - 9), self.style_of("line-list--heading"))
        text = event_line(self.index, row, self.style_of("line-list--dim"), self.date_width)
        if row.id in self.highlighted:
            text.stylize(self.style_of("line-list--highlight"), self.date_width + 2)
            text = Text("▶ ", self.style_of("line-list--highlight")) + text
        else:
            text = Text("  ") + text
        return text

    def record_at(self, index: int) -> Event | None:
        row = self.rows[index] if 0 <= index < len(self.rows) else None
        return row if isinstance(row, Event) else None

    @property
    def selected(self) -> Event | None:
        if 0 <= self.cursor < len(self.rows):
            row = self.rows[self.cursor]
            return row if isinstance(row, Event) else None
        return None


class DensityStrip(Static):
    """One character per month (bucketed when the span is wider than the pane)."""

    DEFAULT_CSS = "DensityStrip { height: 2; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.counts: list[tuple[tuple[int, int], int]] = []
        self.marked: set[tuple[int, int]] = set()
        self._bars_for: int | None = None  # the width the bars were computed for
        self._bars_cache: tuple[str, list[frozenset[tuple[int, int]]]] = ("", [])

    def set_data(self, counts: list[tuple[tuple[int, int], int]], marked: set[tuple[int, int]]) -> None:
        if counts is not self.counts:
            self._bars_for = None  # new data: the bars are computed again
        self.counts, self.marked = counts, marked
        self.refresh()

    def render_line(self, y: int) -> Strip:
        # Two lines drawn directly: the strip changes with every focus record, and
        # Static's way (Text to Content to strips, for the whole widget) costs more.
        width = self.content_size.width
        lines = self.render().split("\n")
        text = lines[y] if 0 <= y < len(lines) else Text()
        text.truncate(width)
        base = self.rich_style
        strip = text_strip(text, text.cell_len, base, y, self.app.console)
        # Padded as Static pads: the background alone.
        return strip.extend_cell_length(width, Style(bgcolor=base.bgcolor))

    def render(self) -> Text:
        width = max(1, self.size.width)
        if not self.counts:
            return Text("no dated events", Style(dim=True))
        bars, months = self._bars(width)
        # One span per run of bars alike, not one per character: the strip is redrawn
        # whenever the focus record changes, and every span costs when drawn.
        strip = Text()
        run, run_marked = "", False
        for bar, bucket in zip(bars, months, strict=True):
            marked = not self.marked.isdisjoint(bucket)
            if marked != run_marked and run:
                strip.append(run, MARKED_BAR if run_marked else BAR)
                run = ""
            run, run_marked = run + bar, marked
        if run:
            strip.append(run, MARKED_BAR if run_marked else BAR)
        first, last = self.counts[0][0], self.counts[-1][0]
        start, end = f"{first[0]}-{first[1]:02d}", f"{last[0]}-{last[1]:02d}"
        gap = max(1, len(bars) - len(start) - len(end))
        legend = start + " " * gap + end
        return strip + Text("\n") + Text(legend, Style(dim=True))

    def _bars(self, width: int) -> tuple[str, list[frozenset[tuple[int, int]]]]:
        """The bar of each character and the months it stands for (computed once per width)."""
        if self._bars_for != width:
            per = max(1, -(-len(self.counts) // width))  # months per character
            buckets = [self.counts[n : n + per] for n in range(0, len(self.counts), per)]
            totals = [sum(c for _, c in bucket) for bucket in buckets]
            top = max(totals) or 1
            bars = "".join(
                BARS[0] if total == 0 else BARS[max(1, round(total / top * (len(BARS) - 1)))] for total in totals
            )
            self._bars_cache = (bars, [frozenset(month for month, _ in bucket) for bucket in buckets])
            self._bars_for = width
        return self._bars_cache


class TimelinePane(Vertical):
    BINDINGS = [
        Binding("f", "toggle_only", "Only these", id="timeline.only-focus"),
    ]

    def __init__(self, index: Index, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.only_focus = False
        self.focus_events: list[Event] = []
        self.focus_label = ""
        self._brought_forward = False  # until the first call, and again after new data
        self.evidence_filter: EvidenceFilter = OFF

    def compose(self) -> ComposeResult:
        yield Static("Timeline", id="timeline-title", classes="pane-title", markup=False)
        yield DensityStrip(id="density")
        yield EventList(self.index, id="timeline-list")

    @property
    def list(self) -> EventList:
        return self.query_one("#timeline-list", EventList)

    def set_index(self, index: Index) -> None:
        self.index = index
        self.list.index = index
        self._counts = month_counts(index.dossier.events)
        self._brought_forward = False
        self._refill()

    def bring_forward(self, events: list[Event], label: str) -> None:
        """Highlight (or with the toggle, list only) these events: the focus record's."""
        events = list(self.evidence_filter.keep(self.index, events))
        same = self._brought_forward and same_records(events, self.focus_events) and label == self.focus_label
        self._brought_forward = True
        self.focus_events = events
        self.focus_label = label
        if not same:  # else the record the cursor already shows was opened: rows stay as drawn
            self.list.highlighted = {e.id for e in events}
            if self.only_focus:
                self._refill()
            else:
                self.list.redraw()
        row = self.list.row_of(events[0].id) if not self.only_focus and events else None
        if row is not None:
            self.list.move_cursor(row, announce=False, center=True)
        if not same:
            self._title()
            self.query_one(DensityStrip).set_data(self._counts, {e.date.month_key for e in events})

    def _refill(self) -> None:
        selected = self.list.selected
        events = (
            self.focus_events if self.only_focus else self.evidence_filter.keep(self.index, self.index.dossier.events)
        )
        self.list.set_events(events, selected.id if selected else (events[0].id if events else ""))
        self._title()

    def _title(self) -> None:
        total = len(self.index.dossier.events)
        mode = "only" if self.only_focus else "highlighted"
        kept = len(self.evidence_filter.keep(self.index, self.index.dossier.events))
        text = f"Timeline · {total:,} events" if kept == total else f"Timeline · {kept:,} of {total:,} events"
        if self.focus_label and self.focus_events:
            text += f" · {len(self.focus_events):,} {mode}: {self.focus_label}"
        elif self.focus_label:
            text += f" · none involve {self.focus_label}"
        self.query_one("#timeline-title", Static).update(Text(text), layout=False)

    def set_evidence_filter(self, evidence_filter: EvidenceFilter) -> None:
        self.evidence_filter = evidence_filter
        self._brought_forward = False  # the focus record's events are thinned out too
        self._refill()

    def action_toggle_only(self) -> None:
        self.only_focus = not self.only_focus
        self._refill()
        self.list.focus()

    def show_event(self, event_id: str) -> None:
        row = self.list.row_of(event_id)
        if row is None and self.only_focus:
            self.only_focus = False
            self._refill()
            row = self.list.row_of(event_id)
        if row is not None:
            self.list.move_cursor(row, announce=False, center=True)
