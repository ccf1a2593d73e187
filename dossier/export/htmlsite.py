"""`export --format html OUT`: a static, offline site of the dossier.

One page per record (people/, labs/, models/, events/, sources/, quotes/), an index,
a timeline and a quotes page. Every reference is a relative link, so the folder works
from a file:// URL, a USB stick or any static host. Search runs in the page: the index
is a script file (`search-index.js`, loaded with <script src>, which file:// pages
allow where fetch() is refused), built from the app's own search index and ranked by
the same rules (`dossier.export.site_search`).
No fonts, scripts or styles come from anywhere else.

Every data string is escaped with `html.escape` after `dossier.model.text.visible`, so a
name such as `<script>` or `[bold]` shows as typed and control characters show as
escapes.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

from dossier.export.pages import (
    MEMBERS,
    PageWriter,
    Ref,
    WebLink,
    counted,
    field_rows,
    heading,
    member_lines,
    page_path,
    prose,
    record_date,
    ref,
    short,
    title_of,
)
from dossier.export.site_search import site_search_script
from dossier.index.cite import cite, quoted
from dossier.index.evidence import Conflict, Evidence
from dossier.model import schema as S
from dossier.model.records import Dossier, Event, Quote, Record, Source
from dossier.model.text import fold, one_line, visible

ASSETS = Path(__file__).resolve().parent / "site"
STYLESHEET, SEARCH_SCRIPT, SEARCH_INDEX = "style.css", "search.js", "search-index.js"
# The page may load only its own folder's files: nothing from the network, ever.
CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


def esc(text: str) -> str:
    return html.escape(visible(text), quote=True)


class Site(PageWriter):
    """Writes the pages of the HTML site."""

    extension = ".html"

    def page_name(self, record: Record) -> str:
        return page_path(record)

    def pages(self) -> Iterator[tuple[str, str]]:
        yield from super().pages()
        yield "conflicts.html", self.conflicts_page()
        yield SEARCH_INDEX, site_search_script(self.index.search_index)
        for asset in (STYLESHEET, SEARCH_SCRIPT):
            yield asset, (ASSETS / asset).read_text(encoding="utf-8")

    # -- pieces ------------------------------------------------------------------
    def flag_badges(self, flags) -> str:
        """One compact mark for all the flags of the sources a claim rests on."""
        if not flags:
            return ""
        words = esc(" · ".join(flags))
        return f' <span class="flag" title="rests on a source flagged: {words}">⚠ {words}</span>'

    def strength(self, evidence: Evidence | None) -> str:
        """A claim's strength as a reader sees it at a glance; the origins in its tooltip."""
        if evidence is None:
            return ""
        level = "none" if not evidence.origins else "flagged" if evidence.flagged else "sourced"
        origins = "; ".join(" + ".join(o.sources) for o in evidence.origins) or "no source cited"
        return (
            f' <span class="strength {level}" title="independent origins: {esc(origins)}">'
            f"{esc(evidence.strength)}</span>"
        )

    def claim_strength(self, record: Record) -> str:
        return self.strength(self.index.evidence.of_record(record))

    def make_link(self, target: Ref, root: str) -> str:
        record = self.index.get(target.target)
        label = esc(short(target.label))
        if record is None:
            return f'<span class="missing" title="no record with this id">{label}</span>'
        return f'<a href="{root}{page_path(record)}.html">{label}</a>' + self.flag_badges(target.flags)

    def web_link(self, link: WebLink) -> str:
        if not link.safe:
            return esc(link.url)
        return f'<a class="web" href="{esc(link.url)}" rel="noopener noreferrer">{esc(link.url)}</a>'

    def text(self, text: str) -> str:
        return esc(text)

    def record_item(self, record: Record, root: str) -> str:
        """One record in a list: its date, its link, its source's flags."""
        date = record_date(record)
        when = f"<time>{esc(date.display())}</time> " if isinstance(record, Source) and date else ""
        if isinstance(record, Event):  # in date order: a bare year says it is one
            when = f"<time>{esc(record.date.timeline_label())}</time> "
        extra = ""
        if isinstance(record, Quote):
            by = self.index.label(record.speaker) if record.speaker else ""
            extra = f' <span class="by">— {esc(one_line(by))}</span>' if by else ""
        # Events and quotes are claims: they carry their sources' flags. A profile's page
        # says which of its sources are flagged; a list of names would only be noise.
        flags = self.index.flags_of(record) if isinstance(record, Event | Quote | Source) else ()
        label = quoted(short(record.label)) if isinstance(record, Quote) else title_of(record)
        link = f'<a href="{root}{page_path(record)}.html">{esc(label)}</a>'
        mark = self.claim_strength(record) if isinstance(record, Event | Quote) else ""
        return f"<li>{when}{link}{extra}{self.flag_badges(flags)}{mark}</li>"

    def page(self, title: str, body: str, root: str, kind_class: str = "") -> str:
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{esc(one_line(title))} · {esc(self.title)}</title>
<link rel="stylesheet" href="{root}{STYLESHEET}">
</head>
<body data-root="{root}" class="{kind_class}">
<header class="site">
<a class="home" href="{root}index.html">{esc(self.title)}</a>
<nav><a href="{root}index.html">Index</a><a href="{root}timeline.html">Timeline</a><a href="{root}quotes.html">Quotes</a><a href="{root}conflicts.html">Conflicts</a></nav>
<div class="search" role="search">
<input id="search" type="search" placeholder="Search people, events, quotes…" autocomplete="off" aria-label="Search the dossier">
<ol id="results" hidden></ol>
<noscript><p class="noscript">Search needs JavaScript, which is off; browse from the <a href="{root}index.html">index</a>, the <a href="{root}timeline.html">timeline</a> or the <a href="{root}quotes.html">quotes</a>.</p></noscript>
</div>
</header>
<main>
{body}
</main>
<footer>Exported from a dossier with <code>dossier export --format html</code>. Works offline.</footer>
<script src="{root}{SEARCH_INDEX}"></script>
<script src="{root}{SEARCH_SCRIPT}"></script>
</body>
</html>
"""

    def caveat(self, record: Record) -> str:
        """What the flags below a record's title are about."""
        if isinstance(record, Source):
            return "This source is flagged"
        if isinstance(record, Quote):
            return "Its source is flagged"
        if isinstance(record, Event):
            return "This event rests on sources flagged"
        return "Sources cited on this profile are flagged"

    # -- pages -------------------------------------------------------------------
    def record_page(self, record: Record) -> str:
        root = "../"
        index = self.index
        kind = S.KIND_BY_NAME[record.kind_name]
        parts = [f'<p class="kind">{esc(kind.name)}</p>']
        date = record_date(record)
        if isinstance(record, Event):
            parts.append(f'<p class="date"><time>{esc(date.display())}</time></p>')
        if isinstance(record, Quote):
            lang = record.lang or getattr(index.get(record.source), "language", "")
            lang_attr = f' lang="{esc(lang)}"' if lang else ""
            parts.append(f'<blockquote class="quote"{lang_attr}><p>{esc(record.text)}</p></blockquote>')
            if record.translation:
                parts.append(f'<p class="translation">{esc(one_line(record.translation))}</p>')
            by = f" by {one_line(index.label(record.speaker))}" if record.speaker else ""
            parts.insert(1, f'<h1 class="visually-hidden">Quote{esc(by)}</h1>')
        else:
            parts.append(f"<h1>{esc(title_of(record))}</h1>")
        flags = index.flags_of(record)
        if flags:
            parts.append(f'<p class="caveat">⚠ {self.caveat(record)}: {esc(", ".join(flags))}</p>')
        summary = getattr(record, "summary", "")
        if summary:
            parts.append(f'<p class="summary">{self.line(prose(index, summary), root)}</p>')
        rows = field_rows(index, record)
        if rows:
            parts.append('<dl class="fields">')
            for name, lines in rows:
                values = "".join(f"<dd>{self.line(line, root)}</dd>" for line in lines)
                parts.append(f"<dt>{esc(name.replace('_', ' '))}</dt>{values}")
            parts.append("</dl>")
        if isinstance(record, Quote):
            parts.append(f'<p class="cite"><span>Cite:</span> {esc(cite(index, record, "chicago"))}</p>')
        parts.append(self.evidence_section(record, root))
        if isinstance(record, Source) and record.quotes:
            items = "".join(self.record_item(q, root) for q in record.quotes)
            parts.append(f'<section><h2>Quotes from this source</h2><ul class="records">{items}</ul></section>')
        backlinks = index.backlinks(record.id)
        if backlinks:
            parts.append('<section class="backlinks"><h2>Linked from</h2>')
            for group, records in backlinks.items():
                if group == MEMBERS:
                    items = "".join(f"<li>{self.line(line, root)}</li>" for line in member_lines(index, record.id))
                else:
                    items = "".join(self.record_item(r, root) for r in records)
                parts.append(f'<h3>{esc(heading(group))} <span class="count">{len(records)}</span></h3>')
                parts.append(f'<ul class="records">{items}</ul>')
            parts.append("</section>")
        title = short(record.label, 70) if isinstance(record, Quote) else record.label
        return self.page(title, "\n".join(parts), root, f"record {kind.name}")

    def evidence_section(self, record: Record, root: str) -> str:
        """What the record's claims rest on: each claim's origins, with their sources' flags,
        and the event's conflicts; for a source, what rests on it alone."""
        evidence = self.index.evidence
        if isinstance(record, Source):
            alone = evidence.only_on(record.id)
            items = "".join(f"<li>{self._claim_link(c, root)}</li>" for c in alone)
            return (
                '<section class="evidence"><h2>Rests only on this source '
                f'<span class="count">{len(alone)}</span></h2><ul class="records">{items}</ul></section>'
            )
        rows = []
        for claim in evidence.claims_of(record):
            found = evidence.of(claim)
            what = "This profile" if claim.role is None else esc(self._role_label(claim.role))
            if isinstance(record, Event | Quote):
                what = f"This {record.kind_name}"
            origins = "".join(
                "<li>" + ", ".join(self.link(ref(self.index, s), root) for s in o.sources) + "</li>"
                for o in found.origins
            )
            rows.append(f'<dt>{what}</dt><dd>{self.strength(found)}<ol class="origins">{origins}</ol></dd>')
        conflicts = "".join(self.conflict_block(c, root) for c in evidence.conflicts_of(record))
        return (
            f'<section class="evidence"><h2>Evidence</h2><dl class="fields">{"".join(rows)}</dl>{conflicts}</section>'
        )

    def _role_label(self, role) -> str:
        return ", ".join(p for p in (one_line(role.title), one_line(self.index.label(role.org))) if p)

    def _claim_link(self, claim, root: str) -> str:
        record = claim.record
        label = quoted(short(record.label)) if isinstance(record, Quote) else title_of(record)
        if claim.role is not None:
            label += " — " + self._role_label(claim.role)
        return f'<a href="{root}{page_path(record)}.html">{esc(label)}</a> <span class="kind">{esc(claim.kind)}</span>'

    def conflict_block(self, conflict: Conflict, root: str) -> str:
        """Every value side by side, each with its sources and strength; none is preferred."""
        rows = []
        for side in conflict.sides:
            sources = ", ".join(self.link(ref(self.index, s), root) for s in side.figure.sources)
            note = f"<p>{self.line(prose(self.index, side.figure.note), root)}</p>" if side.figure.note else ""
            rows.append(
                f'<tr><th scope="row">{esc(side.figure.value)}</th><td>{sources}{self.strength(side.evidence)}'
                f"{note}</td></tr>"
            )
        event = self.link(ref(self.index, conflict.event.id), root)
        return (
            f'<div class="conflict"><h3>{esc(one_line(conflict.what))} <span class="count">in</span> {event}</h3>'
            f'<table class="conflict">{"".join(rows)}</table></div>'
        )

    def conflicts_page(self) -> str:
        conflicts = self.index.evidence.conflicts()
        parts = ["<h1>Conflicts</h1>"]
        parts.append(
            f'<p class="lead">{len(conflicts)} thing{"s" * (len(conflicts) != 1)} the sources give different '
            "values for; every value is kept with its sources, and none is preferred.</p>"
        )
        parts += [self.conflict_block(c, "") for c in conflicts]
        return self.page("Conflicts", "\n".join(parts), "", "conflicts-page")

    def index_page(self) -> str:
        d = self.dossier
        parts = [f"<h1>{esc(self.title)}</h1>"]
        counts = []
        for kind in S.KINDS:
            text = esc(counted(len(getattr(d, kind.plural)), kind))
            page = {"event": "timeline.html", "quote": "quotes.html"}.get(kind.name)
            counts.append(f'<a href="{page}">{text}</a>' if page else text)
        counts = ", ".join(counts)
        parts.append(f'<p class="lead">{counts}.</p>')
        parts.append('<div class="columns">')
        for kind in S.KINDS:
            if kind.name in ("event", "quote"):
                continue
            records = sorted(getattr(d, kind.plural), key=lambda r: fold(r.label))
            if not records:
                continue
            items = "".join(self.record_item(r, "") for r in records)
            parts.append(f'<section><h2>{esc(kind.plural.capitalize())}</h2><ul class="records">{items}</ul></section>')
        parts.append("</div>")
        return self.page("Index", "\n".join(parts), "", "home")

    def timeline_page(self) -> str:
        parts = ["<h1>Timeline</h1>"]
        year = None
        for event in self.dossier.events:
            if event.date.year != year:
                if year is not None:
                    parts.append("</ol>")
                year = event.date.year
                parts.append(f'<h2>{year}</h2><ol class="timeline">')
            involves = ", ".join(self.link(ref(self.index, i), "") for i in event.involves)
            flags = self.flag_badges(self.index.flags_of(event)) + self.claim_strength(event)
            summary = f"<p>{self.line(prose(self.index, event.summary), '')}</p>" if event.summary else ""
            parts.append(
                f'<li id="{esc(event.id)}"><time>{esc(event.date.timeline_label())}</time> '
                f'<a href="{page_path(event)}.html">{esc(title_of(event))}</a>{flags}{summary}'
                + (f'<p class="involves">{involves}</p>' if involves else "")
                + "</li>"
            )
        if year is not None:
            parts.append("</ol>")
        return self.page("Timeline", "\n".join(parts), "", "timeline-page")

    def quotes_page(self) -> str:
        parts = ["<h1>Quotes</h1>"]
        for quote in sorted(self.dossier.quotes, key=self.index.reading_order):
            source = self.index.get(quote.source)
            speaker = self.link(ref(self.index, quote.speaker), "") + ", " if quote.speaker else ""
            date = record_date(source) if source is not None else None
            when = f", {esc(date.display())}" if date else ""
            translation = f'<p class="translation">{esc(one_line(quote.translation))}</p>' if quote.translation else ""
            lang = quote.lang or getattr(source, "language", "")
            lang_attr = f' lang="{esc(lang)}"' if lang else ""
            parts.append(
                f'<article class="quote-card" id="{esc(quote.id)}">'
                f'<blockquote{lang_attr}><p><a href="{page_path(quote)}.html">{esc(one_line(quote.text))}</a></p></blockquote>'
                f'{translation}<p class="by">— {speaker}in {self.link(ref(self.index, quote.source), "")}{when}'
                f"{self.claim_strength(quote)}</p></article>"
            )
        return self.page("Quotes", "\n".join(parts), "", "quotes-page")


def write_html(dossier: Dossier, out: Path, title: str = "Dossier") -> list[Path]:
    """Write the site into `out` (already checked by `dossier.export.out.prepare_folder`)."""
    return Site(dossier, title).write(out)


def export_folder(dossier: Dossier, out: Path, options) -> list[Path]:
    return write_html(dossier, out, options.title)
