"""The index's walk of the links, made into a function a kind, gives what walking each
record along the schema (`link_codes`) gives, forwards and backwards, on every kind of
link: references, lists of them longer than the codes made first, prose links, roles."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from dossier.index.index import reversed_rows, walk_back_into, walk_into, walk_links
from dossier.index.links import link_codes
from dossier.load.loader import load_dossier
from dossier.model.records import Dossier
from tests.helpers import MINIMAL, REPO, generated_dossier, write_dossier

LONG = {
    "people/many.yaml": (
        "name: Many\nsummary: With [[lab-x]], [[lab-y|Y]] and [[nobody]].\n"
        "tags: [a]\nsources: [" + ", ".join(f"s-{n}" for n in range(20)) + "]\n"
        "roles:\n"
        "  - org: lab-x\n    note: Under [[ada-lovelace]].\n    sources: [article-one, s-1]\n"
        "  - org: lab-y\n    sources: [" + ", ".join(f"t-{n}" for n in range(12)) + "]\n"
    ),
    "timeline/2024.yaml": (
        "- id: big\n  date: 2024\n  title: Big\n  summary: '[[many]] met [[many]]'\n"
        "  involves: [" + ", ".join(f"p-{n}" for n in range(30)) + "]\n  sources: [article-one]\n"
    ),
}


def _by_link_codes(dossier: Dossier) -> dict[str, bytes]:
    rows: dict[str, array] = {}
    for number, record in enumerate(dossier.by_id.values()):
        for target, code in link_codes(record):
            rows.setdefault(target, array("I")).extend((number, code))
    return {target: pairs.tobytes() for target, pairs in rows.items()}


def _dossiers(tmp_path: Path):
    yield load_dossier(REPO / "data").dossier
    yield load_dossier(write_dossier(tmp_path / "long", {**MINIMAL, **LONG})).dossier
    yield load_dossier(generated_dossier(tmp_path / "generated")).dossier


def test_the_walk_of_each_kind_gives_the_links_of_link_codes(tmp_path: Path):
    for dossier in _dossiers(tmp_path):
        assert walk_links(dossier)[1] == _by_link_codes(dossier)


@pytest.mark.parametrize("split", [0, 1, 7, 0.5, 1.0])
def test_a_walk_back_from_the_last_record_meets_a_walk_forwards(tmp_path: Path, split: float):
    """Records walked forwards up to a point and backwards from the last to it give,
    joined, the rows of one walk forwards, wherever the point is."""
    for dossier in _dossiers(tmp_path):
        records = list(dossier.by_id.values())
        at = int(split * len(records)) if isinstance(split, float) else min(split, len(records))
        head: dict[str, array] = {}
        walk_into(head, records[:at], 0)
        tail: dict[str, array] = {}
        walk_back_into(tail, records[at:], at)
        joined = {target: pairs.tobytes() for target, pairs in head.items()}
        for target, data in reversed_rows(tail).items():
            joined[target] = joined.get(target, b"") + data
        assert joined == _by_link_codes(dossier)
