"""The CLI through a subprocess: output, exit codes, and no Textual import."""

import json
import subprocess
import sys

from tests.helpers import MINIMAL, REPO, age_files, run_cli, write_dossier


def test_validate_clean_dossier_exits_0(minimal):
    result = run_cli("validate", "--data", str(minimal))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == (
        "ok: 2 people, 2 labs, 2 models, 2 events, 1 source, 1 quote; 0 errors, 0 warnings"
    )


def test_validate_prints_each_problem_as_file_line_column_and_exits_1(tmp_path):
    root = write_dossier(
        tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: Bob\nroles:\n  - org: labx\n    sources: [article-one]\n"}
    )
    result = run_cli("validate", "--data", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "people/bob.yaml:3:10: error: unknown lab 'labx' in roles[0].org (did you mean 'lab-x'?)"
    assert lines[-1].startswith("FAILED: 3 people, 2 labs") and lines[-1].endswith("1 error, 0 warnings")


def test_a_second_validate_of_the_same_files_prints_what_the_first_did(tmp_path):
    files = {
        **MINIMAL,
        "people/bob.yaml": "name: Bob\nroles:\n  - org: labx\n    sources: [article-one]\n",
        "labs/old-lab.yaml": "name: Old Lab\nfounded: 2004-11-16\n",
    }
    root = write_dossier(tmp_path / "d", files)
    age_files(root)  # (a file saved this very second is checked again at each run)
    printed = {}
    for extra in ((), ("--format", "json")):
        first, again = (run_cli("validate", *extra, "--data", str(root)) for _ in range(2))
        assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
        assert first.returncode == 1
        printed[extra] = first.stdout
    lines = printed[()].splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == ["warning", "error"]
    assert lines[-1].endswith("; 1 error, 1 warning")
    assert [p["severity"] for p in json.loads(printed["--format", "json"])] == ["warning", "error"]


def test_a_second_validate_reads_the_verdict_without_the_reader_or_the_records(tmp_path):
    """Unchanged files: the second `validate` prints the stored lines, and imports
    neither the YAML reader, the records nor the index (a third of its time at L)."""
    root = write_dossier(tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: Bob\nx: 1\n"})
    age_files(root)
    first = run_cli("validate", "--data", str(root))
    code = (
        "import sys, io, contextlib\n"
        "from dossier.cli import main\n"
        "out = io.StringIO()\n"
        f"with contextlib.redirect_stdout(out): code = main(['validate', '--data', {str(root)!r}])\n"
        "heavy = ('yaml', 'dossier.read.file', 'dossier.read.convert', 'dossier.model.records', 'dossier.index.',\n"
        "         'dossier.load.loader', 'dossier.load.assemble')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
        "print(code, out.getvalue(), end='')\n"
    )
    again = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    imported, printed = again.stdout.split("\n", 1)
    assert imported == "[]"
    assert printed == f"{first.returncode} {first.stdout}"
    assert "unknown field `x` in person" in printed


def test_validate_json_format(tmp_path):
    root = write_dossier(tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: Bob\nx: 1\n"})
    result = run_cli("validate", "--format", "json", "--data", str(root))
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "file": "people/bob.yaml",
            "line": 2,
            "column": 1,
            "severity": "error",
            "message": "unknown field `x` in person",
            "hint": "known fields: id, name, aliases, summary, roles, sources, links, tags",
        }
    ]


def test_bad_usage_exits_2():
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("validate", "--format", "yaml").returncode == 2


def test_data_from_the_environment(minimal):
    result = run_cli("show", "lab-x", env={"DOSSIER_DATA": str(minimal)})
    assert result.returncode == 0
    assert "Lab X" in result.stdout


def test_missing_folder_is_an_error(tmp_path):
    result = run_cli("validate", "--data", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "no such dossier folder" in result.stdout


def test_export_json(minimal):
    result = run_cli("export", "--format", "json", "--data", str(minimal))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["people"]] == ["ada-lovelace", "timothee-lacroix"]
    assert data["quotes"][0]["source"] == "article-one"


def test_export_markdown(minimal):
    result = run_cli("export", "--format", "markdown", "--data", str(minimal))
    assert result.returncode == 0
    assert result.stdout.startswith("# Dossier")


def test_show_prints_links_and_backlinks(minimal):
    result = run_cli("show", "lab-x", "--data", str(minimal))
    assert result.returncode == 0
    out = result.stdout
    assert "lab Lab X  lab-x" in out
    assert "members (1)" in out and "Ada Lovelace [ada-lovelace]" in out
    assert "developed (2)" in out and "Model One [model-one]" in out
    assert "units (1)" in out


def test_show_unknown_id_suggests(minimal):
    result = run_cli("show", "labx", "--data", str(minimal))
    assert result.returncode == 1
    assert "no record with id 'labx' (did you mean 'lab-x'?)" in result.stderr


def test_search_folds_accents(minimal):
    result = run_cli("search", "timothee", "--data", str(minimal))
    assert result.returncode == 0
    first = result.stdout.splitlines()[1]
    assert "timothee-lacroix" in first and "Timothée Lacroix" in first


def test_search_without_match_exits_1(minimal):
    result = run_cli("search", "zzzz", "--data", str(minimal))
    assert result.returncode == 1
    assert result.stderr.strip() == "no match"


def test_an_empty_search_says_no_match(minimal):
    for query in ("", "   ", "?!"):
        result = run_cli("search", query, "--data", str(minimal))
        assert (result.returncode, result.stdout, result.stderr.strip()) == (1, "", "no match")


def test_a_misspelt_name_gets_a_did_you_mean(minimal):
    result = run_cli("search", "Lovelase", "--data", str(minimal))
    assert result.returncode == 1
    assert result.stderr.strip() == "no match; did you mean Ada Lovelace [ada-lovelace]?"
    bundled = run_cli("search", "zuckerburg")
    assert "did you mean Mark Zuckerberg [mark-zuckerberg]" in bundled.stderr


def test_search_scale_ai_finds_what_scale_finds(tmp_path):
    """The last word of two letters matches every field as a whole word (it used to
    match names only: `Scale AI` gave 2 records where `scale` gave 12)."""
    result = run_cli("search", "Scale", "AI", "--limit", "50", env={"COLUMNS": "250"})
    assert result.returncode == 0
    for expected in ("scale-ai", "alexandr-wang", "q-repost-scale-ai-14-3-billion", "wang-heads-superintelligence"):
        assert expected in result.stdout


def test_schema_prints_json_schema():
    result = run_cli("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["$defs"]["person"]["required"] == ["name"]


def test_subcommands_never_import_textual(minimal):
    code = (
        "import sys, io, contextlib\n"
        "from dossier.cli import main\n"
        "for args in (['validate'], ['export'], ['show', 'lab-x'], ['search', 'ada'], ['schema']):\n"
        f"    with contextlib.redirect_stdout(io.StringIO()): main(args + ['--data', {str(minimal)!r}] if args[0] != 'schema' else args)\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.') or m == 'tui' or m.startswith('tui.')]\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_checkout_runs_as_a_program(minimal):
    result = subprocess.run(
        [sys.executable, str(REPO), "validate", "--data", str(minimal)], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("ok:")


def test_an_open_ended_role_reads_as_open_not_uncertain(minimal, tmp_path):
    """ "?" means an uncertain date: a role with no end shows "…", in `show` and in Markdown."""
    shown = run_cli("show", "timothee-lacroix", "--data", str(minimal), env={"COLUMNS": "200"})
    assert shown.returncode == 0
    assert "2023 – …" in shown.stdout and "?" not in shown.stdout
    assert run_cli("export", "--format", "markdown", "--data", str(minimal), str(tmp_path / "md")).returncode == 0
    page = (tmp_path / "md" / "people" / "Timothée Lacroix.md").read_text(encoding="utf-8")  # named by name
    assert "2023 – …" in page and "– ?" not in page
    single = run_cli("export", "--format", "markdown", "--data", str(minimal))
    assert "(2023 – …)" in single.stdout and "– ?" not in single.stdout


def test_a_missing_dependency_says_how_to_install_not_a_traceback(minimal):
    """Run from a checkout without installing, `validate` says what to do in one line."""
    code = (
        "import sys; sys.modules['platformdirs'] = None\n"  # as if it were not installed
        "from dossier.cli import main\n"
        f"sys.exit(main(['validate', '--data', {str(minimal)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == (
        "dossier: the package 'platformdirs' is not installed; install dossier first: python -m pip install .\n"
    )
