"""Checks that need the whole dossier: duplicate ids, references, cycles, archived texts."""

from __future__ import annotations

import re
from pathlib import Path

from dossier.load.evidence_checks import check_evidence
from dossier.model.problems import ERROR, WARNING, Problem, circle_problem
from dossier.model.records import Dossier, Lab, Model, Record
from dossier.model.suggest import closest
from dossier.model.text import nfc
from dossier.read.convert import PendingRef


def check_dossier(
    root: Path, dossier: Dossier, refs: list[PendingRef], failed: dict[str, str] | None = None,
    waiting: dict[str, int] | None = None,
) -> list[Problem]:  # fmt: skip
    """`failed`: ids that a file which could not be read may define (id → that file):
    references to them are not reported but counted per file in `waiting`."""
    problems = check_references(dossier, refs, failed or {}, waiting if waiting is not None else {})
    problems += check_cycles(dossier.labs, "parent", "part of")
    problems += check_cycles(dossier.models, "family", "in the family of")
    problems += check_archives(root, dossier)
    problems += check_dates(dossier)
    problems += check_evidence(dossier)
    return problems


def check_references(
    dossier: Dossier, refs: list[PendingRef], failed: dict[str, str] | None = None,
    waiting: dict[str, int] | None = None,
) -> list[Problem]:  # fmt: skip
    problems = []
    by_id = dossier.by_id
    suggest = _Suggester(dossier)
    failed = failed or {}
    for ref in refs:
        target = by_id.get(ref.target)
        loc = ref.loc
        if target is None and ref.target in failed:
            # Its file could not be read: that file's error is the one to fix.
            if waiting is not None:
                waiting[failed[ref.target]] = waiting.get(failed[ref.target], 0) + 1
        elif target is None:
            expected = " or ".join(ref.kinds) if ref.kinds else "record"
            problems.append(
                Problem(
                    loc.file, loc.line, loc.column, ERROR,
                    f"unknown {expected} '{ref.target}' in {ref.field}",
                    suggest(ref),
                )
            )  # fmt: skip
        elif ref.kinds and target.kind_name not in ref.kinds:
            expected = " or ".join(ref.kinds)
            problems.append(
                Problem(
                    loc.file, loc.line, loc.column, ERROR,
                    f"'{ref.target}' in {ref.field} is {_a(target.kind_name)}, expected {_a(expected)}",
                    f"{ref.target} is defined at {target.loc}",
                )
            )  # fmt: skip
        elif ref.target == ref.source_id:
            problems.append(
                Problem(loc.file, loc.line, loc.column, ERROR, f"'{ref.target}' refers to itself in {ref.field}")
            )
    return problems


class _Suggester:
    """Did-you-mean hints for unknown references, within a fixed budget of comparisons.

    Each hint compares the unknown id with every candidate; a hostile file of 30,000
    dangling references in a dossier of 30,000 ids would otherwise take half an hour.
    """

    BUDGET = 1_000_000  # candidate comparisons for all hints together (about a second)

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.candidates: dict[tuple[str, ...], list[str]] = {}
        self.hints: dict[tuple[str, tuple[str, ...]], str] = {}
        self.spent = 0

    def __call__(self, ref: PendingRef) -> str:
        key = (ref.target, ref.kinds)
        if key not in self.hints:
            self.hints[key] = self._hint(ref)
        return self.hints[key]

    def _hint(self, ref: PendingRef) -> str:
        candidates = self.candidates.get(ref.kinds)
        if candidates is None:
            candidates = [r.id for r in self.dossier.by_id.values() if not ref.kinds or r.kind_name in ref.kinds]
            self.candidates[ref.kinds] = candidates
        self.spent += len(candidates)
        if self.spent > self.BUDGET:
            return ""
        guess = closest(ref.target, candidates)
        if not guess:
            # `lecun` for `yann-lecun`: a whole word of the id.
            word = re.compile(rf"(^|-){re.escape(ref.target)}($|-)")
            guess = next((c for c in candidates if word.search(c)), "")
        return f"did you mean '{guess}'?" if guess else ""


