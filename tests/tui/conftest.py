"""Shared fixtures of the app's tests: a quiet app on a small committed dossier."""

from __future__ import annotations

from pathlib import Path

import pytest

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
