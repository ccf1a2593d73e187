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
read-only, missing) makes it miss, never fail: the file is simply read again.

A warm load fetches every entry of the dossier in one query. Whenever a load writes
entries it also forgets the dossier's entries of an older version, and the entries of
dossier folders that no longer exist; deleting the directory is safe too.

The version in the key names the package and a digest of the core modules that shape
an entry (the reader, the converter, the records), so that a changed converter never
reads entries an older one wrote, even between two releases.
"""

from __future__ import annotations

import hmac
import io
import itertools
import os
import pickle
import secrets
import sqlite3
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.model.dates import PartialDate
from dossier.model.problems import Problem
from dossier.model.records import Event, Lab, Loc, Model, Parameters, Person, Quote, Role, Source
from dossier.model.schema import SCHEMA_VERSION
from dossier.model.text import is_utf8
from dossier.read.convert import PendingRef
from dossier.read.file import FileResult
from dossier.store.paths import user_cache_dir
from dossier.store.stats import settled, within

FORMAT = 3  # 2: references packed in one marshal blob per file; 3: records with slots
DB_NAME = "files.sqlite3"
KEY_NAME = "cache.key"


# The only classes a cache entry may hold: the plain data of a file's result.
# Named by the classes themselves, so that moving one cannot leave a stale name here.
_ALLOWED: dict[str, set[str]] = {}
for _cls in (
    FileResult,
    Loc,
    Role,
    Parameters,
    Person,
    Lab,
    Model,
    Event,
    Quote,
    Source,
    PartialDate,
    Problem,
    PendingRef,
):
    _ALLOWED.setdefault(_cls.__module__, set()).add(_cls.__qualname__)
del _cls


class _Unpickler(pickle.Unpickler):
    _classes: dict[tuple[str, str], type] = {}  # found once, then looked up: a warm load asks 75,000 times

    def find_class(self, module: str, name: str):
        found = self._classes.get((module, name))
        if found is not None:
            return found
        if name in _ALLOWED.get(module, ()):
            found = self._classes[(module, name)] = super().find_class(module, name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


class DamagedBlob(ValueError):
    """A part of a stored blob is missing, short or not signed by this cache."""


def _loads(data: bytes):
    return _Unpickler(io.BytesIO(data)).load()


def encode(result) -> bytes:
    """A file's result in the form an entry holds (what `put_encoded` takes)."""
    return pickle.dumps(result.compact(), protocol=pickle.HIGHEST_PROTOCOL)


def decode(data: bytes, rel: str):
    """The FileResult `encode` made, or None for anything else; only our own classes."""
    try:
        result = _loads(data)
    except Exception:  # a damaged entry of any sort is a miss, never a failure
        return None
    if not isinstance(result, FileResult) or result.path != rel:
        return None
    return result


def _label(table: str) -> str:
    """What a whole-folder row is signed as, so that one table's row never passes for another's."""
    return "" if table == "summaries" else f"\0{table}"


