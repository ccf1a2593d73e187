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


def test_every_event_role_and_profile_names_a_source():
    dossier = loaded().dossier
    assert [e.id for e in dossier.events if not e.sources] == []
    assert [(p.id, r.org) for p in dossier.people for r in p.roles if not r.sources] == []
    assert [r.id for r in (*dossier.people, *dossier.labs, *dossier.models) if not r.sources] == []


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
    assert lecun_at_meta.end is not None and lecun_at_meta.end.earliest >= parse_date("2025-23").earliest
    assert by_id["fair"].founded == parse_date("2013") and by_id["fair"].parent == "meta"
    assert by_id["tbd-lab"].parent == "meta"
    behemoth = by_id["llama-4-behemoth"]
    assert behemoth.parameters.active == "288B" and behemoth.family == "llama-4"
    assert by_id["llama-4"].context_window == "10M"
    # The article only reports it closed ("ne serait pas open source"): a plain false
    # would drop the hedge, so the field is left unset and the summary says it.
    assert by_id["avocado"].open_weights is None
    assert "would reportedly not be open source" in " ".join(by_id["avocado"].summary.split())
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
    # The two figures are one conflict, each value with the source that gives it.
    [conflict] = idx.evidence.conflicts_of(event)
    assert [(s.figure.value, s.figure.sources) for s in conflict.sides] == [
        ("14 billion dollars", ("avocado-article",)),
        ("14.3 billion dollars", ("lecun-leaves-meta",)),
    ]
    assert "14 milliards de dollars" in excerpts["avocado-article"]
    assert "49 %" in excerpts["lecun-leaves-meta"] and "49 %" in conflict.sides[1].figure.note


# ---------------------------------------------------------------------------------------
# Claims checked against the articles. Each row: the record and the field that holds the
# claim, a fragment of the stored value, the article (source id) that supports it and the
# passage of that article, which must be found in the article's text. The article must
# also be among the sources the claim cites.

