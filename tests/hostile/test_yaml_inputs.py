"""YAML that is invalid, malicious or explosive gives one clear problem, never a crash.

Bombs run in a child process: a regression there would segfault or swap rather than
raise, and must fail the test instead of killing pytest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dossier.load.loader import load_dossier
from dossier.read.yamlnodes import MAX_DEPTH, MAX_NODES
from tests.helpers import SHARED, libyaml_wording, problems_of_file, run_isolated, write_file

YAML_TEST_SUITE = SHARED / "yaml-test-suite"
NO_CODE = "(dossier files hold plain data; nothing in them is ever run or built)"
MEMORY_BOUND_MB = 300  # a Python with the core imported needs ~40 MB; the bombs unchecked take GBs


@libyaml_wording
def test_invalid_yaml_is_one_error_at_its_line(tmp_path):
    got = problems_of_file(tmp_path, "name: Bob\nsummary: fine\n  roles: [\n")
    assert got == ["people/bob.yaml:3:8: error: invalid YAML: mapping values are not allowed in this context"]


@libyaml_wording
def test_unclosed_flow_list_at_the_end_of_the_file(tmp_path):
    got = problems_of_file(tmp_path, "name: Bob\naliases: [Robert, Bobby\n")
    assert got == [
        "people/bob.yaml:3:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
    ]


def test_unknown_alias_is_reported_at_its_use(tmp_path):
    got = problems_of_file(tmp_path, "name: *nobody\n")
    assert got == ["people/bob.yaml:1:7: error: unknown alias *nobody"]


# -- the official YAML test suite -------------------------------------------------


def _suite_documents() -> list[Path]:
    if not YAML_TEST_SUITE.is_dir():
        pytest.skip(f"the YAML test suite is not at {YAML_TEST_SUITE}")
    return sorted(YAML_TEST_SUITE.glob("**/in.yaml"))


@pytest.mark.parametrize("folder", ["people", "sources", "timeline"])
def test_every_yaml_test_suite_document_gives_problems_not_a_traceback(tmp_path, folder):
    """Each of the suite's ~400 documents, dropped into a dossier, loads or is reported."""
    documents = _suite_documents()
    root = tmp_path / "d"
    rejected: set[str] = set()
    lines: dict[str, int] = {}
    for document in documents:
        case = document.parent.relative_to(YAML_TEST_SUITE).as_posix().lower().replace("/", "-")
        rel = f"{folder}/case-{case}.yaml"
        data = document.read_bytes()
        write_file(root, rel, data)
        lines[rel] = data.count(b"\n") + 1
        if (document.parent / "error").exists():
            rejected.add(rel)

    result = load_dossier(root)

    assert set(result.files) == set(lines), "every document is read as a file of the dossier"
    flagged: dict[str, list] = {}
    for problem in result.problems:
        assert problem.file in lines, problem
        assert 0 <= problem.line <= lines[problem.file], f"{problem} points past the end of the file"
        assert "\n" not in str(problem) and "\x1b" not in str(problem)
        flagged.setdefault(problem.file, []).append(problem)
    for rel in rejected:
        # Not one of these is a valid record; each says so with an error.
        assert any(p.is_error for p in flagged.get(rel, ())), f"{rel} is invalid YAML and loaded silently"
    caught = sum(any("invalid YAML" in p.message for p in flagged.get(rel, ())) for rel in rejected)
    # libyaml accepts a handful of the suite's invalid documents (known leniencies);
    # those still fail as records. The rest are caught by the parser itself.
    assert caught >= 0.75 * len(rejected), f"only {caught} of {len(rejected)} invalid documents caught"
    print(f"{len(documents)} documents as {folder}: {caught}/{len(rejected)} invalid ones reported as invalid YAML")


