"""The evidence model on small dossiers written here: what a reader is told a claim rests on."""

from __future__ import annotations

from pathlib import Path

from dossier.index.index import Index
from dossier.load import load_dossier
from tests.helpers import write_dossier


def _source(title: str, flags: str = "", cites: str = "", quotes: str = "") -> str:
    text = f"title: {title}\n"
    if flags:
        text += f"flags: [{flags}]\n"
    if cites:
        text += f"cites: [{cites}]\n"
    return text + quotes


def _index(tmp_path: Path, sources: dict[str, str], events: str) -> Index:
    files = {f"sources/{name}.yaml": text for name, text in sources.items()}
    files["timeline.yaml"] = events
    root = write_dossier(tmp_path / "d", files)
    return Index(load_dossier(root).dossier)


def _event(event_id: str, sources: str, extra: str = "") -> str:
    return f"- id: {event_id}\n  date: 2025-04\n  title: {event_id}\n  sources: [{sources}]\n{extra}"


def _strength(index: Index, record_id: str) -> str:
    return index.evidence.of_record(index.get(record_id)).strength


def test_two_articles_are_two_independent_sources(tmp_path):
    index = _index(tmp_path, {"a": _source("A"), "b": _source("B")}, _event("e", "a, b"))
    assert _strength(index, "e") == "2 independent sources"


def test_a_repost_is_not_independent_of_what_it_reposts(tmp_path):
    sources = {"a": _source("A"), "copy": _source("Copy", "repost", "a")}
    index = _index(tmp_path, sources, _event("e", "a, copy"))
    evidence = index.evidence.of_record(index.get("e"))
    assert evidence.strength == "1 source"
    assert [o.sources for o in evidence.origins] == [("a", "copy")]


def test_a_secondary_source_relaying_another_counts_once(tmp_path):
    sources = {"a": _source("A"), "digest": _source("Digest", "secondary", "a")}
    index = _index(tmp_path, sources, _event("e", "digest, a"))
    assert _strength(index, "e") == "1 source"


def test_two_relays_of_one_report_are_one_origin(tmp_path):
    sources = {
        "report": _source("Report", "not-read"),
        "one": _source("One", "secondary", "report"),
        "two": _source("Two", "secondary", "report"),
    }
    index = _index(tmp_path, sources, _event("e", "one, two"))
    assert _strength(index, "e") == "1 source"


def test_an_unread_source_folds_into_the_one_that_cites_it(tmp_path):
    sources = {"note": _source("Note", "ai-generated", "bi"), "bi": _source("BI", "not-read")}
    index = _index(tmp_path, sources, _event("e", "note, bi") + _event("f", "bi"))
    assert _strength(index, "e") == "1 source · AI-generated"
    # Cited alone, the unread article is still only known through the AI note.
    assert _strength(index, "f") == "1 source · AI-generated · not read"
    assert [c.id for c in index.evidence.only_on("note")] == ["e", "f"]
    assert index.evidence.only_on("bi") == []


def test_an_origin_is_as_good_as_its_best_account(tmp_path):
    sources = {
        "report": _source("Report", "not-read"),
        "note": _source("Note", "ai-generated, secondary", "report"),
        "article": _source("Article", "secondary", "report"),
    }
    index = _index(tmp_path, sources, _event("e", "note, article") + _event("f", "note"))
    assert _strength(index, "e") == "1 source"  # the article is no AI, though it tells the same report
    assert _strength(index, "f") == "1 source · AI-generated"


def test_a_claim_without_sources_says_so(tmp_path):
    root = write_dossier(tmp_path / "d", {"people/ada.yaml": "name: Ada\n", "timeline.yaml": "[]\n"})
    index = Index(load_dossier(root).dossier)
    assert _strength(index, "ada") == "no source"
    assert index.evidence.of_record(index.get("ada")).mark == "no src"


def test_flags_shared_by_every_origin_are_named(tmp_path):
    sources = {"a": _source("A", "opinion"), "b": _source("B", "opinion, translated")}
    index = _index(tmp_path, sources, _event("e", "a, b"))
    assert _strength(index, "e") == "2 independent sources · all opinion"


