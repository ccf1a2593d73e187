"""Search as a reader uses it on the bundled dossier: what a query must bring up first.

Each row is a query a journalist types and the records they expect among the first
hits; the first expected id must be the very first hit. The rows are the ones the
reader's report named: a short last word, a decimal written either way, a misspelt
name, a name without its accent, a model, a two-word name, a two-letter word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.index.index import Index
from dossier.index.search import SearchIndex
from dossier.load.loader import load_dossier
from tests.helpers import REPO, write_dossier

TOP = 8

QUERIES = [
    # "ai" is under three letters and the last word: it still matches every field whole.
    ("Scale AI", ["scale-ai", "scale-ai-investment", "alexandr-wang", "q-repost-scale-ai-14-3-billion"]),
    ("14.3", ["q-repost-scale-ai-14-3-billion", "scale-ai-investment"]),  # the quote writes "14,3"
    ("14,3", ["q-repost-scale-ai-14-3-billion", "scale-ai-investment"]),  # the events write "14.3"
    ("timothee", ["timothee-lacroix"]),
    ("behemoth", ["llama-4-behemoth", "behemoth-release-target-autumn", "q-delay-behemoth-288b"]),
    ("llama 4", ["llama-4", "llama-4-behemoth", "llama-4-maverick", "llama-4-scout"]),
    ("ai", ["ai2", "mistral-ai", "scale-ai"]),
    ("scale", ["scale-ai", "alexandr-wang", "q-repost-scale-ai-14-3-billion"]),
    ("zuck", ["mark-zuckerberg"]),  # a surname being typed: the person before titles naming him
]


@pytest.fixture(scope="module")
def bundled() -> Index:
    return Index(load_dossier(REPO / "data", cache=False).dossier)


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_the_records_a_reader_expects_come_first(bundled, query, expected):
    top = [hit.record.id for hit in bundled.search(query, TOP)]
    assert top[0] == expected[0], top
    assert set(expected) <= set(top), top


def test_a_misspelt_name_finds_nothing_and_suggests_the_person(bundled):
    assert bundled.search("zuckerburg") == []
    assert [r.id for r in bundled.suggest("zuckerburg")][:1] == ["mark-zuckerberg"]
    assert [r.id for r in bundled.suggest("Mark Zukerbérg")][:1] == ["mark-zuckerberg"]  # accent-blind
    assert bundled.suggest("xqzwv") == []


def test_a_decimal_still_matches_its_whole_number(bundled):
    assert "q-repost-scale-ai-14-3-billion" in [hit.record.id for hit in bundled.search("14 milliards", TOP)]


def _search(tmp_path: Path, files: dict[str, str], query: str) -> list[str]:
    records = load_dossier(write_dossier(tmp_path / "d", files), cache=False).dossier.by_id.values()
    return [hit.record.id for hit in SearchIndex(records).search(query)]


def test_names_rank_above_titles_above_body_text(tmp_path):
    files = {
        "people/pat-quill.yaml": "name: Pat Quill\nsummary: A writer.\n",
        "people/ann-bell.yaml": "name: Ann Bell\nsummary: Met Quill once.\n",
        "timeline.yaml": """
            - id: quill-speaks
              date: 2025-04
              title: Quill speaks
              summary: A talk.
              sources: [note]
        """,
        "sources/note.yaml": "title: A note\nkind: note\nquotes:\n  - id: q-a\n    text: Quill said so.\n",
    }
    assert _search(tmp_path, files, "quill") == ["pat-quill", "quill-speaks", "q-a", "ann-bell"]


def test_a_short_whole_word_is_found_in_body_text(tmp_path):
    files = {
        "people/lin.yaml": "name: Lin\nsummary: Runs the AI desk.\n",
        "sources/note.yaml": "title: A note\nkind: note\nquotes:\n  - id: q-a\n    text: Lin leads AI.\n",
    }
    # Before, a last word of two letters matched names and titles only: none of these.
    assert sorted(_search(tmp_path, files, "lin ai")) == ["lin", "q-a"]