# fmt: off
FACTS = [
    # people
    ("alexandr-wang", "roles[scale-ai].title", "founder", "lecun-leaves-meta", "le fondateur de Scale AI, Alexandr Wang"),
    ("alexandr-wang", "roles[meta-superintelligence].title", "head", "lecun-leaves-meta", "l'a nommé à la tête de la nouvelle division Superintelligence"),
    ("alexandr-wang", "roles[tbd-lab].title", "leader", "avocado-article", "TBD Lab, la division d'élite pilotée par Alexandr Wang"),
    ("chris-cox", "roles[meta-genai].title", "head of the AI product unit", "avocado-article", "responsable du pôle IA produit"),
    ("chris-cox", "summary", "long-standing figure", "avocado-article", "figure historique de la maison"),
    ("guillaume-lample", "roles[mistral-ai].title", "co-founder", "llama-rise-and-fall-note", "Mistral AI (co-fondé par d'anciens chercheurs de Meta, Guillaume Lample et Timothée Lacroix)"),
    ("timothee-lacroix", "roles[meta].title", "researcher", "llama-rise-and-fall-note", "d'anciens chercheurs de Meta, Guillaume Lample et Timothée Lacroix"),
    ("ion-stoica", "roles[lm-arena].title", "co-founder", "llamacon-article", "Ion Stoica, co-fondateur de LM Arena et professeur à UC Berkeley"),
    ("ion-stoica", "roles[uc-berkeley].title", "professor", "llamacon-article", "professeur à UC Berkeley"),
    ("jeff-boudier", "roles[hugging-face].title", "head of product", "llamacon-article", "Jeff Boudier, responsable produit chez Hugging Face"),
    ("jeremy-nixon", "roles[agi-house].title", "hackathon organiser", "llamacon-article", "Jeremy Nixon, organisateur de hackathons à AGI House"),
    ("joelle-pineau", "roles[meta].title", "VP of AI research", "lecun-leaves-meta", "Joelle Pineau ( VP de la recherche en IA )"),
    ("joelle-pineau", "roles[meta].title", "VP of AI research", "llamacon-article", "Joelle Pineau, vice-présidente de la recherche IA"),
    ("joelle-pineau", "roles[cohere].org", "cohere", "lecun-leaves-meta", "a rejoint Cohere"),
    ("nathan-lambert", "roles[ai2].title", "researcher", "llamacon-article", "Nathan Lambert, chercheur chez Ai2"),
    ("ravid-shwartz-ziv", "roles[nyu].title", "researcher", "llamacon-article", "Ravid Shwartz-Ziv, chercheur à NYU"),
    ("shengjia-zhao", "roles[meta-superintelligence].title", "chief scientist", "lecun-leaves-meta", "vient de rejoindre le laboratoire de Superintelligence en tant que scientifique en chef"),
    ("shengjia-zhao", "summary", "Co-creator of [[chatgpt]]", "lecun-leaves-meta", "Shengjia Zhao, co-créateur de ChatGPT"),
    ("yann-lecun", "summary", "Turing Award laureate", "lecun-leaves-meta", "LeCun, lauréat du prix Turing"),
    ("yann-lecun", "roles[meta].note", "figure proéminente de l'IA chez Meta", "avocado-article", "Yann LeCun, figure proéminente de l'IA chez Meta"),
    ("yann-lecun", "roles[meta-superintelligence].title", "reporting to Alexandr Wang", "lecun-leaves-meta", "avec LeCun lui rapportant"),
    ("yann-lecun", "roles[lecun-world-models-startup].title", "founder", "lecun-leaves-meta", "il quitte Meta pour fonder sa propre entreprise"),
    ("mark-zuckerberg", "roles[meta].org", "meta", "avocado-article", "dernier modèle de langage de son entreprise"),
    ("anthony-rodier", "summary", "buying guides", "llama-4-delay-article", "des critiques objectives, des guides d'achat ou des analyses approfondies"),
    # labs
    ("fair", "parent", "meta", "llama-rise-and-fall-note", "laboratoire de recherche fondamentale en IA (FAIR) de Meta"),
    ("fair", "summary", "birthplace of the first [[llama]] models", "llama-rise-and-fall-note", "berceau des premiers Llama"),
    ("tbd-lab", "summary", "elite division", "avocado-article", "la division d'élite pilotée par Alexandr Wang"),
    ("tbd-lab", "summary", "$100 million", "lecun-leaves-meta", "$100 millions de packages de rémunération à TBD Lab"),
    ("meta-superintelligence", "parent", "meta", "lecun-leaves-meta", "la nouvelle division Superintelligence"),
    ("scale-ai", "summary", "AI start-up", "avocado-article", "la start-up d'IA Scale AI"),
    ("scale-ai", "summary", "49 % stake", "lecun-leaves-meta", "une participation de 49 %"),
    ("mistral-ai", "summary", "Open-source rival", "llama-rise-and-fall-note", "des acteurs open-source plus agiles comme Mistral et DeepSeek"),
    ("deepseek", "summary", "Lab called open-source", "llamacon-article", "laboratoires open-source comme DeepSeek"),
    ("openai", "summary", "dominate", "llamacon-article", "les géants fermés, comme OpenAI, dominent les benchmarks"),
    ("openai", "summary", "série GPT", "llama-rise-and-fall-note", "OpenAI (série GPT)"),
    ("google", "summary", "better pricing", "llama-rise-and-fall-note", "une meilleure tarification"),
    ("gate", "summary", "guarantees", "lecun-leaves-meta", "Gate ne garantit ni l'exactitude ni la validité de ces contenus"),
    ("hugging-face", "summary", "[[llama-3-3]] is still downloaded more", "llamacon-article", "Llama 3.3 reste plus téléchargé que Llama 4"),
    ("alibaba", "summary", "[[qwen3|Qwen3]]", "llamacon-article", "Alibaba, avec sa collection Qwen3"),
    # models
    ("llama-4", "context_window", "10M", "llama-rise-and-fall-note", "fenêtre de contexte de 10 millions de tokens"),
    ("llama-4", "summary", "multimodal", "llama-rise-and-fall-note", "ses fonctionnalités multimodales"),
    ("llama-4", "summary", "on a weekend", "llama-rise-and-fall-note", "publié un week-end sans toutes ses variantes"),
    ("llama-4-behemoth", "parameters.active", "288B", "llama-4-delay-article", "Avec ses 288 milliards de paramètres actifs"),
    ("llama-4-behemoth", "summary", "reportedly expected to surpass", "llama-4-delay-article", "serait censé dépasser"),
    ("llama-4-behemoth", "summary", "the best base model in the world", "llama-4-delay-article", "le meilleur modèle de base au monde"),
    ("llama-4-behemoth", "status", "delayed", "llama-4-delay-article", "le modèle serait maintenant repoussé à l’automne, voire plus tard"),
    ("llama-4-behemoth", "family", "llama-4", "llama-4-delay-article", 'Llama 4 "Behemoth"'),
    ("llama-4-scout", "family", "llama-4", "llama-4-delay-article", "deux versions allégées de Llama 4, baptisées Scout et Maverick"),
    ("little-llama", "status", "in-development", "llama-4-delay-article", 'en prépare une troisième, surnommée "Little Llama"'),
    ("llama-4-maverick-experimental", "status", "unreleased", "llamacon-article", "cette version n’a jamais été rendue publique"),
    ("llama-4-reasoning", "status", "announced", "llamacon-article", "a teasé un futur modèle de raisonnement sans donner de date précise"),
    ("avocado", "developer", "tbd-lab", "avocado-article", "Pour le mettre au point, TBD Lab"),
    ("avocado", "summary", "would reportedly not be open source", "avocado-article", "Avocado ne serait pas open source"),
    ("llama-1", "open_weights", "True", "llama-rise-and-fall-note", "des alternatives open-source"),
    ("gpt-3-5", "open_weights", "False", "llama-rise-and-fall-note", "des systèmes fermés comme GPT-3.5"),
    ("gpt-4o", "developer", "openai", "llamacon-article", "GPT-4o d’OpenAI"),
    ("deepseek-r1", "developer", "deepseek", "llamacon-article", "R1 et V3 de DeepSeek"),
    ("deepseek-r1", "summary", "Low-cost Chinese model", "llama-rise-and-fall-note", "DeepSeek R1 (un modèle chinois à faible coût)"),
    ("gemini", "developer", "google", "llama-rise-and-fall-note", "Google (Gemini)"),
    ("gpt", "developer", "openai", "llama-rise-and-fall-note", "OpenAI (série GPT)"),
    ("qwen3", "developer", "alibaba", "llamacon-article", "Alibaba, avec sa collection Qwen3"),
    ("grok-4-fast", "aliases", "x-ai/grok-4-fast", "llama-rise-and-fall-note", "model: x-ai/grok-4-fast"),
    # events
    ("llama-4-released", "title", "the reception is mixed", "llamacon-article", "Pourtant, les retours ont été mitigés."),
    ("llamacon-2025", "title", "in Menlo Park", "llamacon-article", "organisée par Meta à Menlo Park"),
    ("scale-ai-investment", "summary", "says 14 billion dollars", "avocado-article", "investir 14 milliards de dollars dans la start-up d'IA Scale AI"),
    ("scale-ai-investment", "summary", "14.3 billion dollars", "lecun-leaves-meta", "14,3 milliards de dollars"),
    ("meta-ai-infrastructure-2025", "title", "up to 72 billion dollars", "llama-4-delay-article", "jusqu’à 72 milliards de dollars cette année"),
    ("meta-ai-layoffs", "title", "600 AI employees", "lecun-leaves-meta", "Meta a licencié 600 employés en IA."),
    ("meta-stock-drop", "title", "12.6 %", "lecun-leaves-meta", "L'action de Meta a chuté de 12,6 % à la fin octobre, effaçant $240 milliards"),
    ("ai-spending-100-billion", "title", "could reach 100 billion dollars", "lecun-leaves-meta", "pourraient atteindre $100 milliards l'année prochaine"),
    ("meta-ai-reorganisation", "summary", "70-hour weeks", "avocado-article", "des semaines de 70 heures en interne"),
    ("llama-team-exodus", "title", "three of the 14", "llama-rise-and-fall-note", "Sur les 14 auteurs clés, seulement trois restaient à la mi-2025"),
    ("llama-team-exodus", "summary", "more than five years of seniority", "llama-rise-and-fall-note", "plus de cinq ans d'ancienneté par départ"),
    ("llama-team-exodus", "summary", "Insiders cited burnout", "llama-rise-and-fall-note", "Des initiés ont cité l'épuisement dû à des délais agressifs"),
    ("behemoth-delay-reported", "summary", "put on hold", "llama-rise-and-fall-note", 'la mise en suspens du modèle massif "Behemoth"'),
    ("lecun-leaves-meta-announced", "summary", "fundraising", "lecun-leaves-meta", "Il est déjà en pourparlers de levée de fonds."),
    ("avocado-reported", "title", "would not be open source", "avocado-article", "Avocado ne serait pas open source"),
    ("pineau-departure-announced", "summary", "reported by TechCrunch", "llamacon-article", "Des témoignages rapportés par TechCrunch"),
    # sources
    ("llama-rise-and-fall-note", "flags", "ai-generated", "llama-rise-and-fall-note", "generated: true"),
    ("llama-rise-and-fall-note", "flags", "translated", "llama-rise-and-fall-note", "translated: true"),
    ("llama-4-delay-article", "author", "anthony-rodier", "llama-4-delay-article", "A propos de l'auteur\n\nAnthony Rodier"),
    ("wsj-behemoth-report", "url", "f4b105f7", "llama-rise-and-fall-note", "https://www.wsj.com/tech/ai/meta-is-delaying-the-rollout-of-its-flagship-ai-model-f4b105f7"),
    ("fortune-fair-slow-death", "title", "dying a slow death", "llama-rise-and-fall-note", "Meta’s AI research lab is ‘dying a slow death’"),
]
# fmt: on


