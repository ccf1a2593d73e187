"""Parse workers never outlive the process that started them, however it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.load.parallel import available_cores
from tests.helpers import REPO


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
@pytest.mark.skipif(available_cores() < 2, reason="a single core parses without workers")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.parametrize("prctl", [True, False], ids=["pdeathsig-and-pipe", "pipe-alone"])
def test_no_worker_survives_its_parent(tmp_path: Path, sig: int, prctl: bool):
    big = tmp_path / "M"
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "M", "--out", str(big)], check=True)
    env = {**os.environ, "DOSSIER_CACHE_DIR": str(tmp_path / "cache")}
    # A cold `validate` of the M dossier (11 MB): parsed in one worker per core. The
    # pipe alone is what other systems than Linux have.
    command = [sys.executable, "-c", "import sys; import dossier.load.parallel as p; from dossier.cli import main;"
               f" p.USE_PRCTL = {prctl}; sys.exit(main(sys.argv[1:]))", "validate", "--data", str(big)]  # fmt: skip
    parent = subprocess.Popen(command, cwd=REPO, env=env)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline and parent.poll() is None:
            workers = _children(parent.pid)
            time.sleep(0.01)
        assert workers, "the load started no worker"
        time.sleep(0.3)  # mid-load
        assert parent.poll() is None, "the load ended before it could be interrupted"
        os.kill(parent.pid, sig)
        parent.wait(10)
        time.sleep(2)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)  # what the old code left behind
