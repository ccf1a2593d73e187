"""TimelineJS: slides placed as the app orders them, a handful of rows, safe links, plain words."""

from __future__ import annotations

import datetime as dt

from dossier.export.timelinejs import GROUPS, timeline_json
from dossier.load.loader import load_dossier
from dossier.model import schema as S
from tests.helpers import MINIMAL, REPO, write_dossier


def _when(date: dict) -> dt.date:
    """Where TimelineJS places a slide: its start date, a missing month or day being the first."""
    return dt.date(date["year"], date.get("month", 1), date.get("day", 1))


def test_a_season_is_placed_after_its_dated_events_and_keeps_its_words(tmp_path):
    timeline = """
        - {id: april, date: 2025-04, title: April, sources: [article-one]}
        - {id: autumn, date: 2025-23, title: Autumn, kind: delay, sources: [article-one]}
        - {id: winter, date: 2025-24?, title: Winter, sources: [article-one]}
        - {id: year, date: 2025~, title: Some time in 2025, sources: [article-one]}
    """
    root = write_dossier(tmp_path / "d", {**MINIMAL, "timeline.yaml": timeline})
    slides = {e["unique_id"]: e for e in timeline_json(load_dossier(root).dossier)["events"]}
    autumn = slides["autumn"]
    assert _when(autumn["start_date"]) > _when(slides["april"]["start_date"])  # not at the start of 2025
    # Placed on the last day of its season, a sort position only: what TimelineJS shows
    # is the display date, which says the month is not given (no day is ever shown).
    assert autumn["start_date"] == {
        "year": 2025,
        "month": 11,
        "day": 30,
        "display_date": "autumn 2025 · month not given",
    }
    assert autumn["display_date"] == "autumn 2025 · month not given"
    assert (slides["winter"]["start_date"]["year"], slides["winter"]["start_date"]["month"]) == (2026, 2)
    assert all("end_date" not in slide for slide in slides.values())
    text = autumn["text"]["text"]
    assert "The sources give the season (autumn 2025), not the month." in text
    assert "Date season" not in text and "autumn 2025: autumn 2025" not in text
    assert "The date (winter 2025?) is uncertain." in slides["winter"]["text"]["text"]
    assert "The date (~ 2025) is approximate. The sources give the year (2025) only." in slides["year"]["text"]["text"]


def test_the_bundled_timeline_in_timelinejs_order_is_the_apps_order():
    dossier = load_dossier(REPO / "data").dossier
    slides = timeline_json(dossier)["events"]
    assert len(slides) == len(dossier.events)
    by_id = {e.id: e for e in dossier.events}
    for slide in slides:
        event = by_id[slide["unique_id"]]
        # Where the app's sort puts it: a day or month by its first day, a year or season by its last.
        assert _when(slide["start_date"]) == (event.date.latest if event.date.imprecise else event.date.earliest)
        assert slide["display_date"] == event.date.timeline_label()
    order = [s["unique_id"] for s in sorted(slides, key=lambda s: _when(s["start_date"]))]
    assert order == [e.id for e in dossier.events]
    assert 1 <= len({s["group"] for s in slides if "group" in s}) <= 5


def test_every_event_kind_has_one_of_a_handful_of_rows():
    assert set(GROUPS) == set(S.EVENT_KINDS)
    assert len(set(GROUPS.values())) <= 5


def test_only_web_addresses_become_links(tmp_path):
    files = {
        **MINIMAL,
        "sources/evil.yaml": "title: Evil\nurl: 'javascript:alert(1)'\n",
        "timeline.yaml": "- {id: e, date: 2025-04, title: E, sources: [evil, article-one]}\n",
    }
    root = write_dossier(tmp_path / "d", files)
    (slide,) = timeline_json(load_dossier(root).dossier)["events"]
    assert "javascript" not in slide["text"]["text"] and "Evil" in slide["text"]["text"]
