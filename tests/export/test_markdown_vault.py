"""The Markdown folder as a note app reads it: notes named after records, YAML front matter,
and every link (as markdown-it-py, the CommonMark parser Rich ships with, finds it) resolving."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt

from tests.helpers import MINIMAL, REPO, run_cli, write_dossier

VAULT = {
    **MINIMAL,
    "people/twin.yaml": "name: Ada Lovelace\n",  # a second Ada: two notes, two names
    "people/slashes.yaml": 'name: "AC/DC: a band? <yes> #1 [x]"\n',
    "people/con.yaml": "name: CON\n",
    "labs/long.yaml": "name: " + "word " * 40 + "\n",
}
FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)
OBSIDIAN_TAG = re.compile(r"^[\w/-]*[^\W\d][\w/-]*$")  # no spaces, not only digits


def export_vault(root: Path, out: Path) -> list[Path]:
    result = run_cli("export", "--format", "markdown", str(out), "--data", str(root))
    assert result.returncode == 0, result.stderr
    return sorted(out.rglob("*.md"))


def links(text: str) -> list[str]:
    hrefs = []
    for token in MarkdownIt("commonmark").parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                hrefs.append(child.attrs["href"])
    return hrefs


def test_every_note_has_front_matter_and_is_named_after_its_record(tmp_path):
    out = tmp_path / "vault"
    export_vault(write_dossier(tmp_path / "d", VAULT), out)
    ada = (out / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(FRONT.match(ada).group(1))
    assert meta["title"] == "Ada Lovelace" and meta["kind"] == "person"
    assert meta["aliases"] == ["Ada", "ada-lovelace"]  # the slug is found by the switcher too
    assert "person" in meta["tags"]
    assert (out / "people" / "Ada Lovelace (twin).md").is_file()
    assert (out / "people" / "AC DC a band yes 1 x.md").is_file()
    assert (out / "people" / "CON (con).md").is_file()
    long_name = next((out / "labs").glob("word*")).stem
    assert len(long_name) <= 81 and long_name.endswith("…")
    event = yaml.safe_load(FRONT.match((out / "events" / "2025-04-05 Model One is released.md").read_text()).group(1))
    assert event["date"] == "2025-04-05" and event["kind"] == "event"  # a string: quoted, never a timestamp
    source = yaml.safe_load(FRONT.match((out / "sources" / "Un article.md").read_text()).group(1))
    assert source["published"] == "2025-05~" and source["flags"] == ["ai-generated"]
    assert "flag/ai-generated" in source["tags"]


def test_the_bundled_dossier_as_a_vault_links_resolve_and_tags_are_obsidian_tags(tmp_path):
    out = tmp_path / "vault"
    notes = export_vault(REPO / "data", out)
    checked = 0
    for note in notes:
        text = note.read_text(encoding="utf-8")
        if note.parent != out:
            meta = yaml.safe_load(FRONT.match(text).group(1))
            assert meta["title"] and meta["kind"] and all(OBSIDIAN_TAG.match(t) for t in meta["tags"]), note
            body = text[FRONT.match(text).end() :]
            assert body.count("\n# ") == 1, note  # one title, the record's name
        for href in links(text):
            if href.startswith(("http://", "https://")):
                continue
            assert (note.parent / unquote(href)).resolve().is_file(), f"{note}: {href}"
            checked += 1
    assert checked > 1000
    assert (out / "people" / "Yann LeCun.md").is_file()
