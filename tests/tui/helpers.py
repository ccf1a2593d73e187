"""Helpers of the app's tests: a quiet app on a small committed dossier, waiting for it,
and the one way the real-terminal tests drive a terminal (tmux)."""

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
from textual.pilot import Pilot

from tui.app import DossierApp

FIXTURE = Path(__file__).parent / "fixture"
REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data"


def make_app(data: Path = FIXTURE, tmp: Path | None = None, **kwargs) -> DossierApp:
    state = (tmp / "state.json") if tmp is not None else None
    if tmp is not None and "keymap_file" not in kwargs:
        kwargs["keymap_file"] = tmp / "keymap.yaml"  # none: never the reader's own
    return DossierApp(data, watch=kwargs.pop("watch", False), state_path=state, **kwargs)


async def run_command(pilot: Pilot, text: str) -> None:
    """Open the command palette, type `text`, and run the first command it offers."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()


async def ready(pilot: Pilot) -> DossierApp:
    """Wait until the dossier has loaded and the browsing screen shows it: the load
    worker ends once the browsing screen is in place; then the other workers that
    end (all but the watcher) are waited for too."""
    app: DossierApp = pilot.app  # type: ignore[assignment]
    for _ in range(1000):
        loads = [worker for worker in app.workers if worker.group == "load"]
        if loads:
            await app.workers.wait_for_complete(loads)
            break
        await pilot.pause(0.01)
    others = [worker for worker in app.workers if worker.group != "watch"]
    if others:
        await app.workers.wait_for_complete(others)
    await pilot.pause()
    assert app.browser is not None, "the dossier never showed"
    return app


# -- a real terminal ---------------------------------------------------------------------
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


class Terminal:
    """A command in a tmux server of its own (its own socket, no user config), so other
    sessions, their options and their buffers cannot change what the test sees."""

    def __init__(self, width: int = 120, height: int = 40) -> None:
        self.socket = f"dossier-test-{uuid.uuid4().hex[:8]}"
        self.session = "t"
        self.width, self.height = width, height

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, "-f", os.devnull, *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=20).stdout

    def start(self, command: str) -> None:
        self.tmux("new-session", "-d", "-s", self.session, "-x", str(self.width), "-y", str(self.height), command)

    def start_app(self, data: Path, tmp: Path, *, then: str = "", env: str = "", args: str = "") -> Path:
        """Run the app on `data` (state and cache under `tmp`); the file returned gets its
        exit code. `then` runs after it (e.g. a sleep, to read the screen it left)."""
        marker = tmp / "exited"
        quiet = (
            f"env -u COLUMNS -u LINES DOSSIER_STATE_DIR={shlex.quote(str(tmp / 'state'))} "
            f"DOSSIER_CACHE_DIR={shlex.quote(str(tmp / 'cache'))} DOSSIER_CONFIG_DIR={shlex.quote(str(tmp / 'config'))}"
        )
        self.start(
            f"cd {shlex.quote(str(REPO))} && {env} {quiet} {shlex.quote(sys.executable)} -m dossier --no-watch "
            f"--data {shlex.quote(str(data))} {args}; echo $? > {shlex.quote(str(marker))}; {then or 'true'}"
        )
        return marker

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", self.session, "-p")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def wait_for_exit(self, marker: Path, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), "the app did not exit:\n" + self.screen()
        return marker.read_text().strip()

    def close(self) -> None:
        self.tmux("kill-server")  # the test's own server only

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
