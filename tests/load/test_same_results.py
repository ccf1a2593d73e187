"""A dossier reads the same whatever path read its files: in this process, in the worker
pool, from the cache, or through PyYAML's pure-Python parser instead of libyaml.

A reader must never see a record, a problem or the order of the problems depend on
how many cores the machine has, on whether the dossier was opened before, or on
whether PyYAML was built with libyaml. Each dossier here is loaded along every path and
what a reader sees (every record with its place, every problem with its place, message,
hint and rank) compared with the serial read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import dossier.read.file as reading
import dossier.read.yamlnodes as reader
from dossier.load import loader
from dossier.load.loader import load_dossier
from dossier.store import stats
from tests.helpers import MINIMAL, REPO, age_files, generated_dossier, write_dossier, write_file
from tests.hostile.test_yaml_inputs import YAML_TEST_SUITE
from tests.tui.helpers import FIXTURE


def seen(result) -> tuple[list, list]:
    """What a reader sees: every record (its fields and place) and every problem, in order."""
    records = [(key, repr(record), record.loc) for key, record in result.dossier.by_id.items()]
    for kind in ("people", "labs", "models", "events", "sources"):
        records.append((kind, [record.id for record in getattr(result.dossier, kind)]))
    return records, list(result.problems)


def serial(root: Path):
    return load_dossier(root, cache=False, workers=0)


def in_workers(root: Path):
    return load_dossier(root, cache=False, workers=2)


def from_the_cache(root: Path, monkeypatch):
    # Files just written are racy: their entries wait until they have settled (see stats).
    monkeypatch.setattr(stats, "SETTLE_SECONDS", 0.0)
    load_dossier(root)  # fills the cache

    def no_parse(*_args):
        raise AssertionError(f"a warm load parsed a file again: {_args}")

    with monkeypatch.context() as patch:
        patch.setattr(loader, "read_file", no_parse)
        return load_dossier(root)


def pure_python(root: Path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(reader, "_PARSER", yaml.SafeLoader)
        patch.setattr(reading, "read_block_style", lambda *_args: None)  # every file through the parser
        return serial(root)


def the_long_way(root: Path, monkeypatch):
    """Every file through libyaml's events and the converter, none line by line."""
    with monkeypatch.context() as patch:
        patch.setattr(reading, "read_block_style", lambda *_args: None)
        return serial(root)


def assert_every_path_reads_the_same(root: Path, monkeypatch) -> None:
    expected = seen(serial(root))
    assert expected[0], "the dossier has records"
    assert seen(in_workers(root)) == expected, "the worker pool read it differently"
    assert seen(from_the_cache(root, monkeypatch)) == expected, "the cache gave back something else"
    assert seen(pure_python(root, monkeypatch)) == expected, "the pure-Python parser read it differently"
    assert seen(the_long_way(root, monkeypatch)) == expected, "a file read line by line read differently"


def _copy(source: Path, root: Path) -> Path:
    shutil.copytree(source, root)
    age_files(root)
    return root


def test_the_bundled_dossier_reads_the_same_along_every_path(tmp_path, monkeypatch):
    assert_every_path_reads_the_same(_copy(REPO / "data", tmp_path / "d"), monkeypatch)


def test_the_app_fixture_reads_the_same_along_every_path(tmp_path, monkeypatch):
    assert_every_path_reads_the_same(_copy(FIXTURE, tmp_path / "d"), monkeypatch)


def test_a_dossier_full_of_mistakes_reads_the_same_along_every_path(tmp_path, monkeypatch):
    """Problems of every layer: the file's YAML, its fields, and the whole dossier's checks."""
    files = dict(MINIMAL)
    files["people/broken-ref.yaml"] = "name: Broken\nroles:\n  - org: lab-z\n    sources: [article-one]\n"
    files["people/typos.yaml"] = """
        name: Typos
        nmae: Typo
        aliases: [no, 0755, 1e3, Typos, Typos, ~]
        summary: Links [[nobody]] and [[Not An Id]].
        roles:
          - org: lab-x
            start: 2025-13
            end: 2023
            sources: []
        tags: !!python/object:os.system x
    """
    files["people/twice.yaml"] = "id: ada-lovelace\nname: Again\nroles:\n  - org: timothee-lacroix\n"
    files["labs/self.yaml"] = "name: Self\nparent: self\nsummary: See [[self]] and [[lab-x]].\n"
    files["labs/broken.yaml"] = "name: &n [Lab, *n]\nkind: *nobody\n"  # syntax errors: see the suite below
    files["timeline.yaml"] = files["timeline.yaml"].rstrip(" ") + (
        "        - date: 2024-02-30\n          title: Bad day\n          involves: [ada-lovelace, ada-lovelace]\n"
    )
    root = write_dossier(tmp_path / "d", files)
    write_file(root, "people/empty.yaml", "")
    write_file(root, "people/latin1.yaml", b"name: Ren\xe9\n")
    write_file(root, "people/two.yaml", "name: One\n---\nname: Two\n")
    age_files(root)
    problems = serial(root).problems
    assert len({p.file for p in problems}) >= 8, "every file above has its problem"
    assert_every_path_reads_the_same(root, monkeypatch)


