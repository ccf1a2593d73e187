"""The app in a real terminal (tmux): search, open a person, panes follow, quit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.tui.helpers import FIXTURE

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


# A server of the test's own (its own socket, no user config), so other tmux sessions
# and their options cannot change the terminal's size under the test.
SOCKET = f"dossier-test-{uuid.uuid4().hex[:8]}"


def tmux(*args: str) -> str:
    command = ["tmux", "-L", SOCKET, "-f", os.devnull, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=20).stdout


def wait_for(session: str, text: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-t", session, "-p")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def test_search_open_follow_and_quit_in_tmux(tmp_path):
    session = "app"
    marker = tmp_path / "exited"
    # The terminal's own size, not one inherited from the environment of the test run.
    env = f"env -u COLUMNS -u LINES DOSSIER_STATE_DIR={shlex.quote(str(tmp_path / 'state'))}"
    command = (
        f"cd {shlex.quote(os.getcwd())} && {env} {shlex.quote(sys.executable)} -m dossier --no-watch "
        f"--data {shlex.quote(str(FIXTURE))}; echo $? > {shlex.quote(str(marker))}"
    )
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    try:
        wait_for(session, "Ada Lovelace")
        tmux("send-keys", "-t", session, "/")
        wait_for(session, "Search names")
        tmux("send-keys", "-t", session, "-l", "timothee")
        wait_for(session, "person Timothée Lacroix")
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "PERSON  Timothée Lacroix")
        # The panes followed: the quotes pane lists his quote, the timeline says whose events.
        assert "Quotes · 1 by or about Timothée Lacroix" in screen
        assert "We build small models first." in screen
        assert "2 events · 0 highlighted" in screen  # he took part in none of them
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 10
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the app did not exit"
        assert marker.read_text().strip() == "0"
    finally:
        tmux("kill-server")  # the test's own server only
