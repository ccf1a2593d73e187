"""The list shown while a never-seen dossier loads: the same ids, names and order as the
loaded dossier's, from the first line or the first events of each profile, whatever the
file looks like."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dossier.read.first_events as first_events
import dossier.read.yamlnodes as yamlnodes
from dossier.load.first_list import first_rows, label_of_text
from dossier.load.loader import load_dossier
from dossier.model import schema as S
from dossier.model.problems import ERROR
from dossier.read.file import DossierFile, parse_text
from dossier.read.first_line import UNKNOWN, name_on_first_line
from dossier.store.first_screen import FirstScreen, read_first_screen, write_first_screen
from tests.helpers import MINIMAL, REPO, SHARED, age_files, generated_dossier, run_cli, write_dossier
from tests.tui.helpers import BUNDLED, FIXTURE

YAML_TEST_SUITE = SHARED / "yaml-test-suite"


def loaded_rows(root, kind: S.Kind) -> list[tuple[str, str, str]]:
    dossier = load_dossier(root, cache=False).dossier
    records = {"person": dossier.people, "lab": dossier.labs, "model": dossier.models}[kind.name]
    return [(record.id, record.label, record.loc.file) for record in records]


@pytest.fixture(scope="module")
def medium(tmp_path_factory):
    root = tmp_path_factory.mktemp("m") / "M"
    generated_dossier(root, "M")
    return root


@pytest.mark.parametrize("kind", [S.PERSON, S.LAB, S.MODEL], ids=lambda k: k.name)
@pytest.mark.parametrize("which", ["bundled", "fixture", "M"])
def test_the_first_list_is_the_loaded_list(which, kind, medium):
    root = {"bundled": BUNDLED, "fixture": FIXTURE, "M": medium}[which]
    rows = first_rows(root, kind)
    assert rows, "every one of these dossiers has such profiles"
    assert rows == loaded_rows(root, kind)


# Ways of writing a profile's top that a full read types in ways of its own.
CASES = {
    "quoted-escapes": 'name: "Ana\\u00efs \\"Nana\\" Roy"\nsummary: x\n',
    "single-quoted": "name: 'O''Brien'\n",
    "plain-accents-nfd": "name: Cle\u0301mence Roy\n",  # NFC once read
    "read-as-bool": "name: no\n",  # a warning, and the text 'no'
    "empty-name": "name: ~\nsummary: x\n",  # kept under its id
    "blank-name": 'name: "   "\n',
    "id-after-name": "name: Someone\nsummary: s\nid: someone-else\n",
    "quoted-id-key": 'name: Someone\n"id": quoted-key\n',
    "invalid-id": "name: Someone\nid: Not An Id\n",
    "repeated-name": "name: First\nname: Second\n",
    "block-name": "name: >-\n  Folded\n  Name\n",
    "anchored-name": "name: &n Anchored\nsummary: *n\n",
    "flow-root": "{name: Flow Root, summary: x}\n",
    "not-a-mapping": "- name: In A List\n",
    "tagged-name": "name: !!str Tagged\n",
    "disallowed-tag": "name: !!python/object Bad\n",
    "name-later": "summary: first\nroles: [{org: x-lab}]\nname: Later\n",
    "indented-root": "  name: Indented\n  summary: x\n",
    "control-character": 'name: "Bell\\a Name"\n',
    "bom": "\ufeffname: With Bom\n",
    "syntax-error-after": "name: Broken Later\nsummary: [unclosed\n",
    "multi-line-plain": "name: Two\n  Lines\n",
    "comment-after": "name: Commented  # not part of it\n",
    # First lines that look plain but that YAML reads otherwise, or that go on below.
    "plain-off": "name: Off\nsummary: x\n",  # a boolean to YAML 1.1: a warning, the text
    "plain-short-y": "name: Yann\n",
    "plain-colon": "name: A: B\n",  # an error: no record
    "quoted-then-more": 'name: "A" b\n',  # an error too
    "plain-crlf": "name: Carriage Return\r\nsummary: x\r\n",
    "plain-folded-below": "name: Folded\n\n  On Two\n",
    "plain-tab-inside": "name: Tab\there\n",
    "plain-line-separator": "name: Line\u2028Sep\n",
    "quoted-nfd": 'name: "Cle\u0301mence Nfd"\n',
    "plain-spaces-around": "name:   Double  Space   \nsummary: x\n",
    "no-newline-at-end": "name: Last Line",
    "comment-below": "name: Then\n# a comment\n  Continued\n",
    "dash-below": "name: Dash Below\n- x\n",  # an error after the name
}


def test_each_way_of_writing_a_name_gives_the_loaded_list(tmp_path):
    files = dict(MINIMAL)
    for case, text in CASES.items():
        files[f"people/{case}.yaml"] = text
    root = write_dossier(tmp_path / "d", files)
    loaded = loaded_rows(root, S.PERSON)
    rows = first_rows(root, S.PERSON)
    # The one difference allowed: a file that breaks after its name shows until it is read
    # (the full read reports it and keeps no record of it).
    errors = {p.file for p in load_dossier(root, cache=False).problems if p.severity == ERROR}
    rejected = errors - {row[2] for row in loaded}
    assert [row for row in rows if row[2] not in rejected] == loaded
    shown_until_read = {row[0] for row in rows if row[2] in rejected}
    assert shown_until_read == {
        "syntax-error-after", "dash-below", "comment-below", "plain-colon", "quoted-then-more", "plain-line-separator",
    }  # fmt: skip


def test_a_small_dossiers_names_come_without_loading_the_yaml_reader():
    # What keeps the bundled dossier's very first open as quick as the warm one.
    code = (
        "import sys; from dossier.load.first_list import first_rows; "
        f"rows = first_rows({str(BUNDLED)!r}); "
        "print(len(rows), sorted(m for m in sys.modules if m == 'yaml' or m.startswith('dossier.model.rec')))"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.split()[0] == str(len(loaded_rows(BUNDLED, S.PERSON))) and out.strip().endswith("[]")


_VALUE = st.lists(
    st.sampled_from(list("AaÉeéyYnNoOtTfF019 :#\"'\\\t-~[],!&*|>%@`") + ["e\u0301", "\u2028", "\r", "ß", "李"]),
    max_size=12,
).map("".join)
_BELOW = st.sampled_from(
    ["", "\n", "\nsummary: x\n", "\n  continued\n", "\n\n  folded\n", "\n# c\nsummary: x\n", "\r\nsummary: x\r\n"]
)


@settings(max_examples=400, deadline=None)
@given(value=_VALUE, quoted=st.booleans(), below=_BELOW)
def test_a_name_read_from_the_first_line_is_the_full_reads(value, quoted, below):
    file = DossierFile("people/someone.yaml", S.PERSON, False)
    text = f"name: {chr(34) + value + chr(34) if quoted else value}{below}"
    quick = name_on_first_line(file, text)
    if quick is UNKNOWN:
        return
    full = parse_text(file, text)
    assert full.records and full.records[0].label == quick, text
    assert first_events.label_from_events(file, text, "someone") == ("someone", quick), text


def test_validate_leaves_the_names_for_the_apps_first_open_and_never_replaces_the_apps_own(tmp_path):
    files = dict(MINIMAL)
    files["people/broken-later.yaml"] = "name: Broken Later\nsummary: [unclosed\n"
    root = write_dossier(tmp_path / "d", files)
    age_files(root)
    assert read_first_screen(root) is None
    assert run_cli("validate", "--data", str(root), env=cache_env()).returncode == 1
    # What `validate` loaded: the broken profile is not in it.
    left = read_first_screen(root)
    assert left is not None and left.kind == "person"
    assert [(row[0], row[1][: row[2]]) for row in left.rows] == [
        (i, name) for i, name, _ in loaded_rows(root, S.PERSON)
    ]
    # The app's own first screen (rows with their detail) is never replaced by a load.
    own = FirstScreen("person", (("ada-lovelace", "Ada Lovelace  Chief Scientist, Lab Y", 12),))
    assert write_first_screen(root, own)
    load_dossier(root)
    assert read_first_screen(root) == own


def cache_env() -> dict[str, str]:
    import os

    return {"DOSSIER_CACHE_DIR": os.environ["DOSSIER_CACHE_DIR"]}


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request, monkeypatch):
    if request.param == "pure-python":
        monkeypatch.setattr(yamlnodes, "_PARSER", yaml_safe_loader())
        monkeypatch.setattr(first_events, "_PARSER", yaml_safe_loader())
    elif yamlnodes._PARSER is yaml_safe_loader():
        pytest.skip("PyYAML was built without libyaml")
    return request.param


def yaml_safe_loader():
    import yaml

    return yaml.SafeLoader


def test_every_yaml_test_suite_document_as_a_profile_gives_its_name_or_defers(parser):
    """Where the first events answer, they answer what the full read gives; a document
    the full read rejects may only show until it is read (an error of its own)."""
    if not YAML_TEST_SUITE.is_dir():
        pytest.skip(f"the YAML test suite is not at {YAML_TEST_SUITE}")
    answered = 0
    for document in sorted(YAML_TEST_SUITE.glob("**/in.yaml")):
        case = document.parent.relative_to(YAML_TEST_SUITE).as_posix().lower().replace("/", "-")
        file = DossierFile(f"people/case-{case}.yaml", S.PERSON, False)
        try:
            text = document.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # never reaches the events: both read it as undecodable
        full = parse_text(file, text)
        quick = label_of_text(file, text)
        if quick is None:
            continue
        answered += 1
        if full.records:
            assert quick == (full.records[0].id, full.records[0].label), case
        else:
            assert any(p.severity == ERROR for p in full.problems), case
    assert answered > 20, "the suite has mappings with a name-like first key"
