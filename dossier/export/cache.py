"""The JSON export of an unchanged dossier without loading it: each file's lines, cached.

`json_export(root)` gives the same bytes as `to_json_bytes(load_dossier(root).dossier)`
and the same number of errors. When it has to load the dossier, it keeps in the user's
cache directory (never the dossier folder) each file's `Fragment` (its records as JSON
lines), keyed like the per-file cache: the dossier's path, the file's path and stamp
(`dossier.store.stats`: what a user cannot set back), and a version that covers the
code that makes the lines. With them it keeps the load's verdict: its number of errors
(the note the command prints) and whether every id is unique, under a key that digests
every file's path and stamp, the layout problems, and the archived texts the checks
read; and beside the verdict, the whole document it exported. Every row is signed
with the cache's key (HMAC-SHA256, `dossier.store.database.read_key`), so that nothing
this cache did not write is ever printed.

Next time, when the key still holds, that document is the export: one row to read.
When some files changed, one load (cheap thanks to the per-file cache) gives the new
verdict, fragments are made for the changed files only, and the document is joined
from the fragments (`export_fragments.join_sections`) without converting a record.
The join is used only when it is provably the load's export: every id is unique (else
`assemble` drops records, and only the load knows which), and the files did not
change while they were read. A row that is damaged (wrong signature, parts that do not
fit), stale or foreign is a miss, never trusted, and is replaced. A lock is waited for;
a database SQLite reports as corrupt is replaced; one another user could have written
is not used; anything else wrong with it (read-only, full) falls back to the plain
export; the cache can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from dossier.export import fragments, jsondoc, plain
from dossier.export.fragments import Fragment, join_sections
from dossier.export.jsondoc import EVIDENCE_SECTIONS, evidence_runs, json_chunks, to_json_bytes
from dossier.index import evidence as evidence_model
from dossier.index import evidence_plain, strength
from dossier.load.assemble import LoadResult
from dossier.load.discover import discover
from dossier.load.loader import load_dossier
from dossier.load.shaping import CACHE_VERSION
from dossier.model import dates, records, schema, text
from dossier.model.text import is_utf8
from dossier.read.file import DossierFile
from dossier.store.database import Store
from dossier.store.paths import user_cache_dir
from dossier.store.stats import Stamp, file_stat, settled_since, stamp_bytes, within
from dossier.store.version import code_digest

FORMAT = 2  # 2: stamps, signed rows
DB_NAME = "exports.sqlite3"
LAYOUT = 4  # the layout of the database's tables (PRAGMA user_version); 4: evidence beside the verdict
TABLES = (
    "CREATE TABLE fragments (root TEXT, rel TEXT, stamp BLOB, version TEXT, section TEXT, records INTEGER,"
    " event_keys TEXT, archives TEXT, lines BLOB, quote_lines BLOB, signature BLOB, PRIMARY KEY (root, rel))",
    "CREATE TABLE verdicts (root TEXT PRIMARY KEY, version TEXT, key BLOB, errors INTEGER, unique_ids INTEGER,"
    " archives TEXT, signature BLOB, document_signature BLOB, document BLOB, evidence_signature BLOB,"
    " evidence BLOB)",
)

Stat = Stamp | None  # None when the file cannot be stat'ed


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
    now = time.time_ns()  # the one moment that decides which files are racy (see stats)
    stats = [file_stat(os.path.join(base, f.path), now) for f in files]
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
    # The evidence sections depend on the whole dossier: kept with the verdict, for its key.
    evidence = store.evidence(key) if kept is not None and key is not None and key == kept.key else None
    if kept is not None and evidence is not None:
        errors, unique = kept.errors, kept.unique
    else:
        loaded = load_dossier(root)
        if not _read_as_stated(base, files, stats, loaded, now):  # a file changed meanwhile
            return _from_load(loaded)
        errors, unique = len(loaded.errors), _ids_unique(loaded)
        if not unique:
            _remember(store, root, files, stats, layout, fragments, loaded, (errors, unique), b"")
            return _from_load(loaded)
        evidence = evidence_runs(loaded.dossier)
        key = _remember(store, root, files, stats, layout, fragments, loaded, (errors, unique), _pack(evidence))
    if not unique:  # `assemble` drops records whose id is taken: only a load knows which
        return _from_load(load_dossier(root))
    sections = {**join_sections([fragments[f.path] for f in files]), **evidence}
    document = b"".join(json_chunks(sections))
    if key is not None:
        store.put_document(key, document)
    return [document], errors


def _read_as_stated(base: str, files: list[DossierFile], stats: list[Stat], loaded: LoadResult, now: int) -> bool:
    """Whether the load read the files we stat'ed, as they were when we did."""
    same_files = list(loaded.files) == [f.path for f in files]
    return same_files and [file_stat(os.path.join(base, f.path), now) for f in files] == stats


