"""The search index kept in the user's cache between runs, so a warm start reads it.

Building the index of a large dossier (100,000 quotes) takes seconds of folding and
sorting; reading it back takes a fraction of that. It is kept in the cache database
(`dossier.cache`, the user's cache directory, never the dossier folder) under the same
"nothing changed" key as the stored verdict and the index of links: a digest of every
file's path, size and mtime. The loader hands that key over (`remember_key`) only for
a dossier it built from files that did not change while it read them, so an index
stored under a key always describes the files that key names.

Form: a sequence of parts (see `FileCache.put_blob`), each signed by the cache like
every other entry and checked before it is used: `marshal` of plain values (strings,
floats, lists) for the small tables and the vocabulary, UTF-8 for the folded names'
text, and the raw bytes of unsigned arrays for the rest, kept as they are read (the
packed posting lists, see `search.Postings`; the names' ends, see `names.FoldedNames`). So no class is ever restored from the cache, and neither the
write nor the read holds a copy of the whole. Records are named by their place in the
dossier's `by_id`, checked against a digest of its ids, rather than by 165,000 id
strings. The first part also names a digest of the code that shapes the index (this
module, `search`, `fields`, `gather`, `names`, `postings`, `text`): a changed index format
never reads an old one. Anything wrong (stale, corrupt, truncated, foreign, a record
missing) is a miss: the index is built afresh and stored again.
"""

from __future__ import annotations

import marshal
import sys
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path

from dossier.index import fields, gather, search
from dossier.index import names as names_code
from dossier.index import postings as postings_code
from dossier.index.names import FoldedNames
from dossier.index.postings import U32, Postings, chunk_spans
from dossier.index.search import SearchIndex
from dossier.load.shaping import CACHE_VERSION
from dossier.model import text
from dossier.model.longlived import release_free_memory
from dossier.model.records import Record, ids_digest
from dossier.store.files import FileCache
from dossier.store.version import code_digest

FORMAT = 3  # 2: signed parts, packed postings, records by place; 3: names as one text
# About how many bytes of posting lists make one part: small enough that no part adds
# much to the peak of a write or a read, large enough that a large dossier's come back
# as some seventy bytes objects rather than 80,000.
PART_BYTES = 1 << 18
NAMES_PER_PART = 4096
TRIM_EVERY = 4  # parts made between two hand-backs of the memory they took


CODE = code_digest(search, fields, gather, names_code, postings_code, sys.modules[__name__], text, format=FORMAT)


class StoredSearch:
    """The loader's handle on the search index kept for exactly the files `key` names.

    The loader hands one to a dossier it built from files that did not change while it
    read them (`Dossier.stored_search`); the index asks it before building, and gives
    it what it built. A dossier made otherwise has none, and its index is built.
    """

    def __init__(self, root: str, key: bytes):
        self.root = root
        self.key = key

    def load(self, by_id: Mapping[str, Record]) -> SearchIndex | None:
        """The stored index over the records of `by_id`, if the cache holds one."""
        if not CODE or not self.root:
            return None
        store = FileCache(Path(self.root), CACHE_VERSION, files=False)
        parts = None
        try:
            parts = store.get_blob(self.key)
            if parts is None:
                return None
            return _restored(parts, by_id)
        except Exception:  # damaged, truncated, or not what this code writes: a miss, of any sort
            return None
        finally:
            if parts is not None:
                parts.close()
            store.close()

    def keep(self, index: SearchIndex, by_id: Mapping[str, Record]) -> None:
        """Keep `index` for the next run over the same files."""
        if not CODE or not self.root:
            return
        try:
            parts, count, size = _parts(index, by_id)
        except ValueError:
            return
        release_free_memory()  # what measuring the parts took: the app's peak is here
        store = FileCache(Path(self.root), CACHE_VERSION, files=False)
        try:
            store.put_blob(self.key, parts, count, size)
        finally:
            store.close()


