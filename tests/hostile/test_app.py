"""The app over hostile dossiers: it opens, shows the problems, keeps data as text, quits.

Every widget's rendered lines are scanned for raw control characters, and every
segment's style for links or actions that came from data.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual.geometry import Region  # noqa: E402

from dossier.load.loader import load_dossier
from tests.helpers import write_file  # noqa: E402
from tests.tui.helpers import Terminal, make_app, needs_tmux, ready  # noqa: E402

from .nasty import MARKUP_PIECES, RAW_BYTES, add_broken_files, write_nasty_dossier  # noqa: E402
from .snapshot import make_read_only, make_writable, snapshot  # noqa: E402

RAW = tuple(raw.decode("utf-8") for raw in RAW_BYTES)
NASTY_IDS = ("evil", "evil-lab", "evil-model", "evil-source", "evil-quote", "evil-event")


@pytest.fixture(autouse=True)
def _private_state(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_STATE_DIR", str(tmp_path / "state"))


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
            assert app.browser.open_record(record_id)
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
        assert len(app.browser.index.dossier.by_id) == 0
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
                app.browser.open_record(record_id)
                await pilot.pause()
            await pilot.press("b", "y", "t", "e", "escape", "tab", "tab", "q")
        assert app.return_code == 0
        assert snapshot(root) == before
    finally:
        make_writable(root)


# -- a real terminal ------------------------------------------------------------------------


@needs_tmux
def test_the_app_in_a_real_terminal_is_not_driven_by_the_data(tmp_path):
    """Clear screen, OSC 52 clipboard and title sequences in the data reach no terminal."""
    root = write_nasty_dossier(tmp_path / "d")
    with Terminal(140, 45) as term:
        marker = term.start_app(root, tmp_path, env="echo BEFORE-MARKER &&", then="sleep 30")
        buffers_before = term.tmux("list-buffers")
        term.tmux("set-option", "-t", term.session, "set-clipboard", "on")
        term.tmux("set-option", "-t", term.session, "allow-rename", "on")
        screen = term.wait_for("\\x1b[2J")
        assert "[@click=app.quit]x[/]" in screen
        term.keys("e")
        time.sleep(0.5)
        term.keys("Escape")
        time.sleep(0.5)  # an Escape straight before a key would read as alt+key
        term.keys("q")
        assert term.wait_for_exit(marker) == "0"
        after = term.screen()
        assert "BEFORE-MARKER" in after, "the screen was cleared"
        assert term.tmux("list-buffers").count("pwned") == buffers_before.count("pwned"), "data wrote the clipboard"
        assert term.tmux("display-message", "-p", "-t", term.session, "#{pane_title}").strip() != "title"
        assert term.tmux("display-message", "-p", "-t", term.session, "#{window_name}").strip() != "title"