def article_text(source: str) -> str:
    """The whole file of an article, metadata included (a date line, a front matter)."""
    return nfc(seed_path(SEED_OF_SOURCE[source]).read_text(encoding="utf-8"))


def claim(record_id: str, field: str):
    """The stored value of `field` and the sources it cites (a role's own, else the record's)."""
    record = loaded().dossier.by_id[record_id]
    role = re.fullmatch(r"roles\[([a-z0-9-]+)\]\.(\w+)", field)
    if role:
        held = next(r for r in record.roles if r.org == role[1])
        return getattr(held, role[2]), held.sources
    value = record
    for part in field.split("."):
        value = getattr(value, part)
    if hasattr(record, "quotes"):  # a source: it rests on itself and on what links it
        return value, (record.id, *record.cites)
    return value, getattr(record, "sources", ())


def supports(article: str, record_id: str, cited: tuple[str, ...]) -> bool:
    if article in cited:
        return True
    record = loaded().dossier.by_id[record_id]
    # A source's own facts may come from another article: its summary must link it, or
    # that article must list it among its references.
    if hasattr(record, "quotes"):
        return f"[[{article}" in (record.summary or "") or record_id in loaded().dossier.by_id[article].cites
    return False


def folded(text: str) -> str:
    return " ".join(nfc(text).split())


