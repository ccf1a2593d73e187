"""The JSON export of an unchanged dossier without loading it: each file's lines, cached.

`json_export(root)` gives the same bytes as `to_json_bytes(load_dossier(root).dossier)`
and the same number of errors. When it has to load the dossier, it keeps in the user's
cache directory (never the dossier folder) each file's `Fragment` (its records as JSON
lines), keyed like the per-file cache: the dossier's path, the file's path, size and
mtime_ns, and a version that covers the code that makes the lines. With them it keeps
the load's verdict: its number of errors (the note the command prints) and whether
every id is unique, under a key that digests every file's path, size and mtime_ns, the
layout problems, and the archived texts the checks read; and beside the verdict, the
whole document it exported.

Next time, when the key still holds, that document is the export: one row to read.
When some files changed, one load (cheap thanks to the per-file cache) gives the new
verdict, fragments are made for the changed files only, and the document is joined
from the fragments (`export_fragments.join_sections`) without converting a record.
The join is used only when it is provably the load's export: every id is unique (else
`assemble` drops records, and only the load knows which), and the files did not
change while they were read. A row that is damaged (wrong checksum, parts that do not
fit), stale or foreign is a miss, never trusted, and is replaced. Anything wrong with
the database itself (corrupt, locked, read-only) falls back to the plain export; the
cache can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from dossier.export import fragments, jsondoc, plain
from dossier.export.fragments import Fragment, join_sections
from dossier.export.jsondoc import json_chunks, to_json_bytes
from dossier.load.assemble import LoadResult
from dossier.load.discover import discover
from dossier.load.loader import load_dossier
from dossier.load.shaping import CACHE_VERSION
from dossier.model import dates, records, schema, text
from dossier.model.text import is_utf8
from dossier.read.file import DossierFile
from dossier.store.paths import user_cache_dir
from dossier.store.stats import file_stat, settled, within
from dossier.store.version import code_digest

FORMAT = 1
DB_NAME = "exports.sqlite3"
TABLES = 2  # the layout of the database's tables

Stat = tuple[int, int] | None  # (size, mtime_ns); None when the file cannot be stat'ed


def json_export(root: Path) -> tuple[Iterable[bytes], int]:
    """The JSON export of the dossier at `root` (UTF-8, in pieces to write one after
    the other), and how many errors loading it reports."""
    root = Path(root)
    if not root.is_dir():
        return _from_load(load_dossier(root))
    store = FragmentStore(root)
    try:
        return _export(root, store)
    finally:
        store.close()


class Verdict(NamedTuple):
    key: bytes  # `_verdict_key` of the state of the dossier it was made for
    errors: int  # errors of the load
    unique: bool  # every id unique: the export is the join of the fragments
    archives: tuple[str, ...]  # the archived texts the checks read (part of the key)


def _from_load(loaded: LoadResult) -> tuple[Iterable[bytes], int]:
    return [to_json_bytes(loaded.dossier)], len(loaded.errors)


def _export(root: Path, store: FragmentStore) -> tuple[Iterable[bytes], int]:
    files, layout = discover(root)
    base = os.fspath(root)
    stats = [file_stat(os.path.join(base, f.path)) for f in files]
    # The last export, whole, when nothing it depends on changed: one row to read.
    kept = store.verdict()
    if kept is not None and kept.unique and kept.key == _verdict_key(root, files, stats, layout, kept.archives):
        document = store.document(kept.key)
        if document is not None:
            return [document], kept.errors
    fragments = store.fragments(files, stats)
    key = None
    if len(fragments) == len(files):
        key = _verdict_key(root, files, stats, layout, _archives(files, fragments))
    if kept is not None and key is not None and key == kept.key:
        errors, unique = kept.errors, kept.unique
    else:
        loaded = load_dossier(root)
        if not _read_as_stated(base, files, stats, loaded):  # a file changed meanwhile
            return _from_load(loaded)
        errors, unique = len(loaded.errors), _ids_unique(loaded)
        key = _remember(store, root, files, stats, layout, fragments, loaded, (errors, unique))
        if not unique:
            return _from_load(loaded)
    if not unique:  # `assemble` drops records whose id is taken: only a load knows which
        return _from_load(load_dossier(root))
    document = b"".join(json_chunks(join_sections([fragments[f.path] for f in files])))
    if key is not None:
        store.put_document(key, document)
    return [document], errors


def _read_as_stated(base: str, files: list[DossierFile], stats: list[Stat], loaded: LoadResult) -> bool:
    """Whether the load read the files we stat'ed, as they were when we did."""
    same_files = list(loaded.files) == [f.path for f in files]
    return same_files and [file_stat(os.path.join(base, f.path)) for f in files] == stats


