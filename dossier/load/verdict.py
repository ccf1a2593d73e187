"""The stored verdict on a whole dossier: what `validate` prints, kept under a key of
every file's stat so that an unchanged dossier is not checked again."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dossier.load.assemble import LoadResult
from dossier.model.problems import ERROR, WARNING, Problem
from dossier.store.stats import file_stat, settled


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


def _verdict_key(stats: dict[str, tuple[int, int] | None], layout: list[Problem]) -> bytes:
    """What the whole dossier's verdict depends on, besides archived texts: every file's
    path, size and mtime, and the problems of the folder's layout."""

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
