"""Helpers for the hostile-input suite: one-file dossiers and checks run in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from dossier.load import load_dossier

from ..conftest import REPO, SHARED

__all__ = ["REPO", "SHARED", "problems_of_file", "run_isolated", "write_file"]


def write_file(root: Path, rel: str, content: str | bytes) -> Path:
    """Write one file exactly as given: bytes as they are, text as UTF-8 with its own line ends."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def problems_of_file(tmp_path: Path, content: str | bytes, rel: str = "people/bob.yaml") -> list[str]:
    """The problems, as `validate` prints them, of a dossier holding only this one file."""
    root = tmp_path / "d"
    write_file(root, rel, content)
    return [str(p) for p in load_dossier(root).problems]


def run_isolated(body: str, timeout: float = 60) -> dict:
    """Run `body` in a fresh interpreter and return the JSON it prints last.

    Used where a bug would not raise but kill the process (libyaml's composer
    segfaults on deep nesting) or eat memory: a crash fails the test, not pytest.
    The child prints its own peak memory (`maxrss_mb`) and time beside the result.
    """
    prelude = "import json, resource, sys, time\nstarted = time.perf_counter()\n"
    epilogue = textwrap.dedent(
        """
        out["seconds"] = round(time.perf_counter() - started, 3)
        out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(json.dumps(out))
        """
    )
    code = prelude + textwrap.dedent(body) + epilogue
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"child exited with {done.returncode}: {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])
