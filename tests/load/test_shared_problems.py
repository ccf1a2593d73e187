"""A load whose problems come from the stored verdict holds each of them once: the
verdict's copy of a file's own problem is the very object that file's result keeps
(for a reload), in the same order, with the same values."""

from __future__ import annotations

import pickle
from pathlib import Path

from dossier.load.loader import load_dossier
from dossier.load.verdict import share_problems
from dossier.model.problems import Problem
from dossier.read.file import FileResult
from tests.helpers import MINIMAL, age_files, write_dossier
from tests.tui.helpers import make_app, ready

# Two warnings of the file's own read (plain dates) and one error of the whole dossier
# (a reference to no record), which no file's result holds.
TIMELINE = """
    - id: launch
      date: 2025-04-05
      title: Model One is released
      kind: release
      involves: [lab-x, model-one, ada-lovelace, nobody-at-all]
      sources: [article-one]
    - id: founding
      date: 2013-12-01
      title: Lab X is founded
      kind: founding
      involves: [lab-x]
      sources: [article-one]
"""


def _warm(tmp_path: Path) -> Path:
    root = write_dossier(tmp_path / "d", {**MINIMAL, "timeline.yaml": TIMELINE})
    age_files(root)
    load_dossier(root)  # keeps every file and the verdict
    return root


def _owners(loaded) -> dict[int, str]:
    return {id(problem): path for path, result in loaded.files.items() for problem in result.problems}


def test_problems_from_the_verdict_are_the_files_own_once_shared(tmp_path: Path):
    root = _warm(tmp_path)
    fresh = load_dossier(root, cache=False).problems
    loaded = load_dossier(root)
    assert loaded.problems == fresh
    own = [p for p in loaded.problems if "timestamp" in p.message]
    assert len(own) == 2 and not any(id(p) in _owners(loaded) for p in own), "two copies before"
    share_problems(loaded)
    assert loaded.problems == fresh, "same problems, same order"
    owners = _owners(loaded)
    assert [owners.get(id(p)) for p in loaded.problems if "timestamp" in p.message] == ["timeline.yaml"] * 2
    unknown = [p for p in loaded.problems if "nobody-at-all" in p.message]
    assert len(unknown) == 1 and id(unknown[0]) not in owners, "a problem of the whole dossier stays"


def test_a_problem_keeps_its_values_through_the_cache_and_a_copy():
    problem = Problem("people/ada.yaml", 3, 10, "warning", "`date`: 2025-04-05 is read as a timestamp", "quote it")
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and hash(again) == hash(problem) and str(again) == str(problem)
    assert again.hint is problem.hint, "a hint is one text for every problem that gives it"
    result = FileResult("people/ada.yaml", [], [problem]).compact()
    assert result.problems == (problem,) and result.refs == () and result.records == ()


async def test_the_app_holds_each_problem_once(tmp_path: Path):
    root = _warm(tmp_path)
    async with make_app(root, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        result = app.browser.result
        assert result.problems == load_dossier(root, cache=False).problems
        owners = _owners(result)
        shared = [p for p in result.problems if "timestamp" in p.message]
        assert len(shared) == 2 and all(id(p) in owners for p in shared)