# -- Python tags: rejected, never run ---------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (
            'name: Bob\nsummary: !!python/object/apply:os.system ["touch {marker}"]\n',
            "people/bob.yaml:2:10: error: tag !!python/object/apply:os.system is not allowed in `summary` " + NO_CODE,
        ),
        (
            "name: Bob\nsummary: !!python/object/new:os.system [touch {marker}]\n",
            "people/bob.yaml:2:10: error: tag !!python/object/new:os.system is not allowed in `summary` " + NO_CODE,
        ),
        (
            "name: !!python/name:os.system\n",
            "people/bob.yaml:1:7: error: tag !!python/name:os.system is not allowed in `name` " + NO_CODE,
        ),
        (
            "name: Bob\naliases:\n  - !!python/module:os\n",
            "people/bob.yaml:3:5: error: tag !!python/module:os is not allowed in `aliases[0]` " + NO_CODE,
        ),
        (
            "name: Bob\nroles:\n  - !!python/object:os.Popen\n    org: x\n",
            "people/bob.yaml:3:5: error: tag !!python/object:os.Popen is not allowed in `roles[0]` " + NO_CODE,
        ),
        (
            '!!python/object/apply:os.system ["touch {marker}"]\n',
            "people/bob.yaml:1:1: error: tag !!python/object/apply:os.system is not allowed " + NO_CODE,
        ),
        (
            "--- !!python/object/apply:subprocess.call\nargs: [[touch, {marker}]]\n",
            "people/bob.yaml:1:5: error: tag !!python/object/apply:subprocess.call is not allowed " + NO_CODE,
        ),
        (
            "!!python/str name: Bob\n",
            "people/bob.yaml:1:1: error: tag !!python/str is not allowed " + NO_CODE,
        ),
    ],
    ids=["apply", "new", "name", "module", "object", "top-node", "top-mapping", "key"],
)
def test_python_tags_are_rejected_at_their_line_and_never_run(tmp_path, yaml_text, expected):
    marker = tmp_path / "pwned"
    got = problems_of_file(tmp_path, yaml_text.replace("{marker}", str(marker)))
    assert expected in got
    assert not [p for p in got if "error" in p and p != expected and "has no `name`" not in p]
    assert not marker.exists(), "a tag in the data ran a command"


def test_python_tag_in_the_timeline_top_node(tmp_path):
    marker = tmp_path / "pwned"
    got = problems_of_file(tmp_path, f'!!python/object/apply:os.system ["touch {marker}"]\n', rel="timeline.yaml")
    assert got == [f"timeline.yaml:1:1: error: tag !!python/object/apply:os.system is not allowed {NO_CODE}"]
    assert not marker.exists()


# -- bombs: bounded before anything is built ----------------------------------------


def _billion_laughs(levels: int = 9) -> str:
    lines = ["name: &a0 lol"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def _merge_bomb(levels: int = 30) -> str:
    lines = ["a0: &a0 {k: v}"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i}\n  <<: [*a{i - 1}, *a{i - 1}]\n  k{i}: v")
    return "\n".join(lines) + "\n"


def _nested_merge_bomb(levels: int = 30) -> str:
    text = "a0: &a0 {k: v}\n"
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], k{i}: v}}\n"
    return text


BOMBS = {
    # name: (file text, the problem expected)
    "billion-laughs": (
        _billion_laughs(),
        f"people/bob.yaml:7:25: error: aliases expand this file to more than {MAX_NODES:,} values",
    ),
    "merge-keys": (
        _merge_bomb(),
        f"people/bob.yaml:45:14: error: aliases expand this file to more than {MAX_NODES:,} values",
    ),
    "nested-merge-keys": (
        _nested_merge_bomb(),
        f"people/bob.yaml:16:23: error: aliases expand this file to more than {MAX_NODES:,} values",
    ),
    "10k-brackets": ("[" * 10_000 + "]" * 10_000, f"people/bob.yaml:1:{MAX_DEPTH + 1}: error: nesting deeper than"),
    "100k-brackets": ("[" * 100_000 + "]" * 100_000, f"people/bob.yaml:1:{MAX_DEPTH + 1}: error: nesting deeper than"),
    "100k-unclosed": ("[" * 100_000, f"people/bob.yaml:1:{MAX_DEPTH + 1}: error: nesting deeper than"),
    "30k-braces": ("{a: " * 30_000 + "1" + "}" * 30_000, "people/bob.yaml:1:193: error: nesting deeper than"),
    "block-mappings": (
        "".join(" " * i + f"k{i}:\n" for i in range(1_000)) + " " * 1_000 + "x\n",
        f"people/bob.yaml:{MAX_DEPTH + 1}:{MAX_DEPTH + 1}: error: nesting deeper than",
    ),
}


# The bounds are ours, so they must not depend on the parser under them: libyaml 0.2.5
# (PyYAML <= 6.0.3), libyaml 0.2.6 (6.0.4, which refuses nesting past 1,000 levels
# itself) and the pure-Python parser PyYAML falls back to when libyaml is absent.
PARSERS = {
    "libyaml": "",
    "pure-python": "import yaml, dossier.read.yamlnodes as reader; reader._PARSER = yaml.SafeLoader",
}


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_are_rejected_quickly_with_the_bound_named(tmp_path, name, parser):
    if parser == "libyaml" and not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml")
    text, expected = BOMBS[name]
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", text)
    out = run_isolated(
        f"""
        {PARSERS[parser]}
        from dossier.load import load_dossier
        result = load_dossier({str(root)!r})
        out = {{"problems": [str(p) for p in result.problems]}}
        """
    )
    problems = out["problems"]
    print(f"{name} ({parser}): {len(text):,} bytes rejected in {out['seconds']} s, peak {out['maxrss_mb']} MB")
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems
    if "nesting" in expected:
        assert problems[0].endswith(
            f"nesting deeper than {MAX_DEPTH} levels (a dossier file needs at most a few levels)"
        )
    else:
        assert problems[0].endswith("(a dossier file never needs that; this looks like an alias bomb)")
    assert "RecursionError" not in problems[0]
    assert out["maxrss_mb"] < MEMORY_BOUND_MB


