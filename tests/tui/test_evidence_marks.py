"""The strength mark on claim lines and profiles, as the panes draw them (bundled dossier)."""

from __future__ import annotations

import pytest
from rich.style import Style

from dossier.index.index import Index
from dossier.load import load_dossier
from dossier.store.paths import bundled_data
from tui.lines import quote_lines, record_line
from tui.profile_text import ProfileBuilder

DIM = Style(dim=True)


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(load_dossier(bundled_data()).dossier)


def _profile(index: Index, record_id: str) -> list[str]:
    return [text.plain for text in ProfileBuilder(index).build(index.get(record_id)).paragraphs]


@pytest.mark.parametrize(
    ("event", "mark"),
    [("llama-team-exodus", "[1 AI]"), ("scale-ai-investment", "[2 src]"), ("meta-stock-drop", "[1 opinion]")],
)
def test_a_timeline_line_carries_the_event_s_strength_before_its_title(index, event, mark):
    record = index.get(event)
    line = record_line(index, record, DIM).plain
    assert line.startswith(f"{record.date.display()}  {mark} ") and line.endswith(record.title)


def test_a_quote_s_head_line_carries_its_strength(index):
    head = quote_lines(index, index.get("q-note-llama-authors-left"), DIM, True, 100)[0].plain
    assert head.endswith("[1 AI]")


def test_an_event_profile_weighs_its_sources_and_shows_the_conflict_side_by_side(index):
    lines = _profile(index, "scale-ai-investment")
    assert "evidence: 2 independent sources" in lines
    assert "Sources (2 independent origins)" in [line.strip() for line in lines]
    start = next(n for n, line in enumerate(lines) if line.strip() == "Conflict: amount invested")
    assert lines[start + 1].startswith("• 14 billion dollars  Meta a beaucoup de retard")
    assert lines[start + 1].endswith("[1 src]")
    assert lines[start + 2].startswith("• 14.3 billion dollars  La fuite des cerveaux")
    assert lines[start + 2].endswith("[1 opinion]")


def test_the_note_and_the_article_it_cites_are_one_origin_on_the_profile(index):
    lines = _profile(index, "llama-team-exodus")
    assert "evidence: 1 source · AI-generated" in lines
    start = lines.index("\nSources (1 independent origin)")
    assert lines[start + 1].startswith("• L'ascension et la chute de Llama de Meta")
    assert lines[start + 2].startswith("    + Meta's Llama AI team has been bleeding talent")


def test_each_role_on_a_person_s_profile_carries_its_strength(index):
    lines = _profile(index, "guillaume-lample")
    assert "• co-founder, Mistral AI  [1 AI]" in lines


def test_a_source_profile_lists_what_rests_only_on_it_and_what_it_merely_supports(index):
    lines = _profile(index, "avocado-article")
    alone = lines.index(next(line for line in lines if line.startswith("\nRests only on this source (")))
    also = lines.index(next(line for line in lines if line.startswith("\nAlso supported by it (")))
    assert any("Zuckerberg tells shareholders" in line for line in lines[alone:also])
    assert any("Meta invests 14 billion dollars in Scale AI" in line for line in lines[also:])


def test_the_ai_note_s_profile_names_the_profiles_and_roles_resting_on_it_alone(index):
    lines = _profile(index, "llama-rise-and-fall-note")
    start = lines.index(next(line for line in lines if line.startswith("\nRests only on this source (")))
    quotes = lines.index(next(line for line in lines if line.startswith("\nQuotes (")))
    assert start < quotes  # what rests on it comes before its 21 quotes
    section = lines[start:quotes]
    assert "• Timothée Lacroix  person profile" in section
    assert "• Guillaume Lample  role: co-founder at Mistral AI" in section
    assert any("Only three of the 14 key Llama authors remain at Meta" in line for line in section)
    assert not any("Scale AI" in line for line in section)
