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
floats, lists) for the small tables, the vocabulary and the folded names, and the raw
bytes of unsigned arrays for the rest, kept as they are read (the packed posting lists,
see `search.Postings`). So no class is ever restored from the cache, and neither the
write nor the read holds a copy of the whole. Records are named by their place in the
dossier's `by_id`, checked against a digest of its ids, rather than by 165,000 id
strings. The first part also names a digest of the code that shapes the index (this
module, `search`, `text`): a changed index format never reads an old one. Anything
wrong (stale, corrupt, truncated, foreign, a record missing) is a miss: the index is
built afresh and stored again.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import weakref
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path

from .model import Dossier, Record
from .search import U32, Postings, SearchIndex

FORMAT = 2  # 2: signed parts, packed postings, records by place
# Words of a stored vocabulary whose posting lists make one part: a large dossier's
# 80,000 come back as some eighty bytes objects, a few hundred kB each.
WORDS_PER_PART = 1024


def _code_digest() -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).resolve().parent
    try:
        for name in ("search", "search_store", "text"):
            digest.update((here / f"{name}.py").read_bytes())
    except OSError:
        return ""  # no source to read (a zip): nothing is kept, every index is built
    return digest.hexdigest()[:16]


CODE = _code_digest()

# Dossier → the loader's key for it. Held by the dossier's identity, weakly: a dossier
# made otherwise (a test, `dataclasses.replace`) has no key, and its index is built.
_keys: dict[int, tuple[weakref.ref, bytes]] = {}


def remember_key(dossier: Dossier, key: bytes) -> None:
    """The loader's word that `dossier` is exactly the files that `key` names."""
    ident = id(dossier)
    _keys[ident] = (weakref.ref(dossier, lambda _ref: _keys.pop(ident, None)), key)


def key_of(dossier: Dossier) -> bytes | None:
    found = _keys.get(id(dossier))
    if found is None or found[0]() is not dossier:
        return None
    return found[1]


def load_index(dossier: Dossier) -> SearchIndex | None:
    """The stored index of `dossier`, if the cache holds one for exactly its files."""
    key = key_of(dossier)
    if key is None or not CODE or not dossier.root:
        return None
    from .cache import FileCache

    store = FileCache(Path(dossier.root))
    parts = None
    try:
        parts = store.get_blob(key)
        if parts is None:
            return None
        return _restored(parts, dossier.by_id)
    except (StopIteration, EOFError, ValueError, TypeError, IndexError):
        return None  # damaged, truncated, or not what this code writes: a miss
    finally:
        if parts is not None:
            parts.close()
        store.close()


def store_index(dossier: Dossier, index: SearchIndex) -> None:
    """Keep `index` for the next run over the same files (nothing when there is no key)."""
    key = key_of(dossier)
    if key is None or not CODE or not dossier.root:
        return
    from .cache import FileCache

    try:
        parts, count, size = _parts(index, dossier.by_id)
    except ValueError:
        return
    store = FileCache(Path(dossier.root))
    try:
        store.put_blob(key, parts, count, size)
    finally:
        store.close()


def _ids_digest(by_id: Mapping[str, object]) -> bytes:
    """What names the records of `by_id` and their order (ids are never empty). Fed a
    few thousand ids at a time: joined whole, a large dossier's are megabytes."""
    digest = hashlib.sha256()
    ids = iter(by_id)
    while batch := list(itertools.islice(ids, 4096)):
        digest.update("\0".join(batch).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.digest()


def _parts(index: SearchIndex, by_id: Mapping[str, object]) -> tuple[Iterator, int, int]:
    """The parts an index is stored as, in the order `_restored` reads them, how many
    there are and their size in bytes. The arrays are the index's own; the chunks of posting lists are
    packed one at a time as they are written."""
    tables = (index.postings, index.name_postings)
    header = (CODE, len(index.records), _ids_digest(by_id), index.fields, index.weights,
              [len(postings.words) for postings in tables])  # fmt: skip
    parts: list = [marshal.dumps(header), index.positions, marshal.dumps(index.names), index.named]
    chunks = []
    for postings in tables:
        ends, packed, size = postings.regrouped(WORDS_PER_PART)
        parts += [marshal.dumps(postings.words), ends]
        chunks.append((packed, size))
    count = len(parts) + sum(-(-len(postings.words) // WORDS_PER_PART) for postings in tables)
    size = sum(memoryview(part).nbytes for part in parts) + sum(size for _, size in chunks)
    first, second = chunks
    return itertools.chain(parts[:6], first[0], parts[6:], second[0]), count, size


def _restored(parts: Iterator[bytes], by_id: Mapping[str, Record]) -> SearchIndex | None:
    """The index `_parts` stored, over the records of `by_id`; None if it was stored by
    other code or for other records. Each part is let go once it is used."""
    code, count, ids, fields, weights, sizes = marshal.loads(next(parts))
    if code != CODE or count != len(by_id) or ids != _ids_digest(by_id) or len(fields) != len(weights):
        return None
    positions = _numbers(next(parts))
    if len(positions) != count or (count and max(positions) >= count):
        return None
    in_order = list(by_id.values())
    records = list(map(in_order.__getitem__, positions))
    del in_order
    names = marshal.loads(next(parts))
    named = _numbers(next(parts))
    if not isinstance(names, list) or len(names) != count or (named and max(named) >= count):
        return None
    tables = []
    for size in sizes:
        words = marshal.loads(next(parts))
        ends = _numbers(next(parts))
        chunks = [next(parts) for _ in range(-(-size // WORDS_PER_PART))]
        postings = Postings(words, ends, chunks, WORDS_PER_PART)
        if not isinstance(words, list) or len(words) != size or not postings.fits():
            return None
        tables.append(postings)
    if len(tables) != 2 or next(parts, None) is not None:
        return None
    return SearchIndex.restored(records, positions, names, named, fields, weights, *tables)


def _numbers(data: bytes) -> array:
    numbers = array(U32)
    numbers.frombytes(data)
    return numbers


def search_index(dossier: Dossier) -> SearchIndex:
    """The dossier's search index: read from the cache, or built and then stored."""
    index = load_index(dossier)
    if index is None:
        index = SearchIndex(dossier.by_id.values())
        store_index(dossier, index)
    return index
