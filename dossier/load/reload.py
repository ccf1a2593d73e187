"""Re-read only what changed, keeping the last good data of a file saved half-way.

The app's file watcher hands changed paths to `Reloader.refresh`. A file that now
fails to parse (an editor's half-written save, a syntax error mid-edit) keeps the
records it had at its last good read, while its new problems are shown: the reader
never loses what was on screen because of a typo being typed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dossier.load.assemble import LoadResult, assemble
from dossier.load.discover import discover
from dossier.load.loader import load_dossier
from dossier.load.shaping import CACHE_VERSION
from dossier.model.problems import WARNING, Problem
from dossier.read.file import DossierFile, FileResult, read_file
from dossier.store.files import FileCache


class Reloader:
    def __init__(self, root: Path | str, initial: LoadResult | None = None):
        self.root = Path(root)
        self.good: dict[str, FileResult] = {}  # last read of each file that parsed
        self.result = initial if initial is not None else self._full()
        self.in_cache = dict(self.result.refs_in_cache)  # {path: its entry's stamp}
        for path, file_result in self.result.files.items():
            if _parsed(file_result):
                self.good[path] = file_result

    def _full(self) -> LoadResult:

        return load_dossier(self.root)

    def refresh(self, changed: set[str] | None = None) -> LoadResult:
        """Re-read the changed files (relative or absolute paths); None means all."""
        files, layout = discover(self.root)
        by_path = {f.path: f for f in files}
        wanted = self._relative(changed) if changed is not None else set(by_path)
        results: dict[str, FileResult] = {}
        for path, file in by_path.items():
            old = self.result.files.get(path)
            if path in wanted or old is None:
                results[path] = self._read(file)
            else:
                results[path] = old
        restored = self._refs_back(results, by_path)
        self.result = assemble(self.root, results, layout)
        for path in restored:  # checked: back in the cache only
            results[path].ref_blob = None  # type: ignore[assignment]
        self.result.refs_in_cache = {path: self.in_cache[path] for path in restored}
        return self.result

    def _refs_back(self, results: dict[str, FileResult], by_path: dict[str, DossierFile]) -> list[str]:
        """Give back the packed references the results of a load left in the cache (see
        `LoadResult.refs_in_cache`), for the checks to see them again; a file whose entry
        has gone since is read afresh. The paths whose references came back."""
        wanted = {path: self.in_cache.get(path, b"") for path, result in results.items() if result.ref_blob is None}
        if not wanted:
            return []
        store = FileCache(self.root, CACHE_VERSION, files=False)
        try:
            found = store.get_refs(wanted)
        finally:
            store.close()
        for path in wanted:
            if path in found:
                results[path].ref_blob = found[path]  # for the checks only: left out again after them
            else:
                results[path] = fresh = read_file(self.root, by_path[path])
                if _parsed(fresh):
                    self.good[path] = fresh
        return [path for path in wanted if path in found]

    def _read(self, file: DossierFile) -> FileResult:
        fresh = read_file(self.root, file)
        if _parsed(fresh):
            self.good[file.path] = fresh
            return fresh
        last = self.good.get(file.path)
        if last is None:
            return fresh
        kept = Problem(
            file.path, 0, 0, WARNING,
            "showing this file as it was at its last good read",
            "fix the error above and save again",
        )  # fmt: skip
        return replace(last, problems=[*fresh.problems, kept])

    def _relative(self, changed: set[str]) -> set[str]:
        root = self.root.resolve()
        out = set()
        for path in changed:
            candidate = Path(path)
            if candidate.is_absolute():
                try:
                    candidate = candidate.resolve().relative_to(root)
                except ValueError:
                    continue
            out.add(candidate.as_posix())
        return out


def _parsed(result: FileResult) -> bool:
    """Did the file parse as YAML at all (whatever its schema problems)?"""
    return not any(p.message.startswith(("invalid YAML", "not UTF-8", "cannot read")) for p in result.problems)