def _is_folder(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return True  # cannot tell (a name the system refuses): keep its entries


class FileCache:
    """Per-file results of one dossier folder; every method is safe to call when broken."""

    def __init__(self, root: Path, version: str, directory: Path | None = None, *, files: bool = True):
        """`version`: the digest of the code that shapes what the caller keeps here
        (`dossier.store.version.code_digest`); entries of any other version are stale.
        `files=False` for the whole-dossier entries alone: the keys of the files'
        entries, megabytes for a large dossier, are then not read."""
        self.root = str(Path(root).resolve())
        self.version = f"schema {SCHEMA_VERSION}; format {FORMAT}; code {version}"
        self.directory = Path(directory) if directory is not None else user_cache_dir()
        self.hits = 0
        self.misses = 0
        self._pending: list[tuple] = []
        self._db: sqlite3.Connection | None = None
        self._key = b""
        self._rows: dict[str, tuple[int, int]] = {}
        self._files = files
        if within(self.directory, self.root):
            return  # never write into the dossier folder
        if not is_utf8(self.root):
            return  # a folder name that is not UTF-8 cannot be a key in SQLite
        self._open()

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
        if not self._files:
            return
        try:
            rows = self._db.execute(
                "SELECT rel, size, mtime_ns FROM files WHERE root = ? AND version = ?", (self.root, self.version)
            ).fetchall()
        except sqlite3.DatabaseError:
            self._rebuild()
            return
        # Only the keys up front: the entries are streamed by `get_many`, so a large
        # dossier's cache is never held in memory all at once.
        self._rows = {rel: (size, mtime) for rel, size, mtime in rows}

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.directory / DB_NAME, timeout=1.0, isolation_level=None)
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS files (root TEXT, rel TEXT, size INTEGER, mtime_ns INTEGER,"
                " version TEXT, digest BLOB, data BLOB, PRIMARY KEY (root, rel))"
            )
            for table in ("summaries", "links", "search"):
                db.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} (root TEXT PRIMARY KEY, version TEXT, key BLOB,"
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
        return hmac.digest(self._key, self._header(rel, size, mtime_ns) + data, "sha256")

    def _header(self, rel: str, size: int, mtime_ns: int) -> bytes:
        return f"{self.version}\0{self.root}\0{rel}\0{size}\0{mtime_ns}\0".encode("utf-8", "surrogateescape")

    def _sign_whole(self, table: str, key: bytes, data: bytes) -> bytes:
        """The signature of a whole-dossier entry: the same digest as `_sign` of
        `key + data`, fed in parts, so that no joined copy of a large entry is made."""
        signer = hmac.new(self._key, self._header(_label(table), 0, 0), "sha256")
        signer.update(key)
        signer.update(data)
        return signer.digest()

    # -- the operations on files -------------------------------------------------
    def get(self, rel: str, size: int, mtime_ns: int):
        """The cached FileResult of `rel` if it is still the file on disk, else None."""
        return self.get_many({rel: (size, mtime_ns)}).get(rel)

    def _entries(self, rels: list[str]):
        """The rows of `rels`: by their keys when they are a few, else the whole dossier's
        streamed in one query (a query per file costs a large dossier a second)."""
        assert self._db is not None
        columns = "SELECT rel, size, mtime_ns, digest, data FROM files WHERE root = ? AND version = ?"
        if len(rels) > 32:
            yield from self._db.execute(columns, (self.root, self.version))
            return
        for rel in rels:
            yield from self._db.execute(columns + " AND rel = ?", (self.root, self.version, rel))

    def get_many(self, stats: dict[str, tuple[int, int]]) -> dict:
        """{rel: FileResult} for the files of `stats` ({rel: (size, mtime_ns)}) whose
        entry is still the file on disk; the others are misses.

        The entries are streamed (see `_entries`), each decoded as it comes.
        """
        found: dict = {}
        wanted = {rel: stat for rel, stat in stats.items() if self._rows.get(rel) == stat}
        if wanted and self._db is not None:
            try:
                for rel, size, mtime_ns, digest, data in self._entries(list(wanted)):
                    if wanted.get(rel) != (size, mtime_ns) or rel in found:
                        continue
                    if not isinstance(digest, bytes) or not isinstance(data, bytes):
                        continue
                    if not hmac.compare_digest(digest, self._sign(rel, size, mtime_ns, data)):
                        continue
                    result = decode(data, rel)
                    if result is not None:
                        found[rel] = result
            except (sqlite3.Error, TypeError, ValueError):
                pass  # what was found so far is good; the rest is read again
        self.hits += len(found)
        self.misses += len(stats) - len(found)
        return found

    def put(self, rel: str, size: int, mtime_ns: int, result) -> None:
        """Remember `result` for the file as it is now (written by `flush`)."""
        if self._db is None or not settled([(size, mtime_ns)]):
            return
        try:
            data = encode(result)
        except Exception:
            return
        self.put_encoded(rel, size, mtime_ns, data)

    def put_encoded(self, rel: str, size: int, mtime_ns: int, data: bytes) -> None:
        """`put` of a result already encoded (by `encode`, in a worker process)."""
        if self._db is None or not settled([(size, mtime_ns)]):
            return
        digest = self._sign(rel, size, mtime_ns, data)
        self._pending.append((self.root, rel, size, mtime_ns, self.version, digest, data))

    def flush(self, keep: set[str] | None = None) -> None:
        """Write pending entries; with `keep`, forget this dossier's other files.

        Writing is the moment to tidy up too: entries of an older version and of dossier
        folders that no longer exist go (a warm load that writes nothing pays nothing).
        """
        if self._db is None:
            return
        gone = set(self._rows) - keep if keep is not None else set()
        if not self._pending and not gone:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                if self._pending:
                    self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", self._pending)
                if gone:
                    self._db.executemany(
                        "DELETE FROM files WHERE root = ? AND rel = ?", [(self.root, rel) for rel in gone]
                    )
                self._purge()
        except sqlite3.Error:
            pass  # locked by another process, read-only, full disk: the next load reads again
        self._pending.clear()

    def _purge(self) -> None:
        """Forget entries no load can use again: an older version's, a vanished folder's."""
        assert self._db is not None
        self._db.execute("DELETE FROM files WHERE root = ? AND version != ?", (self.root, self.version))
        roots = [row[0] for row in self._db.execute("SELECT DISTINCT root FROM files")]
        vanished = [(root,) for root in roots if isinstance(root, str) and not _is_folder(root)]
        if vanished:
            self._db.executemany("DELETE FROM files WHERE root = ?", vanished)
            self._db.executemany("DELETE FROM summaries WHERE root = ?", vanished)
            self._db.executemany("DELETE FROM links WHERE root = ?", vanished)
            self._db.executemany("DELETE FROM search WHERE root = ?", vanished)

    # -- the whole folder's verdict, its index of links, its search index -------------
    # Tables of one row per dossier, each valid for one digest (`key`) of every file's
    # path, size and mtime: `summaries` holds the problems of the last full check,
    # `links` the index of incoming links built from the same files, `search` the
    # search index (as bytes its owner encodes, see `dossier.search_store`).
    _WHOLE = ("summaries", "links")
    _BLOBS = ("search",)

    # The search index of a large dossier is tens of MB. It is stored as a sequence of
    # parts, each signed on its own, written and read through SQLite's incremental blob
    # handle: neither a write nor a read makes or holds one bytes object of the whole,
    # and a reader checks each part before it uses it and lets it go after. In the
    # blob each part is framed by its length and signature, and a last frame of no
    # part closes the sequence. A signature covers the entry's key, a random nonce kept
    # in the row's `digest` and the frame's place, so that no part passes for another,
    # in this row or in another, and the closing frame tells that none is missing. (The
    # row is written once: updating any column of it would make SQLite copy the blob.)
    _NONCE = 16
    _FRAME = struct.Struct("<Q32s")
    _CLOSING = (1 << 64) - 1  # the length of the closing frame

    def _sign_part(self, table: str, key: bytes, nonce: bytes, number: int, data) -> bytes:
        signer = hmac.new(self._key, self._header(_label(table), 0, 0), "sha256")
        signer.update(struct.pack("<QQ", len(key), number))
        signer.update(key)
        signer.update(nonce)
        signer.update(data)
        return signer.digest()

    def get_blob(self, key: bytes, table: str = "search") -> Iterator[bytes] | None:
        """The parts `put_blob` stored under `key` for this dossier, None if there is no
        such entry. Each part is read and checked only when the iteration comes to it;
        a part missing, short or not signed by this cache raises `DamagedBlob` then, and
        the whole entry is a miss. Close the iterator before the cache."""
        if self._db is None or table not in self._BLOBS:
            return None
        try:
            row = self._db.execute(
                f"SELECT rowid, key, digest, typeof(data) FROM {table} WHERE root = ? AND version = ?",
                (self.root, self.version),
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[1] != key or not isinstance(row[2], bytes) or len(row[2]) != self._NONCE:
            return None
        if row[3] != "blob":
            return None
        return self._read_parts(table, key, row[0], row[2])

    def _read_parts(self, table: str, key: bytes, rowid: int, nonce: bytes) -> Iterator[bytes]:
        try:
            with self._db.blobopen(table, "data", rowid, readonly=True) as blob:  # type: ignore[union-attr]
                for number in itertools.count():
                    frame = blob.read(self._FRAME.size)
                    if len(frame) != self._FRAME.size:
                        raise DamagedBlob(f"frame {number} is cut short")
                    length, signature = self._FRAME.unpack(frame)
                    closing = length == self._CLOSING
                    data = b"" if closing else blob.read(length)
                    expected = self._sign_part(table, key, nonce, number, data)
                    if len(data) != (0 if closing else length) or not hmac.compare_digest(signature, expected):
                        raise DamagedBlob(f"part {number} is not the one stored")
                    if closing:
                        if blob.tell() != len(blob):
                            raise DamagedBlob("bytes after the closing frame")
                        return
                    yield data
        except (sqlite3.Error, AttributeError) as error:  # the row or the cache went away
            raise DamagedBlob(str(error)) from error

    def put_blob(self, key: bytes, parts: Iterable, count: int, size: int, table: str = "search") -> None:
        """Store `parts` (`count` bytes-like objects, `size` bytes in all) in order under
        `key`, replacing what was. Each part is taken when it is written and let go
        after, so the parts may be made one at a time; if there are not `count` of them
        in `size` bytes, nothing is stored."""
        if self._db is None or table not in self._BLOBS:
            return
        nonce = secrets.token_bytes(self._NONCE)
        length = size + (count + 1) * self._FRAME.size
        try:
            with self._db:
                self._db.execute("BEGIN")
                cursor = self._db.execute(
                    f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?, zeroblob(?))",
                    (self.root, self.version, key, nonce, length),
                )
                # A blob is written no further than its length: a part past it is an error.
                with self._db.blobopen(table, "data", cursor.lastrowid) as blob:
                    written = 0
                    for part in parts:
                        with memoryview(part) as view, view.cast("B") as data:
                            blob.write(self._FRAME.pack(len(data), self._sign_part(table, key, nonce, written, data)))
                            if data:
                                blob.write(data)
                        written += 1
                    closing = self._sign_part(table, key, nonce, written, b"")
                    blob.write(self._FRAME.pack(self._CLOSING, closing))
                    if blob.tell() != length:
                        raise ValueError("the parts came to fewer bytes than said")
        except (sqlite3.Error, ValueError):
            pass  # locked, read-only, full, or parts not as said: nothing is kept

    def get_summary(self, key: bytes, table: str = "summaries"):
        """What `put_summary` stored under `key` for this dossier, if it is still that."""
        if self._db is None or table not in self._WHOLE:
            return None
        try:
            row = self._db.execute(
                f"SELECT key, digest, data FROM {table} WHERE root = ? AND version = ?", (self.root, self.version)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] != key or not isinstance(row[2], bytes) or not isinstance(row[1], bytes):
            return None
        if not hmac.compare_digest(row[1], self._sign_whole(table, key, row[2])):
            return None
        try:
            return _loads(row[2])
        except Exception:
            return None

    def put_summary(self, key: bytes, value, table: str = "summaries") -> None:
        if self._db is None or table not in self._WHOLE:
            return
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            with self._db:
                self._db.execute(
                    f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?, ?)",
                    (self.root, self.version, key, self._sign_whole(table, key, data), data),
                )
        except (sqlite3.Error, pickle.PicklingError):
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
