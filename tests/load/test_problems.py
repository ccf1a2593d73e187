"""Every kind of problem is reported at its file, line and column, all at once."""

from __future__ import annotations

from pathlib import Path

from dossier.load.loader import load_dossier
from tests.helpers import MINIMAL, libyaml_wording, write_dossier

LAUNCH = '- id: launch\n  date: "2025-04-05"\n  title: Launch\n  sources: [article-one]\n'


def problems_of(tmp_path: Path, files: dict[str, str], base: dict | None = None) -> list[str]:
    root = write_dossier(tmp_path / "d", {**(MINIMAL if base is None else base), **files})
    return [str(p) for p in load_dossier(root).problems]


def test_the_minimal_dossier_is_clean(minimal):
    assert load_dossier(minimal).problems == []


@libyaml_wording
def test_yaml_syntax_error_at_its_line(tmp_path):
    got = problems_of(tmp_path, {"people/bob.yaml": "name: Bob\nroles: [\n  - org: x\n"})
    assert got == [
        "people/bob.yaml:3:3: error: invalid YAML: did not find expected node content (while parsing a flow node)"
    ]


def test_unknown_field_with_did_you_mean(tmp_path):
    got = problems_of(tmp_path, {"people/bob.yaml": "name: Bob\nsumary: typo\n"})
    assert got == ["people/bob.yaml:2:1: error: unknown field `sumary` in person (did you mean `summary`?)"]


def test_unknown_field_inside_a_role(tmp_path):
    got = problems_of(
        tmp_path,
        {"people/bob.yaml": "name: Bob\nroles:\n  - org: lab-x\n    titel: boss\n    sources: [article-one]\n"},
    )
    assert got == ["people/bob.yaml:4:5: error: unknown field `titel` in roles[0] (did you mean `title`?)"]


def test_wrong_types(tmp_path):
    got = problems_of(
        tmp_path,
        {
            "people/bob.yaml": "name: [Bob]\naliases: Robert\n",
            "models/m.yaml": "name: M\nopen_weights: maybe\nparameters: 7B\n",
        },
    )
    assert "people/bob.yaml:1:7: error: `name` should be text, got a list" in got
    assert "people/bob.yaml:2:10: error: `aliases` should be a list, got text (write [Robert])" in got
    assert "models/m.yaml:2:15: error: `open_weights` should be true or false, got 'maybe'" in got
    assert "models/m.yaml:3:13: error: `parameters` should be a mapping of fields, got text" in got


def test_missing_required_field(tmp_path):
    got = problems_of(tmp_path, {"people/bob.yaml": "summary: no name here\n"})
    assert got == ["people/bob.yaml:1:1: error: person 'bob' has no `name` (it is required)"]


def test_missing_required_field_in_event(tmp_path):
    got = problems_of(tmp_path, {"timeline.yaml": LAUNCH + "- id: e1\n  title: Something\n  sources: [article-one]\n"})
    assert got == ["timeline.yaml:5:3: error: event 'e1' has no `date` (it is required)"]


def test_bad_date(tmp_path):
    got = problems_of(
        tmp_path,
        {"timeline.yaml": LAUNCH + "- id: e1\n  date: 2025-02-30\n  title: T\n  sources: [article-one]\n"},
    )
    assert got == ["timeline.yaml:6:9: error: `date`: '2025-02-30': Feb 2025 has no day 30 (it has 28)"]


def test_role_ending_before_it_starts(tmp_path):
    got = problems_of(
        tmp_path,
        {
            "people/bob.yaml": "name: Bob\nroles:\n  - org: lab-x\n    start: 2025\n    end: 2024-06\n    sources: [article-one]\n"
        },
    )
    assert got == ["people/bob.yaml:3:5: error: `roles[0]` ends (Jun 2024) before it starts (2025)"]


