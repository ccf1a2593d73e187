"""`export --format markdown OUT`: one folder of Markdown files with relative links.

The same pages as the HTML site (one per record, plus index, timeline and quotes),
as plain CommonMark: links are relative `.md` paths, so the folder reads well on a
code host, in any Markdown viewer and as an Obsidian vault. Each record's note is
named after the record and opens with YAML front matter (title, aliases, tags, kind,
dates; see `dossier.export.notes`). Data text is escaped so that nothing in it
becomes markup.
"""

from __future__ import annotations

import re
from pathlib import Path

from dossier.export.base import md_escape as _md_escape
from dossier.export.notes import front_matter, link_target, note_paths
from dossier.export.out import FolderWriter
from dossier.export.pages import (
    MEMBERS,
    PageWriter,
    Ref,
    WebLink,
    counted,
    field_rows,
    heading,
    member_lines,
    prose,
    record_date,
    ref,
    title_of,
)
from dossier.index.cite import quoted
from dossier.model import schema as S
from dossier.model.records import Dossier, Event, Quote, Record, Source
from dossier.model.text import fold, one_line


def _flags(flags) -> str:
    return f" ⚠ **{_md_escape(' · '.join(flags))}**" if flags else ""


def _short(text: str, limit: int = 140) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class MarkdownSite(PageWriter):
    """Writes the notes of the Markdown folder."""

    def __init__(self, dossier: Dossier, title: str):
        super().__init__(dossier, title)
        self.paths = note_paths(dossier)  # {id: "people/Ada Lovelace"}

    def href(self, record: Record, root: str) -> str:
        return f"{root}{link_target(self.paths[record.id])}.md"

    def make_link(self, target: Ref, root: str) -> str:
        record = self.index.get(target.target)
        label = _md_escape(_short(target.label))
        if record is None:
            return label
        return f"[{label}]({self.href(record, root)})" + _flags(target.flags)

    def web_link(self, link: WebLink) -> str:
        return f"<{link.url}>" if link.safe else _md_escape(link.url)

    def text(self, text: str) -> str:
        return _md_escape(re.sub(r"\s+", " ", text))  # a newline in prose must not end a list item

    def item(self, record: Record, root: str) -> str:
        date = record_date(record)
        when = f"{date.display()} — " if isinstance(record, Source) and date else ""
        if isinstance(record, Event):
            when = f"{record.date.timeline_label()} — "  # in date order: a bare year says it is one
        if isinstance(record, Quote):
            label = quoted(_short(record.label))
            by = f" — {_md_escape(one_line(self.index.label(record.speaker)))}" if record.speaker else ""
        else:
            label, by = title_of(record), ""
        flags = self.index.flags_of(record) if isinstance(record, Event | Quote | Source) else ()
        return f"- {_md_escape(when)}[{_md_escape(label)}]({self.href(record, root)}){by}{_flags(flags)}"

    def record_page(self, record: Record) -> str:
        root, index = "../", self.index
        kind = S.KIND_BY_NAME[record.kind_name]
        nav = f"[{_md_escape(self.title)}](../index.md) · [Timeline](../timeline.md) · [Quotes](../quotes.md)"
        name = self.paths[record.id].split("/", 1)[1]
        lines = [front_matter(index, record, name), nav, ""]
        if isinstance(record, Quote):
            lines += [f"# Quote {_md_escape(record.id)}", ""]
            lines += ["> " + _md_escape(one_line(record.text)), ""]
            if record.translation:
                lines += [f"_{_md_escape(one_line(record.translation))}_", ""]
        else:
            lines += [f"# {_md_escape(title_of(record))}", ""]
        date = record_date(record)
        head = f"*{kind.name}*" + (f" · {date.display()}" if isinstance(record, Event) else "")
        lines += [head, ""]
        flags = index.flags_of(record)
        if flags:
            lines += [f"> ⚠ **Flagged sources:** {_md_escape(', '.join(flags))}", ""]
        summary = getattr(record, "summary", "")
        if summary:
            lines += [self.line(prose(index, summary), root), ""]
        for name, values in field_rows(index, record):
            if len(values) == 1:
                lines.append(f"- **{name.replace('_', ' ')}:** {self.line(values[0], root)}")
            else:
                lines.append(f"- **{name.replace('_', ' ')}:**")
                lines += [f"  - {self.line(v, root)}" for v in values]
        lines.append("")
        if isinstance(record, Source) and record.quotes:
            lines += ["## Quotes from this source", ""] + [self.item(q, root) for q in record.quotes] + [""]
        for group, records in index.backlinks(record.id).items():
            if group == MEMBERS:
                items = [f"- {self.line(line, root)}" for line in member_lines(index, record.id)]
            else:
                items = [self.item(r, root) for r in records]
            lines += [f"## {_md_escape(heading(group))}", ""] + items + [""]
        return "\n".join(lines).rstrip("\n") + "\n"

    def index_page(self) -> str:
        d = self.dossier
        lines = [f"# {_md_escape(self.title)}", ""]
        counts = []
        for kind in S.KINDS:
            text = counted(len(getattr(d, kind.plural)), kind)
            page = {"event": "timeline.md", "quote": "quotes.md"}.get(kind.name)
            counts.append(f"[{text}]({page})" if page else text)
        lines += [", ".join(counts) + ".", ""]
        for kind in S.KINDS:
            if kind.name in ("event", "quote"):
                continue
            records = sorted(getattr(d, kind.plural), key=lambda r: fold(r.label))
            if records:
                lines += [f"## {kind.plural.capitalize()}", ""] + [self.item(r, "") for r in records] + [""]
        return "\n".join(lines).rstrip("\n") + "\n"

    def timeline_page(self) -> str:
        lines = [f"[{_md_escape(self.title)}](index.md) · Timeline · [Quotes](quotes.md)", "", "# Timeline", ""]
        year = None
        for event in self.dossier.events:
            if event.date.year != year:
                year = event.date.year
                lines += ["", f"## {year}", ""]
            lines.append(self.item(event, ""))
            if event.involves:
                lines.append("  " + ", ".join(self.link(ref(self.index, i), "") for i in event.involves))
        return "\n".join(lines).rstrip("\n") + "\n"

    def quotes_page(self) -> str:
        lines = [f"[{_md_escape(self.title)}](index.md) · [Timeline](timeline.md) · Quotes", "", "# Quotes", ""]
        for quote in sorted(self.dossier.quotes, key=self.index.reading_order):
            speaker = self.link(ref(self.index, quote.speaker), "") + ", " if quote.speaker else ""
            source = self.index.get(quote.source)
            date = record_date(source) if source is not None else None
            when = f", {date.display()}" if date else ""
            lines += [f"> [{_md_escape(one_line(quote.text))}]({self.href(quote, '')})"]
            if quote.translation:
                lines += [">", f"> _{_md_escape(one_line(quote.translation))}_"]
            lines += ["", f"— {speaker}in {self.link(ref(self.index, quote.source), '')}{_md_escape(when)}", ""]
        return "\n".join(lines).rstrip("\n") + "\n"


def write_markdown(dossier: Dossier, out: Path, title: str = "Dossier") -> list[Path]:
    """Write the Markdown folder into `out` (already checked by `export_out.prepare_folder`)."""
    site = MarkdownSite(dossier, title)
    writer = FolderWriter(out)
    for record in dossier.by_id.values():
        writer.write(f"{site.paths[record.id]}.md", site.record_page(record))
    writer.write("index.md", site.index_page())
    writer.write("timeline.md", site.timeline_page())
    writer.write("quotes.md", site.quotes_page())
    return writer.written


def export_folder(dossier: Dossier, out: Path, options) -> list[Path]:
    return write_markdown(dossier, out, options.title)
