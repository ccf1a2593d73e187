"""One stat of a file, one settle rule and one inside-the-dossier check, for every store.

The file cache, the loader's stored verdict and the export cache all decide from these
whether what they read of a file may be remembered, and where they may write.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

Stat = tuple[int, int]  # (size, mtime_ns)

# A file modified this recently may change again within the same mtime tick without
# changing size; it is read but not cached until it has been still for a moment.
SETTLE_SECONDS = 2.0


def file_stat(path: str | os.PathLike) -> Stat | None:
    """(size, mtime_ns) of the file at `path`, None if there is none to stat."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_size, info.st_mtime_ns)


def stats_under(root: str | os.PathLike, rels) -> dict[str, Stat | None]:
    """{rel: (size, mtime_ns)} of files under `root`; str paths, since joining and
    stating 15,000 pathlib paths costs a large dossier a noticeable part of a warm open."""
    base = os.fspath(root)
    join = os.path.join
    return {rel: file_stat(join(base, rel)) for rel in rels}


def settled(stats) -> bool:
    """Whether every file of these (size, mtime_ns) stats (None: no file) has been still
    for `SETTLE_SECONDS`, so that what was read of it may be remembered."""
    newest = max((stat[1] for stat in stats if stat), default=0)
    return time.time_ns() - newest >= SETTLE_SECONDS * 1e9


def within(directory: Path, root: str) -> bool:
    """Whether a cache in `directory` would be inside the dossier at `root` (or cannot
    be told apart from it): a cache is never written into a dossier."""
    try:
        return directory.resolve().is_relative_to(root)
    except OSError:
        return True