def test_duplicate_ids_across_files(tmp_path):
    got = problems_of(tmp_path, {"labs/ada-lovelace.yaml": "name: Another Ada\n"})
    assert got == [
        "labs/ada-lovelace.yaml:1:1: error: duplicate id 'ada-lovelace' "
        "(also used by the person at people/ada-lovelace.yaml:1:1)",
        "people/ada-lovelace.yaml:1:1: error: duplicate id 'ada-lovelace' "
        "(already used by the lab at labs/ada-lovelace.yaml:1:1; this person is left out)",
    ]


def test_duplicate_quote_id_and_event_id(tmp_path):
    got = problems_of(
        tmp_path,
        {"sources/other.yaml": "title: Other\nquotes:\n  - id: launch\n    text: x\n"},
    )
    # Sources are read before the timeline, so the event is the second to claim the id.
    assert (
        "timeline.yaml:1:3: error: duplicate id 'launch' (already used by the quote at sources/other.yaml:3:5; this event is left out)"
        in got
    )
    assert "sources/other.yaml:3:5: error: duplicate id 'launch' (also used by the event at timeline.yaml:1:3)" in got


def test_duplicate_keys_in_one_mapping(tmp_path):
    got = problems_of(tmp_path, {"people/bob.yaml": "name: Bob\nsummary: one\nsummary: two\n"})
    assert got == [
        "people/bob.yaml:3:1: error: duplicate key `summary` in this mapping "
        "(first at line 2; YAML would silently keep only the last)"
    ]


def test_dangling_reference_with_did_you_mean(tmp_path):
    got = problems_of(
        tmp_path,
        {"people/bob.yaml": "name: Bob\nroles:\n  - org: labx\n    sources: [article-one]\n"},
    )
    assert got == ["people/bob.yaml:3:10: error: unknown lab 'labx' in roles[0].org (did you mean 'lab-x'?)"]


def test_dangling_reference_suggests_the_full_slug_of_a_surname(tmp_path):
    got = problems_of(tmp_path, {"people/bob.yaml": "name: Bob\nsummary: Met [[lovelace]].\n"})
    assert got == [
        "people/bob.yaml:2:10: error: unknown record 'lovelace' in summary [[link]] (did you mean 'ada-lovelace'?)"
    ]


def test_reference_to_the_wrong_kind(tmp_path):
    got = problems_of(tmp_path, {"sources/s2.yaml": "title: S2\nauthor: lab-x\n"})
    assert got == [
        "sources/s2.yaml:2:9: error: 'lab-x' in author is a lab, expected a person "
        "(lab-x is defined at labs/lab-x.yaml:1:1)"
    ]


def test_parent_cycle_and_self_family(tmp_path):
    got = problems_of(
        tmp_path,
        {
            "labs/lab-x.yaml": "name: Lab X\nparent: lab-y\n",
            "models/model-one-mini.yaml": "name: Mini\nfamily: model-one-mini\n",
        },
    )
    assert (
        "labs/lab-x.yaml:1:1: error: `parent` goes round in a circle: lab-x → lab-y → lab-x (a record cannot be part of itself)"
        in got
    )
    assert "models/model-one-mini.yaml:2:9: error: 'model-one-mini' refers to itself in family" in got


def test_every_problem_is_collected_not_only_the_first(tmp_path):
    got = problems_of(
        tmp_path,
        {
            "people/bob.yaml": "name: Bob\nnme: x\n",
            "people/carol.yaml": "name: [\n",
            "labs/z.yaml": "name: Z\nkind: compagny\n",
        },
    )
    assert len(got) == 3
    assert [g.split(":")[0] for g in got] == ["labs/z.yaml", "people/bob.yaml", "people/carol.yaml"]


