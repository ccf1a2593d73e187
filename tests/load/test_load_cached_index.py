"""A warm load brings the index of links from the cache: the same backlinks, never stale ones."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dossier.index.index import Index
from dossier.load.loader import load_dossier
from tests.helpers import MINIMAL, age_files, write_dossier


def _backlinks(index: Index) -> dict:
    return {record_id: index.backlinks(record_id) for record_id in index.dossier.by_id}


def test_cached_links_give_the_backlinks_of_a_fresh_walk(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    age_files(root)
    load_dossier(root)
    warm = load_dossier(root).dossier
    assert warm.incoming is not None, "the second load brings the links with it"
    walked = Index(replace(warm, incoming=None))
    cached = Index(warm)
    assert _backlinks(cached) == _backlinks(walked)
    assert {k: list(v) for k, v in cached.incoming.items()} == {k: list(v) for k, v in walked.incoming.items()}
    assert "lab-x" in cached.incoming


def test_an_edited_file_changes_the_backlinks(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    age_files(root)
    load_dossier(root)
    load_dossier(root)
    lab = root / "labs/lab-y.yaml"
    lab.write_text("name: Lab Y\nkind: lab\nparent: lab-x\nsummary: Spun out of [[model-one]].\n", encoding="utf-8")
    age_files(root)
    first = Index(load_dossier(root).dossier)
    again = Index(load_dossier(root).dossier)
    for index in (first, again):
        mentions = index.backlinks("model-one").get("mentioned in", [])
        assert [r.id for r in mentions if r.id == "lab-y"] == ["lab-y"]


def test_links_stored_for_other_records_are_not_trusted(tmp_path: Path):
    # The stored index numbers the records it was built from; laid over a dossier
    # whose records differ, it would name the wrong sources, so it is walked afresh.
    root = write_dossier(tmp_path / "d", MINIMAL)
    age_files(root)
    load_dossier(root)
    stored = load_dossier(root).dossier.incoming
    more = dict(MINIMAL)
    more["people/aaron-first.yaml"] = "name: Aaron First\nsummary: Visits [[lab-x]].\n"
    other = load_dossier(write_dossier(tmp_path / "e", more), cache=False).dossier
    laid_over = Index(replace(other, incoming=stored))
    walked = Index(replace(other, incoming=None))
    assert _backlinks(laid_over) == _backlinks(walked)
    assert "aaron-first" in [r.id for r in laid_over.backlinks("lab-x").get("mentioned in", [])]