def stored_text(value) -> str:
    if isinstance(value, (tuple, list)):
        return folded(" ".join(str(v) for v in value))
    return folded(str(value))


def needs_seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"the source articles are not here ({SEEDS})")


@pytest.mark.parametrize(
    ("record", "field", "stored", "article", "passage"), FACTS, ids=lambda v: v if isinstance(v, str) else None
)
def test_a_stored_claim_is_in_the_article_it_cites(record, field, stored, article, passage):
    needs_seeds()
    value, cited = claim(record, field)
    assert folded(stored) in stored_text(value), f"{record}.{field} no longer says {stored!r}: {value!r}"
    assert supports(article, record, tuple(cited)), f"{record}.{field} does not cite {article}"
    assert nfc(passage) in article_text(article), f"{article} does not say {passage!r}"


# ---------------------------------------------------------------------------------------
# Every date of the dossier, with the passages that give it and the finest precision
# they support. A date may not be finer than its passages; a date whose year or month is
# inferred carries `?` (or `%`), and where a year comes from another article, that
# article is cited (or, for a source's own date, linked from its summary). Passages are
# given as (article, passage).

# fmt: off
DATE_LINE_AVOCADO = ("avocado-article", "date 2025-12-10")
LLAMACON_DAY = ("llamacon-article", "Organisée le 29 avril 2025")
A_MONTH_AFTER = ("llama-4-delay-article", "Il y a un mois, Meta organisait LlamaCon")
JUST_BEFORE_SUMMER = ("avocado-article", "Juste avant l'été, Mark Zuckerberg a pris une décision radicale")
LLAMA_4_APRIL = ("llamacon-article", "Le lancement de Llama 4 en avril 2025")
LECUN_JUST_ANNOUNCED = ("lecun-leaves-meta", "vient d'annoncer qu'il quitte Meta")
LECUN_HAS_LEFT = ("avocado-article", "plusieurs talents ont plié bagage, dont Yann LeCun")
END_OF_OCTOBER = ("lecun-leaves-meta", "à la fin octobre")
SAME_SENTENCE_AS_DEAL = ("lecun-leaves-meta", "Alexandr Wang, et l'a nommé à la tête de la nouvelle division Superintelligence")

