"""Ready-to-paste citations of a quote: speaker, the quote, outlet, date, address.

Styles: `plain` (speaker: “quote” — outlet, date, url), `chicago` (notes style) and
`apa` (reference style). The quote keeps its own language; it is put in the
quotation marks of that language (« » for French, “ ” otherwise) unless it already
brings its own. A source's flags follow the citation in brackets, so a pasted quote
keeps its caveat. The result is one line, with control characters made visible. An
address that is not http(s) (`javascript:`, `file:`) is left out of every citation.

These are the dossier's own forms, with no library; `dossier.index.csl` renders the
official CSL styles through citeproc-py and is what `dossier cite --style` uses.
"""

from __future__ import annotations

import calendar

from dossier.index.index import Index
from dossier.model.dates import SEASONS, PartialDate
from dossier.model.records import Quote, Source
from dossier.model.text import is_web_address, one_line

STYLES = ("plain", "chicago", "apa")
_OPENING_MARKS = "«“\"'‘„‹"
_MARKS = {"fr": ("« ", " »")}


def quoted(text: str, lang: str = "") -> str:
    """`text` in the quotation marks of its language, unless it starts with one already."""
    text = one_line(text)
    if text[:1] in _OPENING_MARKS:
        return text
    opening, closing = _MARKS.get(lang.split("-")[0].lower(), ("“", "”"))
    return f"{opening}{text}{closing}"


def _sentence(text: str) -> str:
    """`text` ending with a full stop, unless it already ends with a punctuation mark."""
    return text if not text or text[-1] in ".!?…" else text + "."


def cite_source(index: Index, source: Source) -> str:
    """A source in the plain form: “Title” — outlet, date, url [flags]."""
    outlet = index.label(source.outlet) if source.outlet else ""
    parts = [p for p in (outlet, source.published.display() if source.published else "",
                         source.url if is_web_address(source.url) else "") if p]  # fmt: skip
    flags = f" [{', '.join(source.flags)}]" if source.flags else ""
    return one_line(f"“{source.title}”" + (" — " + ", ".join(parts) if parts else "") + flags)


def apa_date(date: PartialDate) -> str:
    """APA's (2025, April 29), at the date's own precision; `ca.` when approximate."""
    text = str(date.year)
    if date.month is not None:
        text += f", {calendar.month_name[date.month]}" + (f" {date.day}" if date.day is not None else "")
    elif date.season is not None:
        text += f", {SEASONS[date.season][0].capitalize()}"
    if date.approximate:
        text = "ca. " + text
    return text + ("?" if date.uncertain else "")


def cite(index: Index, quote: Quote, style: str = "plain") -> str:
    source = index.get(quote.source)
    assert isinstance(source, Source) or source is None
    speaker = index.label(quote.speaker) if quote.speaker else ""
    outlet = index.label(source.outlet) if source and source.outlet else ""
    author = index.label(source.author) if source and source.author else ""
    title = source.title if source else ""
    published = source.published if source else None
    url = source.url if source and is_web_address(source.url) else ""
    text = quoted(quote.text, quote.lang or (source.language if source else ""))
    flags = f" [{', '.join(source.flags)}]" if source and source.flags else ""
    said = f"{speaker}: " if speaker else ""
    if style == "chicago":
        # Chicago notes style: Author, "Title," Outlet, Date, URL.
        parts = [p for p in (author, f"“{title}”" if title else "", outlet,
                             published.display() if published else "", url) if p]  # fmt: skip
        return one_line(f"{said}{text} — " + ", ".join(parts) + "." + flags)
    if style == "apa":
        year = f"({apa_date(published)})" if published else "(n.d.)"
        # APA: no author, the outlet in its place; neither, the title moves there.
        who = author or outlet
        if who:
            parts = [f"{who} {year}.", _sentence(title), f"{outlet}." if outlet and outlet != who else "", url]
        else:
            parts = [_sentence(title) if title else "Unknown.", f"{year}.", url]
        return one_line(f"{said}{text} " + " ".join(p for p in parts if p) + flags)
    # Plain: enough to find the source again, what `y` copies by default: where, what, when, the address.
    parts = [p for p in (outlet, f"“{title}”" if title else "", published.display() if published else "", url) if p]
    return one_line(f"{said}{text} — " + ", ".join(parts) + flags)
