"""`e`: every problem of the dossier at its file:line, as `validate` prints them."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from dossier.index.index import Index
from dossier.model.problems import Problem
from dossier.model.records import Record
from dossier.model.text import one_line

from ..widgets.line_list import LineList


class ProblemList(LineList):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problems: list[Problem] = []

    def render_row(self, index: int, width: int) -> Text:
        problem = self.problems[index]
        color = "red" if problem.is_error else "yellow"
        text = Text(one_line(problem.where), Style(bold=True))
        text.append(f" {problem.severity}: ", Style(color=color, bold=True))
        text.append(one_line(problem.message))
        if problem.hint:
            text.append(f" ({one_line(problem.hint)})", self.style_of("line-list--dim"))
        return text


class ErrorsScreen(ModalScreen[str | None]):
    """Enter on a problem opens the record defined where it was found."""

    BINDINGS = [Binding("escape,e,q", "dismiss_none", "Close", id="errors.close")]
    is_errors_screen = True

    def __init__(self, problems: list[Problem], root: Path, index: Index | None = None) -> None:
        super().__init__()
        self.initial = problems
        self.root = root
        self.index = index

    def compose(self) -> ComposeResult:
        with Vertical(id="errors-box", classes="dialog"):
            yield Static(id="errors-title", markup=False)
            yield ProblemList(id="errors-list")

    def on_mount(self) -> None:
        self.set_problems(self.initial)
        self.query_one(ProblemList).focus()

    def set_problems(self, problems: list[Problem]) -> None:
        errors = sum(p.is_error for p in problems)
        title = f"Problems in {one_line(str(self.root))}: {errors} errors, {len(problems) - errors} warnings"
        if not problems:
            title += " — all clear"
        self.query_one("#errors-title", Static).update(Text(title + "  (esc closes)"))
        listing = self.query_one(ProblemList)
        listing.problems = list(problems)
        listing.set_row_count(len(problems))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    @on(LineList.Highlighted)
    def _moved(self, message: LineList.Highlighted) -> None:
        message.stop()

    @on(LineList.Selected)
    def _open(self, message: LineList.Selected) -> None:
        message.stop()
        problems = self.query_one(ProblemList).problems
        if self.index is None or not 0 <= message.index < len(problems):
            return
        record = record_at(self.index, problems[message.index])
        if record is None:
            self.notify("No record was read from there.", timeout=2)
        else:
            self.dismiss(record.id)

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.query_one(ProblemList).problems]


def record_at(index: Index, problem: Problem) -> Record | None:
    """The record of the problem's file that starts nearest above its line."""
    best: Record | None = None
    for record in index.dossier.by_id.values():
        if record.loc.file == problem.file and record.loc.line <= max(problem.line, 1):
            if best is None or record.loc.line > best.loc.line:
                best = record
    return best
