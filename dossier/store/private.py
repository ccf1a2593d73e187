"""The user's cache and state are theirs alone: private folders, private files, one atomic write.

Everything the stores keep lives in folders created 0700 and files created 0600,
whatever the umask (the cache holds the whole text of every dossier opened, wherever
the dossier itself is protected). A folder, key or database that another user owns,
or that others may write, is not trusted: someone able to write it could forge what
the cache says (a verdict that passes a broken dossier). Such a cache is bypassed,
the dossier read as if there were none, and one warning says why.

Every file a store writes goes through `write_atomic`: a temporary file in the same
folder, made 0600, written, flushed, then renamed over the target, so that a reader
sees the old file or the new one, never half of one, and a failed write (a full disk)
leaves nothing behind.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

_warned: dict[str, None] = {}  # in the order said


class Untrusted(OSError):
    """A folder or file of the cache that another user could have written."""


def warn_once(message: str) -> None:
    """Say on stderr, once per process, why the cache is not used."""
    if message in _warned:
        return
    _warned[message] = None
    try:
        sys.stderr.write(f"dossier: warning: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def warnings_so_far() -> list[str]:
    """The warnings said so far, in order: for the app, whose stderr no reader sees."""
    return list(_warned)


def _owned_by_us(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def check_private(info: os.stat_result, path: Path) -> None:
    """Raise `Untrusted` unless what `info` describes is ours and writable by us alone."""
    if not _owned_by_us(info):
        raise Untrusted(f"{path} belongs to another user; it is not used")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise Untrusted(f"{path} is writable by other users; it is not used")


def private_dir(directory: Path) -> Path:
    """Create `directory` (and its missing parents) 0700 and check it is ours alone.

    Raises `Untrusted` for a folder another user owns or may write, OSError when it
    cannot be made. A folder we own but others may read is made private (chmod)."""
    directory = Path(directory)
    if not directory.is_dir():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(directory, 0o700)  # whatever the umask
    info = os.stat(directory)
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(f"{directory} is not a folder")
    # Judged before anything is tightened: what others could write may hold their files
    # (a planted journal, which SQLite would apply), and our files' ownership says nothing.
    check_private(info, directory)
    if info.st_mode & 0o077:  # readable by others (made by an older version): made private
        try:
            os.chmod(directory, 0o700)
        except OSError:
            pass  # a read-only file system: nothing is written there anyway
    return directory


def check_file(path: Path) -> bool:
    """Whether `path` may be used: False when there is no such file; `Untrusted` when it is
    not a regular file of ours that only we may write."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode):
        raise Untrusted(f"{path} is not a regular file; it is not used")
    check_private(info, path)
    if info.st_mode & 0o077 and _owned_by_us(info):
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
    return True


def read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file `path` (at most `limit`), None when there is none or
    it is longer. Never blocks on a FIFO or a device; `Untrusted` as `check_file`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as error:
        if os.path.islink(path):
            raise Untrusted(f"{path} is a symbolic link; it is not used") from error
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Untrusted(f"{path} is not a regular file; it is not used")
        check_private(info, path)
        data = os.read(fd, limit + 1)
    finally:
        os.close(fd)
    return None if len(data) > limit else data


def write_kept(path: Path, make_data: Callable[[], bytes]) -> bool:
    """Write what `make_data()` gives to `path` in a private folder of the user's, all
    of it or nothing; False, and nothing raised, when it cannot be (the folder is not
    ours: said once on stderr; or it cannot be written)."""
    try:
        data = make_data()
        private_dir(path.parent)
        write_atomic(path, data)
        return True
    except Untrusted as error:
        warn_once(str(error))
        return False
    except OSError:
        return False


def write_atomic(path: Path, data: bytes | Iterable[bytes], mode: int = 0o600) -> None:
    """Write `data` (bytes, or pieces of bytes) to `path` through a temporary file in the
    same folder renamed over it: all of it or nothing. Raises OSError; leaves nothing
    behind when it does. A symlink or hard link at `path` is replaced, never written through."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | bytearray | memoryview):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def shared_mode() -> int:
    """The mode a file the user asked for (an export) gets: 0666 less the umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
