"""How each kind of record reads on one line of a list.

Every data string is made visible (`one_line`) and put into a Rich `Text`, which is
never parsed as markup, so a name like `[@click=app.quit]x[/]` shows as written.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.style import Style
from rich.text import Text

from dossier.index.evidence import Evidence
from dossier.index.index import Index
from dossier.model.records import Event, Lab, Model, Person, Quote, Record, Source
from dossier.model.text import one_line

# Flags that change how far a claim can be trusted get a loud badge; others a quiet one.
LOUD_FLAGS = {"ai-generated": "AI", "repost": "repost", "duplicate-text": "dup"}
FLAG_STYLE = Style(color="black", bgcolor="yellow", bold=True)
QUIET_FLAG_STYLE = Style(color="yellow")
# A claim's strength: quiet when it rests on an origin free of caveats, loud otherwise.
SOURCED_STYLE = Style(color="green", dim=True)
FLAGGED_STYLE = Style(color="yellow", bold=True)
NO_SOURCE_STYLE = Style(color="red", bold=True)
_MEASURE = Console(file=io.StringIO(), width=400, color_system=None)  # measures cells for wrapping only


def flag_badges(flags: tuple[str, ...]) -> Text:
    """' AI  repost ' badges for a source's flags, or nothing."""
    text = Text()
    for flag in flags:
        label = LOUD_FLAGS.get(flag)
        text.append(" ")
        if label:
            text.append(f" {label} ", FLAG_STYLE)
        else:
            text.append(f"[{one_line(flag)}]", QUIET_FLAG_STYLE)
    return text


def strength_style(evidence: Evidence) -> Style:
    if not evidence.origins:
        return NO_SOURCE_STYLE
    return FLAGGED_STYLE if evidence.flagged else SOURCED_STYLE


def strength_mark(evidence: Evidence | None) -> Text:
    """'[2 src]', '[1 AI]', '[no src]': how many independent origins a claim rests on and,
    when there is one, its worst caveat (see `dossier.index.evidence`)."""
    if evidence is None:
        return Text()
    return Text(f"[{evidence.mark}]", strength_style(evidence))


def _mark_of(index: Index, record: Record) -> Text:
    return strength_mark(index.evidence.of_record(record))


def safe(value: str) -> str:
    return one_line(value)


def person_line(index: Index, person: Person, dim: Style) -> Text:
    text = Text(safe(person.name))
    if person.roles:
        role = person.roles[-1]
        org = index.label(role.org) if role.org else ""
        detail = ", ".join(p for p in (role.title, org) if p)
        if detail:
            text.append("  " + safe(detail), dim)
    return text


def lab_line(index: Index, lab: Lab, dim: Style) -> Text:
    text = Text(safe(lab.name))
    if lab.kind:
        text.append("  " + safe(lab.kind), dim)
    return text


def model_line(index: Index, model: Model, dim: Style) -> Text:
    text = Text(safe(model.name))
    detail = [model.status] if model.status else []
    if model.released:
        detail.append(model.released.display())
    if detail:
        text.append("  " + safe(", ".join(detail)), dim)
    return text


def event_line(index: Index, event: Event, dim: Style, date_width: int = 13) -> Text:
    # The mark before the title, so that strengths line up in a column one can scan.
    text = Text(event.date.display().rjust(date_width) + "  ", dim)
    mark = _mark_of(index, event)
    text.append_text(mark).append(" " * max(1, 9 - len(mark)))
    text.append(safe(event.title))
    return text


def quote_line(index: Index, quote: Quote, dim: Style, translation: bool, with_source: bool = True) -> Text:
    text = Text()
    if quote.speaker:
        text.append(safe(index.label(quote.speaker)) + ": ", "bold")
    text.append(safe(quote.text))
    if translation and quote.translation:
        text.append("  — " + safe(quote.translation), "italic")
    source = index.get(quote.source)
    if with_source and isinstance(source, Source):
        where = [index.label(source.outlet) if source.outlet else source.title]
        if source.published:
            where.append(source.published.display())
        text.append("  · " + safe(", ".join(where)), dim)
        text.append_text(flag_badges(source.flags))
    return text.append("  ").append_text(_mark_of(index, quote))


def quote_lines(index: Index, quote: Quote, dim: Style, translation: bool, width: int) -> list[Text]:
    """A quote on four lines: speaker and source, the original (two lines), our translation."""
    head = Text("▌", Style(color="cyan"))
    head.append(safe(index.label(quote.speaker)) if quote.speaker else "(the source)", "bold")
    source = index.get(quote.source)
    if isinstance(source, Source):
        where = [index.label(source.outlet) if source.outlet else source.title]
        if source.published:
            where.append(source.published.display())
        head.append("  " + safe(", ".join(where)), dim)
        head.append_text(flag_badges(source.flags))
    head.append("  ").append_text(_mark_of(index, quote))
    body_lines = 2 if translation and quote.translation else 3
    original = Text(safe(quote.text))
    wrapped = list(original.wrap(_MEASURE, max(10, width - 3)))
    for line in wrapped:
        line.rstrip()
    if len(wrapped) > body_lines:
        wrapped = wrapped[:body_lines]
        wrapped[-1].append(" …")
    body = [Text(" ") + line for line in wrapped]
    if translation and quote.translation:
        body.append(Text(" " + safe(quote.translation), Style(italic=True) + dim))
    return [head, *body][:4]


def source_line(index: Index, source: Source, dim: Style) -> Text:
    text = Text(safe(source.title))
    if source.published:
        text.append("  " + source.published.display(), dim)
    text.append_text(flag_badges(source.flags))
    return text


def record_line(index: Index, record: Record, dim: Style, translation: bool = True) -> Text:
    """Any record on one line, as its own list shows it."""
    if isinstance(record, Person):
        return person_line(index, record, dim)
    if isinstance(record, Lab):
        return lab_line(index, record, dim)
    if isinstance(record, Model):
        return model_line(index, record, dim)
    if isinstance(record, Event):
        return event_line(index, record, dim, date_width=0)
    if isinstance(record, Quote):
        return quote_line(index, record, dim, translation)
    return source_line(index, record, dim)


def label_of(record: Record | None, fallback: str = "") -> str:
    """A record's name (or title, or quote) on one safe line."""
    if record is None:
        return safe(fallback)
    return safe(record.label)


def count_of(count: int, word: str) -> str:
    """'1 problem', '2 problems', '0 errors'."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"