DATES = [
    # (record, field, stored EDTF, finest precision the passages give, passages)
    ("fair-founded", "date", "2013", "year", [("lecun-leaves-meta", "FAIR, fondée en 2013")]),
    ("fair", "founded", "2013", "year", [("lecun-leaves-meta", "FAIR, fondée en 2013")]),
    ("llama-1-2-released", "date", "2023", "year", [("llama-rise-and-fall-note", "En 2023, Meta a fait une entrée remarquée sur la scène de l'IA avec Llama 1 et 2")]),
    ("llama-1", "released", "2023", "year", [("llama-rise-and-fall-note", "En 2023, Meta a fait une entrée remarquée sur la scène de l'IA avec Llama 1 et 2")]),
    ("llama-2", "released", "2023", "year", [("llama-rise-and-fall-note", "En 2023, Meta a fait une entrée remarquée sur la scène de l'IA avec Llama 1 et 2")]),
    ("llama-paper-2023", "date", "2023", "year", [("llama-rise-and-fall-note", "créditée dans l'article de recherche de 2023")]),
    ("meta-genai-shift", "date", "2025", "year", [("llama-rise-and-fall-note", "D'ici 2025, cela s'est manifesté par la \"mort lente\" de FAIR")]),
    ("meta-ai-infrastructure-2025", "date", "2025", "year", [("llama-4-delay-article", "72 milliards de dollars cette année"), A_MONTH_AFTER, LLAMACON_DAY]),
    ("chris-cox-departure", "date", "2025", "year", [("avocado-article", "Le départ de Chris Cox"), ("avocado-article", "après le lancement raté de Llama 4"), LLAMA_4_APRIL]),
    ("chris-cox", "roles[meta-genai].end", "2025", "year", [("avocado-article", "après le lancement raté de Llama 4"), LLAMA_4_APRIL]),
    ("meta-ai-reorganisation", "date", "2025", "year", [("avocado-article", "la vaste réorganisation opérée ces derniers mois"), DATE_LINE_AVOCADO]),
    ("meta-ai-layoffs", "date", "2025", "year", [("avocado-article", "L'entreprise a également procédé à des licenciements massifs"), DATE_LINE_AVOCADO]),
    ("zhao-joins-superintelligence", "date", "2025?", "year", [("lecun-leaves-meta", "vient de rejoindre le laboratoire de Superintelligence")]),
    ("shengjia-zhao", "roles[meta-superintelligence].start", "2025?", "year", [("lecun-leaves-meta", "vient de rejoindre le laboratoire de Superintelligence")]),
    ("pineau-joins-cohere", "date", "2025?", "year", [("lecun-leaves-meta", "a rejoint Cohere"), ("llamacon-article", "annoncé en avril 2025")]),
    ("llama-4-released", "date", "2025-04", "month", [LLAMA_4_APRIL]),
    ("llama-4", "released", "2025-04", "month", [LLAMA_4_APRIL]),
    ("llama-4-maverick", "released", "2025-04?", "month", [LLAMA_4_APRIL, ("llama-4-delay-article", "deux versions allégées de Llama 4, baptisées Scout et Maverick")]),
    ("llama-4-scout", "released", "2025-04?", "month", [LLAMA_4_APRIL, ("llama-4-delay-article", "deux versions allégées de Llama 4, baptisées Scout et Maverick")]),
    ("maverick-lm-arena-controversy", "date", "2025-04~", "month", [LLAMA_4_APRIL, ("llamacon-article", "Une Polémique Autour Des Benchmarks")]),
    ("pineau-departure-announced", "date", "2025-04", "month", [("llamacon-article", "Le départ de Joelle Pineau, vice-présidente de la recherche IA, annoncé en avril 2025")]),
    ("joelle-pineau", "roles[meta].end", "2025-04?", "month", [("llamacon-article", "annoncé en avril 2025")]),
    ("llamacon-2025", "date", "2025-04-29", "day", [LLAMACON_DAY]),
    ("behemoth-delay-reported", "date", "2025-05~", "month", [A_MONTH_AFTER, ("llama-4-delay-article", "Aujourd’hui, un rapport du Wall Street Journal"), LLAMACON_DAY]),
    ("behemoth-release-target-autumn", "date", "2025-23", "season", [("llama-4-delay-article", "repoussé à l’automne, voire plus tard"), A_MONTH_AFTER, LLAMACON_DAY]),
    ("scale-ai-investment", "date", "2025-06~", "month", [JUST_BEFORE_SUMMER, DATE_LINE_AVOCADO]),
    ("talent-poaching-packages", "date", "2025-06~", "month", [JUST_BEFORE_SUMMER, ("avocado-article", "Meta a sorti des chèques mirobolants"), DATE_LINE_AVOCADO]),
    ("wang-heads-superintelligence", "date", "2025-06%", "month", [SAME_SENTENCE_AS_DEAL, JUST_BEFORE_SUMMER]),
    ("alexandr-wang", "roles[meta-superintelligence].start", "2025-06%", "month", [SAME_SENTENCE_AS_DEAL, JUST_BEFORE_SUMMER]),
    ("yann-lecun", "roles[meta-superintelligence].start", "2025-06%", "month", [SAME_SENTENCE_AS_DEAL, JUST_BEFORE_SUMMER]),
    ("llama-team-exodus", "date", "2025-06~", "month", [("llama-rise-and-fall-note", "seulement trois restaient à la mi-2025")]),
    ("ai-spending-100-billion", "date", "2025-10?", "month", [("lecun-leaves-meta", "Les investisseurs ont paniqué lorsque Zuckerberg a déclaré"), END_OF_OCTOBER]),
    ("meta-stock-drop", "date", "2025-10?", "month", [END_OF_OCTOBER]),
    ("lecun-leaves-meta-announced", "date", "2025-11~", "month", [LECUN_JUST_ANNOUNCED, END_OF_OCTOBER, LECUN_HAS_LEFT, DATE_LINE_AVOCADO]),
    ("yann-lecun", "roles[meta].end", "2025-11~", "month", [LECUN_JUST_ANNOUNCED, LECUN_HAS_LEFT, DATE_LINE_AVOCADO]),
    ("yann-lecun", "roles[fair].end", "2025-11~", "month", [LECUN_JUST_ANNOUNCED, LECUN_HAS_LEFT, DATE_LINE_AVOCADO]),
    ("yann-lecun", "roles[meta-superintelligence].end", "2025-11~", "month", [LECUN_JUST_ANNOUNCED, LECUN_HAS_LEFT, DATE_LINE_AVOCADO]),
    ("yann-lecun", "roles[lecun-world-models-startup].start", "2025-11~", "month", [("lecun-leaves-meta", "lance une start-up"), LECUN_HAS_LEFT, DATE_LINE_AVOCADO]),
    ("zuckerberg-most-talent-statement", "date", "2025-11~", "month", [("avocado-article", "lors d'une réunion récente avec les actionnaires de Meta"), DATE_LINE_AVOCADO]),
    ("avocado-reported", "date", "2025-12~", "month", [("avocado-article", "une information notable circule dans la presse américaine"), DATE_LINE_AVOCADO]),
    ("avocado-article", "published", "2025-12-10", "day", [DATE_LINE_AVOCADO]),
    ("llamacon-article", "published", "2025-04~", "month", [LLAMACON_DAY, ("llamacon-article", "annoncé en avril 2025")]),
    ("llama-4-delay-article", "published", "2025-05~", "month", [A_MONTH_AFTER, LLAMACON_DAY]),
    ("wsj-behemoth-report", "published", "2025-05~", "month", [("llama-4-delay-article", "Aujourd’hui, un rapport du Wall Street Journal"), A_MONTH_AFTER]),
    ("lecun-leaves-meta", "published", "2025-11~", "month", [LECUN_JUST_ANNOUNCED, END_OF_OCTOBER, LECUN_HAS_LEFT]),
    ("llama-rise-and-fall-note", "published", "2025-22~", "season", [("llama-rise-and-fall-note", "seulement trois restaient à la mi-2025"), ("llama-rise-and-fall-note", "La société recrute maintenant agressivement")]),
    ("business-insider-llama-talent", "published", "2025-05?", "month", [("llama-rise-and-fall-note", "https://www.businessinsider.com/meta-llama-ai-talent-mistral-2025-5")]),
    ("fortune-fair-slow-death", "published", "2025-04-10?", "day", [("llama-rise-and-fall-note", "https://fortune.com/2025/04/10/")]),
]
# fmt: on

