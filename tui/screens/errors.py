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
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dossier.index.index import Index
from dossier.model.problems import Problem
from dossier.model.records import Record
from dossier.model.text import one_line

from ..lines import count_of


def problem_text(problem: Problem) -> Text:
    """A problem as `validate` prints it, its hint after it: wrapped, never cut."""
    color = "red" if problem.is_error else "yellow"
    text = Text(one_line(problem.where), Style(bold=True))
    text.append(f" {problem.severity}: ", Style(color=color, bold=True))
    text.append(one_line(problem.message))
    if problem.hint:
        text.append(f" ({one_line(problem.hint)})", Style(dim=True))
    return text


class ProblemList(OptionList):
    """One option per problem, wrapped to the dialog's width (a long path, message or
    hint is read whole)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.clear_options()
        self.add_options([Option(problem_text(p)) for p in self.problems])
        if self.problems:
            self.highlighted = 0


class ErrorsScreen(ModalScreen[str | None]):
    """Enter on a problem opens the record defined where it was found."""

    BINDINGS = [Binding("escape,e,q", "dismiss_none", "Close", id="errors.close")]

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
        title = f"Problems in {one_line(str(self.root))}: {count_of(errors, 'error')}, {count_of(len(problems) - errors, 'warning')}"
        if not problems:
            title += " — all clear"
        self.query_one("#errors-title", Static).update(Text(title + "  (esc closes)"))
        self.query_one(ProblemList).set_problems(problems)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#errors-list")
    def _open(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        problems = self.query_one(ProblemList).problems
        if self.index is None or not 0 <= message.option_index < len(problems):
            return
        record = record_at(self.index, problems[message.option_index])
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
