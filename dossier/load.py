"""A dossier folder → a `Dossier` plus every `Problem`; never raises on bad input.

Reading is in two steps so that a cache or a file watcher can redo only what changed:
`read_file` turns one file into records, problems and pending references (it depends
on that file alone), and `assemble` joins every file's result and runs the checks
that need the whole dossier: duplicate ids, references, cycles, archived texts.
"""

from __future__ import annotations

import marshal
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from . import schema as S
from .convert import Converter, PendingRef, closest, describe
from .longlived import long_lived
from .model import Dossier, Event, Lab, Loc, Model, Person, Record, Source
from .problems import ERROR, WARNING, Problem, sort_key
from .text import nfc
from .yamlread import MAX_FILE_BYTES, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")
TIMELINE = "timeline"


@dataclass
class FileResult:
    """What one file contributes; a pure function of the file's bytes and path."""

    path: str  # relative to the dossier folder, with forward slashes
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refs: list[PendingRef] = field(default_factory=list)
    # The same references as the cache keeps them: one marshal blob of plain rows (see
    # `ref_rows`), compressed. Restoring a PendingRef and its Loc costs twenty times a
    # tuple, and a dossier of 100,000 quotes holds 600,000 references, nearly all fine;
    # kept as one blob per file they are unpacked only while checked. The app holds them
    # for as long as it runs (a reload checks them again): compressed, 14 MB instead of 42.
    ref_blob: bytes = b""

    def compact(self) -> FileResult:
        """This result with its references packed, the form the cache keeps."""
        from dataclasses import replace

        if not self.refs:
            return self
        return replace(self, refs=[], ref_blob=pack_refs(self.ref_rows()))

    def ref_rows(self) -> tuple[tuple, ...]:
        """Every reference as (target, kinds, field, backlink, source_id, file, line, column)."""
        packed = unpack_refs(self.ref_blob) if self.ref_blob else ()
        return packed + ref_rows(self.refs)


def ref_rows(refs) -> tuple[tuple, ...]:
    return tuple((r.target, r.kinds, r.field, r.backlink, r.source_id, *_loc_row(r.loc)) for r in refs)


def pack_refs(rows: tuple[tuple, ...]) -> bytes:
    # Level 1: a third of the size for a fraction of the time of the stronger levels.
    return zlib.compress(marshal.dumps(rows), 1)


def unpack_refs(blob: bytes) -> tuple[tuple, ...]:
    return marshal.loads(zlib.decompress(blob))


def _loc_row(loc: Loc) -> tuple[str, int, int]:
    return (loc.file, loc.line, loc.column)


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
class LoadResult:
    dossier: Dossier
    problems: list[Problem]
    files: dict[str, FileResult] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


@dataclass(frozen=True)
class DossierFile:
    path: str  # relative, forward slashes
    kind: S.Kind
    many: bool  # a list of records (the timeline) rather than one profile


def discover(root: Path) -> tuple[list[DossierFile], list[Problem]]:
    """The dossier's files in a stable order, and problems with the layout itself."""
    files: list[DossierFile] = []
    problems: list[Problem] = []
    folders = {k.folder: k for k in S.PROFILE_KINDS}
    try:
        top = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as error:
        return [], [Problem(".", 0, 0, ERROR, f"cannot read the dossier folder: {error.strerror or error}")]
    for entry in top:
        name = entry.name
        if name.startswith("."):
            continue
        if name in folders or name == TIMELINE:
            kind = folders.get(name, S.EVENT)
            if not _is_dir(entry):
                problems.append(Problem(name, 0, 0, ERROR, f"`{name}` should be a folder"))
                continue
            files.extend(_folder_files(root, name, kind, many=name == TIMELINE, problems=problems))
        elif name in (TIMELINE + s for s in YAML_SUFFIXES):
            files.append(DossierFile(name, S.EVENT, many=True))
        elif name.endswith(YAML_SUFFIXES):
            stem = name.rsplit(".", 1)[0]
            singular = {k.name: k.folder for k in S.PROFILE_KINDS}
            guess = singular.get(stem) or closest(stem, [*folders, TIMELINE])
            problems.append(
                Problem(
                    _shown_name(name), 0, 0, WARNING, "this file is not part of the dossier and is not read",
                    f"did you mean `{guess}/`?" if guess else "profiles go in people/, labs/, models/, sources/",
                )
            )  # fmt: skip
    return files, problems


