"""`export --format markdown`: the dossier in Markdown, one document or a folder of notes.

One writer says what a record is, in one section (its title, kind, flagged sources,
summary, every field the schema declares, a source's quotes, and what links to it,
group by group), for both outputs, so the two always show the same facts:

- without OUT, one document on stdout: the title, then a section per kind (people,
  labs, models, the timeline, sources, quotes), each record's section under an anchor
  of its id; links point into the page (`#yann-lecun`);
- with OUT, a folder of notes, the same pages as the HTML site (one per record, plus
  index, timeline and quotes) as plain CommonMark: links are relative `.md` paths, so
  the folder reads well on a code host, in any Markdown viewer and as an Obsidian
  vault. Each note is named after its record and opens with YAML front matter (title,
  aliases, tags, kind, dates; see `dossier.export.notes`).

Data text is escaped so that nothing in it becomes markup.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote as percent_encoded

from dossier.export.notes import front_matter, link_target, note_paths
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
    short,
    title_of,
)
from dossier.index.cite import quoted
from dossier.model import schema as S
from dossier.model.records import Dossier, Event, Quote, Record, Source
from dossier.model.text import fold, one_line, visible

__all__ = ["Markdown", "md_escape", "to_markdown", "write_markdown"]


def md_escape(text: str) -> str:
    """Plain data in Markdown: characters that would start markup are escaped."""
    out = visible(text)
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _flags(flags) -> str:
    return f" ⚠ **{md_escape(' · '.join(flags))}**" if flags else ""


def _section_title(kind: S.Kind) -> str:
    return "Timeline" if kind.name == "event" else kind.plural.capitalize()


class Markdown(PageWriter):
    """Writes a dossier's records in Markdown: the notes of the folder when `folder` is
    true, else the sections of the one document (where every link is an anchor)."""

    extension = ".md"

    def __init__(self, dossier: Dossier, title: str, *, folder: bool = True):
        super().__init__(dossier, title)
        self.paths = note_paths(dossier) if folder else None  # {id: "people/Ada Lovelace"}

    # -- pieces ------------------------------------------------------------------
    def page_name(self, record: Record) -> str:
        assert self.paths is not None, "the one document has no pages"
        return self.paths[record.id]

    def href(self, record: Record, root: str) -> str:
        if self.paths is None:
            return "#" + percent_encoded(record.id, safe="")
        return f"{root}{link_target(self.paths[record.id])}.md"

    def make_link(self, target: Ref, root: str) -> str:
        record = self.index.get(target.target)
        label = md_escape(short(target.label))
        if record is None:
            return label
        return f"[{label}]({self.href(record, root)})" + _flags(target.flags)

    def web_link(self, link: WebLink) -> str:
        return f"<{link.url}>" if link.safe else md_escape(link.url)

    def text(self, text: str) -> str:
        return md_escape(re.sub(r"\s+", " ", text))  # a newline in prose must not end a list item

    def item(self, record: Record, root: str) -> str:
        """One record in a list: its date, its link, its speaker, its sources' flags."""
        date = record_date(record)
        when = f"{date.display()} — " if isinstance(record, Source) and date else ""
        if isinstance(record, Event):
            when = f"{record.date.timeline_label()} — "  # in date order: a bare year says it is one
        if isinstance(record, Quote):
            label = quoted(short(record.label))
            by = f" — {md_escape(one_line(self.index.label(record.speaker)))}" if record.speaker else ""
        else:
            label, by = title_of(record), ""
        flags = self.index.flags_of(record) if isinstance(record, Event | Quote | Source) else ()
        return f"- {md_escape(when)}[{md_escape(label)}]({self.href(record, root)}){by}{_flags(flags)}"

    # -- a record, in the document and in its note --------------------------------
    def record_section(self, record: Record, root: str, level: int) -> list[str]:
        """The record under a heading of `level`, its groups one level below."""
        index, top, sub = self.index, "#" * level, "#" * (level + 1)
        if isinstance(record, Quote):
            lines = [f"{top} Quote {md_escape(record.id)}", ""]
            lines += ["> " + md_escape(one_line(record.text)), ""]
            if record.translation:
                lines += [f"_{md_escape(one_line(record.translation))}_", ""]
        elif isinstance(record, Event):  # its date first, and a bare year says it is one (it sorts last)
            lines = [f"{top} {md_escape(record.date.timeline_label())} — {md_escape(title_of(record))}", ""]
        else:
            lines = [f"{top} {md_escape(title_of(record))}", ""]
        lines += [f"*{S.KIND_BY_NAME[record.kind_name].name}*", ""]
        flags = index.flags_of(record)
        if flags:
            lines += [f"> ⚠ **Flagged sources:** {md_escape(', '.join(flags))}", ""]
        summary = getattr(record, "summary", "")
        if summary:
            lines += [self.line(prose(index, summary), root), ""]
        rows = field_rows(index, record)
        for name, values in rows:
            if len(values) == 1:
                lines.append(f"- **{name.replace('_', ' ')}:** {self.line(values[0], root)}")
            else:
                lines.append(f"- **{name.replace('_', ' ')}:**")
                lines += [f"  - {self.line(v, root)}" for v in values]
        if rows:
            lines.append("")
        if isinstance(record, Source) and record.quotes:
            lines += [f"{sub} Quotes from this source", ""] + [self.item(q, root) for q in record.quotes] + [""]
        for group, records in index.backlinks(record.id).items():
            if group == MEMBERS:
                items = [f"- {self.line(line, root)}" for line in member_lines(index, record.id)]
            else:
                items = [self.item(r, root) for r in records]
            lines += [f"{sub} {md_escape(heading(group))}", ""] + items + [""]
        return lines

    # -- the one document ------------------------------------------------------------
    def document(self) -> str:
        """The whole dossier: a section per kind, each record's under an anchor of its id."""
        lines = [f"# {md_escape(self.title)}", ""]
        lines += [", ".join(counted(len(getattr(self.dossier, k.plural)), k) for k in S.KINDS) + ".", ""]
        for kind in S.KINDS:
            lines += [f"## {_section_title(kind)}", ""]
            for record in getattr(self.dossier, kind.plural):
                lines.append(f'<a id="{html.escape(record.id, quote=True)}"></a>')
                lines += self.record_section(record, "", 3)
        return "\n".join(lines).rstrip("\n") + "\n"

    # -- the folder's pages ---------------------------------------------------------
    def record_page(self, record: Record) -> str:
        nav = f"[{md_escape(self.title)}](../index.md) · [Timeline](../timeline.md) · [Quotes](../quotes.md)"
        name = self.page_name(record).split("/", 1)[1]
        lines = [front_matter(self.index, record, name), nav, ""] + self.record_section(record, "../", 1)
        return "\n".join(lines).rstrip("\n") + "\n"

    def index_page(self) -> str:
        d = self.dossier
        lines = [f"# {md_escape(self.title)}", ""]
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
        lines = [f"[{md_escape(self.title)}](index.md) · Timeline · [Quotes](quotes.md)", "", "# Timeline", ""]
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
        lines = [f"[{md_escape(self.title)}](index.md) · [Timeline](timeline.md) · Quotes", "", "# Quotes", ""]
        for quote in sorted(self.dossier.quotes, key=self.index.reading_order):
            speaker = self.link(ref(self.index, quote.speaker), "") + ", " if quote.speaker else ""
            source = self.index.get(quote.source)
            date = record_date(source) if source is not None else None
            when = f", {date.display()}" if date else ""
            lines += [f"> [{md_escape(one_line(quote.text))}]({self.href(quote, '')})"]
            if quote.translation:
                lines += [">", f"> _{md_escape(one_line(quote.translation))}_"]
            lines += ["", f"— {speaker}in {self.link(ref(self.index, quote.source), '')}{md_escape(when)}", ""]
        return "\n".join(lines).rstrip("\n") + "\n"


def to_markdown(dossier: Dossier, title: str = "Dossier") -> str:
    """The whole dossier as one Markdown document with in-page links."""
    return Markdown(dossier, title, folder=False).document()


def write_markdown(dossier: Dossier, out: Path, title: str = "Dossier") -> list[Path]:
    """Write the folder of notes into `out` (already checked by `dossier.export.out.prepare_folder`)."""
    return Markdown(dossier, title).write(out)


def export_text(dossier: Dossier, options) -> str:
    return to_markdown(dossier, options.title)


def export_folder(dossier: Dossier, out: Path, options) -> list[Path]:
    return write_markdown(dossier, out, options.title)
