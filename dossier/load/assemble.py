"""Joining every file's result into one `Dossier` and running the checks that need the
whole of it: duplicate ids, references, cycles, archived texts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from dossier.load.checks import check_dossier, duplicate_problems
from dossier.load.failed import failed_files, ids_of_failed, note_waiting
from dossier.model.problems import HasProblems, Problem, sort_key
from dossier.model.records import Dossier, Loc, Record
from dossier.read.convert import PendingRef
from dossier.read.file import FileResult, unpack_refs


def _failing_refs(rows, by_id: dict) -> list[PendingRef]:
    """The references among `rows` that `check_references` would report, and only those.

    A dossier of 100,000 quotes has half a million references and almost all resolve;
    only the few that do not are worth turning back into PendingRef objects.
    """
    failing = []
    get = by_id.get
    for row in rows:
        target = get(row[0])
        if target is None or (row[1] and target.kind_name not in row[1]) or row[0] == row[4]:
            failing.append(PendingRef(*row[:5], Loc(*row[5:])))
    return failing


@dataclass
class LoadResult(HasProblems):
    dossier: Dossier
    problems: list[Problem]
    files: dict[str, FileResult] = field(default_factory=dict)


def assemble(
    root: Path,
    results: dict[str, FileResult],
    layout_problems=(),
    *,
    known_problems: list[Problem] | None = None,
    incoming: tuple | None = None,
) -> LoadResult:
    """Join per-file results and run the checks that need the whole dossier.

    `known_problems`: every problem of this very dossier, from the verdict of an earlier
    check of the same files; the whole-dossier checks are then not run again.
    """

    problems: list[Problem] = list(layout_problems)
    by_id: dict[str, Record] = {}
    lists: dict[str, list] = {"person": [], "lab": [], "model": [], "event": [], "source": []}
    refs: list[PendingRef] = []
    packed: list[bytes] = []
    duplicates: dict[str, list[Record]] = {}  # id → every record that claims it, the kept one first
    for result in results.values():
        problems.extend(result.problems)
        refs.extend(result.refs)
        if result.ref_blob:
            packed.append(result.ref_blob)
        for record in result.records:
            first = by_id.get(record.id)
            if first is not None:
                duplicates.setdefault(record.id, [first]).append(record)
                continue  # its quotes go with it: reported, never silently
            quotes = getattr(record, "quotes", ())
            if quotes:
                own: dict[str, Record] = {record.id: record}
                kept = []
                for quote in quotes:
                    # Against the dossier so far, its source and the source's earlier quotes.
                    first = by_id.get(quote.id) or own.get(quote.id)
                    if first is not None:
                        duplicates.setdefault(quote.id, [first]).append(quote)
                    else:
                        own[quote.id] = quote
                        kept.append(quote)
                if len(kept) != len(quotes):
                    record = replace(record, quotes=tuple(kept))
                by_id[record.id] = record
                for quote in kept:
                    by_id[quote.id] = quote
            else:
                by_id[record.id] = record
            lists[record.kind_name].append(record)
    lists["event"].sort(key=lambda e: e.date.sort_key)
    dossier = Dossier(
        root=str(root),
        people=tuple(lists["person"]),
        labs=tuple(lists["lab"]),
        models=tuple(lists["model"]),
        events=tuple(lists["event"]),
        sources=tuple(lists["source"]),
        by_id=by_id,
        incoming=incoming,
    )
    if known_problems is not None:
        return LoadResult(dossier, list(known_problems), results)
    for blob in packed:
        refs.extend(_failing_refs(unpack_refs(blob), by_id))
    problems.extend(duplicate_problems(duplicates))
    failed = failed_files(results)
    waiting: dict[str, int] = {}
    problems.extend(check_dossier(root, dossier, refs, ids_of_failed(root, failed) if failed else None, waiting))
    if waiting:
        problems = note_waiting(problems, waiting)
    problems.sort(key=sort_key)
    return LoadResult(dossier, problems, results)