PRECISIONS = ["year", "season", "month", "day"]


def every_date_in_the_dossier():
    dossier = loaded().dossier
    for event in dossier.events:
        yield event.id, "date"
    for person in dossier.people:
        for role in person.roles:
            for end in ("start", "end"):
                if getattr(role, end) is not None:
                    yield person.id, f"roles[{role.org}].{end}"
    for model in dossier.models:
        if model.released is not None:
            yield model.id, "released"
    for lab in dossier.labs:
        for end in ("founded", "dissolved"):
            if getattr(lab, end) is not None:
                yield lab.id, end
    for source in dossier.sources:
        if source.published is not None:
            yield source.id, "published"


def test_every_date_has_a_row_with_its_passages():
    rows = {(record, field) for record, field, *_ in DATES}
    assert [d for d in every_date_in_the_dossier() if d not in rows] == []
    assert len(rows) == len(DATES), "two rows for one date"


@pytest.mark.parametrize(
    ("record", "field", "edtf", "precision", "passages"), DATES, ids=lambda v: v if isinstance(v, str) else None
)
def test_a_date_is_no_finer_than_its_passages(record, field, edtf, precision, passages):
    needs_seeds()
    value, cited = claim(record, field)
    assert value.edtf == edtf
    assert PRECISIONS.index(value.precision) <= PRECISIONS.index(precision), (
        f"{record}.{field} is {edtf}, finer than the {precision} its passages give"
    )
    for article, passage in passages:
        assert nfc(passage) in article_text(article), f"{article} does not say {passage!r}"
        assert supports(article, record, tuple(cited)), f"{record}.{field} rests on {article} but does not cite it"
    if len(passages) > 1 and precision == "month" and not (value.approximate or value.uncertain):
        pytest.fail(f"{record}.{field}: a month put together from several passages should say so with ~ or ?")


