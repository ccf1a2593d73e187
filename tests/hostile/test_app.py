"""The app over hostile dossiers: it opens, shows the problems, keeps data as text, quits.

Every widget's rendered lines are scanned for raw control characters, and every
segment's style for links or actions that came from data.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual.geometry import Region  # noqa: E402

from dossier.load.loader import load_dossier
from tests.helpers import REPO, write_file  # noqa: E402

from .nasty import MARKUP_PIECES, RAW_BYTES, add_broken_files, write_nasty_dossier  # noqa: E402
from .snapshot import make_read_only, make_writable, snapshot  # noqa: E402

RAW = tuple(raw.decode("utf-8") for raw in RAW_BYTES)
NASTY_IDS = ("evil", "evil-lab", "evil-model", "evil-source", "evil-quote", "evil-event")


@pytest.fixture(autouse=True)
def _private_state(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_STATE_DIR", str(tmp_path / "state"))


def make_app(root: Path, tmp: Path):
    from tui.app import DossierApp

    return DossierApp(root, watch=False, state_path=tmp / "state.json")


async def ready(pilot):
    app = pilot.app
    for _ in range(300):
        if app.index is not None and app.main is not None and not app.main.query_one("#body").loading:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert app.index is not None, "the dossier never finished loading"
    return app


def screen_text_and_leaks(app) -> tuple[str, list[str]]:
    """All text every visible widget renders, and what in it would reach a terminal raw."""
    leaks: list[str] = []
    text_parts: list[str] = []
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=True):
            if not widget.is_mounted or widget.size.area == 0:
                continue
            for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
                for segment in strip:
                    text_parts.append(segment.text)
                    leaks.extend(f"{type(widget).__name__}: {raw!r}" for raw in RAW if raw in segment.text)
                    style = segment.style
                    if style is None:
                        continue
                    if style.link and "etc/passwd" in style.link:
                        leaks.append(f"{type(widget).__name__}: link {style.link}")
                    meta = style.meta if style._meta else {}
                    if any("app.quit" in str(value) for value in meta.values()):
                        leaks.append(f"{type(widget).__name__}: action {meta}")
                text_parts.append("\n")
    return "".join(text_parts), leaks


async def test_markup_and_control_sequences_in_every_pane_stay_text(tmp_path):
    root = write_nasty_dossier(tmp_path / "d")
    add_broken_files(root)
    app = make_app(root, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        for record_id in NASTY_IDS:
            assert app.open_record(record_id)
            await pilot.pause()
            text, leaks = screen_text_and_leaks(app)
            assert leaks == [], f"{record_id}: {leaks}"
            flat = " ".join(text.split())
            assert "\\x1b[2J" in flat, f"{record_id}: the escape is not shown"
            assert MARKUP_PIECES[0] in flat, f"{record_id}: the markup is not shown as typed"
        # The problems view, search, the palette, the citation and the notifications.
        for keys in (["e"], ["escape", "slash", *"evil"], ["escape", "ctrl+p", *"evil"], ["escape", "y"]):
            await pilot.press(*keys)
            await pilot.pause(0.2)
            _text, leaks = screen_text_and_leaks(app)
            assert leaks == [], f"after {keys}: {leaks}"
        for note in app._notifications:
            assert not any(raw in f"{note.title}{note.message}" for raw in RAW), note.message
        svg = app.export_screenshot()
        assert not any(raw in svg for raw in RAW)
        await pilot.press("escape", "q")
    assert app.return_code == 0
    assert app._exception is None


def write_all_broken_dossier(root: Path) -> None:
    """One file of each way a file can be broken; not one record loads."""
    write_file(root, "people/invalid.yaml", "name: Bob\nsummary: fine\n  roles: [\n")
    write_file(root, "people/python.yaml", '!!python/object/apply:os.system ["true"]\n')
    write_file(
        root,
        "people/laughs.yaml",
        "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"b{i}: &b{i} [" + ",".join([f"*{'a' if i == 0 else f'b{i - 1}'}"] * 10) + "]\n" for i in range(7)),
    )
    write_file(root, "people/deep.yaml", "[" * 100_000)
    write_file(root, "people/nul.yaml", b"name: a\x00b\n")
    write_file(root, "people/latin1.yaml", "name: café\n".encode("latin-1"))
    write_file(root, "people/empty.yaml", b"")
    write_file(root, "people/list.yaml", "- a\n")
    (root / "people" / "folder.yaml").mkdir()
    os.symlink("loop.yaml", root / "people" / "loop.yaml")
    os.mkfifo(root / "people" / "pipe.yaml")
    with open(root / "people" / "huge.yaml", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    write_file(root, "people/Bad-Name.yaml", "name: X\n")
    write_file(root, "timeline.yaml", "date: 2025\n")


async def test_an_all_broken_dossier_opens_lists_every_problem_and_quits(tmp_path):
    root = tmp_path / "d"
    write_all_broken_dossier(root)
    expected = [str(p) for p in load_dossier(root, cache=False).problems]
    assert len(expected) == 14 and all(": error: " in line for line in expected)
    app = make_app(root, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert len(app.index.dossier.by_id) == 0
        assert any("14 errors" in note.message and "press e" in note.message for note in app._notifications)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.lines == expected
        text, leaks = screen_text_and_leaks(app)
        assert leaks == []
        assert "people/deep.yaml:1:49 error: nesting deeper than 48 levels" in text
        # Keys that act on a selection do nothing harmful with nothing to select.
        await pilot.press(
            "escape", "slash", *"x", "enter", "escape", "y", "b", "B", "escape", "t", "left_square_bracket"
        )
        await pilot.pause()
        await pilot.press("escape", "q")
    assert app.return_code == 0
    assert app._exception is None


async def test_the_app_writes_nothing_into_a_read_only_dossier(tmp_path):
    root = write_nasty_dossier(tmp_path / "d")
    add_broken_files(root)
    make_read_only(root)
    before = snapshot(root)
    try:
        app = make_app(root, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            for record_id in NASTY_IDS:
                app.open_record(record_id)
                await pilot.pause()
            await pilot.press("b", "y", "t", "e", "escape", "tab", "tab", "q")
        assert app.return_code == 0
        assert snapshot(root) == before
    finally:
        make_writable(root)


# -- a real terminal ------------------------------------------------------------------------


# A tmux server of our own: its buffers and titles are this test's alone.
SOCKET = f"dossier-hostile-{uuid.uuid4().hex[:8]}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, timeout=20).stdout


def wait_for(session: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-t", session, "-p")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_app_in_a_real_terminal_is_not_driven_by_the_data(tmp_path):
    """Clear screen, OSC 52 clipboard and title sequences in the data reach no terminal."""
    root = write_nasty_dossier(tmp_path / "d")
    session = f"hostile-app-{uuid.uuid4().hex[:8]}"
    marker = tmp_path / "exited"
    env = f"DOSSIER_STATE_DIR={shlex.quote(str(tmp_path / 'state'))} DOSSIER_CACHE_DIR={shlex.quote(str(tmp_path / 'cache'))}"
    command = (
        f"cd {shlex.quote(str(REPO))} && echo BEFORE-MARKER && {env} {shlex.quote(sys.executable)} -m dossier "
        f"--no-watch --data {shlex.quote(str(root))}; echo $? > {shlex.quote(str(marker))}; sleep 30"
    )
    buffers_before = tmux("list-buffers")
    tmux("new-session", "-d", "-s", session, "-x", "140", "-y", "45", command)
    try:
        tmux("set-option", "-t", session, "set-clipboard", "on")
        tmux("set-option", "-t", session, "allow-rename", "on")
        screen = wait_for(session, "\\x1b[2J")
        assert "[@click=app.quit]x[/]" in screen
        tmux("send-keys", "-t", session, "e")
        time.sleep(0.5)
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.5)  # an Escape straight before a key would read as alt+key
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 15
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the app did not quit:\n" + tmux("capture-pane", "-t", session, "-p")
        assert marker.read_text().strip() == "0"
        after = tmux("capture-pane", "-t", session, "-p")
        assert "BEFORE-MARKER" in after, "the screen was cleared"
        assert tmux("list-buffers").count("pwned") == buffers_before.count("pwned"), "data wrote the clipboard (OSC 52)"
        assert tmux("display-message", "-p", "-t", session, "#{pane_title}").strip() != "title"
        assert tmux("display-message", "-p", "-t", session, "#{window_name}").strip() != "title"
    finally:
        tmux("kill-server")
