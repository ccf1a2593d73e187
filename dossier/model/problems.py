"""The one Problem type every check reports, and its one-line rendering."""

from __future__ import annotations

from dataclasses import asdict

from dossier.model.frozen import plain_record
from dossier.model.text import one_line, visible

ERROR = "error"
WARNING = "warning"


def circle_problem(cycle: list[str], order: dict[str, int], by_id, field: str, hint: str) -> Problem:
    """A chain of `field` that comes back to where it started, as one error at the member
    that comes first in the dossier, the chain read from there."""
    first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
    chain = cycle[first:] + cycle[:first]
    loc = by_id[chain[0]].loc
    message = f"`{field}` goes round in a circle: {' → '.join([*chain, chain[0]])}"
    return Problem(loc.file, loc.line, loc.column, ERROR, message, hint)


class HasProblems:
    """`errors` and `warnings` of anything holding a `problems` list (a load, a check)."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


# Slotted, and its texts one string for every problem that holds the same: a large
# dossier's warnings are tens of thousands (half of them the same message as another),
# each kept by its file's result for as long as the app runs (a dict and four copied
# strings each, without).
@plain_record(shared=("file", "severity", "message", "hint"), whole=("line",))
class Problem:
    file: str  # relative to the dossier folder
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    severity: str  # "error" or "warning"
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def where(self) -> str:
        # A newline in a file name must not start what looks like another problem.
        file = visible(self.file, keep_newlines=False)
        if self.line:
            return f"{file}:{self.line}:{self.column or 1}"
        return file

    def __str__(self) -> str:
        """`people/ada.yaml:3:10: error: unknown lab 'labx' (did you mean 'lab-x'?)`

        The compiler format editors and CI understand. Control characters in file
        names or messages are shown as escapes, never sent to the terminal.
        """
        text = f"{self.where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return one_line(text)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def sort_key(problem: Problem) -> tuple[str, int, int]:
    return (problem.file, problem.line, problem.column)
