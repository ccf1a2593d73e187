"""A whole-dossier entry kept in signed parts (the search index's form in the cache):
read back part by part as written, and never trusted once changed."""

from __future__ import annotations

import os
import sqlite3
from array import array
from pathlib import Path

import pytest

from dossier.load.shaping import CACHE_VERSION
from dossier.store.files import DamagedBlob, FileCache

KEY = b"k" * 32
PARTS = [b"first", array("I", range(1000)), b"", b"last" * 1000]


def _size(parts) -> int:
    return sum(memoryview(part).nbytes for part in parts)


def _cache(tmp_path: Path) -> FileCache:
    folder = tmp_path / "dossier"
    folder.mkdir(exist_ok=True)
    return FileCache(folder, CACHE_VERSION)


def _database() -> sqlite3.Connection:
    return sqlite3.connect(Path(os.environ["DOSSIER_CACHE_DIR"]) / "files.sqlite3")


def test_parts_come_back_as_they_were_put(tmp_path: Path):
    cache = _cache(tmp_path)
    cache.put_blob(KEY, iter(PARTS), len(PARTS), _size(PARTS))
    parts = cache.get_blob(KEY)
    assert parts is not None
    assert list(parts) == [bytes(memoryview(part).cast("B")) for part in PARTS]
    assert cache.get_blob(b"another key") is None
    cache.close()


@pytest.mark.parametrize("count, size", [(len(PARTS) + 1, _size(PARTS)), (len(PARTS), _size(PARTS) + 1)])
def test_parts_other_than_said_are_not_kept(tmp_path: Path, count: int, size: int):
    cache = _cache(tmp_path)
    cache.put_blob(KEY, iter(PARTS), count, size)
    assert cache.get_blob(KEY) is None
    cache.close()


def test_swapped_or_missing_parts_are_refused(tmp_path: Path):
    cache = _cache(tmp_path)
    parts = [b"a" * 10, b"b" * 10, b"c" * 10]
    cache.put_blob(KEY, parts, 3, 30)
    with _database() as db:
        (data,) = db.execute("SELECT data FROM search").fetchone()
    frame = 40  # length and signature before each part
    first, second = data[: frame + 10], data[frame + 10 : 2 * (frame + 10)]
    swapped = second + first + data[2 * (frame + 10) :]
    without_last = data[: 2 * (frame + 10)] + data[3 * (frame + 10) :]
    for damaged in (swapped, without_last):
        cache.put_blob(KEY, parts, 3, 30)
        with _database() as db:
            db.execute("UPDATE search SET data = ?", (damaged,))
        read = cache.get_blob(KEY)
        with pytest.raises(DamagedBlob):
            list(read)
        assert cache.get_blob(KEY) is None  # the damaged row is gone: never read twice
    cache.close()
