"""Weighing the evidence: `E` chooses the evidence filter, `c` lists every conflict.

The conflicts dialog shows each thing sources disagree on (14 vs 14.3 billion dollars
for Scale AI) with every value side by side, each with its sources and what they
weigh; neither silently wins. Enter opens the event, whose profile links each source;
1, 2 (3) open the source of the first, second (third) value.
"""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dossier.index.index import Index
from dossier.index.strength import Conflict
from dossier.model.text import one_line

from ..evidence_filter import CHOICES, EvidenceFilter, choice_label

DIM = Style(dim=True)


class EvidenceFilterScreen(ModalScreen[EvidenceFilter | None]):
    BINDINGS = [Binding("escape,q", "dismiss_none", "Close", id="evidence.close")]

    def __init__(self, current: EvidenceFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="evidence-box", classes="dialog"):
            yield Static("Evidence filter · the people, timeline and quotes panes follow it · "
                         "enter chooses · esc closes", markup=False)  # fmt: skip
            marks = ["● " if choice == self.current else "  " for choice in CHOICES]
            yield OptionList(*(Option(Text(mark + choice_label(choice))) for mark, choice in zip(marks, CHOICES, strict=True)),
                             id="evidence-choices")  # fmt: skip

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = CHOICES.index(self.current) if self.current in CHOICES else 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.dismiss(CHOICES[message.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def conflict_view(index: Index, conflict: Conflict) -> Group:
    """One conflict: the event and what is disputed, then one column per value."""
    heading = Text(one_line(index.label(conflict.event.id)), Style(bold=True))
    heading.append(f" · {one_line(conflict.what)}", DIM)
    table = Table(box=None, expand=True, show_header=False, padding=(0, 2, 0, 0))
    for _ in conflict.sides:
        table.add_column(ratio=1)
    cells = []
    for side in conflict.sides:
        cell = Text(one_line(side.figure.value), Style(bold=True))
        for source_id in side.figure.sources:
            cell.append("\n  " + one_line(index.label(source_id) if index.get(source_id) else source_id))
        cell.append(f"\n  {side.evidence.strength}", DIM)
        if side.figure.note:
            cell.append("\n  " + one_line(side.figure.note), DIM)
        cells.append(cell)
    table.add_row(*cells)
    return Group(heading, table, Text(""))


class ConflictsScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape,q,c", "dismiss_none", "Close", id="conflicts.close"),
        Binding("1", "open_side(0)", "Open the first value's source", id="conflicts.first-source"),
        Binding("2", "open_side(1)", "Open the second value's source", id="conflicts.second-source"),
        Binding("3", "open_side(2)", "Open the third value's source", id="conflicts.third-source"),
    ]

    def __init__(self, index: Index) -> None:
        super().__init__()
        self.index = index
        self.conflicts = index.evidence.conflicts()

    def compose(self) -> ComposeResult:
        count = len(self.conflicts)
        with Vertical(id="conflicts-box", classes="dialog"):
            yield Static(
                f"Conflicts · {count:,} where sources disagree · enter opens the event · esc closes", markup=False
            )
            yield OptionList(*(Option(conflict_view(self.index, c)) for c in self.conflicts), id="conflicts-list")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.focus()
        if self.conflicts:
            listing.highlighted = 0
        else:
            self.notify("No conflict: no two sources give different values for one thing.", timeout=3)

    @on(OptionList.OptionSelected)
    def _open(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.dismiss(self.conflicts[message.option_index].event.id)

    def action_open_side(self, number: int) -> None:
        """Open the (first) source of the highlighted conflict's value `number`."""
        at = self.query_one(OptionList).highlighted
        sides = self.conflicts[at].sides if at is not None and at < len(self.conflicts) else ()
        sources = [s for s in sides[number].figure.sources if self.index.get(s)] if number < len(sides) else []
        if sources:
            self.dismiss(sources[0])
        else:
            self.notify("No such value, or it names no source of this dossier.", severity="warning", timeout=2)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