def _ids_unique(loaded: LoadResult) -> bool:
    ids = [r.id for result in loaded.files.values() for r in result.records]
    ids += [q.id for result in loaded.files.values() for r in result.records for q in getattr(r, "quotes", ())]
    return len(set(ids)) == len(ids)


def _pack(evidence: dict[str, list[bytes]]) -> bytes:
    """The evidence sections as one blob: their runs joined by NUL, which JSON text never holds."""
    return b"\0".join(b"".join(evidence[name]) for name in EVIDENCE_SECTIONS)


def _unpack(blob: bytes) -> dict[str, list[bytes]] | None:
    parts = blob.split(b"\0")
    if len(parts) != len(EVIDENCE_SECTIONS):
        return None
    return {name: [part] for name, part in zip(EVIDENCE_SECTIONS, parts, strict=True)}


def _remember(
    store, root: Path, files, stats, layout, fragments: dict, loaded: LoadResult, verdict, evidence: bytes
) -> bytes | None:
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
    if key is None:
        return None
    store.put_verdict(Verdict(key, *verdict, archives), evidence)
    return key


def _archives(files: list[DossierFile], fragments: dict[str, Fragment]) -> tuple[str, ...]:
    """The archived texts the checks read, each once, in a stable order."""
    return tuple(sorted({text for f in files for text in fragments[f.path].archives}))


def _verdict_key(root: Path, files: list[DossierFile], stats: list[Stat], layout, archives) -> bytes | None:
    """A digest of all the load's problems depend on (the files, the layout, the archived
    texts); None while an archived text is racy (it is stamped after the checks read it,
    and may have changed in between)."""
    archive_stats = [file_stat(root / text) for text in archives]
    if any(stat is not None and stat.content for stat in archive_stats):
        return None
    state = (
        [(f.path, s) for f, s in zip(files, stats, strict=True)],
        layout,
        list(zip(archives, archive_stats, strict=True)),
    )
    return hashlib.sha256(repr(state).encode("utf-8", "surrogateescape")).digest()


def _code_version() -> str:
    # The loader's entries feed the fragments: its version is part of theirs.
    own = code_digest(
        sys.modules[__name__], fragments, jsondoc, plain, text, schema, dates, records, evidence_model,
        evidence_plain, strength, format=FORMAT,
    )  # fmt: skip
    return f"{CACHE_VERSION}; export {own}"


def _signed_part(rel: str, section: str, records: int, keys: str, archives: str, lines: bytes, quotes: bytes) -> bytes:
    """The parts of a row as one signed message (each part framed by its length)."""
    head = json.dumps([rel, section, records, keys, archives, len(lines), len(quotes)], ensure_ascii=False)
    return head.encode("utf-8", "surrogateescape") + b"\0" + lines + b"\0" + quotes


