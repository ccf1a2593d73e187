"""A dossier folder -> a `Dossier` plus every `Problem`; never raises on bad input.

Reading is in two steps so that a cache or a file watcher can redo only what changed:
`read_file` turns one file into records, problems and pending references (it depends
on that file alone), and `assemble` joins every file's result and runs the checks
that need the whole dossier: duplicate ids, references, cycles, archived texts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from dossier.load.assemble import LoadResult, assemble
from dossier.load.discover import discover
from dossier.load.links_aside import LinksAside
from dossier.load.parallel import read_in_workers, worker_count
from dossier.load.shaping import CACHE_VERSION
from dossier.load.stored_search import StoredSearch
from dossier.load.verdict import _store_verdict, _stored_verdict, _verdict_key
from dossier.model.longlived import long_lived
from dossier.model.problems import ERROR, Problem
from dossier.model.records import Dossier
from dossier.read.file import DossierFile, FileResult, read_file
from dossier.store.files import FileCache, decode
from dossier.store.first_screen import leave_first_names
from dossier.store.stats import file_stat, stats_under

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
            aside = LinksAside(meter.pooled)
            try:
                aside.start(results)
                loaded = assemble(root_path, results, problems)
                state = aside.result(loaded.dossier)
            finally:
                aside.cancel()
            if state is not None:
                loaded.dossier = replace(loaded.dossier, incoming=state)
            return loaded
        return _load_cached(root_path, files, problems, workers, meter)


class _Meter:
    """Calls a progress callback as files are done, at a rate a progress bar can use."""

    INTERVAL = 0.1  # seconds between calls

    def __init__(self, callback: Progress | None, total: int):
        self.callback = callback
        self.total = total
        self.done = 0
        self.pooled = False  # were the files read by a pool (its cores now idle)?
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


def _load_cached(
    root: Path, files: list[DossierFile], layout: list[Problem], workers: int | None, meter: _Meter, links: bool = True
) -> LoadResult:
    """`load_dossier` with the cache: unchanged files from their entries and, when no
    file changed at all, the whole dossier's problems from the last full check."""

    store = FileCache(root, CACHE_VERSION)
    aside = LinksAside(False)
    try:
        now = time.time_ns()  # the one moment that decides which files are racy (see stats)
        before = stats_under(root, [file.path for file in files], now)
        key = _verdict_key(before, layout)
        verdict = _stored_verdict(store, root, key)
        # Known problems need no check of references: those of each entry stay in the cache.
        results, found = _read_cached(store, root, files, before, workers, meter, now, refs=verdict is None)
        meter.finish()
        incoming = store.get_summary(key, "links") if verdict is not None and links else None
        if not isinstance(incoming, tuple):
            incoming = None
        aside.wanted = links and meter.pooled and incoming is None
        aside.start(results)
        if verdict is not None:
            loaded = assemble(root, results, layout, known_problems=verdict.problems, incoming=incoming)
        else:
            loaded = assemble(root, results, layout)
        _leave_refs_in_cache(loaded, found, store.entry_stamps())
        unchanged = stats_under(root, before, now) == before
        if verdict is None and unchanged:
            _store_verdict(store, root, before, key, loaded)
        if unchanged:  # for the app's next first open, if it has nothing of its own
            leave_first_names(root, loaded.dossier.people)
        if links and incoming is None and unchanged:
            # Built here once, for every later load of the same files (see `Dossier.incoming`).
            from dossier.index.index import incoming_rows

            incoming = aside.result(loaded.dossier) or incoming_rows(loaded.dossier)
            if _store_verdict(store, root, before, key, loaded, incoming):
                loaded.dossier = replace(loaded.dossier, incoming=incoming)
        if links and unchanged and loaded.dossier.incoming is not None:
            # The files are exactly those the key names (the links' own rule): an index
            # built from this dossier may be kept under it.
            loaded.dossier = replace(loaded.dossier, stored_search=StoredSearch(str(root), key))
        if links and loaded.dossier.incoming is None and (state := aside.result(loaded.dossier)) is not None:
            loaded.dossier = replace(loaded.dossier, incoming=state)
        return loaded
    finally:
        aside.cancel()
        store.close()


