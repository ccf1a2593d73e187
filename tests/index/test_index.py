"""References, backlinks grouped by how they link, per-record events and quotes, search."""

from dossier.index.index import Index
from dossier.load.loader import load_dossier


def index_of(root):
    return Index(load_dossier(root).dossier)


def ids(records):
    return [r.id for r in records]


def test_backlinks_are_grouped_by_the_field_that_makes_them(minimal):
    index = index_of(minimal)
    groups = index.backlinks("lab-x")
    assert list(groups) == ["took part in", "members", "developed", "units", "mentioned in"]
    assert ids(groups["members"]) == ["ada-lovelace"]
    assert ids(groups["developed"]) == ["model-one", "model-one-mini"]
    assert ids(groups["units"]) == ["lab-y"]
    assert ids(groups["took part in"]) == ["founding", "launch"]
    assert ids(groups["mentioned in"]) == ["ada-lovelace"]


def test_a_persons_quotes_and_events(minimal):
    index = index_of(minimal)
    assert ids(index.quotes_of("ada-lovelace")) == ["q-one"]
    assert ids(index.events_of("ada-lovelace")) == ["launch"]
    assert ids(index.backlinks("ada-lovelace")["said"]) == ["q-one"]


def test_a_model_is_quoted_in_and_has_family(minimal):
    index = index_of(minimal)
    assert ids(index.backlinks("model-one")["quoted in"]) == ["q-one"]
    assert ids(index.family("model-one")) == ["model-one-mini"]
    assert ids(index.backlinks("model-one")["family members"]) == ["model-one-mini"]


def test_a_labs_people_and_models(minimal):
    index = index_of(minimal)
    assert [(m.person.id, m.role.title) for m in index.members("lab-x")] == [("ada-lovelace", "Chief Scientist")]
    assert ids(index.models_of("lab-x")) == ["model-one", "model-one-mini"]
    assert ids(index.units("lab-x")) == ["lab-y"]


def test_events_are_in_date_order(minimal):
    assert ids(load_dossier(minimal).dossier.events) == ["founding", "launch"]


def test_an_events_quotes_and_a_sources_quotes(minimal):
    index = index_of(minimal)
    assert ids(index.quotes_of("launch")) == ["q-one"]
    assert ids(index.quotes_of("article-one")) == ["q-one"]
    assert ids(index.backlinks("launch")["quotes on it"]) == ["q-one"]


def test_flags_travel_with_what_rests_on_the_source(minimal):
    index = index_of(minimal)
    assert index.flags_of(index.get("launch")) == ("ai-generated",)
    assert index.flags_of(index.get("q-one")) == ("ai-generated",)
    assert index.only_flagged(index.get("launch"))


def test_search_folds_accents_and_case(minimal):
    index = index_of(minimal)
    assert ids(h.record for h in index.search("timothee"))[0] == "timothee-lacroix"
    assert ids(h.record for h in index.search("TIMOTHÉE"))[0] == "timothee-lacroix"
    assert ids(h.record for h in index.search("lacr"))[0] == "timothee-lacroix"


def test_search_ranks_names_above_body_text(minimal):
    index = index_of(minimal)
    hits = index.search("lab x")
    assert hits[0].record.id == "lab-x"
    assert hits[0].field in ("name", "id")
    # Ada mentions [[lab-x]] only in prose, so she ranks below the lab itself.
    assert "ada-lovelace" not in ids(h.record for h in hits[:1])


def test_search_finds_quotes_by_their_words_and_translation(minimal):
    index = index_of(minimal)
    assert ids(h.record for h in index.search("meilleur modele")) == ["q-one"]
    assert ids(h.record for h in index.search("best model world")) == ["q-one"]


def test_search_with_no_match(minimal):
    assert index_of(minimal).search("zzzz") == []
    assert index_of(minimal).search("   ") == []


def test_each_reference_of_a_long_list_names_its_own_place(tmp_path):
    """An event citing a dozen sources: each source's backlink says which entry of the
    list names it, the tenth as `sources[9]`, in the order the list gives them."""
    from tests.helpers import write_dossier

    names = [f"source-{n:02d}" for n in range(12)]
    files = {f"sources/{name}.yaml": f"title: {name}\npublished: 2024-01-01\n" for name in names}
    files["timeline/2024.yaml"] = (
        "- id: the-event\n  date: 2024-02-01\n  title: The event\n  sources: [" + ", ".join(names) + "]\n"
    )
    loaded = load_dossier(write_dossier(tmp_path / "d", files), cache=False)
    assert not loaded.errors, loaded.errors
    index = Index(loaded.dossier)
    assert [(link.target, link.field) for link in index.outgoing["the-event"]] == [
        (name, f"sources[{n}]") for n, name in enumerate(names)
    ]
    assert [link.field for link in index.incoming["source-09"]] == ["sources[9]"]
    assert index.events_of("source-11") == [index.get("the-event")]
