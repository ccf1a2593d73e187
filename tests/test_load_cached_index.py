"""A warm load brings the index of links from the cache: the same backlinks, never stale ones."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

from dossier.index import Index
from dossier.load import load_dossier

from .conftest import MINIMAL, write_dossier


def _age(root: Path) -> None:
    past = time.time() - 60
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


def _backlinks(index: Index) -> dict:
    return {record_id: index.backlinks(record_id) for record_id in index.dossier.by_id}


def test_cached_links_give_the_backlinks_of_a_fresh_walk(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    _age(root)
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
    _age(root)
    load_dossier(root)
    load_dossier(root)
    lab = root / "labs/lab-y.yaml"
    lab.write_text("name: Lab Y\nkind: lab\nparent: lab-x\nsummary: Spun out of [[model-one]].\n", encoding="utf-8")
    _age(root)
    first = Index(load_dossier(root).dossier)
    again = Index(load_dossier(root).dossier)
    for index in (first, again):
        mentions = index.backlinks("model-one").get("mentioned in", [])
        assert [r.id for r in mentions if r.id == "lab-y"] == ["lab-y"]
