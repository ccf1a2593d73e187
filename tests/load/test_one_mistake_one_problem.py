"""One mistake, one problem; no mistake without one.

A file that cannot be read is one error, not one more for every reference to what it
defines; an id used twice is an error at both places, whatever the two records are,
and the record left out says so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.load.loader import load_dossier
from tests.helpers import MINIMAL, REPO, write_dossier


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in load_dossier(root, cache=False).problems]


@pytest.fixture
def bundled(tmp_path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    return root


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unquoted_colon_in_one_quote_is_one_error_with_the_hint_to_quote(bundled):
    _break(
        bundled / "sources" / "avocado-article.yaml",
        "    translation: Will the vast reorganisation carried out in recent months be enough?",
        "    translation: Will it be enough: the vast reorganisation?",
    )
    got = problems(bundled)
    assert len(got) == 1, got  # it was 49: the error, then every reference to the source
    assert got[0].startswith("sources/avocado-article.yaml:")
    assert "invalid YAML" in got[0] and 'a value holding ": " must be quoted' in got[0]
    assert "references to what this file defines are not checked until it can be read" in got[0]


def test_a_tab_indent_is_one_error(bundled):
    _break(bundled / "people" / "yann-lecun.yaml", "  - org: meta\n    end:", "  - org: meta\n\tend:")
    got = problems(bundled)
    assert len(got) == 1, got  # it was 28, with did-you-means pointing at other records
    assert got[0].startswith("people/yann-lecun.yaml:") and "starts with a tab" in got[0]


def test_a_broken_timeline_does_not_make_its_events_unknown(tmp_path):
    timeline = MINIMAL["timeline.yaml"].replace("title: Lab X is founded", "title: Lab X: founded")
    root = write_dossier(tmp_path / "d", {**MINIMAL, "timeline.yaml": timeline})
    got = problems(root)
    # q-one's `event: launch` points into the broken file: not reported again.
    assert len(got) == 1 and got[0].startswith("timeline.yaml:") and "must be quoted" in got[0], got


def test_a_reference_to_an_id_no_file_defines_is_still_reported(tmp_path):
    files = {**MINIMAL, "people/bob.yaml": "name: Bob\nroles:\n  - org: lab-x\n\tsources: [x]\n"}
    files["labs/lab-z.yaml"] = "name: Lab Z\nsummary: See [[nobody-at-all]] and [[bob]].\n"
    got = problems(write_dossier(tmp_path / "d", files))
    # bob's file is broken: [[bob]] waits for it; [[nobody-at-all]] is a mistake of its own.
    assert [line.split(": error: ")[0] for line in got] == ["labs/lab-z.yaml:2:10", "people/bob.yaml:4:1"]
    assert "unknown record 'nobody-at-all'" in got[0]


DUPLICATES = {
    "two quotes in one source": (
        {
            "sources/note.yaml": "title: N\nkind: note\nquotes:\n  - id: q-x\n    text: one\n  - id: q-x\n    text: two\n"
        },
        ["sources/note.yaml:4:5", "sources/note.yaml:6:5"],
    ),
    "two events in one file": (
        {
            "timeline/more.yaml": "- {id: e-x, date: 2025, title: One, sources: [article-one]}\n"
            "- {id: e-x, date: 2024, title: Two, sources: [article-one]}\n"
        },
        ["timeline/more.yaml:1:3", "timeline/more.yaml:2:3"],
    ),  # fmt: skip
    "a quote named as a person": (
        {"sources/note.yaml": "title: N\nkind: note\nquotes:\n  - id: ada-lovelace\n    text: one\n"},
        ["people/ada-lovelace.yaml:1:1", "sources/note.yaml:4:5"],
    ),
    "a quote named as its own source": (
        {"sources/note.yaml": "title: N\nkind: note\nquotes:\n  - id: note\n    text: one\n"},
        ["sources/note.yaml:1:1", "sources/note.yaml:4:5"],
    ),
    "a quote named as an event": (
        {"sources/note.yaml": "title: N\nkind: note\nquotes:\n  - id: launch\n    text: one\n"},
        ["sources/note.yaml:4:5", "timeline.yaml:1:3"],
    ),
    "a lab named as a person": (
        {"labs/ada-lovelace.yaml": "name: Ada's lab\n"},
        ["labs/ada-lovelace.yaml:1:1", "people/ada-lovelace.yaml:1:1"],
    ),
    "two sources of one id": (
        {"sources/other.yaml": "id: article-one\ntitle: Another\nkind: note\n"},
        ["sources/article-one.yaml:1:1", "sources/other.yaml:1:1"],
    ),
}


@pytest.mark.parametrize("case", DUPLICATES, ids=list(DUPLICATES))
def test_a_duplicate_id_is_an_error_at_both_places(tmp_path, case):
    files, places = DUPLICATES[case]
    got = [line for line in problems(write_dossier(tmp_path / "d", {**MINIMAL, **files})) if "duplicate id" in line]
    assert [line.split(": error: ")[0] for line in got] == places, got
    kept, left_out = sorted(got, key=lambda line: "left out" in line)
    assert "also used by the" in kept and "already used by the" in left_out and "is left out" in left_out


def test_a_duplicate_quote_inside_one_source_is_not_lost_silently(tmp_path):
    files = {**MINIMAL, **DUPLICATES["two quotes in one source"][0]}
    result = load_dossier(write_dossier(tmp_path / "d", files), cache=False)
    # The first is kept; the second, left out, is reported (it was "ok, 0 errors").
    assert result.dossier.by_id["q-x"].text == "one"
    assert [q.id for q in result.dossier.by_id["note"].quotes] == ["q-x"]
    assert len(result.errors) == 2
