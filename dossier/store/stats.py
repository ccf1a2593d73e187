"""One stamp of a file, one racy rule and one inside-the-dossier check, for every store.

The file cache, the loader's stored verdict and the export cache all decide from these
whether what they keep of a file still describes it, and where they may write.

A stamp is what a user cannot set back: the file's size, mtime, ctime and inode.
`cp -p`, `rsync -t` or `tar x` restore an mtime, but the kernel sets the ctime to the
moment of the change and no system call sets it back; an editor that saves by renaming
a new file over the old one changes the inode too. So an unchanged stamp means an
unchanged file, except within one tick of the ctime clock: a file changed twice in
the same tick keeps its ctime. That is git's "racy" case, and the rule is git's too:
a file whose mtime or ctime is within `SETTLE_SECONDS` of now is "racy", and its stamp
also carries a digest of its bytes, so that an entry made while it was racy is used
only for the very same bytes. Once the file has settled its stamp has no digest (reading
the bytes of a whole large dossier at every warm start would cost half a second): an
entry made while it was racy is then checked once against a digest of its bytes, and
kept under the settled stamp (`settled_since`).
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path
from typing import NamedTuple

# Longer than any file system's timestamp granularity that matters here (ext4, xfs,
# btrfs, tmpfs, APFS tick in nanoseconds or jiffies; FAT in two seconds, and is racy
# for that long).
SETTLE_SECONDS = 2.0
_DIGEST_LIMIT = 64 * 1024 * 1024  # larger than any file the reader accepts


class Stamp(NamedTuple):
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    content: bytes  # digest of the bytes when the file is racy, else b""


def _racy(info: os.stat_result, now_ns: int) -> bool:
    return now_ns - max(info.st_mtime_ns, info.st_ctime_ns) < SETTLE_SECONDS * 1e9


def content_digest(path: str | os.PathLike) -> bytes | None:
    """A digest of the file's bytes, None if it cannot be read (or is not a regular file)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _DIGEST_LIMIT:
            return None
        digest = hashlib.blake2b(digest_size=16)
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.digest()
    except OSError:
        return None
    finally:
        os.close(fd)


def file_stat(path: str | os.PathLike, now_ns: int | None = None) -> Stamp | None:
    """The stamp of the file at `path`, None if there is none to stat."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    content = b""
    if _racy(info, time.time_ns() if now_ns is None else now_ns):
        content = content_digest(path) or b"?"  # "?": unreadable, which no later read matches
        if content == b"?":
            return None
    return Stamp(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, content)


_stamp = tuple.__new__  # a Stamp made in C: `Stamp(...)` runs its `__new__` in Python


def stats_under(root: str | os.PathLike, rels, now_ns: int | None = None) -> dict[str, Stamp | None]:
    """{rel: stamp} of files under `root`; str paths, since joining and stating 15,000
    pathlib paths costs a large dossier a noticeable part of a warm open.

    To tell whether files changed between two moments, stamp them both times with the
    `now_ns` of the first: a file racy then carries its digest both times."""
    base = os.path.join(os.fspath(root), "")
    now = time.time_ns() if now_ns is None else now_ns
    settled = now - int(SETTLE_SECONDS * 1e9)  # a file changed before this is not racy
    found: dict[str, Stamp | None] = {}
    stat_of = os.stat
    for rel in rels:
        # `file_stat`, written out for the settled file, most of them: a warm start
        # stamps 15,000 files of a large dossier, and its calls were a third of that.
        try:
            info = stat_of(base + rel)
        except (OSError, ValueError):
            found[rel] = None
            continue
        if max(info.st_mtime_ns, info.st_ctime_ns) < settled:
            found[rel] = _stamp(Stamp, (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, b""))
        else:
            found[rel] = file_stat(base + rel, now)
    return found


def stamp_bytes(stamp: Stamp) -> bytes:
    """The stamp as the stores keep it: one value to compare and to sign."""
    return b"%d:%d:%d:%d:" % stamp[:4] + stamp.content


def settled_since(kept: object, stamp: Stamp, path: str | os.PathLike) -> bool:
    """Whether an entry kept under `kept`, a racy stamp of the file (with a digest of its
    bytes), still describes it now that it has settled with the same size, mtime, ctime
    and inode (`stamp`, no digest): its bytes are still the ones the digest names. That
    is git's check of a "racily clean" entry; the entry may then be kept under `stamp`,
    since any later change of a settled file moves its ctime."""
    if stamp.content or not isinstance(kept, bytes):
        return False
    head = stamp_bytes(stamp)
    if len(kept) <= len(head) or not kept.startswith(head):
        return False
    return content_digest(path) == kept[len(head) :]


def within(directory: Path, root: str) -> bool:
    """Whether a cache in `directory` would be inside the dossier at `root` (or cannot
    be told apart from it): a cache is never written into a dossier."""
    try:
        return directory.resolve().is_relative_to(root)
    except OSError:
        return True