def _is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python holds them as lone surrogates)."""
    return name.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in name)


def _shown_name(name: str) -> str:
    """A file name fit to print: bytes that are not UTF-8 as \\xNN escapes."""
    return name if _is_utf8(name) else os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _folder_files(root: Path, folder: str, kind: S.Kind, many: bool, problems: list[Problem]):
    try:
        # By stem, so `model-one.yaml` comes before `model-one-mini.yaml`, as their ids sort.
        entries = sorted(os.scandir(root / folder), key=lambda e: (e.name.rsplit(".", 1)[0], e.name))
    except OSError as error:
        problems.append(Problem(folder, 0, 0, ERROR, f"cannot read this folder: {error.strerror or error}"))
        return []
    found = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(YAML_SUFFIXES):
            continue
        rel = f"{folder}/{entry.name}"
        if not _is_utf8(entry.name):
            problems.append(Problem(_shown_name(rel), 0, 0, ERROR, "file name is not UTF-8; not read", "rename it"))
            continue
        if _is_dir(entry):
            problems.append(Problem(rel, 0, 0, ERROR, "is a folder, expected a YAML file"))
            continue
        found.append(DossierFile(rel, kind, many))
    return found


def read_bytes(root: Path, rel: str) -> tuple[bytes | None, Problem | None]:
    """The file's bytes within the size bound, or the problem that stops reading it."""
    path = root / rel
    try:
        info = path.stat()
        if S_ISDIR(info.st_mode):
            return None, Problem(rel, 0, 0, ERROR, "is a folder, expected a YAML file")
        if not S_ISREG(info.st_mode):  # a pipe or a device would block the read, or never end
            return None, Problem(rel, 0, 0, ERROR, "is not a regular file (a pipe, socket or device); not read")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(
                rel, 0, 0, ERROR,
                f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit per file",
                "split it into several files",
            )  # fmt: skip
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return None, Problem(rel, 0, 0, ERROR, "is a folder, expected a YAML file")
    except OSError as error:
        reason = error.strerror or str(error)
        return None, Problem(rel, 0, 0, ERROR, f"cannot read this file: {reason}")
    if len(data) > MAX_FILE_BYTES:  # it grew while we read it
        return None, Problem(rel, 0, 0, ERROR, f"file is over the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit")
    return data, None


def decode(rel: str, data: bytes) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, Problem(
            rel, line, column, ERROR,
            f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded",
            "save the file as UTF-8",
        )  # fmt: skip


def read_file(root: Path, file: DossierFile) -> FileResult:
    result = FileResult(file.path)
    data, problem = read_bytes(root, file.path)
    if problem is None and data is not None:
        text, problem = decode(file.path, data)
    if problem is not None:
        result.problems.append(problem)
        return result
    return parse_text(file, text or "")


