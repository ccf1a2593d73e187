"""The two Markdown outputs of `export --format markdown`: the one document on stdout and
the folder of notes say the same of every record, because one writer renders both."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from tests.helpers import REPO, run_cli

ANCHOR = re.compile(r'^<a id="([^"]+)"></a>$', re.M)
HREF = re.compile(r"\]\([^)\s]*\)")


def document(root: Path) -> str:
    done = run_cli("export", "--format", "markdown", "--data", str(root))
    assert done.returncode == 0, done.stderr
    return done.stdout


def folder(root: Path, out: Path) -> Path:
    done = run_cli("export", "--format", "markdown", str(out), "--data", str(root))
    assert done.returncode == 0, done.stderr
    return out


def sections(text: str) -> dict[str, str]:
    """{record id: its section} of the one document."""
    found = {}
    marks = list(ANCHOR.finditer(text))
    for number, mark in enumerate(marks):
        end = marks[number + 1].start() if number + 1 < len(marks) else len(text)
        found[mark.group(1)] = re.split(r"^## ", text[mark.end() : end], flags=re.M)[0]
    return found


def note_body(note: Path) -> str:
    """A note without its front matter and the line of links to the folder's pages."""
    text = note.read_text(encoding="utf-8")
    return text.split("---\n", 2)[2].split("\n", 2)[2]


def same_facts(text: str) -> list[str]:
    """The lines of a section with where each link points and the headings' levels left out."""
    return [re.sub(r"^#+ ", "# ", HREF.sub("]", line)) for line in text.strip().splitlines()]


def test_a_person_shows_the_same_roles_and_sources_in_the_document_and_in_the_folder(minimal, tmp_path):
    ada = sections(document(minimal))["ada-lovelace"]
    note = note_body(folder(minimal, tmp_path / "md") / "people" / "Ada Lovelace.md")
    for text, lab, source, quote in (
        (ada, "(#lab-x)", "(#article-one)", "(#q-one)"),
        (note, "(../labs/Lab%20X.md)", "(../sources/Un%20article.md)", "(../quotes/q-one.md)"),
    ):
        role = f"Chief Scientist, [Lab X]{lab} (Apr 2023 – ~ spring 2025) — sources: [Un article]{source}"
        assert f"- **roles:** {role} ⚠ **ai-generated**" in text
        assert re.search(
            rf"^#+ Said\n\n- \[« Le meilleur modèle au monde »\]{re.escape(quote)} — Ada Lovelace", text, re.M
        )
    assert same_facts(ada) == same_facts(note)


def test_every_record_of_the_bundled_dossier_says_the_same_in_both(tmp_path):
    text = document(REPO / "data")
    found = sections(text)
    out = folder(REPO / "data", tmp_path / "md")
    notes = [n for n in out.rglob("*.md") if n.parent != out]
    assert len(found) == len(notes) > 150
    for note in notes:
        body = note_body(note)
        aliases = re.search(r"^aliases:\n((?:- .*\n)*)", note.read_text(encoding="utf-8"), re.M)
        # The id is the last alias, unless the note is named by it (a quote's).
        record_id = aliases.group(1).splitlines()[-1][2:] if aliases else note.stem
        assert same_facts(found[record_id]) == same_facts(body), note


def test_the_document_links_land_on_its_own_anchors(minimal):
    text = document(minimal)
    anchors = set(ANCHOR.findall(text))
    hrefs = [
        child.attrs["href"]
        for token in MarkdownIt("commonmark").parse(text)
        for child in token.children or ()
        if child.type == "link_open"
    ]
    assert hrefs and all(h.startswith("#") and h[1:] in anchors for h in hrefs)
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## People", "## Labs", "## Models", "## Timeline", "## Sources", "## Quotes",
    ]  # fmt: skip
    assert "### 5 Apr 2025 — Model One is released" in text
    assert "### Quote q-one" in text and "> « Le meilleur modèle au monde »" in text
