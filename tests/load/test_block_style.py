"""A file read line by line gives what libyaml's events and the converter give, or it
goes the long way.

Whatever `read_block_style` accepts, the long way (libyaml's nodes, then the converter)
reads into the same records (fields and places), the same problems in the same order
and the same references. Checked on the bundled dossier, the app's fixture, a generated
dossier, every document of the YAML test suite read as each kind of file, hand-written
edge cases, and dossier files mutated at random.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.model import schema as S
from dossier.read import file as reading
from dossier.read.block_style import read_block_style
from dossier.read.place import DossierFile
from tests.helpers import REPO, generated_dossier
from tests.hostile.test_yaml_inputs import YAML_TEST_SUITE
from tests.tui.helpers import FIXTURE

PERSON = DossierFile("people/ada-aberg.yaml", S.PERSON, False)
SOURCE = DossierFile("sources/source-1.yaml", S.SOURCE, False)
MODEL = DossierFile("models/mistigri-2.yaml", S.MODEL, False)
TIMELINE = DossierFile("timeline/part-1.yaml", S.EVENT, True)
EVERY_KIND = (PERSON, SOURCE, MODEL, TIMELINE)


def seen(result: reading.FileResult) -> tuple:
    """Everything a file gives the dossier: records with their places, problems, references."""
    records = [(repr(record), record.loc) for record in result.records]
    quotes = [(repr(q), q.loc) for record in result.records for q in getattr(record, "quotes", ())]
    return records, quotes, list(result.problems), result.ref_rows()


def the_long_way(file: DossierFile, text: str, monkeypatch) -> reading.FileResult:
    with monkeypatch.context() as patch:
        patch.setattr(reading, "read_block_style", lambda *_args: None)
        return reading.parse_text(file, text)


def read_alike(file: DossierFile, text: str, monkeypatch) -> bool:
    """True when `text` was read line by line; fails if it was read otherwise than the long way."""
    if read_block_style(file, text) is None:
        return False
    assert seen(reading.parse_text(file, text)) == seen(the_long_way(file, text, monkeypatch)), text
    return True


def file_of(root: Path, path: Path) -> DossierFile:
    rel = path.relative_to(root).as_posix()
    if rel.startswith("timeline/"):
        return DossierFile(rel, S.EVENT, True)
    folder = rel.split("/", 1)[0]
    kind = next(k for k in S.PROFILE_KINDS if k.folder == folder)
    return DossierFile(rel, kind, False)


def read_folder(root: Path, monkeypatch) -> tuple[int, int]:
    """(files read line by line, files) of a dossier folder, each checked against the long way."""
    paths = sorted(
        p
        for p in root.rglob("*.yaml")
        if p.relative_to(root).parts[0] in {"people", "labs", "models", "sources", "timeline"}
    )
    taken = sum(read_alike(file_of(root, p), p.read_bytes().decode("utf-8-sig"), monkeypatch) for p in paths)
    return taken, len(paths)


def test_the_bundled_dossier_and_the_fixture_read_alike(monkeypatch):
    for folder in (REPO / "data", FIXTURE):
        _taken, count = read_folder(folder, monkeypatch)
        assert count >= 8


def test_a_generated_dossier_is_nearly_all_read_line_by_line_and_alike(tmp_path, monkeypatch):
    taken, count = read_folder(generated_dossier(tmp_path / "g"), monkeypatch)
    assert taken >= 0.8 * count, f"only {taken} of {count} generated files were read line by line"


def test_every_yaml_test_suite_document_is_read_alike_as_any_kind_of_file(monkeypatch):
    if not YAML_TEST_SUITE.is_dir():
        pytest.skip(f"the YAML test suite is not at {YAML_TEST_SUITE}")
    documents = sorted(YAML_TEST_SUITE.glob("**/in.yaml"))
    assert len(documents) > 300
    for document in documents:
        text = document.read_bytes().decode("utf-8-sig", "replace")
        for file in EVERY_KIND:
            read_alike(file, text, monkeypatch)


PERSON_TEXT = (
    'name: "Ada Åberg"\nsummary: "As model [[x-l1|y]] and [[bad id]]."\nroles:\n  - org: lab-a\n'
    "    title: 'Chercheur'\n    start: 2020-02-10\n    end: 2019\n    sources: [source-1, source-2]\n"
    '  - org: "lab-b"\n    start: "2021-03"\n    sources: []\nlinks: ["https://example.org/a", "javascript:x"]\n'
    'tags: [executive, executive]\naliases:\n  - Ada\n  - "A. Å"\n'
)
ACCEPTED = [
    (PERSON, PERSON_TEXT),
    (PERSON, "name: Yann # the name\n"),
    (PERSON, "name: a:b\nsummary: a#b\n"),
    (PERSON, "name: v"),
    (PERSON, "name: café\n"),
    (PERSON, "name: e\u0301\n"),  # not in its normal form: NFC'd, the same either way
    (PERSON, "# top\n\nname: x\nroles:\n  # a role\n  - org: a\n  # b\n  - org: b\n"),
    (PERSON, 'name: "x\\ty\\\\z\\/\\""\n'),
    (PERSON, "name: '  '\n"),  # empty once stripped: required, reported
    (PERSON, "name: x\nid: Not-An-Id\n"),
    (PERSON, "name: x\nid: other\n"),  # differs from the file name: a warning
    (PERSON, "name: x\nroles:\n  - title: no org\n  - org: lab-a\n    title: [a]\n"),
    (PERSON, "name: x\ntags: [a , b ]\nlinks: [ ]\n"),
    (PERSON, "name: yes\nsummary: 0755\n"),  # YAML 1.1's traps, warned of
    (PERSON, "name: x\nroles:\n  - org: 2024-01-01\n    start: 2024-13\n    sources: [Bad, a]\n"),
    (
        SOURCE,
        'title: "T"\nkind: interviewx\nquotes:\n  - id: s-q1\n    text: "between"\n    about: [x]\n'
        "    event: event-7\n  - id: s-q2\n    text: 'it''s'\n    lang: en-GB\n  - text: no id\n",
    ),
    (SOURCE, "title: T\nquotes:\n  - id: q\n    text: t\nid: renamed\n"),  # quotes owned by the id below them
    (MODEL, "name: M\nparameters:\n  active: 288B\n  total: lots\nopen_weights: yes\n"),
    (
        TIMELINE,
        '- id: e-1\n  date: 2024-12\n  title: "Open"\n  kind: hire\n  involves: [a-1, b-2]\n'
        "- id: e-2\n  date: 2019?\n  title: Plain title here\n  sources: []\n- date: 2020\n  title: no id\n",
    ),
    (TIMELINE, "-   id: e-1\n    date: 2024-01-01\n    title: t\n"),
    # Who owns each reference: the record, the quote, or (a quote without an id) its source.
    (PERSON, "id: ada-aberg\nname: x\nroles:\n  - org: lab-a\n"),
    (PERSON, "name: x\nid: Bad\nroles:\n  - org: lab-a\n    sources: [s-1]\n"),
    (DossierFile("people/Not An Id.yaml", S.PERSON, False), "name: x\nroles:\n  - org: lab-a\nid: ada\n"),
    (DossierFile("people/Not An Id.yaml", S.PERSON, False), "name: x\nroles:\n  - org: lab-a\n"),
    (TIMELINE, '- involves: [a]\n  summary: "[[b]]"\n  id: e-1\n  date: 2024\n  title: t\n  sources: [c]\n'),
    (
        SOURCE,
        "title: t\nauthor: a\nquotes:\n  - text: x\n    about: [a]\n  - about: [b]\n    id: q2\n    text: y\n"
        "    speaker: c\n",
    ),
    (MODEL, "name: M\nparameters:\n  active: 1B\nid: mistigri-2\n"),
    (MODEL, "name: x\nparameters: {active: 1B}\n"),
    (MODEL, "name: x\nparameters: { total: \"405B\" , active: 'a, b' }  # flow\ncontext_window: {}\n"),
    (MODEL, "name: x\nparameters: {active: 1B, active: 2B, totl: 3}\n"),
    (MODEL, "name: {a: b}\nparameters: {}\nfamily: {x: y}\n"),  # mappings where text is wanted
    (PERSON, "summary: >-\n  Folded [[lab-a]]\n  on: two lines # kept\n\nname: |\n  a\n  b  \n"),
    (PERSON, "summary: >\n  clipped\nname: y\n"),
    (PERSON, "name: y\nsummary: |-\n    deep\n    lines\n  # a comment, less indented\n"),
    (PERSON, "name: y\nsummary: >\n  at the end, no line break"),
    (SOURCE, "title: t\nquotes:\n  - id: q\n    text: >-\n      « Verbatim »,\n      cut: here\n"),
    # A web address is taken as it is; any other is warned of, as the long way does.
    (SOURCE, 'title: t\nurl: "https://example.org/a b "\n'),
    (SOURCE, "title: t\nurl: HTTPS://Example.org\n"),
    (SOURCE, 'title: t\nurl: "javascript:alert(1)"\n'),
    (SOURCE, "title: t\nurl: example\n"),
    (SOURCE, "title: t\nurl: ftp://example.org\n"),
    (SOURCE, "title: t\nurl: 'https:'\n"),
]
DEFERRED = [
    (PERSON, "name: -5\n"),
    (PERSON, "name : v\n"),
    (PERSON, "name: x\nroles:\n- org: a\n"),  # a list at its key's indentation
    (PERSON, "name: b\n  c\n"),  # a plain scalar continued on the next line
    (PERSON, "name: x\nroles:\n  - org: a\n   title: b\n"),
    (PERSON, "name: b\n...\n"),
    (PERSON, "name: b\n---\nname: d\n"),
    (PERSON, "name:\n"),
    (PERSON, "name: ab:\n"),
    (PERSON, "name: 'b'c\n"),
    (PERSON, "name: - b\n"),
    (MODEL, "name: x\nparameters: {active: 1B,}\n"),
    (MODEL, "name: x\nparameters: {active: {a: b}}\n"),
    (MODEL, "name: x\nparameters: {active:1B}\n"),
    (MODEL, "name: x\naliases: [{a: b}]\n"),
    (PERSON, "name: &x b\n"),
    (PERSON, "name: *x\n"),
    (PERSON, "name: !!str b\n"),
    (PERSON, "? name\n: b\n"),
    (PERSON, "name: x\nsummary: >-\n\n  x\n"),  # a block scalar starting with a line break
    (PERSON, "name: x\nsummary: >-\n  x\n\n  y\n"),  # a line break kept inside
    (PERSON, "name: x\nsummary: >-\n  x\n    y\n"),  # more indented: kept apart by folding
    (PERSON, "name: x\nsummary: >-\n  x\n   \ntags: [a]\n"),  # spaces past its indentation: text
    (PERSON, "name: x\nsummary: |+\n  x\n"),
    (PERSON, "name: x\nsummary: >2\n   x\n"),
    (PERSON, "name: x\nsummary: >-\ntags: [a]\n"),  # empty
    (SOURCE, "title: t\nquotes:\n  - text: >-\n      x\n    id: q\n"),  # after a dash
    (PERSON, "name: b\r\n"),
    (PERSON, "name:\tb\n"),
    (PERSON, "name: x\u00a0y\n"),
    (PERSON, "name: x\u2028y\n"),
    (PERSON, 'name: "\\x41"\n'),
    (PERSON, ""),
    (PERSON, "# only a comment\n"),
    (PERSON, "  name: b\n"),
    (PERSON, "name: a\nname: b\n"),  # twice: the converter skips the second
    (PERSON, "name: a\nnmae: b\n"),  # unknown: reported with a guess, skipped
    (PERSON, "name: a\nsummary:\n  x: y\n"),  # a mapping where text is wanted
    (PERSON, "- name: a\n"),
    (TIMELINE, "id: e\n"),
    (TIMELINE, "- just text\n"),
    (PERSON, "name: x\nroles:\n  - org: lab-a\nid: other\n"),  # its references were the file name's
]


@pytest.mark.parametrize(("file", "text"), ACCEPTED)
def test_the_plain_block_style_is_read_line_by_line(file, text, monkeypatch):
    assert read_alike(file, text, monkeypatch)


@pytest.mark.parametrize(("file", "text"), DEFERRED)
def test_anything_else_goes_the_long_way(file, text):
    assert read_block_style(file, text) is None


def test_problems_come_in_the_order_and_places_of_the_long_way(monkeypatch):
    result = reading.parse_text(PERSON, PERSON_TEXT)
    assert seen(result) == seen(the_long_way(PERSON, PERSON_TEXT, monkeypatch))
    messages = " / ".join(p.message for p in result.problems)
    for expected in ("[[bad id]]", "timestamp", "ends (2019) before it starts", "lists 'executive' twice",
                     "is not a web address"):  # fmt: skip
        assert expected in messages


def test_files_near_the_bounds_go_the_long_way():
    deep = "name: x\n" + "".join(" " * (2 * level) + f"k{level}:\n" for level in range(60))
    assert read_block_style(PERSON, deep) is None
    many = "name: x\ntags: [" + ", ".join(["x"] * 300_000) + "]\n"
    assert read_block_style(PERSON, many) is None


_BASES = [
    (PERSON, PERSON_TEXT),
    (
        SOURCE,
        'title: "T"\noutlet: lab-a\npublished: 2015-23\nurl: https://example.org/a\nquotes:\n  - id: s-q1\n    text: "between a"\n'
        "    about: [x, y-2]\n    event: event-7\n  - id: s-q2\n    text: 'it''s'\n    lang: en-GB\n"
        '    translation: "It is"\n',
    ),
    (
        TIMELINE,
        '- id: event-1\n  date: 2024-12\n  title: "Open"\n  kind: hire\n  involves: [a-1, b-2]\n'
        '  summary: "With [[a-1]]."\n- id: event-2\n  date: 2019-05-04\n  title: Plain title\n'
        "  sources: [s-1]\n",
    ),
    (MODEL, "name: M\nlab: lab-a\nparameters:\n  active: 288B\n  total: 2T\nreleased: 2025-04-05\n"),
    (
        PERSON,
        "name: Yann LeCun\nsummary: >-\n  Chief AI Scientist at [[meta|Meta]],\n  who left: in 2025.\n"
        "roles:\n  - org: meta\n    note: |\n      Two\n      lines\n    sources: [s-1]\n",
    ),
]
_PIECES = [
    ": ", " #", "#", "- ", "-", "  ", " ", "\n", "\n  ", "\n- ", '"', "'", "''", '\\"', "\\n", "\\x41", "[", "]",
    ",", ", ", "{a: b}", "&a ", "*a", "!!str ", "? ", "|\n  x", ">-\n  y", "---\n", "...\n", "%YAML 1.1\n",
    "\t", "\r", "\x85", "\u2028", "\ufeff", "\u00a0", "é", "e\u0301", "~", "null", "0755", "`", "@", "%", ":",
    "id: x\n", "name: y\n", "<<: ", "yes", "2024-01-01", "[[", "]]", "note: n\n", "  - org: z\n",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    st.sampled_from(_BASES),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.sampled_from(_PIECES)), min_size=1, max_size=4),
)
def test_mutated_dossier_files_go_the_long_way_or_read_alike(base, edits):
    file, text = base
    for kind, place, piece in edits:
        at = place % (len(text) + 1)
        if kind == 0:  # insert
            text = text[:at] + piece + text[at:]
        elif kind == 1:  # delete a few characters
            text = text[:at] + text[at + 1 + len(piece) % 3 :]
        elif kind == 2:  # indent a line more, or less
            lines = text.split("\n")
            row = place % len(lines)
            lines[row] = (" " * len(piece) + lines[row]) if place % 2 else lines[row][len(piece) % 3 :]
            text = "\n".join(lines)
        else:  # a line again, elsewhere
            lines = text.split("\n")
            lines.insert(len(piece) % len(lines), lines[place % len(lines)])
            text = "\n".join(lines)
    with pytest.MonkeyPatch.context() as monkeypatch:
        read_alike(file, text, monkeypatch)


def test_a_plain_value_of_a_first_letter_and_more_than_letters_is_text_as_yaml_reads_it():
    """What YAML 1.1 reads from a first letter is a word of letters only (`no`, `null`):
    a value that has anything else is text, which the resolver says too."""
    import yaml

    from dossier.read.yamlnodes import IMPLICIT_FIRST, plain_tag

    resolver = yaml.resolver.Resolver()
    letters = sorted(ch for ch in IMPLICIT_FIRST if ch.isalpha())
    assert letters, "PyYAML reads words from some first letters"
    words = ["no", "No", "NO", "yes", "on", "off", "null", "Null", "NULL", "true", "False", "n", "y", "o"]
    for first in letters:
        for rest in ("", "o", "es", "ull", "n", "ff", "rue", "alse", "-1", "o-x", "1", "ull0", "es ", "n.", "_x"):
            value = first + rest
            assert plain_tag(value) == resolver.resolve(yaml.ScalarNode, value, (True, False)), value
    for word in words:
        for tail in ("-", "1", "-x", "_", "."):
            assert (
                plain_tag(word + tail)
                == "tag:yaml.org,2002:str"
                == resolver.resolve(yaml.ScalarNode, word + tail, (True, False))
            )