def _leave_refs_in_cache(loaded: LoadResult, found: dict, stamps: dict[str, bytes]) -> None:
    """Let the results restored from the cache leave their packed references there.

    Once checked (or never restored, when the stored verdict gives the problems), a
    file's references are wanted again only by a reload (`Reloader`, which reads them
    back with `FileCache.get_refs`); held by every file's result they are 12 MB at
    100,000 quotes for as long as the app runs. Only an entry's own: a file read afresh
    keeps its references (its entry may not be written yet, or be replaced)."""
    kept = loaded.refs_in_cache
    for path, result in found.items():
        stamp = stamps.get(path)
        if result.ref_blob is None or (result.ref_blob and stamp is not None and loaded.files.get(path) is result):
            kept[path] = stamp or b""  # (none: a miss there, and the file is read again)
            result.ref_blob = None  # type: ignore[assignment]


def _read_cached(
    store, root: Path, files: list[DossierFile], before: dict, workers: int | None, meter: _Meter, now: int,
    refs: bool = True,
) -> tuple[dict[str, FileResult], dict[str, FileResult]]:  # fmt: skip
    """({path: result} of `files`, {path: result} of those restored from their entries)."""
    found = store.get_many({path: stat for path, stat in before.items() if stat}, refs=refs)
    meter.advance(len(found))
    missing = [file for file in files if file.path not in found]
    base = os.path.join(os.fspath(root), "")

    def keep(path: str, result: FileResult, encoded: tuple[bytes, bytes] | None) -> None:
        stat = before[path]
        # Only what was read from an unchanged file may be remembered for it: its stamp
        # right after the read is the one before (for a racy file, the same bytes).
        if stat and file_stat(base + path, now) == stat:
            # Its references then held as the entry keeps them, compressed (`put_encoded`).
            if encoded is not None:
                result.ref_blob = store.put_encoded(path, stat, *encoded)
            else:
                store.put(path, stat, result)

    fresh = _read_encoded(root, missing, [(before[f.path] or (0, 0))[0] for f in missing], workers, meter, keep)
    results = {file.path: found.get(file.path) or fresh[file.path] for file in files}
    store.flush(keep=set(results))
    return results, found


def read_files(
    root: Path, files: list[DossierFile], *, workers: int | None = None, meter: _Meter | None = None
) -> dict[str, FileResult]:
    """{path: result} for `files`, references packed (see `FileResult.compact`)."""
    return _read_encoded(root, files, _sizes(root, files), workers, meter or _Meter(None, len(files)))


def _sizes(root: Path, files: list[DossierFile]) -> list[int]:
    """Each file's size, to cut the work in chunks (0 for one that cannot be stated): a
    `stat` alone, where a stamp would read a file changed in the last seconds whole."""
    base = os.path.join(os.fspath(root), "")
    sizes = []
    for file in files:
        try:
            sizes.append(os.stat(base + file.path).st_size)
        except (OSError, ValueError):
            sizes.append(0)
    return sizes


Keep = Callable[[str, FileResult, "tuple[bytes, bytes] | None"], None]


def _read_encoded(
    root: Path, files: list[DossierFile], sizes: list[int], workers: int | None, meter: _Meter, keep: Keep | None = None
) -> dict[str, FileResult]:
    """{path: result}, in the order of `files`.

    With `keep`, each result is handed to it the moment it is read, with its cache
    encoding when a worker made one (else None): the cache is then written while the
    workers still parse, rather than by this process alone once they are done (a
    second at 100,000 quotes), and the workers compress the references they send, as
    the cache keeps them."""

    out: dict[str, FileResult] = {}

    def done(path: str, result: FileResult, encoded: tuple[bytes, bytes] | None) -> None:
        out[path] = result
        if keep is not None:
            keep(path, result, encoded)
        meter.advance()

    count = worker_count(sum(sizes), workers)
    if count and len(files) > 1:

        def take(encoded: list[tuple[str, bytes, bytes]]) -> None:
            for path, data, refs in encoded:
                result = decode(data, path)
                if result is not None:  # else read again below
                    result.ref_blob = refs
                    done(path, result, (data, refs))

        def read_here(file: DossierFile) -> None:
            done(file.path, read_file(root, file).compact(), None)

        meter.pooled = True
        read_in_workers(root, files, sizes, count, take, read_here, compress=keep is not None)
    for file in files:
        if file.path not in out:
            done(file.path, read_file(root, file).compact(), None)
    return {file.path: out[file.path] for file in files}
