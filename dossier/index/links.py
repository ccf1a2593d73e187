"""The references a record makes, found by walking it along the schema.

One walk serves the index (backlinks), the exports (links) and anything else that
needs "what does this record point at": the schema says which fields are references
and how their reverse reads, so nothing here names a field.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

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


def _item_codes(codes: list[int], path: str, backlink: str, count: int) -> None:
    """Extend `codes`, those of the items of the list at `path` with `backlink` so far,
    to the first `count`."""
    while len(codes) < count:
        codes.append(_code(_path(path, len(codes)), backlink))


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
                if codes is None:
                    codes = numbered[path] = []
                if len(codes) < len(value):
                    _item_codes(codes, path, backlink, max(8, len(value)))
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


# -- the index's walk ------------------------------------------------------------
# The index walks every record's links once per load, 600,000 of them at 100,000
# quotes: through `link_codes`, a list of pairs a record, then each pair added to its
# target's row, 0.8 s. So each kind's walk is also made into one function of its own,
# from the same plan: its fields read in order, the code of each reference field (and
# of the first items of each list of them) made once, each link added to its target's
# row where it is found. Any other field (prose, objects) goes through its emitter, as
# `link_codes` takes it. The rows are those of `link_codes`, walked forwards or, for a
# walk that grows from the last record back (`dossier.load.links_aside`), backwards:
# the record's links from its last, each pair as (kind, source), so that a target's
# row reversed once the walk is done is the row of a walk forwards.


def _walker(kind: S.Kind, backwards: bool):
    """`walk(record, number, rows, get)`: add the links of `record` (of `kind`, the
    `number`-th) to `rows`, target id → array of pairs (`get` is `rows.get`)."""
    namespace: dict[str, object] = {"_array": array}
    pair = "c, number" if backwards else "number, c"
    added = [
        "p = get(t)",
        "if p is None:",
        f"    rows[t] = _array('I', ({pair}))",
        "else:",
        *(["    p.append(c)", "    p.append(number)"] if backwards else ["    p.append(number)", "    p.append(c)"]),
    ]
    steps = []
    by_name = {spec.name: spec for spec in kind.fields}
    for number, (name, path, emit) in enumerate(_PLANS[kind.name]):
        spec = by_name[name]
        if spec.type == S.REF:
            namespace[f"_c{number}"] = _code(path, spec.backlink)
            lines = [f"t, c = value, _c{number}", *added]
        elif spec.type == S.LIST and spec.item is not None and spec.item.type == S.REF:
            codes: list[int] = []
            _item_codes(codes, path, spec.item.backlink, 8)
            namespace[f"_codes{number}"] = codes
            namespace[f"_more{number}"] = partial(_item_codes, codes, path, spec.item.backlink)
            pairs = "zip(reversed(value), reversed(codes[: len(value)]))" if backwards else "zip(value, codes)"
            lines = [
                f"codes = _codes{number}",
                f"if len(codes) < len(value): _more{number}(len(value))",
                f"for t, c in {pairs}:",
                *(f"    {line}" for line in added),
            ]
        else:
            namespace[f"_emit{number}"] = emit
            lines = [
                "found = []",
                f"_emit{number}(found, value, {path!r})",
                f"for t, c in {'reversed(found)' if backwards else 'found'}:",
                *(f"    {line}" for line in added),
            ]
        steps.append([f"value = record.{name}", "if value:", *(f"    {line}" for line in lines)])
    if backwards:
        steps.reverse()
    source = "def walk(record, number, rows, get):\n" + "".join(f"    {line}\n" for step in steps for line in step)
    exec(source + "    return\n", namespace)  # noqa: S102 (made here, of the schema's own field names)
    return namespace["walk"]


WALKS = {kind.name: _walker(kind, backwards=False) for kind in S.KINDS}
WALKS_BACK = {kind.name: _walker(kind, backwards=True) for kind in S.KINDS}


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
