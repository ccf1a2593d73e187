"""A warm load reads the search index from the cache: the same results as a fresh build,
never stale ones, and a damaged entry is simply built again."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from dossier.index.index import Index
from dossier.index.search import SearchIndex
from dossier.load import stored_search as search_store
from dossier.load.loader import load_dossier
from dossier.model.suggest import CLOSEST_COMPARED, closest
from tests.helpers import MINIMAL, age_files, write_dossier

QUERIES = ["ada", "lacroix", "timothee", "lab", "mod", "modele", "le meilleur", "chief", "x", "zzz"]


def _stored(dossier):
    return dossier.stored_search.load(dossier.by_id)


def _results(index: Index) -> dict[str, list[tuple[str, float, str]]]:
    return {q: [(hit.record.id, hit.score, hit.field) for hit in index.search(q)] for q in QUERIES}


def _fresh(index: Index) -> dict[str, list[tuple[str, float, str]]]:
    built = SearchIndex(index.dossier.by_id.values())
    return {q: [(hit.record.id, hit.score, hit.field) for hit in built.search(q)] for q in QUERIES}


def test_a_warm_search_reads_the_stored_index_and_finds_the_same(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    age_files(root)
    load_dossier(root)
    first = Index(load_dossier(root).dossier)
    expected = _results(first)  # built, then stored
    warm = load_dossier(root).dossier
    assert warm.stored_search.load(warm.by_id) is not None, "the warm load finds the stored index"
    cached = Index(warm)
    assert _results(cached) == expected == _fresh(cached)
    assert any(expected.values())


def test_an_edited_file_changes_the_results(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    age_files(root)
    load_dossier(root)
    Index(load_dossier(root).dossier).search("ada")
    (root / "labs/lab-y.yaml").write_text("name: Lab Zéphyr\nkind: lab\nparent: lab-x\n", encoding="utf-8")
    age_files(root)
    for _ in range(2):  # the first load after the edit, and a warm one
        index = Index(load_dossier(root).dossier)
        assert [hit.record.id for hit in index.search("zephyr")] == ["lab-y"]
        assert _results(index) == _fresh(index)


def _stored_bytes() -> bytes:
    database = Path(os.environ["DOSSIER_CACHE_DIR"]) / "files.sqlite3"
    with sqlite3.connect(database) as db:
        (data,) = db.execute("SELECT data FROM search").fetchone()
    return data


def _store_bytes(data: bytes) -> None:
    database = Path(os.environ["DOSSIER_CACHE_DIR"]) / "files.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("UPDATE search SET data = ?", (data,)).rowcount == 1


def _warm_and_stored(root: Path) -> dict:
    """Load twice (the second load keeps its key), search (builds and stores the index)."""
    age_files(root)
    load_dossier(root)
    return _results(Index(load_dossier(root).dossier))


def test_a_corrupt_entry_is_ignored(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    expected = _warm_and_stored(root)
    database = Path(os.environ["DOSSIER_CACHE_DIR"]) / "files.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("UPDATE search SET data = substr(data, 1, 40)").rowcount == 1
    warm = load_dossier(root).dossier
    assert warm.stored_search.load(warm.by_id) is None
    assert _results(Index(warm)) == expected


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9, 0.999])
def test_a_stored_index_cut_short_or_with_a_changed_byte_is_built_again(tmp_path: Path, where: float):
    root = write_dossier(tmp_path / "d", MINIMAL)
    expected = _warm_and_stored(root)
    stored = _stored_bytes()
    at = int(len(stored) * where)
    for damaged in (stored[:at], stored[:at] + bytes([stored[at] ^ 1]) + stored[at + 1 :], stored + b"\0"):
        _store_bytes(damaged)
        warm = load_dossier(root).dossier
        assert warm.stored_search.load(warm.by_id) is None
        assert _results(Index(warm)) == expected  # built again, and stored again
        assert _stored(load_dossier(root).dossier) is not None


def test_a_stored_index_in_many_parts_finds_the_same(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(search_store, "PART_BYTES", 64)  # a vocabulary of many parts
    monkeypatch.setattr(search_store, "NAMES_PER_PART", 5)  # and names too
    root = write_dossier(tmp_path / "d", MINIMAL)
    expected = _warm_and_stored(root)
    warm = load_dossier(root).dossier
    restored = warm.stored_search.load(warm.by_id)
    assert restored is not None and len(restored.postings.chunks) > 3
    assert _results(Index(warm)) == expected == _fresh(Index(warm))


def test_a_stored_index_of_other_records_is_refused(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    dossier = load_dossier(root, cache=False).dossier
    parts, count, size = search_store._parts(SearchIndex(dossier.by_id.values()), dossier.by_id)
    parts = [bytes(memoryview(part).cast("B")) for part in parts]
    assert (len(parts), sum(map(len, parts))) == (count, size)
    fewer = {k: v for k, v in dossier.by_id.items() if k != "lab-x"}
    assert search_store._restored(iter(parts), fewer) is None
    assert search_store._restored(iter(parts), dict(reversed(dossier.by_id.items()))) is None
    assert search_store._restored(iter(parts), dossier.by_id) is not None


def test_did_you_mean_among_many_ids_still_finds_the_typo():
    ids = [f"quote-{n:06d}" for n in range(CLOSEST_COMPARED * 20)] + ["yann-lecun", "ada-lovelace"]
    assert closest("yann-lecunn", ids) == "yann-lecun"
    assert closest("ada-lovlace", ids) == "ada-lovelace"
    assert closest("nothing-like-it", ids) == ""


def test_names_of_every_script_are_found_first_fresh_and_read_back(tmp_path: Path):
    # The folded names are held as one text: a name beyond Latin-1 widens it, and each
    # name must still be found where it stands, as a name, before a title holding it.
    files = dict(MINIMAL)
    files["people/lukasz-wrona.yaml"] = "name: Łukasz Wrona\nsummary: Engineer.\n"
    files["people/li-ming.yaml"] = "name: 李明\nsummary: Researcher at [[lab-x]].\n"
    files["people/ada-wrona.yaml"] = "name: Ada Wrona 🚀\nsummary: Pilot.\n"
    root = write_dossier(tmp_path / "d", files)
    age_files(root)
    load_dossier(root)
    queries = ["łukasz", "lukasz wrona", "李明", "wrona", "ada wrona", "ada", "lab"]
    for _ in range(2):  # built and stored, then read back
        index = Index(load_dossier(root).dossier)
        found = {q: [hit.record.id for hit in index.search(q)] for q in queries}
        assert found["łukasz"][0] == found["lukasz wrona"][0] == "lukasz-wrona"
        assert found["李明"] == ["li-ming"]
        assert set(found["wrona"][:2]) == {"lukasz-wrona", "ada-wrona"}
        assert found["ada wrona"][0] == "ada-wrona"
        assert {q: [(h.record.id, h.score) for h in index.search(q)] for q in queries} == {
            q: [(h.record.id, h.score) for h in SearchIndex(index.dossier.by_id.values()).search(q)] for q in queries
        }
    assert _stored(load_dossier(root).dossier) is not None