@pytest.mark.slow
def test_a_generated_dossier_reads_the_same_along_every_path(tmp_path, monkeypatch):
    """M's shape (every kind and field, accents, NFD names, partial dates, links), smaller."""
    root = generated_dossier(tmp_path / "m")
    age_files(root)
    assert_every_path_reads_the_same(root, monkeypatch)


# -- the YAML test suite ----------------------------------------------------------


def _suite(tmp_path: Path) -> Path:
    if not YAML_TEST_SUITE.is_dir():
        pytest.skip(f"the YAML test suite is not at {YAML_TEST_SUITE}")
    root = tmp_path / "suite"
    for document in sorted(YAML_TEST_SUITE.glob("**/in.yaml")):
        case = document.parent.relative_to(YAML_TEST_SUITE).as_posix().lower().replace("/", "-")
        write_file(root, f"people/case-{case}.yaml", document.read_bytes())
    write_dossier(root, MINIMAL)  # records the suite's documents may name
    age_files(root)
    return root


def test_every_yaml_test_suite_document_reads_the_same_in_workers_and_from_the_cache(tmp_path, monkeypatch):
    root = _suite(tmp_path)
    expected = seen(serial(root))
    assert seen(in_workers(root)) == expected
    assert seen(from_the_cache(root, monkeypatch)) == expected
    assert seen(the_long_way(root, monkeypatch)) == expected


def _events(text: str, loader) -> list | tuple:
    """The parser's events as (type, value, tag, anchor, plain, line, column), or where
    it stopped on an error."""
    parser = loader(text)
    out: list = []
    try:
        while parser.check_event():
            event = parser.get_event()
            mark = event.start_mark
            out.append((
                type(event).__name__,
                getattr(event, "value", None),
                getattr(event, "tag", None),
                getattr(event, "anchor", None),
                not getattr(event, "style", None),
                mark.line,
                mark.column,
            ))  # fmt: skip
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return ("rejected", mark.line, mark.column) if mark else ("rejected",)
    except yaml.YAMLError:
        return ("rejected",)
    finally:
        parser.dispose()
    return out


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="compares libyaml with the pure-Python parser")
def test_every_yaml_test_suite_document_reads_the_same_through_either_parser(tmp_path, monkeypatch):
    """Wherever libyaml and the pure-Python parser give the same events, the dossier's
    records and problems are the same, message for message; where both stop at the same
    place, the problem is at that place (the wording of a syntax error is the parser's).

    The two parsers do not agree on every document of the suite: each accepts a few the
    other rejects, a few errors are placed a character apart, and on DFF7 libyaml puts
    an empty key at the next token where the pure-Python parser puts it right after the
    `?`. Those documents are listed, not compared: the difference is the parser's.
    """
    root = _suite(tmp_path)
    same: set[str] = set()
    rejected_alike: set[str] = set()
    differ: list[str] = []
    for path in sorted((root / "people").glob("case-*.yaml")):
        rel = path.relative_to(root).as_posix()
        text = path.read_bytes().decode("utf-8-sig", "replace")
        c_events, python_events = _events(text, yaml.CSafeLoader), _events(text, yaml.SafeLoader)
        if c_events != python_events:
            differ.append(rel)
        elif isinstance(c_events, tuple):
            rejected_alike.add(rel)
        else:
            same.add(rel)
    c_records, c_problems = seen(serial(root))
    python_records, python_problems = seen(pure_python(root, monkeypatch))

    def in_files(problems, files, place_only=False):
        if place_only:
            return [(p.file, p.line, p.column, p.severity) for p in problems if p.file in files]
        return [p for p in problems if p.file in files]

    def by_id(records, files):
        return [r for r in records if len(r) == 3 and r[2].file in files]

    assert in_files(python_problems, same) == in_files(c_problems, same)
    assert by_id(python_records, same) == by_id(c_records, same)
    assert in_files(python_problems, rejected_alike, True) == in_files(c_problems, rejected_alike, True)
    assert len(same) + len(rejected_alike) > 300, "most of the suite is compared"
    print(
        f"{len(same)} suite documents read the same through either parser, {len(rejected_alike)} are "
        f"rejected at the same place; the parsers differ on {len(differ)}: {differ}"
    )
