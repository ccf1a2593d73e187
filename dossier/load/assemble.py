"""Joining every file's result into one `Dossier` and running the checks that need the
whole of it: duplicate ids, references, cycles, archived texts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import compress, repeat
from operator import attrgetter, contains, eq, not_, or_
from pathlib import Path

from dossier.load.checks import check_dossier, duplicate_problems
from dossier.load.failed import failed_files, ids_of_failed, note_waiting
from dossier.model.problems import HasProblems, Problem, sort_key
from dossier.model.records import Dossier, Loc, Record
from dossier.read.convert import PendingRef
from dossier.read.file import FileResult, tested_groups, unpack_columns


def _failing_refs(file: str, blob: bytes, named: _Named) -> list[PendingRef]:
    """The references of one file (its packed columns, see `pack_refs`) that
    `check_references` would report, and only those.

    A dossier of 100,000 quotes has 600,000 references and almost all resolve: each
    file's pass, one group of targets at a time, if the ids of the kinds the group may
    name are a superset of it and no reference names its own source. Only a file where
    some do not is tested reference by reference, and only those that fail are turned
    back into PendingRef objects, from the file's other columns: a target that names no
    record, or a record of a kind the field does not allow, or the very record that
    refers to it.
    """
    kinds_of, groups, names_own_source = tested_groups(blob)
    if not names_own_source and all(map(_holds, map(named.ids, kinds_of), groups)):
        return []
    targets, kinds, fields, backlinks, sources, lines, places = unpack_columns(blob)
    kind_of, any_kind = named.kind_of()
    found = map(kind_of.get, targets, repeat(_NO_KIND))
    allowed = map(any_kind.get, kinds, kinds)  # () allows every kind
    fine = map(contains, allowed, found)
    failing = list(compress(range(len(targets)), map(or_, map(not_, fine), map(eq, targets, sources))))
    return [
        PendingRef(targets[i], kinds[i], fields[i], backlinks[i], sources[i], Loc(file, lines[i], places[i]))
        for i in failing
    ]


_holds = frozenset.issuperset


class _Named:
    """The ids a reference may name, by the kinds its field allows: each set made once,
    when a file first asks for it."""

    def __init__(self, by_id: dict[str, Record], lists: dict[str, list]):
        self.by_id = by_id
        self.lists = lists  # the records of each kind but quotes, those `by_id` keeps
        self.of_kinds: dict[tuple, frozenset] = {}
        self.of_kind: dict[str, frozenset] = {}
        self.kinds: tuple | None = None

    def ids(self, kinds: tuple[str, ...]) -> frozenset:
        found = self.of_kinds.get(kinds)
        if found is None:
            if not kinds:  # any kind
                found = frozenset(self.by_id)
            else:
                found = frozenset().union(*map(self._of_kind, kinds))
            self.of_kinds[kinds] = found
        return found

    def _of_kind(self, kind: str) -> frozenset:
        found = self.of_kind.get(kind)
        if found is None:
            records = self.lists.get(kind)
            if records is None:  # quotes, or a kind no record has
                found = frozenset(i for i, record in self.by_id.items() if record.kind_name == kind)
            else:
                found = frozenset(map(_ID, records))
            self.of_kind[kind] = found
        return found

    def kind_of(self) -> tuple[dict[str, str], dict]:
        """({id: kind}, {(): every kind}): for testing reference by reference."""
        if self.kinds is None:
            kind_of = dict(zip(self.by_id, map(_KIND_NAME, self.by_id.values()), strict=True))
            self.kinds = (kind_of, {(): frozenset(kind_of.values())})
        return self.kinds


_NO_KIND = "\0"  # the kind of a target that names no record: in no field's kinds
_ID = attrgetter("id")
_KIND_NAME = attrgetter("kind_name")
_EMPTY_LISTS = ("person", "lab", "model", "event", "source")


def _event_order(event) -> tuple:
    return event.date.sort_key


def records_in_order(results: dict[str, FileResult]) -> list[Record]:
    """Every record of `results` in the order `by_id` holds them when no id is used
    twice: file by file, a source followed by its quotes; in C but for the sources."""
    order: list[Record] = []
    for result in results.values():
        records = result.records
        if records and records[0].kind_name == "source":
            for record in records:
                order.append(record)
                order.extend(record.quotes)
        else:
            order.extend(records)
    return order


def joined_ids(results: dict[str, FileResult]) -> dict[str, Record]:
    """The `by_id` that `assemble` makes of `results`."""
    joined = _join_unique(results)
    return (joined if joined is not None else _join(results))[0]


def _join_unique(results: dict[str, FileResult]):
    """`_join` for a dossier whose ids are all unique, as nearly every one is: its
    records in file order, a source followed by its quotes, made into `by_id` in one
    call in C rather than tested one record at a time; None when some id is used twice
    (or a file mixes kinds), for `_join` to say where."""

    lists: dict[str, list] = {kind: [] for kind in _EMPTY_LISTS}
    for result in results.values():
        records = result.records
        if not records:
            continue
        if len(set(map(type, records))) != 1:  # a file holds one kind; else the careful way
            return None
        lists[records[0].kind_name].extend(records)
    order = records_in_order(results)
    by_id = dict(zip(map(_ID, order), order, strict=True))
    if len(by_id) != len(order):
        return None
    return by_id, lists, {}


def _join(results: dict[str, FileResult]):
    """(by_id, records by kind, duplicates) from every file's records, in file order:
    the first record of an id is kept, every other is a duplicate (its quotes with it)."""

    by_id: dict[str, Record] = {}
    lists: dict[str, list] = {kind: [] for kind in _EMPTY_LISTS}
    duplicates: dict[str, list[Record]] = {}  # id → every record that claims it, the kept one first
    for result in results.values():
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
    return by_id, lists, duplicates


@dataclass
class LoadResult(HasProblems):
    dossier: Dossier
    problems: list[Problem]
    files: dict[str, FileResult] = field(default_factory=dict)
    # {path: the stamp of its cache entry} for the files whose result left its packed
    # references in the cache (`ref_blob` None; see `dossier.load.loader`).
    refs_in_cache: dict[str, bytes] = field(default_factory=dict)


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
    refs: list[PendingRef] = []
    packed: list[tuple[str, bytes]] = []
    in_cache = ""
    for result in results.values():
        problems.extend(result.problems)
        refs.extend(result.refs)
        if result.ref_blob is None:  # left in the cache (see `LoadResult.refs_in_cache`)
            in_cache = result.path
        elif result.ref_blob:
            packed.append((result.path, result.ref_blob))
    joined = _join_unique(results)
    by_id, lists, duplicates = joined if joined is not None else _join(results)
    events = lists["event"]
    events.sort(key=_event_order)
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
    if in_cache:  # never checked as if it had no references
        raise ValueError(f"{in_cache}: its references are in the cache; read them back first")
    if packed:
        named = _Named(by_id, lists)
        for file, blob in packed:
            refs.extend(_failing_refs(file, blob, named))
    problems.extend(duplicate_problems(duplicates))
    failed = failed_files(results)
    waiting: dict[str, int] = {}
    problems.extend(check_dossier(root, dossier, refs, ids_of_failed(root, failed) if failed else None, waiting))
    if waiting:
        problems = note_waiting(problems, waiting)
    problems.sort(key=sort_key)
    return LoadResult(dossier, problems, results)
