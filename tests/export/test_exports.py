"""Multi-file exports as a reader meets them: HTML site, Markdown folder, CSV tables, TimelineJS."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from dossier.export.csvtables import safe_cell
from dossier.export.timelinejs import timeline_json
from dossier.load.loader import load_dossier
from dossier.model import schema as S
from tests.helpers import MINIMAL, run_cli, write_dossier

HOSTILE = {
    **MINIMAL,
    "sources/post.yaml": "title: A post\nurl: https://example.org/a?b=1&c=2\n",
    "people/evil.yaml": "name: '<script>alert(1)</script> [bold]x[/bold]'\nsummary: '=HYPERLINK(\"http://x\") and [[lab-x]]'\n",
}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.meta: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.srcs.append(attrs["src"])
        if tag == "meta":
            self.meta.append(attrs)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def export(root: Path, fmt: str, out: Path, *extra: str):
    return run_cli("export", "--format", fmt, "--data", str(root), str(out), *extra)


@pytest.fixture
def hostile(tmp_path) -> Path:
    return write_dossier(tmp_path / "d", HOSTILE)


@pytest.fixture
def site(hostile, tmp_path) -> Path:
    out = tmp_path / "site"
    result = export(hostile, "html", out)
    assert result.returncode == 0, result.stderr
    return out


# -- HTML -----------------------------------------------------------------------------


def test_html_has_a_page_per_record_and_the_overview_pages(site):
    for rel in ("index.html", "timeline.html", "quotes.html", "people/ada-lovelace.html", "labs/lab-x.html",
                "models/model-one.html", "events/launch.html", "sources/article-one.html", "quotes/q-one.html",
                "style.css", "search.js", "search-index.js"):  # fmt: skip
        assert (site / rel).is_file(), rel


def test_every_html_link_resolves_and_nothing_is_fetched_from_elsewhere(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) == 12 + 4  # every record, and index, timeline, quotes, conflicts
    for page in pages:
        links = parse(page)
        assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in links.meta
        assert all("//" not in src for src in links.srcs)
        csp = next(m["content"] for m in links.meta if m.get("http-equiv") == "Content-Security-Policy")
        assert "default-src 'none'" in csp and "http" not in csp
        for href in links.hrefs + links.srcs:
            if href.startswith("https://"):  # a source's own address, for the reader to follow
                continue
            assert "//" not in href, f"{page}: {href}"  # no http(s), no protocol-relative URL
            assert (page.parent / href.split("#")[0]).resolve().is_file(), f"{page}: {href}"
    css = (site / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css


def test_person_links_to_event_which_links_to_quote_which_links_to_source(site):
    person = parse(site / "people/ada-lovelace.html").hrefs
    assert "../events/launch.html" in person and "../labs/lab-x.html" in person  # involves, roles' org
    assert "../models/model-one.html" in person  # a [[link]] in the summary
    event = parse(site / "events/launch.html").hrefs
    assert "../quotes/q-one.html" in event
    quote = parse(site / "quotes/q-one.html").hrefs
    assert "../sources/article-one.html" in quote and "../people/ada-lovelace.html" in quote
    assert "https://example.org/a?b=1&c=2" in parse(site / "sources/post.html").hrefs


def test_backlinks_are_grouped_by_how_they_link(site):
    lab = (site / "labs/lab-x.html").read_text(encoding="utf-8")
    for group in ("Members", "Developed", "Units", "Took part in", "Mentioned in"):
        assert f"<h3>{group} <span" in lab, group


def test_flags_are_marked_where_a_claim_rests_on_a_flagged_source(site):
    event = (site / "events/launch.html").read_text(encoding="utf-8")
    assert 'class="caveat"' in event and "ai-generated" in event
    timeline = (site / "timeline.html").read_text(encoding="utf-8")
    assert '<span class="flag"' in timeline
    quotes = (site / "quotes.html").read_text(encoding="utf-8")
    assert "⚠ ai-generated" in quotes


def test_html_escapes_every_data_string(site):
    page = (site / "people/evil.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold]x[/bold]" in page
    assert "<script>alert" not in (site / "index.html").read_text(encoding="utf-8")


def test_search_index_folds_accents_and_case(site):
    text = (site / "search-index.js").read_text(encoding="utf-8")
    assert text.startswith("window.DOSSIER_SEARCH = ")
    data = json.loads(text.removeprefix("window.DOSSIER_SEARCH = ").rstrip().rstrip(";"))
    number = next(n for n, e in enumerate(data["records"]) if e[0] == "people/timothee-lacroix.html")
    assert data["records"][number][2] == "Timothée Lacroix" and data["names"][number] == "timothee lacroix"
    # The folded word is in the shipped vocabulary, pointing at the person.
    postings = data["postings"][data["words"].index("timothee")]
    assert any(number in numbers for _, numbers in postings)


def test_html_export_refuses_the_dossier_folder_and_a_non_empty_folder(hostile, tmp_path):
    inside = export(hostile, "html", hostile / "site")
    assert inside.returncode == 1 and "inside the dossier folder" in inside.stderr
    assert not (hostile / "site").exists()
    around = export(hostile, "html", hostile.parent)
    assert around.returncode == 1 and "contains the dossier folder" in around.stderr
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "index.html").write_text("mine", encoding="utf-8")
    refused = export(hostile, "html", busy)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert (busy / "index.html").read_text(encoding="utf-8") == "mine"
    forced = export(hostile, "html", busy, "--force")
    assert forced.returncode == 0
    assert (busy / "index.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_folder_formats_need_out(hostile):
    result = run_cli("export", "--format", "html", "--data", str(hostile))
    assert result.returncode == 2 and "needs OUT" in result.stderr


# -- Markdown -------------------------------------------------------------------------

MD_LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_markdown_folder_links_resolve(hostile, tmp_path):
    out = tmp_path / "md"
    assert export(hostile, "markdown", out).returncode == 0
    pages = list(out.rglob("*.md"))
    assert {p.relative_to(out).as_posix() for p in pages} >= {
        "index.md", "timeline.md", "quotes.md", "people/Ada Lovelace.md", "events/2025-04-05 Model One is released.md",
        "quotes/q-one.md", "sources/Un article.md",
    }  # fmt: skip
    for page in pages:
        for target in MD_LINK.findall(page.read_text(encoding="utf-8")):
            assert (page.parent / unquote(target)).resolve().is_file(), f"{page}: {target}"
    ada = (out / "people/Ada Lovelace.md").read_text(encoding="utf-8")
    assert "[Model One is released](../events/2025-04-05%20Model%20One%20is%20released.md)" in ada
    assert "[Lab X](../labs/Lab%20X.md)" in ada
    assert "⚠ **ai-generated**" in ada
    assert "../sources/Un%20article.md" in (out / "quotes/q-one.md").read_text(encoding="utf-8")
    evil = next(p for p in pages if p.parent.name == "people" and "script" in p.name).read_text(encoding="utf-8")
    assert "# \\<script\\>alert(1)\\</script\\> \\[bold\\]x\\[/bold\\]" in evil


def test_markdown_without_out_is_one_document_on_stdout(hostile):
    result = run_cli("export", "--format", "markdown", "--data", str(hostile))
    assert result.returncode == 0 and result.stdout.startswith("# Dossier")


# -- CSV ------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_one_table_per_kind_round_trips(hostile, tmp_path):
    out = tmp_path / "csv"
    assert export(hostile, "csv", out).returncode == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "events.csv",
        "figures.csv",
        "labs.csv",
        "models.csv",
        "people.csv",
        "quotes.csv",
        "roles.csv",
        "sources.csv",
    ]
    people = {row["id"]: row for row in read_csv(out / "people.csv")}
    assert list(people["ada-lovelace"]) == [f.name for f in S.PERSON.fields if f.name != "roles"]
    assert people["timothee-lacroix"]["name"] == "Timothée Lacroix"
    events = {row["id"]: row for row in read_csv(out / "events.csv")}
    assert events["launch"]["involves"] == "lab-x; model-one; ada-lovelace"
    assert events["founding"]["date"] == "2013-12"
    roles = read_csv(out / "roles.csv")
    assert roles[0] == {"person": "ada-lovelace", "org": "lab-x", "title": "Chief Scientist", "start": "2023-04",
                        "end": "2025-21~", "sources": "article-one", "note": ""}  # fmt: skip
    models = {row["id"]: row for row in read_csv(out / "models.csv")}
    assert models["model-one"]["parameters.total"] == "400B" and models["model-one"]["open_weights"] == "true"
    quotes = read_csv(out / "quotes.csv")
    assert quotes[0]["source"] == "article-one" and quotes[0]["text"] == "« Le meilleur modèle au monde »"
    sources = read_csv(out / "sources.csv")
    assert sources[0]["published"] == "2025-05~" and sources[0]["flags"] == "ai-generated"


def test_csv_guards_against_formula_injection(hostile, tmp_path):
    out = tmp_path / "csv"
    result = export(hostile, "csv", out)
    assert result.returncode == 0
    assert "note: 1 cell starting with =, +, - or @ got a leading apostrophe" in result.stderr
    evil = next(row for row in read_csv(out / "people.csv") if row["id"] == "evil")
    assert evil["summary"].startswith("'=HYPERLINK(")
    assert [safe_cell(c) for c in ("=1", "+1", "-1", "@x", "ok")] == ["'=1", "'+1", "'-1", "'@x", "ok"]


# -- TimelineJS -----------------------------------------------------------------------


def test_timelinejs_dates_keep_their_precision(tmp_path):
    timeline = """
        - {id: a, date: 2025-04-29, title: Day, sources: [article-one]}
        - {id: b, date: 2025-05~, title: Month approx, sources: [article-one]}
        - {id: c, date: 2025-22, title: "<b>Summer</b>", sources: [article-one]}
        - {id: d, date: 2026, title: Year, kind: release, sources: [article-one]}
    """
    root = write_dossier(tmp_path / "d", {**MINIMAL, "timeline.yaml": timeline})
    data = timeline_json(load_dossier(root).dossier, "T")
    slides = {e["unique_id"]: e for e in data["events"]}
    assert slides["a"]["start_date"] == {"year": 2025, "month": 4, "day": 29, "display_date": "29 Apr 2025"}
    assert slides["b"]["start_date"] == {"year": 2025, "month": 5, "display_date": "~ May 2025"}
    assert "approximate" in slides["b"]["text"]["text"]
    # A season or a year is placed on its last day (TimelineJS sorts by start_date: it
    # then comes after the dated events of that period), and says it has no month.
    assert slides["c"]["start_date"] == {
        "year": 2025, "month": 8, "day": 31, "display_date": "summer 2025 · month not given"
    }  # fmt: skip
    assert slides["c"]["text"]["headline"] == "&lt;b&gt;Summer&lt;/b&gt;"
    assert slides["d"]["start_date"] == {"year": 2026, "month": 12, "day": 31, "display_date": "2026 · month not given"}
    assert slides["d"]["group"] == "Models"
    assert all("end_date" not in slide for slide in slides.values())
    assert "ai-generated" in slides["a"]["text"]["text"]
    assert data["title"]["text"]["headline"] == "T"


def test_timelinejs_to_stdout_and_to_a_file(hostile, tmp_path):
    printed = run_cli("export", "--format", "timelinejs", "--data", str(hostile))
    assert printed.returncode == 0
    assert [e["unique_id"] for e in json.loads(printed.stdout)["events"]] == ["founding", "launch"]
    out = tmp_path / "timeline.json"
    assert export(hostile, "timelinejs", out).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(printed.stdout)
    again = export(hostile, "timelinejs", out)
    assert again.returncode == 1 and "--force" in again.stderr
    assert export(hostile, "timelinejs", out, "--force").returncode == 0


def test_author_commands_never_import_textual(hostile, tmp_path):
    import subprocess
    import sys

    from tests.helpers import REPO

    runs = [
        ["export", "--format", "html", str(tmp_path / "h")], ["export", "--format", "csv", str(tmp_path / "c")],
        ["export", "--format", "markdown", str(tmp_path / "m")], ["export", "--format", "timelinejs"],
        ["cite", "q-one"], ["new", str(tmp_path / "n")],
    ]  # fmt: skip
    code = (
        "import sys, io, contextlib\n"
        "from dossier.cli import main\n"
        f"for args in {runs!r}:\n"
        f"    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"        assert main(args + ['--data', {str(hostile)!r}] if args[0] != 'new' else args) == 0, args\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_force_never_writes_through_a_symlink_into_the_dossier(hostile, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "people").symlink_to(hostile / "people")
    (out / "index.html").symlink_to(hostile / "timeline.yaml")
    before = {p: p.read_bytes() for p in hostile.rglob("*") if p.is_file()}
    result = export(hostile, "html", out, "--force")
    assert result.returncode == 1 and "leads outside" in result.stderr
    assert {p: p.read_bytes() for p in hostile.rglob("*") if p.is_file()} == before


def test_json_export_to_a_file(hostile, tmp_path):
    out = tmp_path / "dossier.json"
    assert export(hostile, "json", out).returncode == 0
    assert [p["id"] for p in json.loads(out.read_text(encoding="utf-8"))["people"]][0] == "ada-lovelace"
