"""`e`: every problem of the dossier at its file:line, as `validate` prints them."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from dossier.problems import Problem
from dossier.text import one_line

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


class ErrorsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,e,q", "dismiss", "Close", id="errors.close")]
    is_errors_screen = True

    def __init__(self, problems: list[Problem], root: Path) -> None:
        super().__init__()
        self.initial = problems
        self.root = root

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

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.query_one(ProblemList).problems]
