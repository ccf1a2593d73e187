"""Helpers shared by the tests: small dossiers written by the test itself, files written
exactly as given, a CLI run, a check in a child process. Imported as `tests.helpers`;
the fixtures are in `tests/conftest.py`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from dossier.load import load_dossier, loader

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# A syntax error's wording is libyaml's own (the same in libyaml 0.2.5 and 0.2.6); the
# pure-Python parser PyYAML falls back to words it differently. Tests that pin the
# wording say so with this mark; positions and our own messages hold on both parsers.
libyaml_wording = pytest.mark.skipif(
    not yaml.__with_libyaml__, reason="pins libyaml's wording of a syntax error; this PyYAML has no libyaml"
)


def write_dossier(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: YAML text} under root (text is dedented)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


MINIMAL = {
    "people/ada-lovelace.yaml": """
        name: Ada Lovelace
        aliases: [Ada]
        summary: Works at [[lab-x]] on [[model-one|the first model]].
        roles:
          - org: lab-x
            title: Chief Scientist
            start: 2023-04
            end: 2025-21~
            sources: [article-one]
    """,
    "people/timothee-lacroix.yaml": """
        name: Timothée Lacroix
        summary: Co-founder of [[lab-y]].
        roles:
          - org: lab-y
            title: co-founder
            start: 2023
            sources: [article-one]
    """,
    "labs/lab-x.yaml": """
        name: Lab X
        kind: company
        founded: 2013-12
    """,
    "labs/lab-y.yaml": """
        name: Lab Y
        kind: lab
        parent: lab-x
    """,
    "models/model-one.yaml": """
        name: Model One
        developer: lab-x
        released: "2025-04-05"
        status: released
        open_weights: true
        parameters: {active: 17B, total: 400B}
    """,
    "models/model-one-mini.yaml": """
        name: Model One Mini
        developer: lab-x
        family: model-one
        status: shelved
    """,
    "sources/article-one.yaml": """
        title: Un article
        outlet: lab-y
        published: 2025-05~
        language: fr
        kind: article
        flags: [ai-generated]
        quotes:
          - id: q-one
            text: « Le meilleur modèle au monde »
            translation: "The best model in the world"
            speaker: ada-lovelace
            about: [model-one]
            event: launch
    """,
    "timeline.yaml": """
        - id: launch
          date: "2025-04-05"
          title: Model One is released
          kind: release
          involves: [lab-x, model-one, ada-lovelace]
          sources: [article-one]
        - id: founding
          date: 2013-12
          title: Lab X is founded
          kind: founding
          involves: [lab-x]
          sources: [article-one]
    """,
}


def generated_dossier(root: Path, size: str | None = None) -> Path:
    """A dossier written by `benchmarks/generate.py` into `root`: of `size` (S, M, L) if
    given, else M's shape (every kind and field, accents, NFD names, partial dates,
    links) at a fifth of M's size, which a test reads in a second."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from generate import Generator, generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    root.mkdir(parents=True, exist_ok=True)
    if size:
        generate(size, root)
    else:
        Generator(200, 1_000, 2_000, seed=19).write(root)
    return root


def age_files(root: Path, seconds: float = 60) -> None:
    """Date every file back, past the moment a just-saved file may still change unseen
    (the caches keep nothing of a file saved that recently)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        os.utime(path, (past, past))


def count_reads(monkeypatch, module=loader) -> list[str]:
    """The files the loader (or the module given, such as `dossier.load.reload`) parses
    from now on, rather than takes from the cache, in order."""
    seen: list[str] = []
    real = module.read_file

    def counting(root, file):
        seen.append(file.path)
        return real(root, file)

    monkeypatch.setattr(module, "read_file", counting)
    return seen


def starter_files(target: Path) -> list[tuple[Path, str, dict]]:
    """`dossier new TARGET`'s files: each one's path, text, and the JSON Schema its first
    line names (`# yaml-language-server: $schema=…`), read from beside it."""
    assert run_cli("new", str(target)).returncode == 0
    found = []
    for path in [*target.glob("*/*.yaml"), target / "timeline.yaml"]:
        text = path.read_text(encoding="utf-8")
        schema_rel = text.splitlines()[0].split("$schema=", 1)[1]
        found.append((path, text, json.loads((path.parent / schema_rel).read_text(encoding="utf-8"))))
    return found


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    full_env = {**os.environ, **(env or {})}
    full_env.pop("DOSSIER_DATA", None) if env is None or "DOSSIER_DATA" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=120,
    )


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
    # The child's own peak: on Linux the kernel carries a process's `ru_maxrss` across
    # `exec`, so a child of a test run grown to 300 MB reported 300 MB before it had
    # read anything. /proc's VmHWM is the peak of this program's memory alone.
    epilogue = textwrap.dedent(
        """
        out["seconds"] = round(time.perf_counter() - started, 3)
        try:
            with open("/proc/self/status") as status:
                peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        except (OSError, StopIteration, ValueError):
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out["maxrss_mb"] = peak_kb // 1024
        print(json.dumps(out))
        """
    )
    code = prelude + textwrap.dedent(body) + epilogue
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"child exited with {done.returncode}: {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])
