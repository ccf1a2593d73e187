"""With JavaScript off, the HTML site's search box says so instead of silently doing nothing."""

from __future__ import annotations

import re

from tests.helpers import MINIMAL, run_cli, write_dossier


def test_every_page_says_search_needs_javascript_and_where_to_browse_instead(tmp_path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    out = tmp_path / "site"
    assert run_cli("export", "--format", "html", str(out), "--data", str(root)).returncode == 0
    pages = list(out.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        note = re.search(r"<noscript>(.*?)</noscript>", text, re.S)
        assert note and "Search needs JavaScript" in note.group(1), page
        for href in re.findall(r'href="([^"]+)"', note.group(1)):
            assert (page.parent / href).resolve().is_file(), (page, href)
