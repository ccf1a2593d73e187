"""A cache of each file's parsed and checked result, so a warm open skips YAML.

One SQLite database in the user's cache directory (`dossier.paths.user_cache_dir`,
overridable with $DOSSIER_CACHE_DIR; never the dossier folder) holds one row per
dossier file, keyed by the dossier's absolute path and the file's relative path, and
valid only while the file's stamp (`dossier.store.stats`: size, mtime, ctime and
inode, and a digest of its bytes while it is racy) and the cache's version (schema
version, package version, format) match. Editing one file re-reads that file alone,
even when the edit keeps the file's size and sets its mtime back.

Other tables keep, per dossier, the verdict of the last full check, the index of
links and the search index (`dossier.store.wholes`), under a digest of every file's
path and stamp and of the archived texts it read, so that `dossier validate` of an
unchanged dossier reads one row.

Format: a row holds a pickle of the file's `FileResult`, signed with HMAC-SHA256
under a random key kept in the cache directory (mode 0600). Pickle is chosen because
restoring 160,000 frozen records from it runs in C, several times faster than
rebuilding them in Python from JSON or marshal; the risk of pickle (running code
named in the data) is closed twice: a row whose signature does not match is never
unpickled, and the unpickler refuses every class but the dossier's own plain-data
records. (The key stops entries that did not come from this cache directory, such as
a database copied from elsewhere; the class list still holds against anyone able to
read the key, since no allowed class runs code when restored.) A file's references
are kept beside the pickle in the same row, as one compressed marshal blob of plain
tuples (which cannot run code either), signed on its own: a load that has its problems
from the stored verdict leaves them there, and a reload reads them alone
(`get_refs`). Anything wrong with the cache (corrupt, truncated, stale, foreign, read-only,
missing) makes it miss, never fail: the file is simply read again, and a damaged row
is deleted. A lock is waited for; a database SQLite reports as corrupt is replaced
(`dossier.store.database`); a cache folder, key or database another user could have
written is not used at all (`dossier.store.private`).

A warm load fetches every entry of the dossier in one query. Whenever a load writes
entries it also forgets the dossier's entries of an older version, and the entries of
dossier folders that no longer exist; deleting the directory is safe too.

The version in the key names the package and a digest of the core modules that shape
an entry (the reader, the converter, the records), so that a changed converter never
reads entries an older one wrote, even between two releases.
"""

from __future__ import annotations

import functools
import hmac
import io
import os
import pickle
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from dossier.model.schema import SCHEMA_VERSION
from dossier.model.text import is_utf8
from dossier.store.database import KEY_NAME, Store
from dossier.store.paths import user_cache_dir
from dossier.store.stats import Stamp, settled_since, stamp_bytes, within
from dossier.store.wholes import WHOLE_TABLES, DamagedBlob, WholeEntries

FORMAT = 6  # 2: references packed in one marshal blob per file; 3: records with slots; 4: stamps; 5: refs apart;
# 6: references grouped by the kinds they may name
LAYOUT = 5  # the tables' layout (PRAGMA user_version): another one is replaced; 5: refs
DB_NAME = "files.sqlite3"
TABLES = (
    # `refs`: the entry's packed references (its result's `ref_blob`), apart and signed on
    # their own: a load that knows its problems already need not restore them, and a
    # reload reads them alone.
    "CREATE TABLE files (root TEXT, rel TEXT, stamp BLOB, version TEXT, digest BLOB, data BLOB,"
    " refs BLOB, refs_digest BLOB, PRIMARY KEY (root, rel))",
    *(
        f"CREATE TABLE {table} (root TEXT PRIMARY KEY, version TEXT, key BLOB, digest BLOB, data BLOB)"
        for table in WHOLE_TABLES
    ),
)


@functools.cache
def _file_results() -> ModuleType:
    """The module of a file's result (`dossier.read.file`), imported the first time an
    entry is restored or kept: a warm `validate`, which prints the verdict's stored
    lines, does neither, and imports neither the reader nor the records. (Called for
    every entry, once imported: an import statement there cost ten times as much.)"""
    import dossier.read.file

    return dossier.read.file


@functools.cache
def _allowed() -> dict[str, set[str]]:
    """The only classes a cache entry may hold: the plain data of a file's result.
    Named by the classes themselves, so that moving one cannot leave a stale name here,
    and every record class the converter builds (a class left out makes every file that
    holds one miss the cache, read again on every open). Imported when an entry is
    first restored (see `_file_results`)."""
    from dossier.model.dates import PartialDate
    from dossier.model.problems import Problem
    from dossier.model.records import NESTED_CLASSES, RECORD_CLASSES, Loc, Quote
    from dossier.read.convert import PendingRef

    allowed: dict[str, set[str]] = {}
    for kind in (_file_results().FileResult, Loc, *RECORD_CLASSES.values(), *NESTED_CLASSES.values(), Quote, PartialDate, Problem,
                 PendingRef):  # fmt: skip
        allowed.setdefault(kind.__module__, set()).add(kind.__qualname__)
    return allowed


