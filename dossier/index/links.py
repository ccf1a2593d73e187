"""The references a record makes, found by walking it along the schema.

One walk serves the index (backlinks), the exports (links) and anything else that
needs "what does this record point at": the schema says which fields are references
and how their reverse reads, so nothing here names a field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dossier.model import schema as S
from dossier.model.records import Record
from dossier.read.convert import PROSE_LINK


@dataclass(frozen=True)
class Link:
    source: str  # id of the record that makes the reference
    target: str  # id it names
    field: str  # where: roles[0].org, summary
    backlink: str  # heading on the target's profile: "members", "took part in"


def links_of(record: Record) -> Iterator[Link]:
    source = record.id
    for target, path, backlink in link_rows(record):
        yield Link(source, target, path, backlink)


def link_rows(record: Record) -> list[tuple[str, str, str]]:
    """(target, field, backlink) of every reference `record` makes, in field order."""
    kinds = LINK_KINDS
    return [(target, *kinds[code]) for target, code in link_codes(record)]


def link_codes(record: Record) -> list[tuple[str, int]]:
    """(target, kind code) of every reference `record` makes, in field order: the code
    is the (field, backlink) pair's place in `LINK_KINDS`.

    The index asks this of every record of the dossier, 600,000 links at 100,000
    quotes, so each kind's walk is planned once from the schema (only the fields that
    can hold a reference), and field paths such as `roles[0].org` and their codes are
    made once: a list of references is then one `zip` in C.
    """
    rows: list[tuple[str, int]] = []
    for name, path, emit in _PLANS[record.kind_name]:
        value = getattr(record, name)
        if value:
            emit(rows, value, path)
    return rows


# Every (field, backlink) pair met so far, in the order met; a pair's place is its code.
LINK_KINDS: list[tuple[str, str]] = []
_CODES: dict[tuple[str, str], int] = {}
_PATHS: dict[tuple[str, object], str] = {}  # (prefix, name or number) → the path, made once


def _code(path: str, backlink: str) -> int:
    code = _CODES.get((path, backlink))
    if code is None:
        code = _CODES[(path, backlink)] = len(LINK_KINDS)
        LINK_KINDS.append((path, backlink))
    return code


def _path(prefix: str, step: object) -> str:
    path = _PATHS.get((prefix, step))
    if path is None:
        path = f"{prefix}[{step}]" if isinstance(step, int) else f"{prefix}.{step}" if prefix else str(step)
        path = _PATHS[(prefix, step)] = path
    return path


def _can_link(spec: S.Field) -> bool:
    if spec.type in (S.REF, S.PROSE):
        return True
    if spec.type == S.LIST:
        return spec.item is not None and _can_link(spec.item)
    return spec.type == S.OBJECT and any(_can_link(f) for f in spec.fields)


def _plan(fields: tuple[S.Field, ...], prefix: str) -> tuple:
    return tuple((spec.name, _path(prefix, spec.name), _emitter(spec)) for spec in fields if _can_link(spec))


def _codes_by_path(backlink: str):
    """path → its code with `backlink`, for one emitter (a string key: its hash is kept)."""
    codes: dict[str, int] = {}

    def code_of(path: str) -> int:
        code = codes.get(path)
        if code is None:
            code = codes[path] = _code(path, backlink)
        return code

    return code_of


def _emitter(spec: S.Field):
    """A function (rows, value, path) that appends the links of one field's value."""
    if spec.type == S.REF:
        code_of = _codes_by_path(spec.backlink)

        def emit_ref(rows, value, path):
            rows.append((value, code_of(path)))

        return emit_ref
    if spec.type == S.PROSE:
        prose_code = _codes_by_path(S.PROSE_LINK_BACKLINK)

        def emit_prose(rows, value, path):
            if "[[" in value:
                code = prose_code(path)
                for match in PROSE_LINK.finditer(value):
                    rows.append((match.group(1).strip(), code))

        return emit_prose
    if spec.type == S.LIST:
        item = spec.item
        assert item is not None
        if item.type == S.REF:
            backlink = item.backlink
            numbered: dict[str, list[int]] = {}  # path → codes of path[0], path[1], …

            def emit_refs(rows, value, path):
                codes = numbered.get(path)
                if codes is None or len(codes) < len(value):
                    codes = numbered[path] = [_code(_path(path, n), backlink) for n in range(max(8, len(value)))]
                rows.extend(zip(value, codes, strict=False))  # stops at the last of `value`

            return emit_refs
        emit_item = _emitter(item)

        def emit_list(rows, value, path):
            for number, element in enumerate(value):
                emit_item(rows, element, _path(path, number))

        return emit_list
    names = [(f.name, _emitter(f)) for f in spec.fields if _can_link(f)]

    def emit_object(rows, value, path):
        for name, emit in names:
            inner = getattr(value, name, None)
            if inner:
                emit(rows, inner, _path(path, name))

    return emit_object


# A source's quotes are records of their own, walked as such.
_PLANS = {
    kind.name: _plan(tuple(f for f in kind.fields if not (kind is S.SOURCE and f.name == "quotes")), "")
    for kind in S.KINDS
}


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
