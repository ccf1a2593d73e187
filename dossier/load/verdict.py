"""The stored verdict on a whole dossier: what `validate` prints, kept under a key of
every file's stamp (`dossier.store.stats`) so that an unchanged dossier is not checked
again."""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.model.problems import HasProblems, Problem
from dossier.store.stats import Stamp, file_stat, stamp_bytes

if TYPE_CHECKING:  # (only named: a warm `validate` never imports the assembly)
    from dossier.load.assemble import LoadResult


def problem_lines(problems: list[Problem]) -> str:
    """What `validate` prints of these problems: one line each, with no last newline."""
    return "\n".join(map(str, problems))


def _packed_lines(lines: str) -> bytes:
    """`CheckResult.lines`, compressed, as the stored verdict keeps them."""
    return zlib.compress(lines.encode("utf-8", "surrogatepass"), 1)


class CheckResult(HasProblems):
    """The verdict on a dossier folder without the dossier: what `validate` prints.

    The stored verdict keeps its problems pickled inside it, beside the lines `validate`
    prints of them (compressed) and how many are errors and warnings: at 100,000 quotes
    restoring the 27,000 warnings and writing out each one's line were half of a warm
    `validate`. So one read back holds either its problems (for a load, or `--format
    json`) or its lines (for `validate`), the other made only if it is then asked for:
    the problems restored (`restore`), the lines written from the problems. (Compressed,
    the lines add 0.4 MB to what a warm load reads, where they are 4.5 MB.)"""

    def __init__(
        self, problems: list[Problem] | None, counts: dict[str, int], *,
        restore: Callable[[], list[Problem]] | None = None, lines: str | None = None,
        tally: tuple[int, int] | None = None,
    ):  # fmt: skip
        self.counts = counts  # records of each kind
        self._problems = problems
        self._restore = restore
        self._lines = lines
        self._tally = tally

    @classmethod
    def of(cls, loaded: LoadResult) -> CheckResult:
        return cls(loaded.problems, kind_counts(loaded))

    @property
    def problems(self) -> list[Problem]:
        if self._problems is None:
            self._problems = self._restore()  # type: ignore[misc]
        return self._problems

    @property
    def lines(self) -> str:
        """`problem_lines` of the problems."""
        return self._lines if self._lines is not None else problem_lines(self.problems)

    @property
    def tally(self) -> tuple[int, int]:
        """How many errors and how many warnings."""
        return self._tally if self._tally is not None else (len(self.errors), len(self.warnings))


def kind_counts(loaded: LoadResult) -> Counter:
    """How many records of each kind the loaded dossier holds (counted in C)."""
    return Counter(map(_KIND_NAME, loaded.dossier.by_id.values()))


_KIND_NAME = attrgetter("kind_name")


def _verdict_key(stats: dict[str, Stamp | None], layout: list[Problem]) -> bytes:
    """What the whole dossier's verdict depends on, besides archived texts: every file's
    path and stamp, and the problems of the folder's layout."""

    # Each path and its stamp, framed by their lengths, so that no two lists of files
    # give the same bytes: a third of the time of writing the whole list out with repr.
    digest = hashlib.sha256(b"verdict 2\0")
    parts = []
    for rel, stamp in stats.items():
        path = rel.encode("utf-8", "surrogateescape")
        kept = b"-" if stamp is None else stamp_bytes(stamp)
        parts.append(b"%d:%s%d:%s" % (len(path), path, len(kept), kept))
    digest.update(b"".join(parts))
    digest.update(repr(layout).encode("utf-8", "surrogateescape"))
    return digest.digest()


def _stored_verdict(store, root: Path, key: bytes, *, printed: bool = False) -> CheckResult | None:
    """The verdict of the last full check, if no file nor archived text changed since
    (`key`: the `_verdict_key` of the files as they are): its problems, or if it is to
    be `printed` (`validate`) its lines, the problems then left pickled until asked for.
    Anything damaged or of another shape in what is read back is a miss."""
    found = store.get_summary(key)
    if found is None:
        return None
    try:
        kept, counts, archives, packed_lines, errors, warnings = found
        if not (isinstance(kept, bytes) and isinstance(counts, dict) and isinstance(packed_lines, bytes)):
            return None
        if not (type(errors) is int and type(warnings) is int):
            return None
        if not all(file_stat(root / path) == stat for path, stat in archives):
            return None
        restore = store.restorer(kept)
        if printed:
            lines = zlib.decompress(packed_lines).decode("utf-8", "surrogatepass")
            return CheckResult(None, counts, restore=restore, lines=lines, tally=(errors, warnings))
        problems = restore()
        if type(problems) is not list:
            return None
        return CheckResult(problems, counts, tally=(errors, warnings))
    except Exception:  # damaged, or not the shape this code keeps: a miss
        return None


def _store_verdict(store, root: Path, stats: dict, key: bytes, loaded: LoadResult, incoming=None) -> bool:
    """Keep the verdict (or with `incoming`, the index of links) under `key`, the
    `_verdict_key` of `stats`, for the next load; True if kept."""

    # The files' stamps name what a user cannot set back (and a racy file's bytes), so a
    # verdict under them is never one on other files. An archived text is stamped only
    # now, after the checks read it: one that is racy now may have changed since.
    archives = []
    for source in loaded.dossier.sources:
        if source.text:
            stat = file_stat(root / source.text)
            if stat is not None and stat.content:
                return False
            archives.append((source.text, None if stat is None else tuple(stat)))
    if incoming is not None:
        store.put_summary(key, incoming, "links")
        return True
    checked = CheckResult.of(loaded)  # its lines and tally as `validate` asks them of a fresh check
    kept = (
        store.pickled(checked.problems),
        dict(checked.counts),
        archives,
        _packed_lines(checked.lines),
        *checked.tally,
    )
    store.put_summary(key, kept)
    return True


_FILE = attrgetter("file")
_FIELDS = attrgetter("file", "line", "column", "severity", "message", "hint")


def share_problems(loaded: LoadResult) -> None:
    """Let the problems of a load that took them from the stored verdict be the very
    objects its files' results hold, rather than equal copies of them.

    The verdict is a list of every problem of the dossier, and each file's cached result
    keeps that file's own: two copies of each, restored from two entries. At 100,000
    quotes that is 27,000 warnings, 11 MB held twice for as long as the app runs (the
    files' results are kept for a reload). The list keeps its order and its values: only
    a copy is swapped for the equal object a file's result holds (a problem of the whole
    dossier, found by no file's own read, stays as it is)."""
    files = loaded.files
    shared: list[Problem] = []
    for path, group in groupby(loaded.problems, _FILE):
        found = files.get(path)
        own = found.problems if found is not None else ()
        kept = list(group)
        if not own:
            shared += kept
        elif len(own) == len(kept) and list(map(_FIELDS, own)) == list(map(_FIELDS, kept)):
            shared += own  # the usual case: the file's own problems, in the order of their places
        else:
            same = {problem: problem for problem in own}
            shared += map(same.get, kept, kept)
    loaded.problems = shared
