"""One damaged byte of the cache is a miss, rebuilt and replaced: never a traceback, never
twice; and an app that dies of an error says so in its exit code."""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

from tests.helpers import MINIMAL, age_files, run_cli, write_dossier


def _search_blob_length(cache: Path, length: int) -> None:
    """Set the length in the first frame of the stored search index to `length`."""
    with sqlite3.connect(cache / "files.sqlite3") as db:
        (data,) = db.execute("SELECT data FROM search").fetchone()
        db.execute("UPDATE search SET data = ?", (struct.pack("<Q", length) + data[8:],))
    db.close()


def test_a_huge_damaged_part_length_is_a_miss_not_a_traceback(tmp_path: Path):
    data = write_dossier(tmp_path / "d", MINIMAL)
    age_files(data)
    env = {"DOSSIER_CACHE_DIR": str(tmp_path / "cache")}
    first = run_cli("search", "ada", "--data", str(data), env=env)
    assert first.returncode == 0 and "ada-lovelace" in first.stdout
    run_cli("search", "ada", "--data", str(data), env=env)  # the index is stored by now
    for length in (1 << 31, (1 << 63) + 5, 10**12):
        _search_blob_length(tmp_path / "cache", length)
        for _ in range(2):  # and the damaged row is replaced: the next run is clean too
            again = run_cli("search", "ada", "--data", str(data), env=env)
            assert "Traceback" not in again.stderr, again.stderr
            assert (again.returncode, again.stdout) == (first.returncode, first.stdout)


def test_the_app_exits_non_zero_when_it_dies(monkeypatch, minimal: Path):
    from textual.app import App

    from tui import app as tui_app

    def boom(self) -> None:
        raise RuntimeError("died after painting")

    def headless(self, *args, **kwargs):
        return App.run(self, headless=True, size=(80, 24))

    monkeypatch.setattr(tui_app.DossierApp, "run", headless)
    monkeypatch.setattr(tui_app.DossierApp, "on_mount", boom)
    monkeypatch.setenv("DOSSIER_STATE_DIR", os.fspath(minimal.parent / "state"))
    assert tui_app.run_app(minimal, watch=False) != 0
