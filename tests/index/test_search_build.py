"""The search index holds, for every word, the records and fields the plain rule gives:
each word of each field (as `words` finds it) goes to the record's weightiest field
holding it, the first of equal ones; a word's fields are listed weightiest first, the
first met first among equal ones. Checked against that rule written out step by step,
on the bundled dossier and on records made to test its corners."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.index.fields import FIELD_WEIGHTS, SHORT_PREFIX_FIELDS, searchable_fields
from dossier.index.search import SearchIndex
from dossier.load.loader import load_dossier
from dossier.model.dates import PartialDate
from dossier.model.records import Event, Person, Quote, Role, Source
from dossier.model.text import words
from tests.helpers import REPO


def postings_step_by_step(index: SearchIndex, names_only: bool) -> dict[str, list[tuple[str, list[int]]]]:
    """Word → [(field, record numbers)], built the plain way from the index's records."""
    table: dict[str, dict[str, list[int]]] = {}
    for number, record in enumerate(index.records):
        best: dict[str, str] = {}
        for field, text in searchable_fields(record):
            if names_only and field not in SHORT_PREFIX_FIELDS:
                continue
            for word in words(text):
                if word not in best or FIELD_WEIGHTS[best[word]] < FIELD_WEIGHTS[field]:
                    best[word] = field
        for word, field in best.items():
            table.setdefault(word, {}).setdefault(field, []).append(number)
    return {
        word: sorted(by_field.items(), key=lambda item: -FIELD_WEIGHTS[item[0]])  # stable: first met first
        for word, by_field in table.items()
    }


def postings_of(index: SearchIndex, names_only: bool) -> dict[str, list[tuple[str, list[int]]]]:
    postings = index.name_postings if names_only else index.postings
    return {
        word: [(field, list(numbers)) for _, field, numbers in index.posting(postings, position)]
        for position, word in enumerate(postings.words)
    }


def assert_built_as_the_rule_says(records) -> SearchIndex:
    index = SearchIndex(records)
    for names_only in (False, True):
        assert postings_of(index, names_only) == postings_step_by_step(index, names_only)
    return index


def test_the_bundled_dossier_is_indexed_as_the_rule_says():
    assert_built_as_the_rule_says(load_dossier(REPO / "data", cache=False).dossier.by_id.values())


@pytest.fixture
def corner_records():
    people = [
        # "meta" in the name, an alias, a role and the summary: the name wins.
        Person(id="meta-person", name="Méta Person", aliases=("META", "Meta-Man"), summary="meta meta",
               roles=(Role(org="meta", title="Meta chief"),), tags=("meta",)),
        # Tags and text weigh the same: the first met, in field order, wins.
        Person(id="p-2", name="Zoé Ÿ", summary="œuvre 14,3 milliards", tags=("oeuvre", "14.3")),
        Person(id="p-3", name="ＦＵＬＬ width", aliases=("ﬁne",), summary="Ⅻ ² 1,000,000 a.b"),
    ]  # fmt: skip
    quote = Quote(id="q-1", text="« Méta » a dit: 14,3 % — l’œuvre", translation="Meta said 14.3%", note="oeuvre")
    source = Source(id="s-1", title="Meta’s œuvre", outlet="Le Monde", text="", quotes=(quote,))
    event = Event(
        id="e-1", date=PartialDate(2024, 5), title="Meta buys", kind="deal", summary="Meta 14,3", tags=("meta",)
    )
    return [*people, source, quote, event]


def test_records_made_to_test_the_corners_are_indexed_as_the_rule_says(corner_records):
    index = assert_built_as_the_rule_says(corner_records)
    assert [hit.record.id for hit in index.search("meta")][:1] == ["meta-person"]


def test_a_field_of_several_words_counts_each_once(tmp_path: Path):
    index = assert_built_as_the_rule_says([Person(id="x", name="Ann", summary="ann ann ann Ann")])
    assert [(hit.record.id, hit.field) for hit in index.search("ann")] == [("x", "name")]
