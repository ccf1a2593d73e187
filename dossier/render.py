"""Rich renderings of records for the CLI (`show`, `search`). Data is never markup.

Every data string goes through `Text(...)` (never markup) after `visible(...)`, so a
name like `[bold]` prints as typed and escape sequences print as `\\x1b`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dossier.index.index import Index
from dossier.index.links import prose_parts
from dossier.index.search import Hit
from dossier.model.dates import date_span
from dossier.model.records import Event, Lab, Model, Person, Quote, Record, Source
from dossier.model.text import one_line, shorten, visible

KIND_STYLE = {
    "person": "bold cyan", "lab": "bold magenta", "model": "bold green",
    "event": "bold yellow", "source": "bold blue", "quote": "italic",
}  # fmt: skip


def data(text: str, style: str = "") -> Text:
    """A data string as Rich text: never parsed as markup, controls made visible."""
    return Text(visible(text), style=style)


def ref_text(index: Index, record_id: str) -> Text:
    record = index.get(record_id)
    if record is None:
        return Text.assemble(data(record_id, "red"), (" (unknown)", "dim red"))
    return Text.assemble(data(one_line(record.label), KIND_STYLE.get(record.kind_name, "")), (f" [{record_id}]", "dim"))


def prose_text(index: Index, text: str) -> Text:
    out = Text()
    for part, target in prose_parts(text):
        if target is None:
            out.append(visible(part))
        else:
            out.append(visible(part or index.label(target)), style="underline")
    return out


def fields_table(index: Index, record: Record) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()

    def row(label: str, value) -> None:
        if value:
            table.add_row(label, value if isinstance(value, Text) else data(str(value)))

    def refs(ids) -> Text:
        return Text(", ").join(ref_text(index, i) for i in ids)

    if isinstance(record, (Person, Lab, Model)) and record.aliases:
        row("aliases", ", ".join(record.aliases))
    if isinstance(record, Lab):
        row("kind", record.kind)
        row("parent", record.parent and ref_text(index, record.parent))
        row("founded", record.founded and record.founded.display())
        row("dissolved", record.dissolved and record.dissolved.display())
        row("location", record.location)
    if isinstance(record, Model):
        row("developer", record.developer and ref_text(index, record.developer))
        row("family", record.family and ref_text(index, record.family))
        row("released", record.released and record.released.display())
        row("status", record.status)
        if record.open_weights is not None:
            row("open weights", "yes" if record.open_weights else "no")
        if record.parameters:
            row("parameters", " / ".join(f"{v} {k}" for k, v in vars(record.parameters).items() if v))
        row("context", record.context_window)
        row("modalities", ", ".join(record.modalities))
    if isinstance(record, Event):
        row("date", record.date.display())
        row("kind", record.kind)
        row("involves", refs(record.involves))
    if isinstance(record, Source):
        row("outlet", record.outlet and ref_text(index, record.outlet))
        row("author", record.author and ref_text(index, record.author))
        row("published", record.published and record.published.display())
        row("kind", record.kind)
        row("language", record.language)
        row("url", record.url)
        row("cites", refs(record.cites))
    if isinstance(record, Quote):
        row("speaker", record.speaker and ref_text(index, record.speaker))
        row("source", ref_text(index, record.source))
        row("event", record.event and ref_text(index, record.event))
        row("about", refs(record.about))
    flags = index.flags_of(record)
    if flags:
        row("flags", Text(", ".join(flags), style="bold red"))
    if getattr(record, "sources", ()):
        row("sources", refs(record.sources))
    return table


def show_record(index: Index, record: Record) -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble(
            (record.kind_name + " ", "dim"),
            data(one_line(record.label), KIND_STYLE[record.kind_name]),
            (f"  {record.id}", "dim"),
        ),  # fmt: skip
        fields_table(index, record),
    ]
    if isinstance(record, Quote):
        parts.append(Text.assemble(("« ", "dim"), data(record.text, "italic"), (" »", "dim")))
        if record.translation:
            parts.append(Text.assemble(("EN ", "dim"), data(record.translation)))
    summary = getattr(record, "summary", "") or getattr(record, "note", "")
    if summary:
        parts += [Text(""), prose_text(index, summary)]
    if isinstance(record, Person) and record.roles:
        parts += [Text(""), Text("roles", style="bold")]
        for role in record.roles:
            span = date_span(role.start, role.end)
            parts.append(Text.assemble("  ", ref_text(index, role.org), ("  " + visible(role.title) if role.title else ""),
                                       (f"  {span}" if span else "", "dim")))  # fmt: skip
    if isinstance(record, Source) and record.quotes:
        parts += [Text(""), Text(f"quotes ({len(record.quotes)})", style="bold")]
        for quote in record.quotes:
            parts.append(
                Text.assemble("  « ", data(shorten(one_line(quote.text), 160)), " »", (f"  {quote.id}", "dim"))
            )
    for heading, records in index.backlinks(record.id).items():
        parts += [Text(""), Text(f"{heading} ({len(records)})", style="bold")]
        for other in records:
            parts.append(Text.assemble("  ", ref_text(index, other.id), (f"  {other.kind_name}", "dim")))
    return Group(*parts)


def hits_table(hits: list[Hit]) -> Table:
    table = Table(show_edge=False, box=None, pad_edge=False)
    table.add_column("kind", style="dim", no_wrap=True)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("name")
    table.add_column("matched in", style="dim", no_wrap=True)
    for hit in hits:
        record = hit.record
        table.add_row(
            record.kind_name, data(record.id), data(shorten(one_line(record.label), 100), KIND_STYLE[record.kind_name]),
            hit.field,
        )  # fmt: skip
    return table


def no_match(guesses: list[Record]) -> str:
    """What a search that found nothing says, with the nearest names if there are any."""
    if not guesses:
        return "no match"
    names = ", ".join(f"{one_line(record.label)} [{record.id}]" for record in guesses)
    return visible(f"no match; did you mean {names}?")