def test_roles_are_claims_named_person_hash_role_n(tmp_path):
    files = {
        "sources/a.yaml": _source("A"),
        "sources/b.yaml": _source("B", "ai-generated"),
        "labs/lab-x.yaml": "name: Lab X\n",
        "people/ada.yaml": "name: Ada\nsources: [a]\nroles:\n  - org: lab-x\n    sources: [a]\n"
        "  - org: lab-x\n    title: head\n    sources: [b]\n",
        "timeline.yaml": "[]\n",
    }
    index = Index(load_dossier(write_dossier(tmp_path / "d", files)).dossier)
    evidence = index.evidence
    assert [c.id for c in evidence.find("ada#role-2")] == ["ada#role-2"]
    assert [c.id for c in evidence.find("ada#lab-x")] == ["ada#role-1", "ada#role-2"]
    assert evidence.find("ada#role-3") == [] and evidence.find("nobody#role-1") == []
    assert evidence.of(evidence.find("ada#role-2")[0]).strength == "1 source · AI-generated"
    assert [c.id for c in evidence.only_on("b")] == ["ada#role-2"]


def test_figures_that_differ_are_one_conflict_with_both_values(tmp_path):
    figures = (
        "  figures:\n"
        "    - {what: amount invested, value: 14 billion dollars, sources: [a]}\n"
        "    - {what: Amount invested, value: 14.3 billion dollars, sources: [b]}\n"
        "    - {what: stake, value: 49 %, sources: [b]}\n"
    )
    index = _index(tmp_path, {"a": _source("A"), "b": _source("B", "repost")}, _event("e", "a, b", figures))
    [conflict] = index.evidence.conflicts()
    assert conflict.event.id == "e" and conflict.what == "amount invested"
    assert [(s.figure.value, s.figure.sources, s.evidence.strength) for s in conflict.sides] == [
        ("14 billion dollars", ("a",), "1 source"),
        ("14.3 billion dollars", ("b",), "1 source · repost"),
    ]


def test_figures_that_agree_are_no_conflict(tmp_path):
    figures = (
        "  figures:\n    - {what: amount, value: 14, sources: [a]}\n    - {what: amount, value: 14, sources: [b]}\n"
    )
    index = _index(tmp_path, {"a": _source("A"), "b": _source("B")}, _event("e", "a, b", figures))
    assert index.evidence.conflicts() == []


def test_a_long_chain_of_reposts_is_walked_without_overflowing(tmp_path):
    count = 5000
    sources = {"s0": _source("S0")}
    sources |= {f"s{n}": _source(f"S{n}", "repost", f"s{n - 1}") for n in range(1, count)}
    index = _index(tmp_path, sources, _event("e", f"s{count - 1}, s0"))
    assert _strength(index, "e") == "1 source"
    assert index.evidence.basis(f"s{count - 1}") == {"s0"}


def test_a_cites_circle_still_gives_an_answer(tmp_path):
    sources = {"a": _source("A", "repost", "b"), "b": _source("B", "repost", "a")}
    index = _index(tmp_path, sources, _event("e", "a, b"))
    assert _strength(index, "e") == "1 source · repost"


def test_what_rests_on_a_source_is_the_same_found_from_its_links_or_from_every_claim():
    from dossier.index.evidence import EvidenceIndex
    from dossier.store.paths import bundled_data

    dossier = load_dossier(bundled_data()).dossier
    linked, walked = Index(dossier).evidence, EvidenceIndex(dossier)  # the second walks every claim
    for source in dossier.sources:
        alone = frozenset((source.id,))
        expected = [
            c.id
            for c in walked.claims()
            if (known := [s for s in c.sources if s in walked.sources]) and all(walked.basis(s) == alone for s in known)
        ]
        assert [c.id for c in linked.only_on(source.id)] == expected
        assert [c.id for c in linked.supported_by(source.id)] == [c.id for c in walked.supported_by(source.id)]
