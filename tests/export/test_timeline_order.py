"""The bundled timeline's order, as a reader meets it in the app and in every export.

An event known only to its year or its season may have happened at any time in that
period: listing it first (as its first day would) tells the reader it came before the
dated events of that period. It comes after them, marked "month not given".
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from dossier.load.loader import load_dossier
from tests.helpers import REPO, run_cli

DATA = REPO / "data"


@pytest.fixture(scope="module")
def events():
    return load_dossier(DATA, cache=False).dossier.events


def test_no_vague_event_is_listed_before_a_dated_one_of_its_period(events):
    for at, vague in enumerate(events):
        if not vague.date.imprecise:
            continue
        for later in events[at + 1 :]:
            inside = vague.date.earliest <= later.date.earliest and later.date.latest <= vague.date.latest
            assert not (inside and not later.date.imprecise), f"{vague.id} ({vague.date}) is above {later.id}"


def test_the_departures_follow_the_launch_they_followed(events):
    order = [event.id for event in events]
    # "2025 · Chris Cox … leaves after the failed Llama 4 launch" was above the launch.
    assert order.index("llama-4-released") < order.index("chris-cox-departure")
    # "2025 · Pineau joins Cohere" was above "Apr 2025 · Pineau announces her departure".
    assert order.index("pineau-departure-announced") < order.index("pineau-joins-cohere")


def _export(fmt: str, out: Path | None = None) -> str:
    result = run_cli("export", "--format", fmt, "--data", str(DATA), *([str(out)] if out else []))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_export_lists_the_timeline_in_the_same_order(events, tmp_path):
    expected = [event.id for event in events]
    _export("markdown", tmp_path / "md")
    markdown = (tmp_path / "md" / "timeline.md").read_text(encoding="utf-8")
    # Notes are named by their record's title; the id is the first of each note's aliases.
    notes = [unquote(name) for name in re.findall(r"\]\(events/([^)]+)\)", markdown)]
    ids = [re.search(r"^aliases:\n- (\S+)$", (tmp_path / "md" / "events" / name).read_text(encoding="utf-8"), re.M)[1]
           for name in notes]  # fmt: skip
    assert ids == expected
    assert "- 2025 · month not given — [Chris Cox" in markdown
    _export("html", tmp_path / "site")
    page = (tmp_path / "site" / "timeline.html").read_text(encoding="utf-8")
    assert re.findall(r'<li id="([a-z0-9-]+)">', page) == expected
    assert re.search(r'<li id="chris-cox-departure"><time>2025 · month not given</time>', page)
    slides = json.loads(_export("timelinejs"))["events"]
    assert [slide["unique_id"] for slide in slides] == expected

    # TimelineJS orders slides by their start date itself: that order is the same.
    def when(slide):
        start = slide["start_date"]
        return (start["year"], start.get("month", 1), start.get("day", 1))

    assert [slide["unique_id"] for slide in sorted(slides, key=when)] == expected
    _export("csv", tmp_path / "csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "events.csv").read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == expected
    assert [event["id"] for event in json.loads(_export("json"))["events"]] == expected
