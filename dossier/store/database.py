"""Opening the stores' SQLite databases and their signing key, the same careful way.

- A database is created 0600 in a private folder (`dossier.store.private`); one
  another user owns or may write is not used.
- A lock is waited for (SQLite's busy timeout), never taken for damage: only a
  database that SQLite itself reports as corrupt or as not a database, or whose layout
  (`PRAGMA user_version`) is not ours, is replaced, and atomically: a fresh database is
  made beside it and renamed over it, so that another process holding the old one
  goes on with a whole file rather than one unlinked under it.
- The key that signs every entry is 32 random bytes in `cache.key`, read only if it is
  a regular file of ours that only we may write (a FIFO there never blocks a start).

`Store` is what the stores (the file cache, the export cache) share: the database and
key opened this way, or none when they cannot be used (then the store keeps nothing and
every read is a miss), and closing it.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dossier.store.private import Untrusted, check_file, private_dir, read_private, warn_once, write_atomic

KEY_NAME = "cache.key"
KEY_BYTES = 32
BUSY_SECONDS = 10.0  # how long a writer waits for another process's lock before giving up

_DAMAGE = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


class ForeignLayout(sqlite3.DatabaseError):
    """The database holds tables of another layout (another program's, or an older one)."""


def is_damage(error: BaseException) -> bool:
    """Whether SQLite says the database file itself is unusable (not merely busy, locked,
    read-only or full)."""
    if isinstance(error, ForeignLayout):
        return True
    name = getattr(error, "sqlite_errorname", "") or ""
    return any(name.startswith(damage) for damage in _DAMAGE)


def read_key(directory: Path) -> bytes:
    """The cache's signing key, made if there is none. Raises `Untrusted` or OSError."""
    path = directory / KEY_NAME
    key = read_private(path, KEY_BYTES)
    if key is not None and len(key) == KEY_BYTES:
        return key
    key = secrets.token_bytes(KEY_BYTES)
    write_atomic(path, key)
    return key


class Store:
    """A store's database and signing key in its folder; every method is safe to call
    when they could not be opened (`_db` is then None)."""

    _db: sqlite3.Connection | None = None
    _key = b""

    def _connect(self, directory: Path, name: str, layout: int, tables: Sequence[str]) -> bool:
        """Open the database `name` in `directory` with `tables` (the statements that
        create layout number `layout`) and the key; False, the store left closed, when
        they cannot be used: not ours (said once), read-only, full, locked too long."""
        try:
            private_dir(directory)
            self._key = read_key(directory)
            self._db = open_database(directory / name, layout, tables)
            return True
        except Untrusted as error:
            warn_once(str(error))
        except (OSError, sqlite3.Error):
            pass
        self._db = None
        return False

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def open_database(path: Path, layout: int, tables: Sequence[str]) -> sqlite3.Connection:
    """The database at `path`, with the tables that the statements `tables` create for
    layout number `layout`.

    Raises `Untrusted` (not ours), sqlite3.Error or OSError when it cannot be used; a
    database that is damaged or of another layout is replaced (see the module)."""
    try:
        return _open(path, layout, tables)
    except sqlite3.Error as error:
        if not is_damage(error):
            raise
    _replace(path, layout, tables)
    return _open(path, layout, tables)


def _create(db: sqlite3.Connection, layout: int, tables: Sequence[str]) -> None:
    for statement in tables:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {int(layout)}")


def _open(path: Path, layout: int, tables: Sequence[str]) -> sqlite3.Connection:
    if not check_file(path):
        # Created here, 0600, so that SQLite never makes it under the umask.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        found = db.execute("PRAGMA user_version").fetchone()[0]
        if found == 0 and not db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            with db:
                db.execute("BEGIN IMMEDIATE")
                if db.execute("PRAGMA user_version").fetchone()[0] == 0:  # still empty: made by us now
                    _create(db, layout, tables)
            found = layout
        if found != layout:
            raise ForeignLayout(f"{path} holds tables of layout {found}, not {layout}")
    except BaseException:
        db.close()
        raise
    return db


def _replace(path: Path, layout: int, tables: Sequence[str]) -> None:
    """A fresh, empty database renamed over the one at `path`."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    os.close(fd)
    try:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            _create(db, layout, tables)
        finally:
            db.close()
        os.replace(temporary, path)
        for suffix in ("-journal", "-wal", "-shm"):  # of the old file, which is gone
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = ["KEY_NAME", "ForeignLayout", "Store", "Untrusted", "is_damage", "open_database", "read_key"]
