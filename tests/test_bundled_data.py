"""The bundled dossier: clean, traceable to the five articles, and saying what they say."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from dossier.index.index import Index
from dossier.load.loader import load_dossier
from dossier.model.dates import parse_date
from tests.helpers import REPO, SHARED

SEEDS = SHARED / "seeds"

# Each article of the dossier and the file its text was taken from (the articles are not
# shipped: the dossier carries excerpts, not whole texts).
SEED_OF_SOURCE = {
    "avocado-article": "000_",
    "llama-rise-and-fall-note": "001_",
    "llama-4-delay-article": "002_",
    "llamacon-article": "003_",
    "lecun-leaves-meta": "004_",
}

# What may precede an article's body in its file: a " date 2025-12-10 " prefix, or a
# YAML front matter block between two `---` lines.
DATE_LINE = re.compile(r"\A\s*date \d{4}-\d{2}-\d{2}\s")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


@cache
def loaded():
    return load_dossier(REPO / "data")


@cache
def index() -> Index:
    return Index(loaded().dossier)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def article_body(path: Path) -> str:
    """The article's text without the metadata its file starts with."""
    text = path.read_text(encoding="utf-8")
    for metadata in (DATE_LINE, FRONT_MATTER):
        text = metadata.sub("", text, count=1)
    return nfc(text)


def seed_path(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}*.txt"))
    assert len(matches) == 1, f"expected one article starting with {prefix} in {SEEDS}"
    return matches[0]


def test_validate_finds_no_problem_at_all():
    problems = loaded().problems
    assert problems == [], "\n".join(str(p) for p in problems)


def test_it_covers_every_kind():
    dossier = loaded().dossier
    for kind in ("people", "labs", "models", "events", "sources", "quotes"):
        assert len(getattr(dossier, kind)) >= 5, kind


def test_seed_files_start_with_the_metadata_we_strip():
    if not SEEDS.is_dir():
        pytest.skip(f"the source articles are not here ({SEEDS})")
    assert DATE_LINE.match(seed_path("000_").read_text(encoding="utf-8"))
    note = seed_path("001_").read_text(encoding="utf-8")
    assert FRONT_MATTER.match(note) and "generated: true" in note and "translated: true" in note


def test_every_quote_is_verbatim_from_its_own_article():
    if not SEEDS.is_dir():
        pytest.skip(f"the source articles are not here ({SEEDS})")
    bodies = {source: article_body(seed_path(prefix)) for source, prefix in SEED_OF_SOURCE.items()}
    quotes = loaded().dossier.quotes
    assert quotes
    missing = [
        f"{quote.id} ({quote.source}): {quote.text!r}"
        for quote in quotes
        if quote.source not in bodies or nfc(quote.text) not in bodies[quote.source]
    ]
    assert missing == [], "quotes not found verbatim in their article:\n" + "\n".join(missing)


def test_every_article_has_quotes_and_every_quote_is_translated():
    dossier = loaded().dossier
    quoted = {quote.source for quote in dossier.quotes}
    assert set(SEED_OF_SOURCE) <= quoted
    assert [q.id for q in dossier.quotes if not q.translation] == []


def test_every_person_lab_and_model_is_reachable():
    dossier, idx = loaded().dossier, index()
    unreachable = [
        record.id
        for record in (*dossier.people, *dossier.labs, *dossier.models)
        if not idx.events_of(record.id)
        and not idx.quotes_of(record.id)
        and not any(link.source != record.id for link in idx.incoming.get(record.id, ()))
    ]
    assert unreachable == []


def test_every_person_takes_part_in_an_event_or_a_quote_or_wrote_a_source():
    dossier, idx = loaded().dossier, index()
    authors = {source.author for source in dossier.sources}
    alone = [p.id for p in dossier.people if not (idx.events_of(p.id) or idx.quotes_of(p.id) or p.id in authors)]
    assert alone == []


def test_every_event_and_every_role_names_a_source():
    dossier = loaded().dossier
    assert [e.id for e in dossier.events if not e.sources] == []
    assert [(p.id, r.org) for p in dossier.people for r in p.roles if not r.sources] == []


def test_the_five_articles_are_described_with_their_caveats():
    by_id = loaded().dossier.by_id
    for source in SEED_OF_SOURCE:
        assert by_id[source].language == "fr"
    assert {"ai-generated", "translated"} <= set(by_id["llama-rise-and-fall-note"].flags)
    assert {"repost", "duplicate-text"} <= set(by_id["lecun-leaves-meta"].flags)
    assert by_id["llama-4-delay-article"].author == "anthony-rodier"
    assert by_id["avocado-article"].published == parse_date("2025-12-10")
    assert len(by_id["llama-rise-and-fall-note"].cites) == 6


def test_facts_a_reader_would_check():
    by_id = loaded().dossier.by_id
    assert by_id["llamacon-2025"].date == parse_date("2025-04-29")
    lecun_at_meta = next(r for r in by_id["yann-lecun"].roles if r.org == "meta")
    assert lecun_at_meta.end is not None and lecun_at_meta.end.sort_key >= parse_date("2025-23").sort_key
    assert by_id["fair"].founded == parse_date("2013") and by_id["fair"].parent == "meta"
    assert by_id["tbd-lab"].parent == "meta"
    behemoth = by_id["llama-4-behemoth"]
    assert behemoth.parameters.active == "288B" and behemoth.family == "llama-4"
    assert by_id["llama-4"].context_window == "10M"
    assert by_id["avocado"].open_weights is False
    assert by_id["behemoth-release-target-autumn"].date == parse_date("2025-23")
    assert by_id["scale-ai-investment"].date == parse_date("2025-06~")


def test_the_scale_ai_investment_keeps_both_figures_with_their_sources():
    idx = index()
    event = idx.get("scale-ai-investment")
    assert {"avocado-article", "lecun-leaves-meta"} <= set(event.sources)
    assert "14 billion" in event.summary and "14.3 billion" in event.summary
    excerpts = {q.source: q.text for q in idx.dossier.quotes if q.event == event.id}
    assert "14 milliards" in excerpts["avocado-article"]
    assert "14,3 milliards" in excerpts["lecun-leaves-meta"]
