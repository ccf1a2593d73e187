"""The HTML site marks each claim's strength and has a conflicts page (bundled dossier)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.export.htmlsite import write_html
from dossier.load import load_dossier
from dossier.store.paths import bundled_data


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_html(load_dossier(bundled_data()).dossier, out, "Meta")
    return out


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_an_event_page_shows_its_strength_and_its_origins(site):
    page = (site / "events/llama-team-exodus.html").read_text(encoding="utf-8")
    evidence = page[page.index('<section class="evidence">') :]
    assert '<span class="strength flagged"' in evidence
    assert "This event 1 source · AI-generated" in _text(evidence)
    # The note and the unread article it cites are one origin: one item of the list.
    [origin] = re.findall(r"<ol class=\"origins\">(.*?)</ol>", evidence)
    assert origin.count("<li>") == 1 and "business-insider-llama-talent" in origin


def test_the_timeline_marks_every_event(site):
    timeline = (site / "timeline.html").read_text(encoding="utf-8")
    events = timeline.count('<li id="')
    assert events == 25 and timeline.count('class="strength') == events
    line = next(li for li in timeline.split("<li ") if 'id="scale-ai-investment"' in li)
    assert "2 independent sources" in line


def test_a_person_page_weighs_the_profile_and_each_role(site):
    text = _text((site / "people/guillaume-lample.html").read_text(encoding="utf-8"))
    assert "This profile 1 source · AI-generated" in text
    assert "co-founder, Mistral AI 1 source · AI-generated" in text


def test_the_conflicts_page_shows_both_values_with_their_sources(site):
    page = (site / "conflicts.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", page)
    assert len(rows) == 2
    assert "14 billion dollars" in rows[0] and "sources/avocado-article.html" in rows[0]
    assert "14.3 billion dollars" in rows[1] and "sources/lecun-leaves-meta.html" in rows[1]
    assert 'href="conflicts.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_a_source_page_lists_what_rests_only_on_it(site):
    page = (site / "sources/llama-rise-and-fall-note.html").read_text(encoding="utf-8")
    section = page[page.index("Rests only on this source") :]
    for claim in ("events/llama-team-exodus.html", "events/llama-paper-2023.html", "people/timothee-lacroix.html"):
        assert claim in section
    assert "events/scale-ai-investment.html" not in section
