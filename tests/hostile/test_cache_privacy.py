"""The cache and the state are the user's alone, a lock is not damage, and nothing odd
in the cache folder (a FIFO, a stranger's key) blocks or fools a load."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dossier.export.cache import json_export
from dossier.load.folder_check import check_folder
from dossier.load.loader import load_dossier
from dossier.store import private
from dossier.store.first_screen import FirstScreen, read_first_screen, write_first_screen
from dossier.store.state import State, save_state
from tests.helpers import REPO, count_reads


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    return count_reads(monkeypatch)


@pytest.fixture(autouse=True)
def _fresh_warnings():
    private._warned.clear()
    yield
    private._warned.clear()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_cache_and_state_are_private_whatever_the_umask(aged_dossier: Path, tmp_path: Path, monkeypatch):
    cache = tmp_path / "user" / "cache"
    state = tmp_path / "user" / "state"
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(cache))
    monkeypatch.setenv("DOSSIER_STATE_DIR", str(state))
    old = os.umask(0o002)
    try:
        load_dossier(aged_dossier)
        b"".join(json_export(aged_dossier)[0])
        assert write_first_screen(aged_dossier, FirstScreen("person", (("ada-lovelace", "Ada", 3),)))
        assert save_state(State(theme="x"), state / "state.json")
    finally:
        os.umask(old)
    assert _mode(cache) == 0o700 and _mode(state) == 0o700 and _mode(cache / "first-screen") == 0o700
    kept = [cache / "files.sqlite3", cache / "exports.sqlite3", cache / "cache.key", state / "state.json"]
    kept += list((cache / "first-screen").iterdir())
    assert {path.name: _mode(path) for path in kept} == {path.name: 0o600 for path in kept}


def test_a_cache_folder_others_may_write_is_not_used(aged_dossier: Path, reads: list[str], capsys):
    cache = Path(os.environ["DOSSIER_CACHE_DIR"])
    load_dossier(aged_dossier)
    reads.clear()
    cache.chmod(0o777)
    try:
        first = check_folder(aged_dossier)
        second = load_dossier(aged_dossier)
    finally:
        cache.chmod(0o700)
    assert len(reads) == 18  # every file read, both times: nothing taken from the cache
    assert first.problems == second.problems
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert warnings == [f"dossier: warning: {cache} is writable by other users; it is not used"]


def test_a_key_others_may_write_is_not_used(aged_dossier: Path, reads: list[str], capsys):
    key = Path(os.environ["DOSSIER_CACHE_DIR"]) / "cache.key"
    load_dossier(aged_dossier)
    reads.clear()
    key.chmod(0o666)
    load_dossier(aged_dossier)
    assert len(reads) == 9
    assert "cache.key is writable by other users" in capsys.readouterr().err


def test_a_fifo_as_the_key_never_blocks(aged_dossier: Path, tmp_path: Path):
    cache = tmp_path / "fifo-cache"
    cache.mkdir(mode=0o700)
    os.mkfifo(cache / "cache.key", 0o600)
    result = subprocess.run(
        [sys.executable, "-m", "dossier", "validate", "--data", str(aged_dossier)],
        env={**os.environ, "DOSSIER_CACHE_DIR": str(cache)},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,  # before: blocked forever opening the FIFO
    )
    assert result.returncode == 1 and "unknown lab 'lab-z'" in result.stdout
    assert "cache.key is not a regular file" in result.stderr


def test_a_lock_is_waited_for_never_taken_for_damage(aged_dossier: Path, reads: list[str]):
    database = Path(os.environ["DOSSIER_CACHE_DIR"]) / "files.sqlite3"
    load_dossier(aged_dossier)
    inode = database.stat().st_ino
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM summaries")

    def release() -> None:
        time.sleep(1.5)
        holder.execute("COMMIT")  # fails with a disk I/O error if the file was unlinked under it

    errors: list[BaseException] = []

    def run() -> None:
        try:
            release()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert load_dossier(aged_dossier).dossier.get("ada-lovelace") is not None
    finally:
        thread.join()
        holder.close()
    assert errors == []
    assert database.stat().st_ino == inode
    reads.clear()
    load_dossier(aged_dossier)
    assert reads == []  # still the same cache, entries and all


def test_a_corrupt_database_is_replaced_by_a_whole_one(aged_dossier: Path, reads: list[str]):
    database = Path(os.environ["DOSSIER_CACHE_DIR"]) / "files.sqlite3"
    load_dossier(aged_dossier)
    database.write_bytes(b"not a database at all" * 200)
    load_dossier(aged_dossier)
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    reads.clear()
    load_dossier(aged_dossier)
    assert reads == []


def test_the_first_screen_and_state_are_never_written_into_the_dossier(aged_dossier: Path, monkeypatch):
    before = sorted(p.relative_to(aged_dossier) for p in aged_dossier.rglob("*"))
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(aged_dossier / "cache"))
    monkeypatch.setenv("DOSSIER_STATE_DIR", str(aged_dossier / "state"))
    assert not write_first_screen(aged_dossier, FirstScreen("person", (("ada-lovelace", "Ada", 3),)))
    state = State()
    state.for_dossier(aged_dossier).history.append("ada-lovelace")
    assert not save_state(state, aged_dossier / "state" / "state.json")
    assert sorted(p.relative_to(aged_dossier) for p in aged_dossier.rglob("*")) == before


def test_an_unsigned_first_screen_is_not_shown(aged_dossier: Path):
    import marshal

    screen = FirstScreen("person", (("ada-lovelace", "Ada", 3),))
    assert write_first_screen(aged_dossier, screen)
    assert read_first_screen(aged_dossier) == screen
    (path,) = (Path(os.environ["DOSSIER_CACHE_DIR"]) / "first-screen").iterdir()
    stamp = (aged_dossier / "people").stat().st_mtime_ns
    forged = (("forged", "Forged person", 6),)
    for blob in (
        marshal.dumps((1, os.fsencode(aged_dossier.resolve()), stamp, "person", forged)),
        marshal.dumps((2, os.fsencode(aged_dossier.resolve()), stamp, "person", forged)),
    ):
        path.write_bytes(blob)
        assert read_first_screen(aged_dossier) is None
    path.write_bytes(path.read_bytes()[:40] + b"x" * 40)
    assert read_first_screen(aged_dossier) is None


def test_a_state_others_may_write_is_not_read(tmp_path: Path, capsys):
    from dossier.store.state import load_state

    folder = tmp_path / "state"
    state = State(theme="mine")
    assert save_state(state, folder / "state.json")
    assert load_state(folder / "state.json").theme == "mine"
    folder.chmod(0o777)
    try:
        assert load_state(folder / "state.json").theme == ""
    finally:
        folder.chmod(0o700)
    assert "is writable by other users" in capsys.readouterr().err