class FragmentStore(Store):
    """Fragments of one dossier's files in SQLite; every method is safe to call when broken."""

    def __init__(self, root: Path, directory: Path | None = None):
        self.root = str(Path(root).resolve())
        self.directory = Path(directory) if directory is not None else user_cache_dir()
        self.version = _code_version()
        self._pending: list[tuple] = []
        self._rows: set[str] = set()
        if within(self.directory, self.root) or not is_utf8(self.root):
            return  # never write into the dossier; SQLite cannot key a name that is not UTF-8
        self._connect(self.directory, DB_NAME, LAYOUT, TABLES)

    def _sign(self, *parts: bytes | str) -> bytes:
        """HMAC-SHA256 under the cache's key of this store's version, dossier and `parts`."""
        signer = hmac.new(self._key, f"{self.version}\0{self.root}\0".encode("utf-8", "surrogateescape"), "sha256")
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            signer.update(b"%d\0" % len(data))
            signer.update(data)
        return signer.digest()

    # -- fragments -----------------------------------------------------------------
    def fragments(self, files: list[DossierFile], stats: list[Stat]) -> dict[str, Fragment]:
        """{path: fragment} for the files whose cached fragment is still that file's."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute(
                "SELECT rel, stamp, section, records, event_keys, archives, lines, quote_lines, signature"
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
            if row is None or stat is None:
                continue
            settled = False
            if row[1] != stamp_bytes(stat):
                # Made while the file was racy: still its bytes now that it has settled?
                settled = settled_since(row[1], stat, os.path.join(self.root, file.path))
                if not settled:
                    continue
            fragment = self._decode(*row)
            if fragment is not None and fragment.section == file.kind.plural:
                found[file.path] = fragment
                if settled:
                    self.put(file.path, stat, fragment)  # kept under the settled stamp
            else:
                self._rows.discard(file.path)  # damaged: `flush` deletes it unless replaced
        return found

    def _decode(self, rel, stamp, section, records, keys, archives, lines, quotes, signature) -> Fragment | None:
        """The fragment a row holds, or None if anything about it is off."""
        try:
            expected = self._sign("fragment", stamp, _signed_part(rel, section, records, keys, archives, lines, quotes))
            if not isinstance(signature, bytes) or not hmac.compare_digest(signature, expected):
                return None
            event_keys = tuple((int(a), int(b), int(c)) for a, b, c in json.loads(keys)) if keys else ()
            sources_texts = tuple(str(text) for text in json.loads(archives)) if archives else ()
            fragment = Fragment(section, records, lines, quotes, event_keys, sources_texts)
            return fragment if fragment.is_consistent() else None
        except Exception:  # a damaged row of any sort is a miss, never a failure
            return None

    def put(self, rel: str, stat: Stat, fragment: Fragment) -> None:
        """Remember `fragment` for the file as it is now (written by `flush`)."""
        if self._db is None or stat is None:
            return
        keys = json.dumps(fragment.event_keys) if fragment.event_keys else ""
        archives = json.dumps(fragment.archives, ensure_ascii=False) if fragment.archives else ""
        parts = (rel, fragment.section, fragment.records, keys, archives, fragment.lines, fragment.quote_lines)
        stamp = stamp_bytes(stat)
        signature = self._sign("fragment", stamp, _signed_part(*parts))
        self._pending.append((self.root, rel, stamp, self.version, *parts[1:], signature))

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
                        "INSERT OR REPLACE INTO fragments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._pending
                    )
                if gone:
                    self._db.executemany(
                        "DELETE FROM fragments WHERE root = ? AND rel = ?", [(self.root, rel) for rel in gone]
                    )
        except (sqlite3.Error, ValueError):
            pass  # locked for too long, read-only, full disk: the next export loads again
        self._pending.clear()

    # -- the load's verdict and the document it gave ------------------------------------
    def verdict(self) -> Verdict | None:
        """The verdict kept for this dossier, whatever state it was for (see `Verdict.key`)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT key, errors, unique_ids, archives, signature FROM verdicts WHERE root = ? AND version = ?",
                (self.root, self.version),
            ).fetchone()
            if row is None:
                return None
            key, errors, unique, archives, signature = row
            expected = self._sign("verdict", key, str(errors), str(unique), archives)
            if not isinstance(signature, bytes) or not hmac.compare_digest(signature, expected):
                return None
            archives = tuple(json.loads(archives))
        except Exception:  # damaged of any sort: a miss
            return None
        fits = isinstance(key, bytes) and isinstance(errors, int) and errors >= 0 and unique in (0, 1)
        if not fits or not all(isinstance(text, str) for text in archives):
            return None
        return Verdict(key, errors, bool(unique), archives)

    def put_verdict(self, verdict: Verdict, evidence: bytes = b"") -> None:
        """Keep the verdict, and the evidence sections of the dossier it is the verdict of."""
        if self._db is None:
            return
        archives = json.dumps(verdict.archives, ensure_ascii=False)
        unique = int(verdict.unique)
        signature = self._sign("verdict", verdict.key, str(verdict.errors), str(unique), archives)
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)",
                    (self.root, self.version, verdict.key, verdict.errors, unique, archives, signature,
                     self._sign("evidence", verdict.key, evidence), evidence),
                )  # fmt: skip
        except sqlite3.Error:
            pass

    def evidence(self, key: bytes) -> dict[str, list[bytes]] | None:
        """The evidence sections kept with the verdict of `key`, if this cache signed them."""
        blob = self._signed_blob("evidence", key)
        return None if blob is None else _unpack(blob)

    def document(self, key: bytes) -> bytes | None:
        """The whole export kept with the verdict of `key`, if this cache signed it."""
        return self._signed_blob("document", key)

    def _signed_blob(self, column: str, key: bytes) -> bytes | None:
        """Column `column` ("evidence" or "document") of the verdict of `key`, beside its signature."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                f"SELECT {column}_signature, {column} FROM verdicts WHERE root = ? AND version = ? AND key = ?",
                (self.root, self.version, key),
            ).fetchone()
            if row is None or not isinstance(row[1], bytes) or not isinstance(row[0], bytes):
                return None
            if not hmac.compare_digest(row[0], self._sign(column, key, row[1])):
                return None
        except Exception:  # damaged of any sort: a miss
            return None
        return row[1]

    def put_document(self, key: bytes, document: bytes) -> None:
        """Keep the whole export beside the verdict of `key` (if that is still the one kept)."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute(
                    "UPDATE verdicts SET document_signature = ?, document = ? WHERE root = ? AND version = ? AND key = ?",
                    (self._sign("document", key, document), document, self.root, self.version, key),
                )
        except sqlite3.Error:
            pass


__all__ = ["FragmentStore", "json_export"]