def test_an_inferred_date_says_what_it_is_inferred_from():
    """A `?` or `%` date is explained in words: by its event's summary or its role's note."""
    dossier = loaded().dossier
    unexplained = [e.id for e in dossier.events if e.date.uncertain and "inferred" not in " ".join(e.summary.split())]
    unexplained += [
        f"{p.id}:{r.org}"
        for p in dossier.people
        for r in p.roles
        for d in (r.start, r.end)
        if d is not None and d.uncertain and not r.note
    ]
    assert unexplained == []


def test_the_cited_publications_never_read_are_flagged():
    dossier = loaded().dossier
    articles = set(SEED_OF_SOURCE)
    unread = {s.id for s in dossier.sources if s.id not in articles}
    assert len(unread) == 7
    assert [s for s in sorted(unread) if "not-read" not in dossier.by_id[s].flags] == []
    assert [s for s in sorted(articles) if "not-read" in dossier.by_id[s].flags] == []


def test_spoken_quotes_say_they_are_renderings():
    """A speaker's words the French articles report, presumably said in English."""
    dossier = loaded().dossier
    silent = [
        q.id
        for q in dossier.quotes
        if q.speaker and q.source in SEED_OF_SOURCE and "rendering" not in " ".join((q.note or "").split())
    ]
    assert silent == []


def test_quote_ids_are_unique_across_the_dossier():
    dossier = loaded().dossier
    ids = [q.id for q in dossier.quotes]
    assert len(ids) == len(set(ids))
    assert not set(ids) & {
        r.id for kind in ("people", "labs", "models", "events", "sources") for r in getattr(dossier, kind)
    }


def test_no_title_or_alias_that_no_article_gives():
    by_id = loaded().dossier.by_id
    assert not any(r.title for r in by_id["mark-zuckerberg"].roles)
    assert not any(r.title for r in by_id["yann-lecun"].roles if r.org in ("meta", "fair"))
    assert "Meta Platforms" not in by_id["meta"].aliases
    assert "Meta Superintelligence Labs" not in by_id["meta-superintelligence"].aliases
    assert not by_id["chatgpt"].developer and not by_id["claude-3-7-sonnet"].developer
