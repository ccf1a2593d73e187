"""YAML's implicit typing, odd keys and references that loop: each a clear problem at its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dossier.load.loader import load_dossier
from tests.helpers import problems_of_file, write_file


def _read_as(value: str, what: str, field: str = "name", column: int = 7) -> str:
    return (
        f"people/bob.yaml:1:{column}: warning: `{field}`: '{value}' is read as {what} by YAML tools "
        f'(quote it ("{value}") so every tool reads it as text)'
    )


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("no", "a boolean"),
        ("Yes", "a boolean"),
        ("off", "a boolean"),
        ("1e3", "a number"),  # a float for YAML 1.2 tools and JSON, text for PyYAML
        ("3.10", "a number"),
        ("1:30", "a number"),
        ("2024", "a number"),
        ("0x1F", "a number"),
        ("0o17", "a number"),
        (".inf", "a number"),
        ("2024-01-15", "a date"),
    ],
)
def test_a_name_that_yaml_would_retype_is_kept_as_typed_with_a_warning(tmp_path, value, what):
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", f"name: {value}\n")
    result = load_dossier(root)
    assert [str(p) for p in result.problems] == [_read_as(value, what)]
    assert result.dossier.people[0].name == value, "the text is kept exactly as written"


def test_quoted_values_are_plain_text(tmp_path):
    assert problems_of_file(tmp_path, 'name: "no"\naliases: [\'1e3\', "0755"]\n') == []


def test_an_octal_looking_id(tmp_path):
    got = problems_of_file(tmp_path, "id: 0755\nname: X\n")
    assert got == [
        "people/bob.yaml:1:1: warning: id '0755' differs from the file name 'bob' (rename the file to 0755.yaml, or drop `id:`)",
        _read_as("0755", "a number", field="id", column=5),
    ]


def test_an_explicit_type_tag_on_a_text_field(tmp_path):
    got = problems_of_file(tmp_path, "name: !!int abc\n")
    assert got == [
        "people/bob.yaml:1:7: warning: `name`: 'abc' is tagged as a number (remove the !!int tag; this field is text)"
    ]


def test_a_5000_digit_number_is_quoted_short_in_the_message(tmp_path):
    (problem,) = problems_of_file(tmp_path, "name: " + "9" * 5000 + "\n")
    assert problem.startswith("people/bob.yaml:1:7: warning: `name`: '" + "9" * 59 + "…' is read as a number")
    assert len(problem) < 300


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2025-02-30", "'2025-02-30': Feb 2025 has no day 30 (it has 28)"),
        ('"2025-02-30"', "'2025-02-30': Feb 2025 has no day 30 (it has 28)"),
        ("2025-13", "'2025-13': month 13 does not exist (01-12, or 21-24 for a season)"),
    ],
)
def test_impossible_dates(tmp_path, date, expected):
    got = problems_of_file(tmp_path, f"name: M\nreleased: {date}\n", rel="models/m.yaml")
    assert got == [f"models/m.yaml:2:11: error: `released`: {expected}"]


def test_booleans_must_be_booleans(tmp_path):
    got = problems_of_file(tmp_path, 'name: M\nopen_weights: "true"\n', rel="models/m.yaml")
    assert got == ["models/m.yaml:2:15: error: `open_weights` should be true or false, got 'true'"]
    assert problems_of_file(tmp_path / "2", "name: M\nopen_weights: yes\n", rel="models/m.yaml") == []


def test_keys_that_are_not_strings(tmp_path):
    known = "(known fields: id, name, aliases, summary, roles, sources, links, tags)"
    got = problems_of_file(tmp_path, "name: X\n1: a\ntrue: b\n1.0: c\n? [a]\n: b\n? {a: 1}\n: c\nnull: d\n")
    assert got == [
        f"people/bob.yaml:2:1: error: unknown field `1` in person {known}",
        f"people/bob.yaml:3:1: error: unknown field `true` in person {known}",
        f"people/bob.yaml:4:1: error: unknown field `1.0` in person {known}",
        "people/bob.yaml:5:3: error: a person field name must be text, got a list",
        "people/bob.yaml:7:3: error: a person field name must be text, got a mapping",
        f"people/bob.yaml:9:1: error: unknown field `null` in person {known}",
    ]


def test_keys_that_yaml_would_merge_are_duplicates(tmp_path):
    got = problems_of_file(tmp_path, "name: X\n'name': Y\n")
    assert got == [
        "people/bob.yaml:2:1: error: duplicate key `name` in this mapping "
        "(first at line 1; YAML would silently keep only the last)"
    ]


@pytest.mark.parametrize("empty", ["null", "~", "", "Null"])
def test_null_names(tmp_path, empty):
    got = problems_of_file(tmp_path, f"name: {empty}\n".replace(": \n", ":\n"))
    column = 6 if not empty else 7
    assert got == [f"people/bob.yaml:1:{column}: error: `name` is empty (it is required)"]


def test_a_null_in_a_list_of_references(tmp_path):
    got = problems_of_file(tmp_path, "name: X\ntags: [a, null, ~]\n")
    assert got == [
        "people/bob.yaml:2:11: warning: `tags[1]` is empty (remove it, or quote it if it is text)",
        "people/bob.yaml:2:17: warning: `tags[2]` is empty (remove it, or quote it if it is text)",
    ]


# -- references that loop, ids that clash ------------------------------------------------


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    root = tmp_path / "d"
    for rel, text in files.items():
        write_file(root, rel, textwrap.dedent(text).lstrip())
    return [str(p) for p in load_dossier(root).problems]


def test_a_parent_loop(tmp_path):
    got = problems_of(
        tmp_path,
        {
            "labs/a.yaml": "name: A\nkind: lab\nparent: b\n",
            "labs/b.yaml": "name: B\nkind: lab\nparent: c\n",
            "labs/c.yaml": "name: C\nkind: lab\nparent: a\n",
        },
    )
    assert got == [
        "labs/a.yaml:1:1: error: `parent` goes round in a circle: a → b → c → a (a record cannot be part of itself)"
    ]


def test_a_lab_that_is_its_own_parent(tmp_path):
    got = problems_of(tmp_path, {"labs/a.yaml": "name: A\nkind: lab\nparent: a\n"})
    assert got == ["labs/a.yaml:3:9: error: 'a' refers to itself in parent"]


def test_a_model_whose_family_is_itself(tmp_path):
    got = problems_of(tmp_path, {"models/m.yaml": "name: M\nfamily: m\n"})
    assert got == ["models/m.yaml:2:9: error: 'm' refers to itself in family"]


def test_a_family_loop_of_two(tmp_path):
    got = problems_of(tmp_path, {"models/m.yaml": "name: M\nfamily: n\n", "models/n.yaml": "name: N\nfamily: m\n"})
    assert got == [
        "models/m.yaml:1:1: error: `family` goes round in a circle: m → n → m (a record cannot be in the family of itself)"
    ]


def test_loops_do_not_hang_the_index_or_the_exports(tmp_path):
    from dossier.export.jsondoc import to_json
    from dossier.export.markdown import to_markdown
    from dossier.index.index import Index

    root = tmp_path / "d"
    write_file(root, "labs/a.yaml", "name: A\nkind: lab\nparent: b\n")
    write_file(root, "labs/b.yaml", "name: B\nkind: lab\nparent: a\n")
    write_file(root, "models/m.yaml", "name: M\nfamily: m\ndeveloper: a\n")
    dossier = load_dossier(root).dossier
    index = Index(dossier)
    assert {r.id for r in index.backlinks("a").get("part of", ())} <= {"b"}
    assert '"parent": "b"' in to_json(dossier)
    assert "## Labs" in to_markdown(dossier)


def test_a_file_name_that_differs_from_an_id_only_by_case(tmp_path):
    got = problems_of(tmp_path, {"people/Bob.yaml": "name: Bob\n"})
    assert got == [
        "people/Bob.yaml:1:1: error: the file name 'Bob' is not a valid id "
        "(ids are lower-case letters, digits and hyphens; rename the file or set `id:`)"
    ]


def test_an_id_in_capitals(tmp_path):
    got = problems_of(tmp_path, {"people/bob.yaml": "id: Bob\nname: Bob\n"})
    assert got == [
        "people/bob.yaml:1:5: error: 'Bob' is not a valid id "
        "(ids are lower-case letters, digits and hyphens, starting with a letter or digit; did you mean 'bob'?)"
    ]


def test_a_file_whose_id_matches_only_in_lower_case(tmp_path):
    got = problems_of(tmp_path, {"people/Bob.yaml": "id: bob\nname: Bob\n"})
    assert got == [
        "people/Bob.yaml:1:1: warning: id 'bob' differs from the file name 'Bob' (rename the file to bob.yaml, or drop `id:`)"
    ]


def test_two_files_with_the_same_id(tmp_path):
    got = problems_of(tmp_path, {"people/bob.yaml": "name: Bob\n", "people/bob2.yaml": "id: bob\nname: Bob 2\n"})
    assert got == [
        "people/bob.yaml:1:1: error: duplicate id 'bob' (also used by the person at people/bob2.yaml:1:1)",
        "people/bob2.yaml:1:1: warning: id 'bob' differs from the file name 'bob2' (rename the file to bob.yaml, or drop `id:`)",
        "people/bob2.yaml:1:1: error: duplicate id 'bob' (already used by the person at people/bob.yaml:1:1; this person is left out)",
    ]


def test_the_same_id_in_two_kinds_and_two_suffixes(tmp_path):
    got = problems_of(
        tmp_path,
        {
            "people/bob.yaml": "name: Bob\n",
            "people/bob.yml": "name: Bob again\n",
            "labs/bob.yaml": "name: Bob's lab\nkind: lab\n",
        },
    )
    assert got == [
        "labs/bob.yaml:1:1: error: duplicate id 'bob' "
        "(also used by the person at people/bob.yaml:1:1, the person at people/bob.yml:1:1)",
        "people/bob.yaml:1:1: error: duplicate id 'bob' (already used by the lab at labs/bob.yaml:1:1; this person is left out)",
        "people/bob.yml:1:1: error: duplicate id 'bob' (already used by the lab at labs/bob.yaml:1:1; this person is left out)",
    ]


def test_a_quote_id_that_clashes_with_a_person(tmp_path):
    got = problems_of(
        tmp_path, {"people/bob.yaml": "name: Bob\n", "sources/s.yaml": "title: S\nquotes:\n  - id: bob\n    text: hi\n"}
    )
    assert got == [
        "people/bob.yaml:1:1: error: duplicate id 'bob' (also used by the quote at sources/s.yaml:3:5)",
        "sources/s.yaml:3:5: error: duplicate id 'bob' (already used by the person at people/bob.yaml:1:1; this quote is left out)",
    ]


# -- shapes that once took quadratic time or worse ------------------------------------


def test_a_long_parent_chain_and_a_long_loop_are_checked_in_linear_time(tmp_path):
    """3,000 labs in a chain, 3,000 in one loop: the cycle check walks each lab once."""
    import time

    root = tmp_path / "d"
    n = 3000
    for i in range(n):
        write_file(
            root,
            f"labs/chain-{i:04d}.yaml",
            f"name: C\nkind: lab\nparent: chain-{i + 1:04d}\n" if i + 1 < n else "name: C\nkind: lab\n",
        )
        write_file(root, f"labs/loop-{i:04d}.yaml", f"name: L\nkind: lab\nparent: loop-{(i + 1) % n:04d}\n")
    started = time.perf_counter()
    got = [str(p) for p in load_dossier(root, cache=False).problems]
    print(f"6,000 labs, a chain and a loop of 3,000: {time.perf_counter() - started:.2f} s")
    assert len(got) == 1
    assert got[0].startswith(
        "labs/loop-0000.yaml:1:1: error: `parent` goes round in a circle: loop-0000 → loop-0001 → "
    )
    assert got[0].endswith("→ loop-2999 → loop-0000 (a record cannot be part of itself)")


def test_thousands_of_dangling_references_are_reported_quickly(tmp_path):
    """Each did-you-mean hint scans every id; together they stay within a fixed budget."""
    import time

    n = 3000
    events = "".join(
        f"- {{id: event-{i}, date: 2024, title: t, involves: [nobody-{i}], sources: [src-{i}]}}\n" for i in range(n)
    )
    root = tmp_path / "d"
    write_file(root, "timeline.yaml", events)
    started = time.perf_counter()
    got = [str(p) for p in load_dossier(root, cache=False).problems]
    print(f"{2 * n:,} dangling references among {n:,} ids: {time.perf_counter() - started:.2f} s")
    assert len(got) == 2 * n
    assert got[:2] == [
        "timeline.yaml:1:50: error: unknown record 'nobody-0' in involves[0]",
        "timeline.yaml:1:71: error: unknown source 'src-0' in sources[0]",
    ]
    assert got[-1] == "timeline.yaml:3000:77: error: unknown source 'src-2999' in sources[0]"
    assert all(": error: unknown " in line for line in got)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("open_weights: !!bool x", "models/m.yaml:2:15: error: `open_weights` should be true or false, got 'x'"),
        ("open_weights: !!str true", "models/m.yaml:2:15: error: `open_weights` should be true or false, got 'true'"),
        (
            "released: !!timestamp 2024-02-30",
            "models/m.yaml:2:11: error: `released`: '2024-02-30': Feb 2024 has no day 30 (it has 29)",
        ),
        ("name: !!seq [a]", "models/m.yaml:1:7: error: `name` should be text, got a list"),
        (
            "name: !!float abc",
            "models/m.yaml:1:7: warning: `name`: 'abc' is tagged as a number (remove the !!float tag; this field is text)",
        ),
        (
            "name: !!timestamp x",
            "models/m.yaml:1:7: warning: `name`: 'x' is tagged as a date (remove the !!timestamp tag; this field is text)",
        ),
    ],
)
def test_standard_tags_that_pyyaml_would_crash_on(tmp_path, line, expected):
    """`!!bool x` raises KeyError and `!!timestamp x` AttributeError inside PyYAML's constructors."""
    text = line + "\n" if line.startswith("name") else "name: M\n" + line + "\n"
    assert problems_of_file(tmp_path, text, rel="models/m.yaml") == [expected]