def parse_text(file: DossierFile, text: str) -> FileResult:
    """Records, problems and references from one file's text."""
    result = FileResult(file.path)
    converter = Converter(file.path)
    read = read_yaml(text)
    for issue in read.issues:
        result.problems.append(Problem(file.path, issue.line, issue.column, ERROR, issue.message, issue.hint))
    node = read.node
    if node is None:
        if not read.issues:
            severity = WARNING if file.many else ERROR
            expected = "a list of events" if file.many else f"a {file.kind.name}"
            result.problems.append(Problem(file.path, 0, 0, severity, f"file is empty; expected {expected}"))
        return result
    if file.many:
        if node.kind != "sequence":
            converter.report(node, f"expected a list of {file.kind.plural}, got {describe(node)}")
        else:
            for item in node.value:
                record = converter.record(item, file.kind)
                if record is not None:
                    result.records.append(record)
    else:
        stem = nfc(file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        record = converter.record(node, file.kind, default_id=stem)
        if record is not None:
            if record.id != stem:
                converter.report(
                    node,
                    f"id '{record.id}' differs from the file name '{stem}'",
                    f"rename the file to {record.id}.yaml, or drop `id:`",
                    severity=WARNING,
                )
            result.records.append(record)
    result.problems.extend(converter.problems)
    if converter.ref_rows:
        result.ref_blob = pack_refs(tuple(converter.ref_rows))
    return result


Progress = Callable[[int, int], None]


def load_dossier(
    root: str | os.PathLike,
    *,
    cache: bool = True,
    progress: Progress | None = None,
    workers: int | None = None,
) -> LoadResult:
    """Read and check the dossier folder at `root`.

    With `cache` (the default), files unchanged since an earlier load come from
    `dossier.cache` in the user's cache directory instead of being parsed again.

    `progress(done_files, total_files)`, if given, is called in the calling thread as
    files are read: once at the start, at most about ten times a second while reading,
    and once with done_files == total_files when every file is read (the checks of the
    whole dossier then take a moment more).

    `workers`: how many processes parse a large dossier's files, this one included:
    None means one per core for a large dossier (see `dossier.parallel`), 0 or 1 only
    this one; 2 or more forces that many, whatever the size.
    """
    root_path = Path(root)
    if not root_path.is_dir():
        problem = Problem(str(root), 0, 0, ERROR, "no such dossier folder")
        return LoadResult(Dossier(root=str(root)), [problem])
    files, problems = discover(root_path)
    with long_lived():  # see dossier.longlived: the collector has nothing to find here
        meter = _Meter(progress, len(files))
        if not cache:
            results = read_files(root_path, files, workers=workers, meter=meter)
            meter.finish()
            return assemble(root_path, results, problems)
        return _load_cached(root_path, files, problems, workers, meter)


class _Meter:
    """Calls a progress callback as files are done, at a rate a progress bar can use."""

    INTERVAL = 0.1  # seconds between calls

    def __init__(self, callback: Progress | None, total: int):
        self.callback = callback
        self.total = total
        self.done = 0
        self.last = time.monotonic()
        if callback is not None:
            callback(0, total)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.callback is not None and self.done < self.total:
            now = time.monotonic()
            if now - self.last >= self.INTERVAL:
                self.last = now
                self.callback(self.done, self.total)

    def finish(self) -> None:
        if self.callback is not None:
            self.callback(self.total, self.total)


@dataclass
class CheckResult:
    """The verdict on a dossier folder without the dossier: what `validate` prints."""

    problems: list[Problem]
    counts: dict[str, int]  # records of each kind

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def check_folder(root: str | os.PathLike, *, cache: bool = True) -> CheckResult:
    """The problems and record counts `load_dossier` would give, from the cache when
    no file of the dossier (nor any archived text it checks quotes against) changed."""
    from collections import Counter

    from .cache import FileCache

    root_path = Path(root)
    if not cache or not root_path.is_dir():
        loaded = load_dossier(root_path, cache=cache)
        return CheckResult(loaded.problems, Counter(r.kind_name for r in loaded.dossier.by_id.values()))
    files, layout = discover(root_path)
    stats = _stats(root_path, [f.path for f in files])
    store = FileCache(root_path)
    try:
        verdict = _stored_verdict(store, root_path, _verdict_key(stats, layout))
    finally:
        store.close()
    if verdict is not None:
        return CheckResult(verdict[0], verdict[1])
    with long_lived():
        loaded = _load_cached(root_path, files, layout, None, _Meter(None, len(files)), links=False)
    return CheckResult(loaded.problems, Counter(r.kind_name for r in loaded.dossier.by_id.values()))


def _verdict_key(stats: dict[str, tuple[int, int] | None], layout: list[Problem]) -> bytes:
    """What the whole dossier's verdict depends on, besides archived texts: every file's
    path, size and mtime, and the problems of the folder's layout."""
    import hashlib

    return hashlib.sha256(repr((list(stats.items()), layout)).encode("utf-8", "surrogateescape")).digest()


def _stored_verdict(store, root: Path, key: bytes):
    """(problems, counts) of the last full check, if no file nor archived text changed
    since (`key`: the `_verdict_key` of the files as they are)."""
    found = store.get_summary(key)
    if found is None:
        return None
    problems, counts, archives = found
    if not all(file_stat(root / path) == stat for path, stat in archives):
        return None
    return problems, counts


def _store_verdict(store, root: Path, stats: dict, key: bytes, loaded: LoadResult, incoming=None) -> bool:
    """Keep the verdict (or with `incoming`, the index of links) under `key`, the
    `_verdict_key` of `stats`, for the next load; True if kept."""
    from collections import Counter

    from .cache import settled

    archives = [(s.text, file_stat(root / s.text)) for s in loaded.dossier.sources if s.text]
    # Same rule as for files: a verdict on something saved this instant is not kept.
    if not settled([*stats.values(), *(stat for _, stat in archives)]):
        return False
    if incoming is not None:
        store.put_summary(key, incoming, "links")
        return True
    counts = Counter(r.kind_name for r in loaded.dossier.by_id.values())
    store.put_summary(key, (loaded.problems, dict(counts), archives))
    return True


def _load_cached(
    root: Path, files: list[DossierFile], layout: list[Problem], workers: int | None, meter: _Meter, links: bool = True
) -> LoadResult:
    """`load_dossier` with the cache: unchanged files from their entries and, when no
    file changed at all, the whole dossier's problems from the last full check."""
    from .cache import FileCache

    store = FileCache(root)
    try:
        before = _stats(root, [file.path for file in files])
        key = _verdict_key(before, layout)
        verdict = _stored_verdict(store, root, key)
        results = _read_cached(store, root, files, before, workers, meter)
        meter.finish()
        incoming = store.get_summary(key, "links") if verdict is not None and links else None
        if not isinstance(incoming, tuple):
            incoming = None
        if verdict is not None:
            loaded = assemble(root, results, layout, known_problems=verdict[0], incoming=incoming)
        else:
            loaded = assemble(root, results, layout)
        unchanged = _stats(root, before) == before
        if verdict is None and unchanged:
            _store_verdict(store, root, before, key, loaded)
        if links and incoming is None and unchanged:
            # Built here once, for every later load of the same files (see `Dossier.incoming`).
            from dataclasses import replace

            from .index import incoming_rows

            incoming = incoming_rows(loaded.dossier)
            if _store_verdict(store, root, before, key, loaded, incoming):
                loaded.dossier = replace(loaded.dossier, incoming=incoming)
        if links and unchanged and loaded.dossier.incoming is not None:
            # The files are exactly those the key names (the links' own rule): an index
            # built from this dossier may be kept under it (see `dossier.search_store`).
            from .search_store import remember_key

            remember_key(loaded.dossier, key)
        return loaded
    finally:
        store.close()


def _read_cached(
    store, root: Path, files: list[DossierFile], before: dict, workers: int | None, meter: _Meter
) -> dict[str, FileResult]:
    found = store.get_many({path: stat for path, stat in before.items() if stat})
    meter.advance(len(found))
    missing = [file for file in files if file.path not in found]
    fresh = _read_encoded(root, missing, [(before[f.path] or (0, 0))[0] for f in missing], workers, meter)
    for path, (result, data) in fresh.items():
        stat = before[path]
        # Only what was read from an unchanged file may be remembered for it.
        if stat and file_stat(root / path) == stat:
            if data is not None:
                store.put_encoded(path, *stat, data)
            else:
                store.put(path, *stat, result)
    results = {file.path: found.get(file.path) or fresh[file.path][0] for file in files}
    store.flush(keep=set(results))
    return results


def read_files(
    root: Path, files: list[DossierFile], *, workers: int | None = None, meter: _Meter | None = None
) -> dict[str, FileResult]:
    """{path: result} for `files`, references packed (see `FileResult.compact`)."""
    sizes = [(file_stat(root / f.path) or (0, 0))[0] for f in files]
    fresh = _read_encoded(root, files, sizes, workers, meter or _Meter(None, len(files)))
    return {path: result for path, (result, _data) in fresh.items()}


def _read_encoded(
    root: Path, files: list[DossierFile], sizes: list[int], workers: int | None, meter: _Meter
) -> dict[str, tuple[FileResult, bytes | None]]:
    """{path: (result, its cache encoding when a worker made one)}, in the order of `files`."""
    from .parallel import read_in_workers, worker_count

    out: dict[str, tuple[FileResult, bytes | None]] = {}
    count = worker_count(sum(sizes), workers)
    if count and len(files) > 1:
        from .cache import decode

        def take(encoded: list[tuple[str, bytes]]) -> None:
            for path, data in encoded:
                result = decode(data, path)
                if result is not None:  # else read again below
                    out[path] = (result, data)
                    meter.advance()

        def read_here(file: DossierFile) -> None:
            out[file.path] = (read_file(root, file).compact(), None)
            meter.advance()

        read_in_workers(root, files, sizes, count, take, read_here)
    for file in files:
        if file.path not in out:
            out[file.path] = (read_file(root, file).compact(), None)
            meter.advance()
    return {file.path: out[file.path] for file in files}


def file_stat(path: str | os.PathLike) -> tuple[int, int] | None:
    """(size, mtime_ns) of the file at `path`, None if there is none to stat."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_size, info.st_mtime_ns)


def _stats(root: Path, rels) -> dict[str, tuple[int, int] | None]:
    """{rel: (size, mtime_ns)} of files under `root`; str paths, since joining and
    stating 15,000 pathlib paths costs a large dossier a noticeable part of a warm open."""
    base = os.fspath(root)
    join = os.path.join
    return {rel: file_stat(join(base, rel)) for rel in rels}


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
    from .checks import check_dossier

    problems: list[Problem] = list(layout_problems)
    by_id: dict[str, Record] = {}
    lists: dict[str, list] = {"person": [], "lab": [], "model": [], "event": [], "source": []}
    refs: list[PendingRef] = []
    packed: list[bytes] = []
    for result in results.values():
        problems.extend(result.problems)
        refs.extend(result.refs)
        if result.ref_blob:
            packed.append(result.ref_blob)
        for record in result.records:
            owned = [record, *getattr(record, "quotes", ())]
            clash = next((r for r in owned if r.id in by_id), None)
            if clash is not None:
                first = by_id[clash.id]
                problems.append(
                    Problem(
                        clash.loc.file, clash.loc.line, clash.loc.column, ERROR,
                        f"duplicate id '{clash.id}'",
                        f"already used by the {first.kind_name} at {first.loc}",
                    )
                )  # fmt: skip
                if clash is record:
                    continue
                # Keep the source; drop only its clashing quotes.
                record = _without_quotes(record, {q.id for q in owned[1:] if q.id in by_id})
            by_id[record.id] = record
            for quote in getattr(record, "quotes", ()):
                by_id.setdefault(quote.id, quote)
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
    problems.extend(check_dossier(root, dossier, refs))
    problems.sort(key=sort_key)
    return LoadResult(dossier, problems, results)


def _without_quotes(source: Source, ids: set[str]) -> Source:
    from dataclasses import replace

    return replace(source, quotes=tuple(q for q in source.quotes if q.id not in ids))


__all__ = [
    "Event", "Lab", "Loc", "Model", "Person", "Source",
    "CheckResult", "DossierFile", "FileResult", "LoadResult", "assemble", "check_folder", "discover",
    "load_dossier", "read_file",
]  # fmt: skip
