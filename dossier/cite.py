"""Ready-to-paste citations of a quote: speaker, « quote », outlet, date, address."""

from __future__ import annotations

from .index import Index
from .model import Quote, Source
from .text import one_line

STYLES = ("plain", "chicago", "apa")


def cite(index: Index, quote: Quote, style: str = "plain") -> str:
    source = index.get(quote.source)
    assert isinstance(source, Source) or source is None
    speaker = index.label(quote.speaker) if quote.speaker else ""
    outlet = index.label(source.outlet) if source and source.outlet else ""
    author = index.label(source.author) if source and source.author else ""
    title = source.title if source else ""
    published = source.published if source else None
    url = source.url if source else ""
    text = one_line(quote.text)
    flags = f" [{', '.join(source.flags)}]" if source and source.flags else ""
    if style == "chicago":
        # Chicago notes style: Author, "Title," Outlet, Date, URL.
        parts = [p for p in (author, f"“{title}”" if title else "", outlet,
                             published.display() if published else "", url) if p]  # fmt: skip
        said = f"{speaker}: " if speaker else ""
        return one_line(f"{said}« {text} » — " + ", ".join(parts) + "." + flags)
    if style == "apa":
        year = f"({published.edtf})" if published else "(n.d.)"
        who = author or outlet or "Unknown"
        parts = [f"{who} {year}.", f"{title}." if title else "", f"{outlet}." if outlet and outlet != who else "", url]
        said = f"{speaker}: " if speaker else ""
        return one_line(f"{said}« {text} » " + " ".join(p for p in parts if p) + flags)
    parts = [p for p in (outlet or title, published.display() if published else "", url) if p]
    said = f"{speaker}: " if speaker else ""
    return one_line(f"{said}« {text} » — " + ", ".join(parts) + flags)
