"""Bad evidence data gets a clear problem at the line to fix, never a crash."""

from __future__ import annotations

from dossier.load import load_dossier
from tests.helpers import write_dossier


def _problems(tmp_path, files):
    result = load_dossier(write_dossier(tmp_path / "d", files))
    return [f"{p.file}:{p.line}: {p.severity}: {p.message}" for p in result.problems]


EVENT = "- id: e\n  date: 2025\n  title: E\n  sources: [{sources}]\n"


def test_a_cites_circle_is_an_error_named_once(tmp_path):
    files = {
        "sources/a.yaml": "title: A\ncites: [b]\n",
        "sources/b.yaml": "title: B\ncites: [c]\n",
        "sources/c.yaml": "title: C\ncites: [a]\n",
        "timeline.yaml": EVENT.format(sources="a"),
    }
    assert _problems(tmp_path, files) == ["sources/a.yaml:1: error: `cites` goes round in a circle: a → b → c → a"]


def test_a_claim_resting_on_a_repost_of_an_unread_source_is_warned_about(tmp_path):
    files = {
        "sources/copy.yaml": "title: Copy\nflags: [repost]\ncites: [original]\n",
        "sources/original.yaml": "title: Original\nflags: [not-read]\n",
        "timeline.yaml": EVENT.format(sources="copy"),
    }
    assert _problems(tmp_path, files) == [
        "timeline.yaml:1: warning: event 'e' rests on 'copy', only a repost of 'original', "
        "which the dossier did not read"
    ]


def test_a_repost_of_a_read_source_is_fine(tmp_path):
    files = {
        "sources/copy.yaml": "title: Copy\nflags: [repost]\ncites: [original]\n",
        "sources/original.yaml": "title: Original\n",
        "timeline.yaml": EVENT.format(sources="copy"),
    }
    assert _problems(tmp_path, files) == []


def test_a_conflict_naming_an_unknown_source_is_an_error(tmp_path):
    figures = (
        "  figures:\n"
        "    - {what: amount, value: 14 billion dollars, sources: [a]}\n"
        "    - {what: amount, value: 14.3 billion dollars, sources: [artcle-b]}\n"
    )
    files = {
        "sources/a.yaml": "title: A\n",
        "sources/article-b.yaml": "title: B\n",
        "timeline.yaml": EVENT.format(sources="a, article-b") + figures,
    }
    result = load_dossier(write_dossier(tmp_path / "d", files))
    [problem] = result.problems
    assert problem.severity == "error" and (problem.file, problem.line) == ("timeline.yaml", 7)
    assert problem.message == "unknown source 'artcle-b' in figures[1].sources[0]"
    assert problem.hint == "did you mean 'article-b'?"


def test_a_figure_citing_a_source_its_event_does_not_is_warned_about(tmp_path):
    figures = "  figures:\n    - {what: amount, value: '14', sources: [b]}\n"
    files = {
        "sources/a.yaml": "title: A\n",
        "sources/b.yaml": "title: B\n",
        "timeline.yaml": EVENT.format(sources="a") + figures,
    }
    [problem] = _problems(tmp_path, files)
    assert problem.startswith("timeline.yaml:1: warning: `figures[0]` of event 'e' cites 'b'")


def test_a_figure_needs_what_and_value(tmp_path):
    figures = "  figures:\n    - {value: 14 billion, sources: [a]}\n"
    files = {"sources/a.yaml": "title: A\n", "timeline.yaml": EVENT.format(sources="a") + figures}
    assert _problems(tmp_path, files) == ["timeline.yaml:6: error: `figures[0]` has no `what`"]