class _Unpickler(pickle.Unpickler):
    _classes: dict[tuple[str, str], type] = {}  # found once, then looked up: a warm load asks 75,000 times

    def find_class(self, module: str, name: str):
        found = self._classes.get((module, name))
        if found is not None:
            return found
        if name in _allowed().get(module, ()):
            found = self._classes[(module, name)] = super().find_class(module, name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def _unpickle(data: bytes):
    return _Unpickler(io.BytesIO(data)).load()


def encode(result) -> tuple[bytes, bytes]:
    """A file's result in the form an entry holds (what `put_encoded` takes): the result
    without its packed references, and those references."""
    result = result.compact()
    refs, result.ref_blob = result.ref_blob, b""
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), refs


_REFS = "\0refs"  # what a signature of an entry's references adds to its file's name


def decode(data: bytes, rel: str):
    """The FileResult `encode` made, or None for anything else; only our own classes."""
    try:
        result = _unpickle(data)
    except Exception:  # a damaged entry of any sort is a miss, never a failure
        return None
    if not isinstance(result, _file_results().FileResult) or result.path != rel:
        return None
    return result


def _is_folder(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return True  # cannot tell (a name the system refuses): keep its entries


class FileCache(WholeEntries, Store):
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
        self._rows: dict[str, bytes] = {}
        self._files = files
        if within(self.directory, self.root):
            return  # never write into the dossier folder
        if not is_utf8(self.root):
            return  # a folder name that is not UTF-8 cannot be a key in SQLite
        self._open()

    def _open(self) -> None:
        if not self._connect(self.directory, DB_NAME, LAYOUT, TABLES) or not self._files:
            return
        try:
            rows = self._db.execute(
                "SELECT rel, stamp FROM files WHERE root = ? AND version = ?", (self.root, self.version)
            ).fetchall()
        except sqlite3.Error:
            self.close()
            return
        # Only the keys up front: the entries are streamed by `get_many`, so a large
        # dossier's cache is never held in memory all at once.
        self._rows = {rel: stamp for rel, stamp in rows}

    def _sign(self, rel: str, stamp: bytes, data: bytes) -> bytes:
        return hmac.digest(self._key, self._header(rel, stamp) + data, "sha256")

    def _header(self, rel: str, stamp: bytes) -> bytes:
        return f"{self.version}\0{self.root}\0{rel}\0".encode("utf-8", "surrogateescape") + stamp + b"\0"

    def _loads(self, data: bytes):
        return _unpickle(data)

    def _dumps(self, value) -> bytes:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def pickled(self, value) -> bytes:
        """`value` pickled as an entry is, for a whole-dossier entry to hold as one of its
        parts, restored only if it is asked for (`restorer`)."""
        return self._dumps(value)

    @staticmethod
    def restorer(data: bytes) -> Callable[[], object]:
        """What restores the bytes of `pickled` when called, allowing the classes an
        entry may hold: they are part of an entry whose signature was checked."""
        return functools.partial(_unpickle, data)

    # -- the operations on files -------------------------------------------------
    def get(self, rel: str, stamp: Stamp):
        """The cached FileResult of `rel` if it is still the file on disk, else None."""
        return self.get_many({rel: stamp}).get(rel)

    def _entries(self, rels: list[str], refs: bool):
        """The rows of `rels`: by their keys when they are a few, else the whole dossier's
        streamed in one query (a query per file costs a large dossier a second); with
        `refs`, each row's packed references, else only how long they are."""
        assert self._db is not None
        their = "refs, refs_digest" if refs else "length(refs), NULL"
        columns = f"SELECT rel, stamp, digest, data, {their} FROM files WHERE root = ? AND version = ?"
        if len(rels) > 32:
            yield from self._db.execute(columns, (self.root, self.version))
            return
        for rel in rels:
            yield from self._db.execute(columns + " AND rel = ?", (self.root, self.version, rel))

    def get_many(self, stats: dict[str, Stamp], *, refs: bool = True) -> dict:
        """{rel: FileResult} for the files of `stats` ({rel: stamp}) whose entry is
        still the file on disk; the others are misses, and a damaged entry is deleted.

        The entries are streamed (see `_entries`), each decoded as it comes. Without
        `refs`, a result's packed references are left here: its `ref_blob` is None when
        it has some (`get_refs` reads them), else empty.
        """
        found: dict = {}
        damaged: list[str] = []
        wanted: dict[str, bytes] = {}
        settled: dict[str, Stamp] = {}  # entries made while the file was racy, checked now
        for rel, stamp in stats.items():
            packed, kept = stamp_bytes(stamp), self._rows.get(rel)
            if kept == packed:
                wanted[rel] = packed
            elif kept is not None and settled_since(kept, stamp, os.path.join(self.root, rel)):
                wanted[rel] = kept  # type: ignore[assignment]
                settled[rel] = stamp
        if wanted and self._db is not None:
            try:
                for rel, stamp, digest, data, packed, packed_digest in self._entries(list(wanted), refs):
                    if wanted.get(rel) != stamp or rel in found:
                        continue
                    result = None
                    if isinstance(digest, bytes) and isinstance(data, bytes):
                        if hmac.compare_digest(digest, self._sign(rel, stamp, data)):
                            result = decode(data, rel)
                    if result is not None and refs:
                        good = isinstance(packed, bytes) and isinstance(packed_digest, bytes)
                        if good and hmac.compare_digest(packed_digest, self._sign(rel + _REFS, stamp, packed)):
                            result.ref_blob = packed
                        else:
                            result = None
                    elif result is not None:
                        result.ref_blob = None if packed else b""  # packed: their length here
                    if result is None:
                        damaged.append(rel)
                    else:
                        found[rel] = result
                        if rel in settled and result.ref_blob is not None:  # kept from now on under the settled stamp
                            self.put_encoded(rel, settled[rel], data, result.ref_blob)
            except Exception:  # a damaged database of any sort: what was found so far is good
                pass
        if damaged:
            self._delete(damaged)
        self.hits += len(found)
        self.misses += len(stats) - len(found)
        return found

    def _delete(self, rels: list[str]) -> None:
        try:
            with self._db:  # type: ignore[union-attr]
                self._db.executemany(  # type: ignore[union-attr]
                    "DELETE FROM files WHERE root = ? AND rel = ?", [(self.root, rel) for rel in rels]
                )
            for rel in rels:
                self._rows.pop(rel, None)
        except sqlite3.Error:
            pass  # the rebuilt entry replaces it when it is written

    def entry_stamps(self) -> dict[str, bytes]:
        """{rel: stamp} of this dossier's entries as they were when the cache was opened:
        what names an entry for `get_refs` (one replaced since is a miss there)."""
        return self._rows

    def put(self, rel: str, stamp: Stamp, result) -> None:
        """Remember `result` for the file as `stamp` says it is (written by `flush`); its
        references are then held as kept (see `put_encoded`)."""
        if self._db is None:
            return
        try:
            data, refs = encode(result)
        except Exception:
            return
        kept = self.put_encoded(rel, stamp, data, refs)
        if not result.refs:  # else `refs` packs those too, which the result holds unpacked
            result.ref_blob = kept

    def put_encoded(self, rel: str, stamp: Stamp, data: bytes, refs: bytes) -> bytes:
        """`put` of a result already encoded (by `encode`, in a worker process); `refs`:
        its `ref_blob`. Gives back the references as kept (compressed: `compressed_refs`),
        for the result to hold in their stead."""
        refs = _file_results().compressed_refs(refs)
        if self._db is None:
            return refs
        packed = stamp_bytes(stamp)
        signed = (self._sign(rel, packed, data), data, refs, self._sign(rel + _REFS, packed, refs))
        self._pending.append((self.root, rel, packed, self.version, *signed))
        return refs

    def get_refs(self, wanted: dict[str, bytes]) -> dict[str, bytes]:
        """{rel: the packed references of its entry} for the files of `wanted` ({rel: the
        stamp of the entry, as `entry_stamps` gives it}) whose entry is still the one made
        under that stamp; the others are misses."""
        found: dict[str, bytes] = {}
        if self._db is None or not wanted:
            return found
        query = "SELECT rel, stamp, refs, refs_digest FROM files WHERE root = ? AND version = ?"
        try:
            for rel, stamp, refs, digest in self._db.execute(query, (self.root, self.version)):
                if wanted.get(rel) != stamp or not (isinstance(refs, bytes) and isinstance(digest, bytes)):
                    continue
                if hmac.compare_digest(digest, self._sign(rel + _REFS, stamp, refs)):
                    found[rel] = refs
        except sqlite3.Error:  # a damaged database: what was found so far is good
            pass
        return found

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
                    self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._pending)
                if gone:
                    self._db.executemany(
                        "DELETE FROM files WHERE root = ? AND rel = ?", [(self.root, rel) for rel in gone]
                    )
                self._purge()
        except sqlite3.Error:
            pass  # locked for too long, read-only, full disk: the next load reads again
        self._pending.clear()

    def _purge(self) -> None:
        """Forget entries no load can use again: an older version's, a vanished folder's."""
        assert self._db is not None
        self._db.execute("DELETE FROM files WHERE root = ? AND version != ?", (self.root, self.version))
        roots = [row[0] for row in self._db.execute("SELECT DISTINCT root FROM files")]
        vanished = [(root,) for root in roots if isinstance(root, str) and not _is_folder(root)]
        if vanished:
            self._db.executemany("DELETE FROM files WHERE root = ?", vanished)
            for table in WHOLE_TABLES:
                self._db.executemany(f"DELETE FROM {table} WHERE root = ?", vanished)


__all__ = ["DB_NAME", "KEY_NAME", "DamagedBlob", "FileCache", "decode", "encode"]
