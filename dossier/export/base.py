"""Exports of a whole dossier: JSON (one object, see `dossier.export_json`) and Markdown
(one readable document), and the registry's writers for them and the HTML site."""

from __future__ import annotations

from dossier.export.jsondoc import to_json
from dossier.index.cite import quoted
from dossier.index.index import Index
from dossier.index.links import prose_parts
from dossier.model.dates import date_span
from dossier.model.records import Dossier, Record
from dossier.model.text import one_line, visible

__all__ = ["md_escape", "md_prose", "to_json", "to_markdown"]


def json_text(dossier: Dossier, options) -> str:
    return to_json(dossier)


def markdown_text(dossier: Dossier, options) -> str:
    return to_markdown(dossier)


def html_folder(dossier: Dossier, out, options) -> list:
    from dossier.export.htmlsite import write_html  # the site's code only when a site is written

    return write_html(dossier, out, options.title)


def md_escape(text: str) -> str:
    """Plain data in Markdown: characters that would start markup are escaped."""
    out = visible(text)
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


_md_escape = md_escape


def md_prose(index: Index, text: str, link) -> str:
    parts = []
    for part, target in prose_parts(text):
        if target is None:
            parts.append(_md_escape(part))
        else:
            parts.append(link(target, part or index.label(target)))
    return "".join(parts)


def to_markdown(dossier: Dossier, index: Index | None = None) -> str:
    """The whole dossier as one Markdown document with in-page links."""
    index = index or Index(dossier)

    made: dict[tuple[str, str], str] = {}  # a record is linked from many others: made once

    def link(target: str, label: str = "") -> str:
        text = made.get((target, label))
        if text is None:
            text = _md_escape(one_line(label or index.label(target)))
            text = made[target, label] = f"[{text}](#{target})" if index.get(target) else text
        return text

    lines: list[str] = ["# Dossier", ""]
    sections = (
        ("People", dossier.people), ("Labs", dossier.labs), ("Models", dossier.models),
        ("Timeline", dossier.events), ("Sources", dossier.sources),
    )  # fmt: skip
    for heading, records in sections:
        lines += [f"## {heading}", ""]
        for record in records:
            lines += _md_record(index, record, link)
    return "\n".join(lines) + "\n"


def _md_record(index: Index, record: Record, link) -> list[str]:
    title = _md_escape(one_line(record.label))
    date = getattr(record, "date", None)
    heading = f"{date.timeline_label()} — {title}" if date else title
    lines = [f'<a id="{record.id}"></a>', f"### {heading}", ""]
    summary = getattr(record, "summary", "")
    if summary:
        lines += [md_prose(index, summary, link), ""]
    for role in getattr(record, "roles", ()):
        span = date_span(role.start, role.end)
        lines.append(f"- {_md_escape(role.title) or 'member'}, {link(role.org)}" + (f" ({span})" if span else ""))
    for name in ("involves", "cites"):
        ids = getattr(record, name, ())
        if ids:
            lines.append(f"- {name}: " + ", ".join(link(i) for i in ids))
    flags = index.flags_of(record)
    if flags:
        lines.append("- **flags:** " + ", ".join(flags))
    sources = getattr(record, "sources", ())
    if sources:
        lines.append("- sources: " + ", ".join(link(s) for s in sources))
    for quote in getattr(record, "quotes", ()):
        speaker = f"{link(quote.speaker)}: " if quote.speaker else ""
        lines.append(
            f'- <a id="{quote.id}"></a>{speaker}{_md_escape(quoted(quote.text, quote.lang or record.language))}'
        )
        if quote.translation:
            lines.append(f"  — _{_md_escape(one_line(quote.translation))}_")
    for heading, records in index.backlinks(record.id).items():
        lines.append(f"- {heading}: " + ", ".join(link(r.id) for r in records))
    return lines + [""]
