"""What a record's page says, independent of the format that writes it (HTML, Markdown).

A record becomes rows of (field name, values), each value a list of pieces: plain
text, or a `Ref` to another record. The rows are found by walking the record along
`dossier.schema`, so a field added there shows up in every multi-page export without
touching the writers. Dates show at their own precision, prose `[[links]]` become refs,
and a ref to a source carries that source's flags so writers can mark them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dossier.export.out import FolderWriter
from dossier.index.index import Index
from dossier.index.links import prose_parts
from dossier.model import schema as S
from dossier.model.dates import PartialDate, date_span
from dossier.model.records import Dossier, Record, Role, Source
from dossier.model.text import is_web_address, one_line, visible


@dataclass(frozen=True)
class Ref:
    target: str  # the id of a record (it may be missing from a broken dossier)
    label: str
    flags: tuple[str, ...] = ()  # the target's own flags when it is a source


@dataclass(frozen=True)
class WebLink:
    """An address outside the dossier (a source's url); writers link it only if it is http(s)."""

    url: str

    @property
    def safe(self) -> bool:
        return is_web_address(self.url)


Piece = str | Ref | WebLink
Line = list[Piece]

# Fields every page shows in its own place rather than in the table of fields.
_SHOWN_APART = {"id", "summary", "quotes", "text", "translation"}


def page_path(record_or_kind, record_id: str = "") -> str:
    """Where a record's page lives, without extension: `people/ada-lovelace`."""
    if isinstance(record_or_kind, str):
        kind_name = record_or_kind
    else:
        kind_name, record_id = record_or_kind.kind_name, record_or_kind.id
    return f"{S.KIND_BY_NAME[kind_name].plural}/{record_id}"


def ref(index: Index, target: str, label: str = "") -> Ref:
    record = index.get(target)
    flags = record.flags if isinstance(record, Source) else ()
    return Ref(target, one_line(label or index.label(target)), flags)


def prose(index: Index, text: str) -> Line:
    """Author's prose with its [[links]] as refs; text kept visible (no control characters)."""
    return [visible(part) if target is None else ref(index, target, part) for part, target in prose_parts(text)]


def value_lines(index: Index, value, spec: S.Field) -> list[Line]:
    """A field's value as lines of pieces (one line per list item)."""
    if spec.type == S.LIST and spec.item is not None:
        return [line for item in value for line in value_lines(index, item, spec.item)]
    if spec.type == S.OBJECT:
        return [object_line(index, value, spec)]
    if spec.type == S.REF:
        return [[ref(index, value)]]
    if spec.type == S.PROSE:
        return [prose(index, value)]
    if spec.type == S.URL:
        return [[WebLink(visible(value))]]
    if isinstance(value, PartialDate):
        return [[value.display()]]
    if isinstance(value, bool):
        return [["yes" if value else "no"]]
    return [[one_line(str(value))]]


def object_line(index: Index, value, spec: S.Field) -> Line:
    """A nested mapping on one line; a role reads as 'title, org (start – end)'."""
    if isinstance(value, Role):
        return role_line(index, value)
    line: Line = []
    for sub in spec.fields:
        item = getattr(value, sub.name, None)
        if item is None or item == "" or item == ():
            continue
        if line:
            line.append(" · ")
        line.append(f"{sub.name} ")
        for number, sub_line in enumerate(value_lines(index, item, sub)):
            line += ([", "] if number else []) + sub_line
    return line


def role_line(index: Index, role: Role) -> Line:
    line: Line = [f"{one_line(role.title) or 'member'}, ", ref(index, role.org)]
    span = date_span(role.start, role.end)
    if span:
        line.append(f" ({span})")
    if role.sources:
        line.append(" — sources: ")
        for number, source in enumerate(role.sources):
            line += ([", "] if number else []) + [ref(index, source)]
    if role.note:
        line += [" — ", *prose(index, role.note)]
    return line


MEMBERS = next(f.backlink for f in S.ROLE.fields if f.name == "org")  # the backlink group of roles


def member_lines(index: Index, lab_id: str) -> list[Line]:
    """A lab's members with what they were there and when: 'Ada Lovelace — Chief Scientist (2023 – 2025)'."""
    lines = []
    for membership in index.members(lab_id):
        role = membership.role
        line: Line = [ref(index, membership.person.id)]
        detail = one_line(role.title)
        span = date_span(role.start, role.end)
        if detail or span:
            line.append(" — " + " ".join(p for p in (detail, f"({span})" if span else "") if p))
        lines.append(line)
    return lines


def field_rows(index: Index, record: Record) -> list[tuple[str, list[Line]]]:
    """(field name, lines) for every filled field except those a page shows apart."""
    kind = S.KIND_BY_NAME[record.kind_name]
    rows = []
    for spec in kind.fields:
        if spec.name in _SHOWN_APART or spec.name == kind.title_field:
            continue
        if spec.type == S.DATE and spec.required:  # an event's date heads its page
            continue
        value = getattr(record, spec.name, None)
        if value is None or value == "" or value == ():
            continue
        rows.append((spec.name, value_lines(index, value, spec)))
    if record.kind_name == "quote":
        rows.insert(0, ("source", [[ref(index, record.source)]]))  # type: ignore[union-attr]
    return rows


def record_date(record: Record) -> PartialDate | None:
    """The date a record is known by: an event's date, a source's publication, a model's release."""
    for name in ("date", "published", "released", "founded"):
        value = getattr(record, name, None)
        if isinstance(value, PartialDate):
            return value
    return None


def counted(number: int, kind: S.Kind) -> str:
    """'1 person', '3 people'."""
    return f"{number} {kind.name if number == 1 else kind.plural}"


def heading(text: str) -> str:
    """A backlink group as a heading: 'took part in' → 'Took part in'."""
    return text[:1].upper() + text[1:]


def title_of(record: Record) -> str:
    return one_line(record.label)


MAX_LABEL = 140  # characters of a quote shown where it is a link


def short(text: str, limit: int = MAX_LABEL) -> str:
    """`text` on one line, cut on `limit` characters with an ellipsis."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PageWriter:
    """What the multi-page exports (the HTML site, the Markdown folder) share: one index
    of the dossier, the list of pages and the writing of the folder, each link made once
    per target and page depth (a record is linked from many pages), and a line's pieces
    handed to the writer's own forms. `root` is the relative path from the page being
    written to the top of the folder."""

    def __init__(self, dossier: Dossier, title: str):
        self.dossier = dossier
        self.index = Index(dossier)
        self.title = title
        self._links: dict[tuple[Ref, str], str] = {}

    extension = ""  # of every page: ".html", ".md"

    def pages(self) -> Iterator[tuple[str, str]]:
        """(path in the folder, text) of every page: one per record, then the index, the
        timeline and the quotes; a writer adds its own after these."""
        for record in self.dossier.by_id.values():
            yield f"{self.page_name(record)}{self.extension}", self.record_page(record)
        yield f"index{self.extension}", self.index_page()
        yield f"timeline{self.extension}", self.timeline_page()
        yield f"quotes{self.extension}", self.quotes_page()

    def write(self, out: Path) -> list[Path]:
        """Write every page into `out` (already checked by `dossier.export.out.prepare_folder`)."""
        writer = FolderWriter(out)
        for rel, text in self.pages():  # made one at a time: a large site is never held whole
            writer.write(rel, text)
        return writer.written

    def link(self, target: Ref, root: str) -> str:
        text = self._links.get((target, root))
        if text is None:
            text = self._links[target, root] = self.make_link(target, root)
        return text

    def line(self, pieces: Line, root: str) -> str:
        return "".join(self.piece(p, root) for p in pieces)

    def piece(self, piece: Piece, root: str) -> str:
        if isinstance(piece, Ref):
            return self.link(piece, root)
        if isinstance(piece, WebLink):
            return self.web_link(piece)
        return self.text(piece)

    # Each writer's own forms and pages.
    def page_name(self, record: Record) -> str:
        """The record's page in the folder, without extension."""
        raise NotImplementedError

    def record_page(self, record: Record) -> str:
        raise NotImplementedError

    def index_page(self) -> str:
        raise NotImplementedError

    def timeline_page(self) -> str:
        raise NotImplementedError

    def quotes_page(self) -> str:
        raise NotImplementedError

    def make_link(self, target: Ref, root: str) -> str:
        raise NotImplementedError

    def web_link(self, link: WebLink) -> str:
        raise NotImplementedError

    def text(self, text: str) -> str:
        raise NotImplementedError