# Lines the line-by-line reader's patterns could split many ways, 4 MB each: a pattern
# that backtracks over them is quadratic (a flow list's run of spaces took 1 s at 8,000,
# which is days at 4 MB). Each file must be told about, or read, as the long way does,
# in a few seconds.
LONG_RUNS = {  # each made only when its test runs: 4 MB apiece
    "spaces in an open flow list": lambda: "name: x\ntags: [a" + " " * 4_000_000 + "\n",
    "spaces then a bracket": lambda: "name: x\ntags: [a" + " " * 4_000_000 + "b\n",
    "spaces in a plain value": lambda: "name: a" + " " * 4_000_000 + "b: c\n",
    "commas and spaces": lambda: "name: x\ntags: [" + "a , " * 1_000_000 + "\n",
    "escaped quotes": lambda: 'name: "' + '\\"' * 2_000_000 + "\n",
    "doubled single quotes": lambda: "name: '" + "''" * 2_000_000 + "\n",
    "a block scalar of one long line": lambda: "name: x\nsummary: >-\n  " + "a " * 2_000_000 + "\n",
    "dashes": lambda: "- " * 2_000_000 + "a\n",
    "pairs in an open flow mapping": lambda: "name: x\nsummary: {" + "a: b, " * 700_000 + "\n",
    "spaces in a flow mapping": lambda: "name: x\nsummary: {a: b" + " " * 4_000_000 + "c\n",
}


@pytest.mark.parametrize("name", list(LONG_RUNS))
def test_long_runs_are_read_as_the_long_way_reads_them_and_quickly(tmp_path, name):
    root = tmp_path / "d"
    write_file(root, "people/bob.yaml", LONG_RUNS[name]())
    out = run_isolated(
        f"""
        from dossier.load import load_dossier
        from dossier.read import file as reading
        fast = [str(p) for p in load_dossier({str(root)!r}, cache=False).problems]
        reading.read_block_style = lambda *_args: None
        slow = [str(p) for p in load_dossier({str(root)!r}, cache=False).problems]
        out = {{"same": fast == slow, "fast": fast[:3]}}
        """,
        timeout=60,
    )
    print(f"{name}: {out['seconds']} s both ways, problems {out['fast']}")
    assert out["same"], out["fast"]


def test_aliases_within_the_bound_still_load(tmp_path):
    """The bound is on expansion, not on aliases: ordinary reuse is fine."""
    got = problems_of_file(tmp_path, "name: &n Bob\naliases: [*n]\nsummary: *n\n")
    assert got == []


def test_the_core_never_builds_python_objects_from_yaml():
    """No loader that can construct arbitrary objects is named anywhere in the core."""
    core = Path(__file__).resolve().parents[2] / "dossier"
    unsafe = ("yaml.load(", "unsafe_load", "full_load", "yaml.Loader", "FullLoader", "UnsafeLoader", "CLoader")
    for path in core.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in unsafe:
            assert word not in text, f"{path.name} uses {word}"


def test_a_file_just_under_the_limits_loads_within_bounded_memory(tmp_path):
    """7.8 MB holding 490,000 values: every bound respected, so it is read in full."""
    root = tmp_path / "d"
    write_file(root, "timeline.yaml", "".join(f"- e{i:012d}\n" for i in range(490_000)))
    out = run_isolated(
        f"""
        from dossier.load import load_dossier
        result = load_dossier({str(root)!r}, cache=False)
        out = {{"count": len(result.problems), "first": str(result.problems[0])}}
        """,
        timeout=120,
    )
    print(f"7.8 MB, 490,000 values: {out['seconds']} s, peak {out['maxrss_mb']} MB")
    assert out["count"] == 490_000
    assert out["first"] == "timeline.yaml:1:3: error: expected an event (a mapping of fields), got text"
    assert out["maxrss_mb"] < 1000


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_lines_are_counted_as_an_editor_counts_them(tmp_path, separator):
    """libyaml counts U+2028, U+2029 and NEL as line breaks; editors do not."""
    got = problems_of_file(tmp_path, f'name: Bob\nsummary: "a{separator}b"\nsumary: x\n')
    assert got == ["people/bob.yaml:3:1: error: unknown field `sumary` in person (did you mean `summary`?)"]
