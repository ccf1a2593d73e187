"""Data text stays text: markup shows literally, control sequences never reach the terminal."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

import pytest
from rich.cells import cell_len

from tests.helpers import REPO, run_cli, write_file
from tests.tui.helpers import Terminal, needs_tmux

from .nasty import MARKUP_PIECES, NASTY, RAW_BYTES, VISIBLE, add_broken_files, write_nasty_dossier


@pytest.fixture(scope="module")
def nasty_root(tmp_path_factory):
    root = write_nasty_dossier(tmp_path_factory.mktemp("nasty") / "d")
    add_broken_files(root)
    return root


def run_bytes(*args: str) -> subprocess.CompletedProcess:
    """The CLI in a child process, its output kept as the bytes a terminal would get."""
    env = {k: v for k, v in os.environ.items() if k != "DOSSIER_DATA"}
    env.update(COLUMNS="200", TERM="xterm-256color")
    return subprocess.run([sys.executable, "-m", "dossier", *args], cwd=REPO, capture_output=True, env=env, timeout=120)


def assert_safe(output: bytes) -> str:
    for raw in RAW_BYTES:
        assert raw not in output, f"{raw!r} reached the terminal"
    return output.decode("utf-8")


COMMANDS = {
    "validate": (["validate"], 1),
    "show person": (["show", "evil"], 0),
    "show lab": (["show", "evil-lab"], 0),
    "show model": (["show", "evil-model"], 0),
    "show source": (["show", "evil-source"], 0),
    "show quote": (["show", "evil-quote"], 0),
    "show event": (["show", "evil-event"], 0),
    "search": (["search", "evil"], 0),
    "export markdown": (["export", "--format", "markdown"], 0),
    "cite": (["cite", "evil-quote"], 0),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_cli_output_has_no_raw_control_characters(nasty_root, name):
    args, code = COMMANDS[name]
    done = run_bytes("--data", str(nasty_root), *args)
    assert done.returncode == code, done.stderr.decode(errors="replace")
    out = assert_safe(done.stdout)
    assert_safe(done.stderr)
    if name == "validate":
        return  # checked line by line below
    if name == "export markdown":
        # Markdown escapes the brackets so they render as typed; backslashes are doubled.
        assert "Evil \\[bold\\]B\\[/bold\\] \\[/foo\\] \\[@click=app.quit\\]x\\[/\\]" in out
        assert "\\\\x1b\\[2J" in out and "\\\\u202egnp.exe" in out
        return
    if name == "search":
        # A table cell is cut short, never half-way through an escape; the rest is as typed.
        assert "Evil [bold]B[/bold] [/foo]" in out
        assert "…" in out and not re.search(r"\\(x[0-9a-f]?|u[0-9a-f]{0,3})?…", out)
        return
    for piece in MARKUP_PIECES:
        assert piece in out, f"{piece} is not shown literally"
    for escape in VISIBLE:
        assert escape in out, f"{escape} is not shown"


def test_validate_quotes_hostile_keys_and_file_names_as_escapes(nasty_root):
    done = run_bytes("--data", str(nasty_root), "validate")
    lines = assert_safe(done.stdout).splitlines()
    assert (
        "people/\\x1b[2J\\u202e.yaml:1:1: error: the file name '\\x1b[2J\\u202e' is not a valid id "
        "(ids are lower-case letters, digits and hyphens; rename the file or set `id:`)"
    ) in lines
    bad_key = [line for line in lines if line.startswith("people/broken.yaml:2:3: error: unknown field `bad ")]
    assert len(bad_key) == 1, lines
    assert "`bad \\x1b[2J\\x1b[H \\x1b]52;c;cHduZWQ=\\x07" in bad_key[0]
    assert "…` in person" in bad_key[0], "a long key is quoted short"
    markup_kind = "labs/markup-lab.yaml:2:7: error: `kind` cannot be '[b]x[/b] [@click=app.quit]y[/]' (one of: company"
    assert any(line.startswith(markup_kind) for line in lines), lines
    assert lines[-1] == "FAILED: 2 people, 2 labs, 1 model, 1 event, 1 source, 1 quote; 3 errors, 14 warnings"


def test_validate_json_keeps_the_escapes(nasty_root):
    done = run_bytes("--data", str(nasty_root), "validate", "--format", "json")
    problems = json.loads(assert_safe(done.stdout))
    files = {p["file"] for p in problems}
    assert "people/\x1b[2J\u202e.yaml" in files, "JSON carries the real file name, escaped by JSON itself"


def test_control_characters_are_escaped_once_at_load(nasty_root):
    from dossier.load.loader import load_dossier

    result = load_dossier(nasty_root)
    person = result.dossier.by_id["evil"]
    assert person.name == NASTY.replace("\x1b", "\\x1b").replace("\x07", "\\x07").replace("\r", "\\x0d").replace(
        "\b", "\\x08"
    ).replace("\x9b", "\\x9b").replace("\u202e", "\\u202e")
    warning = "people/evil.yaml:1:7: warning: `name` holds control characters; they are shown as escapes"
    assert warning in [str(p) for p in result.problems]


# -- wide and combining characters ------------------------------------------------------

WIDE_NAMES = {
    "wang-xiaoming": "王小明 Wáng",
    "kim-minjun": "김민준 Kim",
    "rocket": "Rocket 🚀 Person",
    "rene": "Rene\u0301 Combining",  # e + combining acute: normalised to é at load
    "guillemets": "«Le Chef» l’ami",
    "plain": "Plain Ascii",
}


def test_wide_and_combining_characters_keep_search_columns_aligned(tmp_path):
    root = tmp_path / "d"
    for record_id, name in WIDE_NAMES.items():
        write_file(root, f"people/{record_id}.yaml", f'name: "{name}"\nsummary: aligned row\n')
    done = run_cli("--data", str(root), "search", "aligned")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").split("\n")
    assert len(lines) == 1 + len(WIDE_NAMES)
    widths = {cell_len(line) for line in lines}
    assert len(widths) == 1, [(cell_len(line), line) for line in lines]
    header = lines[0]
    matched_at = cell_len(header[: header.index("matched in")])
    for line in lines[1:]:
        assert cell_len(line[: line.index("summary")]) == matched_at, line
    assert any("René Combining" in line for line in lines), "combining accents are composed (NFC)"


def test_show_of_a_wide_name_is_not_cut_mid_character(tmp_path):
    root = tmp_path / "d"
    write_file(root, "people/wang.yaml", "name: " + "王" * 120 + "\n")
    done = run_cli("--data", str(root), "show", "wang")
    assert done.returncode == 0
    assert done.stdout.count("王") == 120


# -- a real terminal ---------------------------------------------------------------------


@needs_tmux
def test_show_in_a_real_terminal_does_not_clear_the_screen(nasty_root):
    with Terminal(200, 50) as term:
        term.start(
            f"cd {shlex.quote(str(REPO))} && echo BEFORE-MARKER; {shlex.quote(sys.executable)} -m dossier "
            f"--data {shlex.quote(str(nasty_root))} show evil; echo AFTER-MARKER; sleep 30"
        )
        screen = term.wait_for("AFTER-MARKER", timeout=30)
        assert "BEFORE-MARKER" in screen, "the screen was cleared"
        assert "\\x1b[2J" in screen and "[@click=app.quit]x[/]" in screen
        title = term.tmux("display-message", "-p", "-t", term.session, "#{pane_title}")
        assert "title" != title.strip(), "data set the terminal title"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>"])
def test_an_address_that_is_not_http_is_flagged_and_never_linked(tmp_path, url):
    root = tmp_path / "d"
    write_file(root, "sources/s.yaml", f'title: S\nurl: "{url}"\n')
    done = run_cli("--data", str(root), "validate")
    assert done.stdout.splitlines()[0] == (
        f"sources/s.yaml:2:6: warning: `url` is not a web address: '{url}' (only http and https addresses are made into links)"
    )
    out = tmp_path / "site"
    assert run_cli("--data", str(root), "export", "--format", "html", str(out)).returncode == 0
    for page in out.rglob("*.html"):
        assert f'href="{url}' not in page.read_text(encoding="utf-8")
    markdown = run_cli("--data", str(root), "export", "--format", "markdown").stdout
    assert f"]({url}" not in markdown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]52;c;cHduZWQ=\x07", "\\x1b]52;c;cHduZWQ=\\x07"),
        ("a\rb", "a\\x0db"),
        ("a\bb", "a\\x08b"),
        ("\x9b31m", "\\x9b31m"),
        ("\x7f", "\\x7f"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("\u2066x\u2069", "\\u2066x\\u2069"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_visible_escapes_every_control_and_is_idempotent(raw, shown):
    from dossier.model.text import visible

    assert visible(raw) == shown
    assert visible(visible(raw)) == shown


def test_shorten_never_leaves_half_an_escape():
    from dossier.model.text import shorten

    assert shorten("abc\\x1b[2J", 6) == "abc…"
    assert shorten("abc\\u202e", 7) == "abc…"
    assert shorten("abcdef", 6) == "abcdef"
    assert shorten("abcdefgh", 6) == "abcde…"
