"""The search index kept in the user's cache between runs, so a warm start reads it.

Building the index of a large dossier (100,000 quotes) takes seconds of folding and
sorting; reading it back takes a fraction of that. It is kept in the cache database
(`dossier.cache`, the user's cache directory, never the dossier folder) under the same
"nothing changed" key as the stored verdict and the index of links: a digest of every
file's path, size and mtime. The loader hands that key over (`remember_key`) only for
a dossier it built from files that did not change while it read them, so an index
stored under a key always describes the files that key names.

Form: `marshal` of plain values (strings, floats, bytes of unsigned arrays; see
`SearchIndex.to_state`), signed by the cache like every other entry, so no class is
ever restored from it. The stored bytes also name a digest of the code that shapes the
index (this module, `search`, `text`): a changed index format never reads an old one.
Anything wrong (stale, corrupt, foreign, a record missing) is a miss: the index is
built afresh and stored again.
"""

from __future__ import annotations

import hashlib
import marshal
import weakref
from pathlib import Path

from .model import Dossier
from .search import SearchIndex

FORMAT = 1


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
    try:
        data = store.get_blob(key)
    finally:
        store.close()
    if data is None:
        return None
    try:
        code, state = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if code != CODE:
        return None
    return SearchIndex.from_state(state, dossier.by_id)


def store_index(dossier: Dossier, index: SearchIndex) -> None:
    """Keep `index` for the next run over the same files (nothing when there is no key)."""
    key = key_of(dossier)
    if key is None or not CODE or not dossier.root:
        return
    from .cache import FileCache

    try:
        data = marshal.dumps((CODE, index.to_state()))
    except ValueError:
        return
    store = FileCache(Path(dossier.root))
    try:
        store.put_blob(key, data)
    finally:
        store.close()


def search_index(dossier: Dossier) -> SearchIndex:
    """The dossier's search index: read from the cache, or built and then stored."""
    index = load_index(dossier)
    if index is None:
        index = SearchIndex(dossier.by_id.values())
        store_index(dossier, index)
    return index