def _ids_unique(loaded: LoadResult) -> bool:
    ids = [r.id for result in loaded.files.values() for r in result.records]
    ids += [q.id for result in loaded.files.values() for r in result.records for q in getattr(r, "quotes", ())]
    return len(set(ids)) == len(ids)


def _remember(store, root: Path, files, stats, layout, fragments: dict, loaded: LoadResult, verdict) -> bytes | None:
    """Fragments for the files that had none (into `fragments` too), and the load's verdict;
    the verdict's key, or None when it could not be kept."""
    for file, stat in zip(files, stats, strict=True):
        if file.path not in fragments:
            fragment = Fragment.of(file.kind.plural, loaded.files[file.path].records)
            fragments[file.path] = fragment
            store.put(file.path, stat, fragment)
    store.flush(keep={f.path for f in files})
    archives = _archives(files, fragments)
    key = _verdict_key(root, files, stats, layout, archives)
    if key is None or not settled(stats):
        return None
    store.put_verdict(Verdict(key, *verdict, archives))
    return key


def _archives(files: list[DossierFile], fragments: dict[str, Fragment]) -> tuple[str, ...]:
    """The archived texts the checks read, each once, in a stable order."""
    return tuple(sorted({text for f in files for text in fragments[f.path].archives}))


def _verdict_key(root: Path, files: list[DossierFile], stats: list[Stat], layout, archives) -> bytes | None:
    """A digest of all the load's problems depend on (the files, the layout, the archived
    texts); None while an archived text is unsettled."""
    archive_stats = [file_stat(root / text) for text in archives]
    if not settled(archive_stats):
        return None
    state = (
        [(f.path, s) for f, s in zip(files, stats, strict=True)],
        layout,
        list(zip(archives, archive_stats, strict=True)),
    )
    return hashlib.sha256(repr(state).encode("utf-8", "surrogateescape")).digest()


def _code_version() -> str:
    # The loader's entries feed the fragments: its version is part of theirs.
    own = code_digest(sys.modules[__name__], fragments, jsondoc, plain, text, schema, dates, records, format=FORMAT)
    return f"{CACHE_VERSION}; export {own}"


def _checksum(rel: str, section: str, records: int, keys: str, archives: str, lines: bytes, quotes: bytes) -> int:
    """CRC-32 of a row's parts: damage to a row makes it a miss."""
    head = f"{rel}\0{section}\0{records}\0{keys}\0{archives}\0{len(lines)}\0".encode("utf-8", "surrogateescape")
    return zlib.crc32(quotes, zlib.crc32(lines, zlib.crc32(head)))


