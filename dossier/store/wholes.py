"""The cache's entries of a whole dossier: the verdict, the index of links, the search index.

Tables of one row per dossier, each valid for one digest (`key`) of every file's stamp:
`summaries` holds the problems of the last full check, `links` the index of incoming
links built from the same files, `search` the search index (as bytes its owner
encodes, see `dossier.load.stored_search`). They are part of `FileCache`
(`dossier.store.files`), which mixes these methods in.

The search index of a large dossier is tens of MB. It is stored as a sequence of
parts, each signed on its own, written and read through SQLite's incremental blob
handle: neither a write nor a read makes or holds one bytes object of the whole, and a
reader checks each frame's length against what is left of the blob, and each part's
signature, before it uses the part, and lets it go after. In the blob each part is
framed by its length and signature, and a last frame of no part closes the sequence.
A signature covers the entry's key, a random nonce kept in the row's `digest` and the
frame's place, so that no part passes for another, in this row or in another, and the
closing frame tells that none is missing. (The row is written once: updating any
column of it would make SQLite copy the blob.) A damaged row of any table, whatever
the damage, is a miss and is deleted, so that it is rebuilt and never read twice.
"""

from __future__ import annotations

import hmac
import itertools
import secrets
import sqlite3
import struct
from collections.abc import Iterable, Iterator


class DamagedBlob(ValueError):
    """A part of a stored blob is missing, short or not signed by this cache."""


def _label(table: str) -> str:
    """What a whole-folder row is signed as, so that one table's row never passes for another's."""
    return "" if table == "summaries" else f"\0{table}"


WHOLE_TABLES = ("summaries", "links", "search")


class WholeEntries:
    """The whole-dossier methods of `FileCache` (it provides `_db`, `_key`, `root`,
    `version`, `_header`, `_loads` and `_dumps`)."""

    _WHOLE = ("summaries", "links")
    _BLOBS = ("search",)
    _NONCE = 16
    _FRAME = struct.Struct("<Q32s")
    _CLOSING = (1 << 64) - 1  # the length of the closing frame

    def _sign_whole(self, table: str, key: bytes, data: bytes) -> bytes:
        signer = hmac.new(self._key, self._header(_label(table), b""), "sha256")
        signer.update(key)
        signer.update(data)
        return signer.digest()

    def _sign_part(self, table: str, key: bytes, nonce: bytes, number: int, data) -> bytes:
        signer = hmac.new(self._key, self._header(_label(table), b""), "sha256")
        signer.update(struct.pack("<QQ", len(key), number))
        signer.update(key)
        signer.update(nonce)
        signer.update(data)
        return signer.digest()

    def _forget(self, table: str) -> None:
        """Delete this dossier's row of `table`: it was found damaged."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute(f"DELETE FROM {table} WHERE root = ?", (self.root,))
        except sqlite3.Error:
            pass  # locked or read-only: the next write replaces it

    # -- parts --------------------------------------------------------------------
    def get_blob(self, key: bytes, table: str = "search") -> Iterator[bytes] | None:
        """The parts `put_blob` stored under `key` for this dossier, None if there is no
        such entry. Each part is read and checked only when the iteration comes to it;
        a part missing, short or not signed by this cache raises `DamagedBlob` then (and
        the row is deleted), and the whole entry is a miss. Close the iterator before
        the cache."""
        if self._db is None or table not in self._BLOBS:
            return None
        try:
            row = self._db.execute(
                f"SELECT rowid, key, digest, typeof(data) FROM {table} WHERE root = ? AND version = ?",
                (self.root, self.version),
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[1] != key:
            return None
        if not isinstance(row[2], bytes) or len(row[2]) != self._NONCE or row[3] != "blob":
            self._forget(table)
            return None
        return self._read_parts(table, key, row[0], row[2])

    def _read_parts(self, table: str, key: bytes, rowid: int, nonce: bytes) -> Iterator[bytes]:
        try:
            yield from self._checked_parts(table, key, rowid, nonce)
        except DamagedBlob:
            self._forget(table)
            raise
        except Exception as error:  # any damage of any sort is a miss: the row goes
            self._forget(table)
            raise DamagedBlob(f"{type(error).__name__}: {error}") from error

    def _checked_parts(self, table: str, key: bytes, rowid: int, nonce: bytes) -> Iterator[bytes]:
        with self._db.blobopen(table, "data", rowid, readonly=True) as blob:  # type: ignore[union-attr]
            total = len(blob)
            for number in itertools.count():
                frame = blob.read(self._FRAME.size)
                if len(frame) != self._FRAME.size:
                    raise DamagedBlob(f"frame {number} is cut short")
                length, signature = self._FRAME.unpack(frame)
                closing = length == self._CLOSING
                # The length is checked against what is left before anything is read.
                if not closing and length > total - blob.tell():
                    raise DamagedBlob(f"part {number} says it is longer than the blob")
                data = b"" if closing else blob.read(length)
                expected = self._sign_part(table, key, nonce, number, data)
                if len(data) != (0 if closing else length) or not hmac.compare_digest(signature, expected):
                    raise DamagedBlob(f"part {number} is not the one stored")
                if closing:
                    if blob.tell() != total:
                        raise DamagedBlob("bytes after the closing frame")
                    return
                yield data

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
        except (sqlite3.Error, ValueError, OverflowError):
            pass  # locked, read-only, full, or parts not as said: nothing is kept

    # -- one signed value -----------------------------------------------------------
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
        if row is None or row[0] != key:
            return None
        try:
            if not isinstance(row[2], bytes) or not isinstance(row[1], bytes):
                raise ValueError("not bytes")
            if not hmac.compare_digest(row[1], self._sign_whole(table, key, row[2])):
                raise ValueError("not signed by this cache")
            return self._loads(row[2])
        except Exception:  # damaged of any sort: a miss, and the row goes
            self._forget(table)
            return None

    def put_summary(self, key: bytes, value, table: str = "summaries") -> None:
        if self._db is None or table not in self._WHOLE:
            return
        try:
            data = self._dumps(value)
            with self._db:
                self._db.execute(
                    f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?, ?)",
                    (self.root, self.version, key, self._sign_whole(table, key, data), data),
                )
        except Exception:  # locked, read-only, full, a value that cannot be kept
            pass