def _parts(index: SearchIndex, by_id: Mapping[str, object]) -> tuple[Iterator, int, int]:
    """The parts an index is stored as, in the order `_restored` reads them, how many
    there are and their size in bytes. The arrays are the index's own; the rest is
    made one part at a time as the parts are written. Lists are marshalled a few
    thousand items to a part (marshal keeps a table of the objects it has written, a
    few MB for a whole vocabulary), and like the names' text twice: to measure them,
    then to write them."""
    tables = (index.postings, index.name_postings)
    header = (CODE, len(index.records), ids_digest(by_id), index.fields, index.weights,
              [len(postings.words) for postings in tables])  # fmt: skip
    regrouped = [postings.regrouped(PART_BYTES) for postings in tables]

    def lists() -> Iterator:
        yield header
        for postings, (_, firsts, _, _) in zip(tables, regrouped, strict=True):
            for first, end in chunk_spans(firsts, len(postings.words)):
                yield postings.words[first:end]

    def arrays() -> Iterator[array]:
        yield index.positions
        yield index.names.ends
        yield index.named
        for ends, firsts, _, _ in regrouped:
            yield ends
            yield firsts

    count = size = 0
    for n, names in enumerate(index.names.batches(NAMES_PER_PART)):
        count += 1
        size += len(_encoded(names))
        if n % TRIM_EVERY == TRIM_EVERY - 1:
            release_free_memory()  # (measured, let go: the system's again, as when written)
    for value in lists():
        count += 1
        size += len(marshal.dumps(value))
    for numbers in arrays():
        count += 1
        size += memoryview(numbers).nbytes
    count += sum(len(firsts) for _, firsts, _, _ in regrouped)
    size += sum(chunks_size for _, _, _, chunks_size in regrouped)

    def parts() -> Iterator:
        yield marshal.dumps(header)
        yield index.positions
        yield index.names.ends
        for n, names in enumerate(index.names.batches(NAMES_PER_PART)):
            yield _encoded(names)
            if n % TRIM_EVERY == TRIM_EVERY - 1:
                release_free_memory()
        yield index.named
        for postings, (ends, firsts, chunks, _) in zip(tables, regrouped, strict=True):
            yield ends
            yield firsts
            for n, ((first, end), chunk) in enumerate(
                zip(chunk_spans(firsts, len(postings.words)), chunks, strict=True)
            ):
                yield marshal.dumps(postings.words[first:end])
                yield chunk
                if n % TRIM_EVERY == TRIM_EVERY - 1:
                    release_free_memory()  # the parts written, let go, are the system's again

    return parts(), count, size


def _restored(parts: Iterator[bytes], by_id: Mapping[str, Record]) -> SearchIndex | None:
    """The index `_parts` stored, over the records of `by_id`; None if it was stored by
    other code or for other records. Each part is let go once it is used."""
    code, count, ids, fields, weights, sizes = marshal.loads(next(parts))
    if code != CODE or count != len(by_id) or ids != ids_digest(by_id) or len(fields) != len(weights):
        return None
    positions = _numbers(next(parts))
    if len(positions) != count or (count and max(positions) >= count):
        return None
    in_order = list(by_id.values())
    records = list(map(in_order.__getitem__, positions))
    del in_order
    ends = _numbers(next(parts))
    names = FoldedNames("".join([_decoded(next(parts)) for _ in range(-(-count // NAMES_PER_PART))]), ends)
    named = _numbers(next(parts))
    if len(names) != count or not names.fits() or (named and max(named) >= count):
        return None
    tables = []
    for size in sizes:
        ends = _numbers(next(parts))
        firsts = _numbers(next(parts))
        words: list[str] = []
        chunks = []
        for _ in firsts:
            words += marshal.loads(next(parts))
            chunks.append(next(parts))
        postings = Postings(words, ends, chunks, firsts)
        if len(words) != size or not postings.fits():
            return None
        tables.append(postings)
    if len(tables) != 2 or next(parts, None) is not None:
        return None
    return SearchIndex.restored(records, positions, names, named, fields, weights, *tables)


def _encoded(names: str) -> bytes:
    return names.encode("utf-8", "surrogatepass")


def _decoded(data: bytes) -> str:
    return bytes(data).decode("utf-8", "surrogatepass")


def _numbers(data: bytes) -> array:
    numbers = array(U32)
    numbers.frombytes(data)
    return numbers
