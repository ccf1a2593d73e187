"""Records share the texts of their references and kinds: the same reference read from
two files, or restored from the cache, is one string, and every record still holds and
compares as it did."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

from dossier.load.loader import load_dossier
from dossier.model.dates import PartialDate
from dossier.model.records import Event, Loc, Quote, Role
from tests.helpers import MINIMAL, write_dossier


def test_the_same_reference_in_two_files_is_one_string(tmp_path: Path):
    write_dossier(tmp_path, MINIMAL)
    for cache in (False, True, True):  # read, then kept, then restored from the cache
        people = {p.id: p for p in load_dossier(tmp_path, cache=cache).dossier.people}
        ada, timothee = people["ada-lovelace"].roles[0], people["timothee-lacroix"].roles[0]
        assert ada.sources == timothee.sources == ("article-one",)
        assert ada.sources[0] is timothee.sources[0]


def test_records_hold_and_compare_as_given():
    built = "p-" + str(1)  # made at run time: not the literal "p-1" of the other records
    event = Event(id="e", date=PartialDate(2020), title="t", kind="deal", involves=(built, "p-2"))
    quote = Quote(id="q", text="x", about=("p-1",), speaker="p-1", loc=Loc("sources/s.yaml", 3, 5))
    assert event.involves == ("p-1", "p-2") and event.involves[0] is quote.about[0] is quote.speaker
    assert pickle.loads(pickle.dumps(quote)) == quote
    assert dataclasses.replace(quote, text="y") == Quote(id="q", text="y", about=("p-1",), speaker="p-1")
    assert Role(org="lab-x") == Role("lab-x", "", None, None, (), "")


def test_a_value_of_another_type_is_kept_as_it_is():
    # Not what the reader makes, but a record holds whatever it is given, unchanged.
    odd = Event(id="e", date=PartialDate(2020), title="t", involves=("p-1", 3), kind=None)  # type: ignore[arg-type]
    assert odd.involves == ("p-1", 3) and odd.kind is None
    assert Event(id="e", date=PartialDate(2020), title="t", involves=(True,)).involves[0] is True


def test_dates_and_lists_of_references_repeated_are_one_value(tmp_path: Path):
    files = dict(MINIMAL)
    files["timeline/two.yaml"] = """
        - id: first-deal
          date: 2024-05
          title: A deal
          involves: [ada-lovelace]
          sources: [article-one]
        - id: second-deal
          date: 2024-05
          title: Another deal
          involves: [ada-lovelace]
          sources: [article-one]
    """
    write_dossier(tmp_path, files)
    for cache in (False, True, True):
        loaded = load_dossier(tmp_path, cache=cache)
        first, second = loaded.dossier.by_id["first-deal"], loaded.dossier.by_id["second-deal"]
        assert first.date == second.date == PartialDate(2024, 5) and first.date is second.date
        assert first.involves[0] is second.involves[0]
        order = [r.id for r in loaded.dossier.events]
        assert order.index("first-deal") + 1 == order.index("second-deal")  # equal dates keep file order


def test_a_plain_record_is_made_frozen_of_its_own_class_and_never_subclassed():
    """Records are filled through a twin class of the same slots (`frozen._init`): what
    comes out is of the record's own class, equal, hashed and pickled as before, and
    still refuses to change."""
    import dataclasses
    import pickle

    import pytest

    from dossier.model.records import Loc, Quote

    quote = Quote("q-1", "Un texte", source="s-1", about=("a-1", "a-2"), loc=Loc("sources/s-1.yaml", 3, 5))
    assert type(quote) is Quote and type(quote.loc) is Loc
    assert quote == Quote("q-1", "Un texte", source="s-1", about=("a-1", "a-2"))
    assert hash(quote) == hash(pickle.loads(pickle.dumps(quote)))
    assert dataclasses.replace(quote, text="Autre").text == "Autre"
    with pytest.raises(dataclasses.FrozenInstanceError):
        quote.text = "changé"  # type: ignore[misc]
    with pytest.raises(TypeError, match="plain record"):

        class Longer(Quote):  # noqa: F841 (defining it is what fails)
            pass
