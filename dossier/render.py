"""Rich renderings of records for the CLI (`show`, `search`). Data is never markup.

Every data string goes through `Text(...)` (never markup) after `visible(...)`, so a
name like `[bold]` prints as typed and escape sequences print as `\\x1b`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dossier.index.evidence import Claim, Conflict, Evidence
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
    evidence = index.evidence.of_record(record)
    if evidence is not None:
        row("evidence", strength_text(evidence))
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


# -- evidence (`dossier evidence`) ------------------------------------------------------
def strength_text(evidence: Evidence) -> Text:
    """The strength, red when nothing is cited, yellow when every origin has a caveat."""
    style = "bold red" if not evidence.origins else "yellow" if evidence.flagged else "green"
    return Text(evidence.strength, style=style)


def _source_with_flags(index: Index, source_id: str, title: bool = True) -> Text:
    """`id  flags  “title”`: the id first, as a reader types it into `evidence`."""
    text = data(source_id, KIND_STYLE["source"])
    source = index.get(source_id)
    if not isinstance(source, Source):
        return text.append(" (unknown)", style="dim red")
    if source.flags:
        text.append("  " + ", ".join(source.flags), style="yellow")
    if title:
        text.append("  “" + visible(shorten(one_line(source.title), 60)) + "”", style="dim")
    return text


def evidence_block(index: Index, claim: Claim, evidence: Evidence) -> RenderableType:
    """One claim: what it is, its strength, and each independent origin with its sources."""
    what = claim.kind if claim.kind in ("event", "quote", "role") else f"{claim.kind} profile"
    label = claim_label(index, claim)
    parts: list[RenderableType] = [
        Text.assemble((what + " ", "dim"), data(shorten(one_line(label), 120), "bold"), (f"  {claim.id}", "dim")),
        Text.assemble(("  strength  ", "dim"), strength_text(evidence)),
    ]
    if not evidence.origins:
        parts.append(Text("  names no source: nothing here says who says so", style="red"))
    for number, origin in enumerate(evidence.origins, start=1):
        first, *others = origin.sources
        parts.append(Text.assemble((f"  origin {number}  ", "dim"), _source_with_flags(index, first)))
        for other in others:
            parts.append(Text.assemble(("            and  ", "dim"), _source_with_flags(index, other)))
        read_in = [b for b in origin.basis if b not in origin.sources]
        if read_in:
            parts.append(
                Text.assemble(
                    ("            read in  ", "dim"), Text(", ").join(_source_with_flags(index, b) for b in read_in)
                )
            )
    for conflict in index.evidence.conflicts_of(claim.record) if claim.role is None else ():
        parts.append(conflict_block(index, conflict, indent="  "))
    return Group(*parts)


def conflict_block(index: Index, conflict: Conflict, indent: str = "") -> RenderableType:
    """Every value, each with the sources that give it and their strength; none is preferred."""
    parts: list[RenderableType] = [
        Text.assemble(
            (indent + "conflict  ", "bold red"),
            data(conflict.what, "bold"),
            ("  in ", "dim"),
            ref_text(index, conflict.event.id),
        )
    ]
    width = max(len(visible(side.figure.value)) for side in conflict.sides)
    for side in conflict.sides:
        sources = Text(", ").join(_source_with_flags(index, s, title=False) for s in side.figure.sources)
        parts.append(
            Text.assemble(
                indent + "  ",
                data(side.figure.value.ljust(width), "bold"),
                "  ",
                sources or Text("no source", style="red"),
                ("  · ", "dim"),
                strength_text(side.evidence),
            )
        )
        if side.figure.note:
            parts.append(Text.assemble(indent + "  " + " " * width + "  ", prose_text(index, side.figure.note)))
    return Group(*parts)


def source_evidence(index: Index, source: Source) -> RenderableType:
    """A source's place in the evidence: what it relays or is read through, what rests on it alone."""
    evidence = index.evidence
    parts: list[RenderableType] = [
        Text.assemble(("source ", "dim"), data(one_line(source.title), "bold"), (f"  {source.id}", "dim")),
    ]
    if source.flags:
        parts.append(Text.assemble(("  flags  ", "dim"), (", ".join(source.flags), "yellow")))
    basis = sorted(evidence.basis(source.id) - {source.id})
    if basis:
        parts.append(
            Text.assemble(("  read in  ", "dim"), Text(", ").join(_source_with_flags(index, b) for b in basis))
        )
    alone = evidence.only_on(source.id)
    ids = {c.id for c in alone}
    also = [c for c in evidence.supported_by(source.id) if c.id not in ids]
    parts.append(Text(f"\nrests only on it ({len(alone)})", style="bold"))
    parts += [claim_line(index, c) for c in alone]
    parts.append(Text(f"\nalso supported by it ({len(also)})", style="bold"))
    parts += [claim_line(index, c) for c in also]
    return Group(*parts)


def claim_label(index: Index, claim: Claim) -> str:
    """A claim's name: the record's, or for a role the person, title and organisation."""
    role = claim.role
    if role is None:
        return claim.record.label
    at = " at ".join(p for p in (role.title, index.label(role.org)) if p)
    return f"{claim.record.label}: {at}"


def claim_line(index: Index, claim: Claim) -> Text:
    """`kind  id  label` on one line, for lists a script can cut columns from."""
    label = claim_label(index, claim)
    return Text.assemble((f"{claim.kind:<7} ", "dim"), data(claim.id), "  ", data(shorten(one_line(label), 100)))


def no_match(guesses: list[Record]) -> str:
    """What a search that found nothing says, with the nearest names if there are any."""
    if not guesses:
        return "no match"
    names = ", ".join(f"{one_line(record.label)} [{record.id}]" for record in guesses)
    return visible(f"no match; did you mean {names}?")