def test_loading_never_raises_and_keeps_what_it_could_build(tmp_path):
    root = write_dossier(tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: Bob\nroles: 12\n"})
    result = load_dossier(root)
    assert result.dossier.get("bob").name == "Bob"
    assert result.dossier.get("ada-lovelace") is not None
    assert [p.line for p in result.errors] == [2]


def test_implicit_typing_is_reported_but_text_is_kept(tmp_path):
    root = write_dossier(tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: no\naliases: [0755, 1e3]\n"})
    result = load_dossier(root)
    bob = result.dossier.get("bob")
    assert bob.name == "no" and bob.aliases == ("0755", "1e3")
    got = [str(p) for p in result.problems]
    assert (
        got[0]
        == "people/bob.yaml:1:7: warning: `name`: 'no' is read as a boolean by YAML tools (quote it (\"no\") so every tool reads it as text)"
    )
    assert (
        "people/bob.yaml:2:11: warning: `aliases[0]`: '0755' is read as a number by YAML tools (quote it (\"0755\") so every tool reads it as text)"
        in got
    )


def test_event_without_source_is_a_warning(tmp_path):
    got = problems_of(tmp_path, {"timeline.yaml": LAUNCH + "- id: e1\n  date: 2025\n  title: T\n"})
    assert got == [
        "timeline.yaml:5:3: warning: event 'e1' names no sources (add `sources: [...]` so readers can check it)"
    ]


def test_archived_text_must_contain_every_quote(tmp_path):
    got = problems_of(
        tmp_path,
        {
            "archive/one.txt": "Il a dit : « Le meilleur modèle\nau monde » hier.",
            "sources/article-one.yaml": (
                "title: Un article\ntext: archive/one.txt\nquotes:\n"
                "  - id: q-one\n    text: « Le meilleur modèle au monde »\n"
                "  - id: q-two\n    text: Une phrase inventée\n"
            ),
        },
    )
    assert got == [
        "sources/article-one.yaml:6:5: error: quote 'q-two' is not found in archive/one.txt "
        "(a quote must be copied verbatim from its source)"
    ]


def test_file_outside_the_layout_is_a_warning(tmp_path):
    got = problems_of(tmp_path, {"person.yaml": "name: Bob\n"})
    assert got == [
        "person.yaml: warning: this file is not part of the dossier and is not read (did you mean `people/`?)"
    ]


def test_invalid_file_name_as_id(tmp_path):
    got = problems_of(tmp_path, {"people/Bob Smith.yaml": "name: Bob\n"})
    assert got == [
        "people/Bob Smith.yaml:1:1: error: the file name 'Bob Smith' is not a valid id "
        "(ids are lower-case letters, digits and hyphens; rename the file or set `id:`)"
    ]


def test_strings_are_nfc_normalised(tmp_path):
    root = write_dossier(tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: E\u0301lisabeth\n"})
    assert load_dossier(root).dossier.get("bob").name == "\u00c9lisabeth"


def test_every_failing_reference_of_a_file_of_many_kinds_is_reported_in_place(tmp_path):
    """A file's references are tested by the kinds they may name, a group at a time: the
    ones that fail, in whichever group, are each reported where they are, and only they."""
    bob = (
        "name: Bob\n"
        "summary: Met [[ada-lovelace]], [[bob]] and [[nobody-here]].\n"
        "roles:\n"
        "  - org: lab-x\n"
        "    sources: [article-one]\n"
        "  - org: ada-lovelace\n"
        "    sources: [article-one, lab-x, article-two]\n"
        "  - org: lab-y\n"
        "    sources: [article-one]\n"
    )
    assert problems_of(tmp_path, {"people/bob.yaml": bob}) == [
        "people/bob.yaml:2:10: error: 'bob' refers to itself in summary [[link]]",
        "people/bob.yaml:2:10: error: unknown record 'nobody-here' in summary [[link]]",
        "people/bob.yaml:6:10: error: 'ada-lovelace' in roles[1].org is a person, expected a lab "
        "(ada-lovelace is defined at people/ada-lovelace.yaml:1:1)",
        "people/bob.yaml:7:28: error: 'lab-x' in roles[1].sources[1] is a lab, expected a source "
        "(lab-x is defined at labs/lab-x.yaml:1:1)",
        "people/bob.yaml:7:35: error: unknown source 'article-two' in roles[1].sources[2] (did you mean 'article-one'?)",
    ]