class FragmentStore:
    """Fragments of one dossier's files in SQLite; every method is safe to call when broken."""

    def __init__(self, root: Path, directory: Path | None = None):

        self.root = str(Path(root).resolve())
        self.directory = Path(directory) if directory is not None else user_cache_dir()
        self.version = _code_version()
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple] = []
        self._rows: set[str] = set()
        if within(self.directory, self.root) or not is_utf8(self.root):
            return  # never write into the dossier; SQLite cannot key a name that is not UTF-8
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
        except (OSError, sqlite3.Error):
            self._db = None

    def _connect(self) -> sqlite3.Connection:
        path = self.directory / DB_NAME
        try:
            return _open_tables(path)
        except sqlite3.DatabaseError:  # not a database we can read (corrupt, foreign): start afresh
            path.unlink(missing_ok=True)
            return _open_tables(path)

    # -- fragments -----------------------------------------------------------------
    def fragments(self, files: list[DossierFile], stats: list[Stat]) -> dict[str, Fragment]:
        """{path: fragment} for the files whose cached fragment is still that file's."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute(
                "SELECT rel, size, mtime_ns, section, records, event_keys, archives, lines, quote_lines, checksum"
                " FROM fragments WHERE root = ? AND version = ?",
                (self.root, self.version),
            ).fetchall()
        except sqlite3.Error:
            return {}
        by_path = {row[0]: row for row in rows}
        self._rows = set(by_path)
        found: dict[str, Fragment] = {}
        for file, stat in zip(files, stats, strict=True):
            row = by_path.get(file.path)
            if row is None or stat is None or (row[1], row[2]) != stat:
                continue
            fragment = _decode(*row[:1], *row[3:])
            if fragment is not None and fragment.section == file.kind.plural:
                found[file.path] = fragment
        return found

    def put(self, rel: str, stat: Stat, fragment: Fragment) -> None:
        """Remember `fragment` for the file as it is now (written by `flush`)."""
        if self._db is None or stat is None or not settled([stat]):
            return
        keys = json.dumps(fragment.event_keys) if fragment.event_keys else ""
        archives = json.dumps(fragment.archives, ensure_ascii=False) if fragment.archives else ""
        parts = (rel, fragment.section, fragment.records, keys, archives, fragment.lines, fragment.quote_lines)
        self._pending.append((self.root, rel, *stat, self.version, *parts[1:], _checksum(*parts)))

    def flush(self, keep: set[str]) -> None:
        """Write the pending fragments and forget those of files no longer in the dossier."""
        if self._db is None:
            return
        gone = self._rows - keep
        try:
            with self._db:
                self._db.execute("BEGIN")
                if self._pending:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO fragments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._pending
                    )
                if gone:
                    self._db.executemany(
                        "DELETE FROM fragments WHERE root = ? AND rel = ?", [(self.root, rel) for rel in gone]
                    )
        except (sqlite3.Error, ValueError):
            pass  # locked by another process, read-only, full disk: the next export loads again
        self._pending.clear()

    # -- the load's verdict and the document it gave ------------------------------------
    def verdict(self) -> Verdict | None:
        """The verdict kept for this dossier, whatever state it was for (see `Verdict.key`)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT key, errors, unique_ids, archives FROM verdicts WHERE root = ? AND version = ?",
                (self.root, self.version),
            ).fetchone()
            if row is None:
                return None
            key, errors, unique, archives = row
            archives = tuple(json.loads(archives))
        except (sqlite3.Error, ValueError, TypeError):
            return None
        fits = isinstance(key, bytes) and isinstance(errors, int) and errors >= 0 and unique in (0, 1)
        if not fits or not all(isinstance(text, str) for text in archives):
            return None
        return Verdict(key, errors, bool(unique), archives)

    def put_verdict(self, verdict: Verdict) -> None:
        if self._db is None:
            return
        archives = json.dumps(verdict.archives, ensure_ascii=False)
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
                    (self.root, self.version, verdict.key, verdict.errors, int(verdict.unique), archives),
                )
        except sqlite3.Error:
            pass

    def document(self, key: bytes) -> bytes | None:
        """The whole export kept with the verdict of `key`, if it is intact."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT checksum, document FROM verdicts WHERE root = ? AND version = ? AND key = ?",
                (self.root, self.version, key),
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[1], bytes) or zlib.crc32(row[1]) != row[0]:
            return None
        return row[1]

    def put_document(self, key: bytes, document: bytes) -> None:
        """Keep the whole export beside the verdict of `key` (if that is still the one kept)."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute(
                    "UPDATE verdicts SET checksum = ?, document = ? WHERE root = ? AND version = ? AND key = ?",
                    (zlib.crc32(document), document, self.root, self.version, key),
                )
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _decode(rel, section, records, keys, archives, lines, quotes, checksum) -> Fragment | None:
    """The fragment a row holds, or None if anything about it is off."""
    try:
        if checksum != _checksum(rel, section, records, keys, archives, lines, quotes):
            return None
        event_keys = tuple((int(a), int(b), int(c)) for a, b, c in json.loads(keys)) if keys else ()
        sources_texts = tuple(str(text) for text in json.loads(archives)) if archives else ()
    except Exception:  # a damaged row of any sort is a miss, never a failure
        return None
    fragment = Fragment(section, records, lines, quotes, event_keys, sources_texts)
    return fragment if fragment.is_consistent() else None


def _open_tables(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] != TABLES:  # tables of another layout
            db.execute("DROP TABLE IF EXISTS fragments")
            db.execute("DROP TABLE IF EXISTS verdicts")
            db.execute(f"PRAGMA user_version = {TABLES}")
        db.execute(
            "CREATE TABLE IF NOT EXISTS fragments (root TEXT, rel TEXT, size INTEGER, mtime_ns INTEGER,"
            " version TEXT, section TEXT, records INTEGER, event_keys TEXT, archives TEXT,"
            " lines BLOB, quote_lines BLOB, checksum INTEGER, PRIMARY KEY (root, rel))"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS verdicts (root TEXT PRIMARY KEY, version TEXT, key BLOB,"
            " errors INTEGER, unique_ids INTEGER, archives TEXT, checksum INTEGER, document BLOB)"
        )
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


__all__ = ["FragmentStore", "json_export"]
