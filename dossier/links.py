"""The references a record makes, found by walking it along the schema.

One walk serves the index (backlinks), the exports (links) and anything else that
needs "what does this record point at": the schema says which fields are references
and how their reverse reads, so nothing here names a field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import schema as S
from .convert import PROSE_LINK
from .model import Record


@dataclass(frozen=True)
class Link:
    source: str  # id of the record that makes the reference
    target: str  # id it names
    field: str  # where: roles[0].org, summary
    backlink: str  # heading on the target's profile: "members", "took part in"


def links_of(record: Record) -> Iterator[Link]:
    kind = S.KIND_BY_NAME[record.kind_name]
    fields = kind.fields
    if record.kind_name == "source":  # a source's quotes are records of their own
        fields = tuple(f for f in fields if f.name != "quotes")
    yield from _walk(record.id, record, fields, "")


def _walk(owner: str, obj, fields: tuple[S.Field, ...], prefix: str) -> Iterator[Link]:
    for spec in fields:
        value = getattr(obj, spec.name, None)
        if not value:
            continue
        path = f"{prefix}.{spec.name}" if prefix else spec.name
        yield from _value(owner, value, spec, path)


def _value(owner: str, value, spec: S.Field, path: str) -> Iterator[Link]:
    if spec.type == S.REF:
        yield Link(owner, value, path, spec.backlink)
    elif spec.type == S.PROSE:
        for match in PROSE_LINK.finditer(value):
            yield Link(owner, match.group(1).strip(), path, S.PROSE_LINK_BACKLINK)
    elif spec.type == S.LIST and spec.item is not None:
        for number, item in enumerate(value):
            yield from _value(owner, item, spec.item, f"{path}[{number}]")
    elif spec.type == S.OBJECT:
        yield from _walk(owner, value, spec.fields, path)


def prose_parts(text: str) -> Iterator[tuple[str, str | None]]:
    """Split prose into (text, None) and (label, target id) parts, in order.

    A link written `[[id]]` has the label "" so the caller can show the record's name.
    """
    position = 0
    for match in PROSE_LINK.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], None
        target = match.group(1).strip()
        yield (match.group(2) or "").strip(), target
        position = match.end()
    if position < len(text):
        yield text[position:], None
