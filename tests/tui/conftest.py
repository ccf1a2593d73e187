"""Shared fixtures of the app's tests: a quiet app on a small committed dossier."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import DossierApp

FIXTURE = Path(__file__).parent / "fixture"


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch):
    """A blinking cursor makes screenshots differ from one run to the next."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setattr(Input, "_cursor_blink_default", False, raising=False)


@pytest.fixture(autouse=True)
def _private_state(tmp_path, monkeypatch):
    """Never read or write the real user state."""
    monkeypatch.setenv("DOSSIER_STATE_DIR", str(tmp_path / "state"))


def make_app(data: Path = FIXTURE, tmp: Path | None = None, **kwargs) -> DossierApp:
    state = (tmp / "state.json") if tmp is not None else None
    return DossierApp(data, watch=kwargs.pop("watch", False), state_path=state, **kwargs)


async def ready(pilot: Pilot) -> DossierApp:
    """Wait until the dossier has loaded and the first record is shown."""
    app = pilot.app
    for _ in range(200):
        if getattr(app, "index", None) is not None and app.main is not None and not app.main.query_one("#body").loading:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    return app  # type: ignore[return-value]
