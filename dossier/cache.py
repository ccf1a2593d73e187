"""A cache of each file's parsed and checked result, so a warm open skips YAML.

One SQLite database in the user's cache directory (`dossier.paths.user_cache_dir`,
overridable with $DOSSIER_CACHE_DIR; never the dossier folder) holds one row per
dossier file, keyed by the dossier's absolute path and the file's relative path, and
valid only while the file's size and mtime_ns and the cache's version (schema version,
package version, format) match. Editing one file re-reads that file alone.

A second table keeps, per dossier, the verdict of the last full check (problems and
counts) under a digest of every file's path, size and mtime_ns and of the archived
texts it read, so that `dossier validate` of an unchanged dossier reads one row.

Format: a row holds a pickle of the file's `FileResult`, signed with HMAC-SHA256
under a random key kept in the cache directory (mode 0600). Pickle is chosen because
restoring 160,000 frozen records from it runs in C, several times faster than
rebuilding them in Python from JSON or marshal; the risk of pickle (running code
named in the data) is closed twice: a row whose signature does not match is never
unpickled, and the unpickler refuses every class but the dossier's own plain-data
records. (The key stops entries that did not come from this cache directory, such as
a database copied from elsewhere; the class list still holds against anyone able to
read the key, since no allowed class runs code when restored.) A file's references
travel inside the pickle as one marshal blob of plain tuples, which cannot run code
either. Anything wrong with the cache (corrupt, truncated, stale, foreign, locked,
read-only, missing) makes it miss, never fail: the file is simply read again. Rows
of dossiers that no longer exist are not purged; deleting the directory is safe.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
import sqlite3
import time
from pathlib import Path

from . import __version__
from .schema import SCHEMA_VERSION

FORMAT = 2  # 2: references packed in one marshal blob per file
VERSION = f"schema {SCHEMA_VERSION}; dossier {__version__}; format {FORMAT}"
DB_NAME = "files.sqlite3"
KEY_NAME = "cache.key"
# A file modified this recently may change again within the same mtime tick without
# changing size; it is read but not cached until it has been still for a moment.
SETTLE_SECONDS = 2.0

# The only classes a cache entry may hold: the plain data of a file's result.
_ALLOWED = {
    "dossier.load": {"FileResult"},
    "dossier.model": {"Loc", "Role", "Parameters", "Person", "Lab", "Model", "Event", "Quote", "Source"},
    "dossier.dates": {"PartialDate"},
    "dossier.problems": {"Problem"},
    "dossier.convert": {"PendingRef"},
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def _loads(data: bytes):
    return _Unpickler(io.BytesIO(data)).load()


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class FileCache:
    """Per-file results of one dossier folder; every method is safe to call when broken."""

    def __init__(self, root: Path, directory: Path | None = None):
        from .paths import user_cache_dir

        self.root = str(Path(root).resolve())
        self.directory = Path(directory) if directory is not None else user_cache_dir()
        self.hits = 0
        self.misses = 0
        self._pending: list[tuple] = []
        self._db: sqlite3.Connection | None = None
        self._key = b""
        self._rows: dict[str, tuple[int, int]] = {}
        if self._inside_dossier():
            return  # never write into the dossier folder
        if not _is_utf8(self.root):
            return  # a folder name that is not UTF-8 cannot be a key in SQLite
        self._open()

    def _inside_dossier(self) -> bool:
        try:
            return self.directory.resolve().is_relative_to(self.root)
        except OSError:
            return True

    def _open(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._key = self._read_key()
            self._db = self._connect()
        except sqlite3.DatabaseError:
            self._rebuild()
            return
        except (OSError, sqlite3.Error):
            self._db = None
            return
        try:
            rows = self._db.execute(
                "SELECT rel, size, mtime_ns FROM files WHERE root = ? AND version = ?", (self.root, VERSION)
            ).fetchall()
        except sqlite3.DatabaseError:
            self._rebuild()
            return
        # Only the keys up front: the entries themselves are fetched one by one, so a
        # large dossier's cache is never held in memory all at once.
        self._rows = {rel: (size, mtime) for rel, size, mtime in rows}

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.directory / DB_NAME, timeout=1.0, isolation_level=None)
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS files (root TEXT, rel TEXT, size INTEGER, mtime_ns INTEGER,"
                " version TEXT, digest BLOB, data BLOB, PRIMARY KEY (root, rel))"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS summaries (root TEXT PRIMARY KEY, version TEXT, key BLOB,"
                " digest BLOB, data BLOB)"
            )
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _rebuild(self) -> None:
        """The database is not one we can read (corrupt, truncated, foreign): start afresh."""
        if self._db is not None:
            self._db.close()
        self._db = None
        try:
            (self.directory / DB_NAME).unlink(missing_ok=True)
            self._db = self._connect()
        except (OSError, sqlite3.Error):
            self._db = None

    def _read_key(self) -> bytes:
        path = self.directory / KEY_NAME
        try:
            key = path.read_bytes()
            if len(key) == 32:
                return key
        except OSError:
            pass
        key = secrets.token_bytes(32)
        temporary = path.with_name(f"{KEY_NAME}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        os.replace(temporary, path)
        return key

    def _sign(self, rel: str, size: int, mtime_ns: int, data: bytes) -> bytes:
        header = f"{VERSION}\0{self.root}\0{rel}\0{size}\0{mtime_ns}\0".encode("utf-8", "surrogateescape")
        return hmac.new(self._key, header + data, hashlib.sha256).digest()

    # -- the two operations --------------------------------------------------------
    def get(self, rel: str, size: int, mtime_ns: int):
        """The cached FileResult of `rel` if it is still the file on disk, else None."""
        row = self._rows.get(rel)
        if row is None or row != (size, mtime_ns) or self._db is None:
            self.misses += 1
            return None
        try:
            digest, data = self._db.execute(
                "SELECT digest, data FROM files WHERE root = ? AND rel = ?", (self.root, rel)
            ).fetchone()
        except (sqlite3.Error, TypeError, ValueError):
            self.misses += 1
            return None
        if not isinstance(digest, bytes) or not isinstance(data, bytes):
            self.misses += 1
            return None
        if not hmac.compare_digest(digest, self._sign(rel, size, mtime_ns, data)):
            self.misses += 1
            return None
        try:
            result = _loads(data)
        except Exception:  # a damaged entry of any sort is a miss, never a failure
            self.misses += 1
            return None
        from .load import FileResult

        if not isinstance(result, FileResult) or result.path != rel:
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, rel: str, size: int, mtime_ns: int, result) -> None:
        """Remember `result` for the file as it is now (written by `flush`)."""
        if self._db is None or time.time_ns() - mtime_ns < SETTLE_SECONDS * 1e9:
            return
        try:
            data = pickle.dumps(result.compact(), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return
        digest = self._sign(rel, size, mtime_ns, data)
        self._pending.append((self.root, rel, size, mtime_ns, VERSION, digest, data))

    def flush(self, keep: set[str] | None = None) -> None:
        """Write pending entries; with `keep`, forget this dossier's other files."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                if self._pending:
                    self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", self._pending)
                gone = set(self._rows) - keep if keep is not None else set()
                if gone:
                    self._db.executemany(
                        "DELETE FROM files WHERE root = ? AND rel = ?", [(self.root, rel) for rel in gone]
                    )
        except sqlite3.Error:
            pass  # locked by another process, read-only, full disk: the next load reads again
        self._pending.clear()

    # -- the whole folder's verdict ----------------------------------------------------
    def get_summary(self, key: bytes):
        """What `put_summary` stored under `key` for this dossier, if it is still that."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT key, digest, data FROM summaries WHERE root = ? AND version = ?", (self.root, VERSION)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] != key or not isinstance(row[2], bytes):
            return None
        if not hmac.compare_digest(row[1], self._sign("", 0, 0, key + row[2])):
            return None
        try:
            return _loads(row[2])
        except Exception:
            return None

    def put_summary(self, key: bytes, value) -> None:
        if self._db is None:
            return
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?, ?)",
                    (self.root, VERSION, key, self._sign("", 0, 0, key + data), data),
                )
        except (sqlite3.Error, pickle.PicklingError):
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