def duplicate_problems(duplicates: dict[str, list[Record]]) -> list[Problem]:
    """An error at every place an id is used more than once: the first (which the dossier
    keeps) names the others, each other names the first and says it is left out."""
    problems = []
    for record_id, records in duplicates.items():
        first, others = records[0], records[1:]
        places = ", ".join(f"the {r.kind_name} at {r.loc}" for r in others)
        loc = first.loc
        problems.append(
            Problem(loc.file, loc.line, loc.column, ERROR, f"duplicate id '{record_id}'", f"also used by {places}")
        )
        for record in others:
            loc = record.loc
            problems.append(
                Problem(
                    loc.file, loc.line, loc.column, ERROR, f"duplicate id '{record_id}'",
                    f"already used by the {first.kind_name} at {first.loc}; this {record.kind_name} is left out",
                )
            )  # fmt: skip
    return problems


def check_cycles(records, field_name: str, relation: str) -> list[Problem]:
    """A `parent` or `family` chain that comes back to where it started.

    Each record is walked once (linear even for a hostile chain of 100,000 labs); a
    cycle is reported once, at its member that comes first, as the chain from there.
    """
    by_id = {r.id: r for r in records}
    order = {r.id: number for number, r in enumerate(records)}
    on_path, done = 1, 2
    state: dict[str, int] = {}
    cycles: list[list[str]] = []
    for record in records:
        path: list[str] = []
        current: Lab | Model | None = record
        while current is not None and current.id not in state:
            state[current.id] = on_path
            path.append(current.id)
            nxt = getattr(current, field_name)
            current = by_id.get(nxt) if nxt else None
        if current is not None and state[current.id] == on_path:
            cycle = path[path.index(current.id) :]
            if len(cycle) > 1:  # a record naming itself is reported with the references
                cycles.append(cycle)
        for record_id in path:
            state[record_id] = done
    return [
        circle_problem(cycle, order, by_id, field_name, f"a record cannot be {relation} itself") for cycle in cycles
    ]


def check_dates(dossier: Dossier) -> list[Problem]:
    problems = []
    for lab in dossier.labs:
        if lab.founded and lab.dissolved and lab.dissolved.latest < lab.founded.earliest:
            loc = lab.loc
            problems.append(
                Problem(loc.file, loc.line, loc.column, ERROR,
                        f"lab '{lab.id}' is dissolved ({lab.dissolved.display()}) before it is founded "
                        f"({lab.founded.display()})")
            )  # fmt: skip
    return problems


_SPACE = re.compile(r"\s+")
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024  # an article's text is a few hundred kB


def _squash(text: str) -> str:
    return _SPACE.sub(" ", nfc(text)).strip()


def check_archives(root: Path, dossier: Dossier) -> list[Problem]:
    """Every quote of a source with an archived `text` must be found in that text."""
    problems = []
    resolved_root = root.resolve()
    for source in dossier.sources:
        if not source.text:
            continue
        loc = source.loc
        path = (root / source.text).resolve()
        if not path.is_relative_to(resolved_root):
            problems.append(
                Problem(loc.file, loc.line, loc.column, ERROR,
                        f"`text` of '{source.id}' points outside the dossier folder: {source.text}")
            )  # fmt: skip
            continue
        try:
            if path.exists() and not path.is_file():  # a folder, or a pipe that would block the read
                raise OSError(0, "not a regular file")
            if path.exists() and path.stat().st_size > MAX_ARCHIVE_BYTES:
                raise OSError(0, f"over the {MAX_ARCHIVE_BYTES // (1024 * 1024)} MiB limit; its quotes are not checked")
            archived = _squash(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            problems.append(
                Problem(loc.file, loc.line, loc.column, WARNING,
                        f"cannot read the archived text {source.text}: {reason}")
            )  # fmt: skip
            continue
        for quote in source.quotes:
            if _squash(quote.text) not in archived:
                q = quote.loc
                problems.append(
                    Problem(q.file, q.line, q.column, ERROR,
                            f"quote '{quote.id}' is not found in {source.text}",
                            "a quote must be copied verbatim from its source")
                )  # fmt: skip
    return problems


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun
