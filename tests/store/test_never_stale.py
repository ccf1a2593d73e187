"""The cache can only be slower, never different: an edit that keeps a file's size and
sets its mtime back (`cp -p`, `rsync -t`, `tar x` of a second version) is seen by
every command, exactly as a run with an empty cache sees it."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.cli import main
from dossier.store import stats
from tests.helpers import MINIMAL, REPO, age_files, run_cli, write_dossier

COMMANDS = (
    ["validate"],
    ["validate", "--format", "json"],
    ["export", "--format", "json"],
    ["export", "--format", "markdown"],
    ["show", "ada-lovelace"],
    ["show", "lab-x"],
    ["search", "lab"],
    ["search", "ada"],
)


def _run(args: list[str], data: Path) -> tuple[int, bytes, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.StringIO()
    real = sys.stdout
    sys.stdout = out
    try:
        with contextlib.redirect_stderr(err):
            code = main([*args, "--data", str(data)])
        out.flush()
        return code, out.buffer.getvalue(), err.getvalue()
    finally:
        sys.stdout = real


def _outputs(data: Path) -> list[tuple[int, bytes, str]]:
    return [_run(args, data) for args in COMMANDS]


def _same_size_edit(path: Path, position: int, byte: int) -> bool:
    """Change one byte of `path` keeping its size and mtime; False if it was that byte."""
    data = bytearray(path.read_bytes())
    position %= len(data)
    if data[position] == byte:
        return False
    info = path.stat()
    data[position] = byte
    path.write_bytes(bytes(data))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    return True


def test_a_same_size_edit_with_its_mtime_restored_fails_validate(tmp_path: Path, monkeypatch):
    """The audit's repro: a dangling reference made by a same-size edit, mtime set back."""
    data = tmp_path / "D"
    shutil.copytree(REPO / "data", data)
    age_files(data, 3600)
    cache = {"DOSSIER_CACHE_DIR": str(tmp_path / "cache")}
    assert run_cli("validate", "--data", str(data), env=cache).returncode == 0
    person = data / "people/yann-lecun.yaml"
    text = person.read_text(encoding="utf-8")
    assert "  - org: fair\n" in text
    before = person.stat()
    person.write_text(text.replace("  - org: fair\n", "  - org: faix\n", 1), encoding="utf-8")
    os.utime(person, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert person.stat().st_size == before.st_size
    warm = run_cli("validate", "--data", str(data), env=cache)
    fresh = run_cli("validate", "--data", str(data), env={"DOSSIER_CACHE_DIR": str(tmp_path / "empty")})
    assert fresh.returncode == 1 and "faix" in fresh.stdout
    assert (warm.returncode, warm.stdout) == (fresh.returncode, fresh.stdout)


@pytest.mark.slow
@pytest.mark.parametrize(
    "settle",
    [
        None,  # the files were saved just now: racy, known by their bytes
        0.0,  # every file settled: known by size, mtime, ctime and inode alone
    ],
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(sorted(MINIMAL)),
            st.integers(min_value=0, max_value=10_000),
            st.sampled_from(b"abxyz019-: \n[]"),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_every_command_after_a_same_size_same_mtime_edit_is_the_empty_cache_run(edits, settle, monkeypatch):
    if settle is not None:
        monkeypatch.setattr(stats, "SETTLE_SECONDS", settle)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        data = write_dossier(root / "d", MINIMAL)
        age_files(data)
        monkeypatch.setenv("DOSSIER_CACHE_DIR", str(root / "cache"))
        _outputs(data)  # fills the cache
        _outputs(data)  # and reads it back (the whole-dossier entries too)
        changed = [_same_size_edit(data / rel, position, byte) for rel, position, byte in edits]
        if not any(changed):
            return
        warm = _outputs(data)
        monkeypatch.setenv("DOSSIER_CACHE_DIR", str(root / "empty"))
        fresh = _outputs(data)
        assert warm == fresh
