"""`dossier cite ID`: a ready-to-paste, one-line, markup-free citation.

`plain` is the dossier's own form; the other styles are CSL, rendered by citeproc-py
(the `cite` extra; see tests/export/test_citations.py for more).
"""

import pytest

from tests.helpers import MINIMAL, run_cli, write_dossier

needs_citeproc = pytest.mark.skipif(
    not __import__("importlib").util.find_spec("citeproc"), reason="CSL styles need the cite extra"
)


@needs_citeproc
def test_cite_plain_chicago_apa(minimal):
    plain = run_cli("cite", "q-one", "--data", str(minimal))
    assert plain.returncode == 0, plain.stderr
    assert (
        plain.stdout
        == "Ada Lovelace: « Le meilleur modèle au monde » — Lab Y, “Un article”, ~ May 2025 [ai-generated]\n"
    )
    chicago = run_cli("cite", "q-one", "--style", "chicago", "--data", str(minimal))
    assert chicago.stdout == (
        "Ada Lovelace: « Le meilleur modèle au monde » — Lab Y. [2025?]. “Un article”. Lab Y, May. [ai-generated]\n"
    )
    apa = run_cli("cite", "q-one", "--style", "apa", "--data", str(minimal))
    assert (
        apa.stdout
        == "Ada Lovelace: « Le meilleur modèle au monde » — Lab Y. (ca. 2025, May). Un article. Lab Y. [ai-generated]\n"
    )


@needs_citeproc
def test_cite_puts_unquoted_text_in_the_marks_of_its_language(tmp_path):
    source = """
        title: A post
        published: 2024-02-03
        url: https://example.org/p
        language: en
        quotes:
          - id: q-en
            text: We ship on Monday.
          - id: q-fr
            lang: fr
            text: On livre lundi.
    """
    root = write_dossier(tmp_path / "d", {**MINIMAL, "sources/post.yaml": source})
    english = run_cli("cite", "q-en", "--data", str(root))
    assert english.stdout == "“We ship on Monday.” — “A post”, 3 Feb 2024, https://example.org/p\n"
    french = run_cli("cite", "q-fr", "--style", "apa", "--data", str(root))
    assert french.stdout == "« On livre lundi. » — A post. (2024, February 3). https://example.org/p\n"


def test_cite_unknown_id_suggests_a_quote(minimal):
    result = run_cli("cite", "q-on", "--data", str(minimal))
    assert result.returncode == 1
    assert "no quote or source with id 'q-on' (did you mean 'q-one'?)" in result.stderr
    not_a_quote = run_cli("cite", "lab-x", "--data", str(minimal))
    assert not_a_quote.returncode == 1
    assert "'lab-x' is a lab, not a quote or a source" in not_a_quote.stderr


def test_cite_shows_markup_literally_and_control_characters_as_escapes(tmp_path):
    source = 'title: "[bold]T[/bold]"\nquotes:\n  - id: q-x\n    text: "a\\x1b[31m red [b]x[/b]"\n'
    root = write_dossier(tmp_path / "d", {**MINIMAL, "sources/evil.yaml": source})
    result = run_cli("cite", "q-x", "--data", str(root))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert result.stdout == "“a\\x1b[31m red [b]x[/b]” — “[bold]T[/bold]”\n"


def test_apa_never_cites_an_unknown_author_where_the_outlet_or_title_is_known():
    bundled = run_cli("cite", "q-avocado-far-behind", "--style", "apa")
    assert bundled.returncode == 0 and "Unknown" not in bundled.stdout
    assert "(2025, December 10)" in bundled.stdout
    gate = run_cli("cite", "q-repost-lecun-leaves", "--style", "apa")
    assert gate.returncode == 0 and "Unknown" not in gate.stdout and "Gate" in gate.stdout
