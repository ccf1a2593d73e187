"""Type one file's nodes against the schema: node tree + Kind → record + problems.

Everything a single file can get wrong is found here, each at its line and column:
unknown fields, wrong types, missing required fields, bad dates, duplicate keys,
disallowed tags, YAML's implicit-typing traps. References are only collected (as
`PendingRef`); whether they resolve is a question for the whole dossier (`assemble`).
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.model import schema as S
from dossier.model.frozen import shared_text
from dossier.model.problems import WARNING
from dossier.model.records import NESTED_CLASSES, RECORD_CLASSES, Loc, Quote, Role
from dossier.model.suggest import closest
from dossier.model.text import nfc
from dossier.read.place import DossierFile
from dossier.read.scalars import (
    BOOL_TAG,
    FALSE_WORDS,
    NULL_TAG,
    PROSE_LINK,
    STR_TAG,
    TAG,
    TEXT_TYPES,
    TRUE_WORDS,
    ScalarReader,
    a_or_an,
    describe,
    expected,
    shown,
)
from dossier.read.yamlnodes import (
    ALLOWED_TAGS,
    IMPLICIT_FIRST,
    MAPPING,
    NO_CODE_HINT,
    SCALAR,
    SEQUENCE,
    Node,
    implicit_tag,
    short_tag,
)

_set_quote_source = Quote.source.__set__  # type: ignore[attr-defined]
_ID = S.ID_REGEX  # a full match (\A...\Z), whichever method is called

__all__ = ["PROSE_LINK", "Converter", "PendingRef", "describe", "shown"]


@dataclass(frozen=True)
class PendingRef:
    """A reference to check once every file is read."""

    target: str
    kinds: tuple[str, ...]  # allowed kinds; () means any
    field: str  # how the problem names it: roles[0].org
    backlink: str  # the heading on the target's profile
    source_id: str  # the record that makes the reference
    loc: Loc


class Converter(ScalarReader):
    """Converts the nodes of one file; collects its problems and references."""

    @property
    def refs(self) -> list[PendingRef]:
        return [PendingRef(*row[:5], Loc(*row[5:])) for row in self.ref_rows]

    def _own_refs(self, first: int, owner: str) -> None:
        """Give the references collected since index `first` (and not yet owned) an owner.

        References are collected while a mapping is read, before its `id` is known.
        """
        rows = self.ref_rows
        if first < len(rows):
            rows[first:] = [
                row if row[4] else (row[0], row[1], row[2], row[3], owner, row[5], row[6], row[7])
                for row in rows[first:]
            ]

    # -- records ---------------------------------------------------------------
    def record(self, node: Node, kind: S.Kind, default_id: str = "", source_id: str = ""):
        """A record of `kind` from a mapping node, or None when it cannot be built."""
        if node.kind != MAPPING:
            self.report(node, f"expected {a_or_an(kind.name)} (a mapping of fields), got {describe(node)}")
            return None
        first_ref = len(self.ref_rows)
        values = self.mapping(node, kind.fields, kind.name)
        return self.finish_record(node, kind, values, first_ref, lambda: _keys_of(node), default_id)

    def finish_record(self, node: Node, kind: S.Kind, values: dict, first_ref: int, keys, default_id: str = ""):
        """The record of a mapping (at `node`'s place) whose fields gave `values`, the
        references from index `first_ref` on being its own; `keys()` gives the mapping's
        keys. Also what `dossier.read.block_style` calls once it has read a record's lines."""
        record_id = values.get("id") or default_id
        if "id" not in values and default_id and not _ID.match(default_id):
            self.report(
                node,
                f"the file name '{shown(default_id)}' is not a valid id",
                "ids are lower-case letters, digits and hyphens; rename the file or set `id:`",
            )
            return None
        if not record_id:
            if "id" not in values:
                self.report(node, f"{kind.name} has no `id`", "every record needs a unique id")
            return None
        values["id"] = record_id
        if first_ref < len(self.ref_rows):
            self._own_refs(first_ref, record_id)
        shape = _shape(kind.fields)
        if not shape.needs <= values.keys():
            required = shape.required
            missing = [name for name in required if name not in values]
            present = keys()
            for name in missing:
                # A field present but invalid has been reported already; do not cascade.
                if name != "id" and name not in present:
                    self.report(node, f"{kind.name} '{record_id}' has no `{name}`", "it is required")
                if name in ("name", "title"):
                    # Keep the record under its id so references to it do not cascade.
                    values[name] = record_id
            if any(name not in values for name in required):
                return None
        if shape.counted:  # (its text made only for a record that has such a list)
            self.check_min_items(node, shape.counted, values, f"{kind.name} '{record_id}'")
        if kind is S.SOURCE:
            # Each quote was made as its mapping ended, before its source's id was known:
            # set here, before the quotes are anyone else's to see.
            source = shared_text(record_id)
            for quote in values.get("quotes", ()):
                _set_quote_source(quote, source)
        values["loc"] = Loc(self.file, node.line, node.column)
        return RECORD_CLASSES[kind.name].from_fields(values)

    def check_file_name(self, node: Node, record, stem: str) -> None:
        """A profile's `id`, when it has one, is its file's name (`file_stem`)."""
        if record.id != stem:
            self.report(
                node,
                f"id '{record.id}' differs from the file name '{stem}'",
                f"rename the file to {record.id}.yaml, or drop `id:`",
                severity=WARNING,
            )

    def mapping(self, node: Node, fields: tuple[S.Field, ...], what: str, prefix: str = "") -> dict:
        by_name = _shape(fields).by_name
        seen: dict[str, Node] = {}
        values: dict = {}
        for key_node, value_node in node.value:
            if key_node.kind != SCALAR:
                self.report(key_node, f"{a_or_an(what)} field name must be text, got {describe(key_node)}")
                continue
            key = key_node.value
            if key == "<<" and key_node.plain:
                self.report(key_node, "merge keys (<<) are not supported", "write the fields out")
                continue
            if key in seen:
                first = seen[key]
                self.report(
                    key_node,
                    f"duplicate key `{shown(key)}` in this mapping",
                    f"first at line {first.line}; YAML would silently keep only the last",
                )
                continue
            seen[key] = key_node
            spec = by_name.get(key)
            if spec is None:
                guess = closest(key, by_name)
                hint = f"did you mean `{guess}`?" if guess else "known fields: " + ", ".join(by_name)
                self.report(key_node, f"unknown field `{shown(key)}` in {what}", hint)
                continue
            if key_node.tag and key_node.tag not in ALLOWED_TAGS:
                self.report(key_node, f"tag {short_tag(key_node.tag)} is not allowed", NO_CODE_HINT)
                continue
            value = self.value(value_node, spec, f"{prefix}.{key}" if prefix else key)
            if value is not None:
                values[key] = value
        return values

    # -- values ----------------------------------------------------------------
    def value(self, node: Node, spec: S.Field, path: str):
        """The typed value of `node` for field `spec`, or None (absent or reported)."""
        if node.tag is None:
            if node.kind is not SCALAR:
                tag = ""
            elif not node.plain:
                tag = STR_TAG
                if spec.type in TEXT_TYPES:  # the commonest case by far: quoted text
                    return self.text_value(node, spec, path, STR_TAG)
            else:
                tag = implicit_tag(node)
                if tag == STR_TAG and spec.type in TEXT_TYPES:  # plain text, ids, links
                    return self.text_value(node, spec, path, STR_TAG)
        elif node.tag not in ALLOWED_TAGS:
            self.report(
                node,
                f"tag {short_tag(node.tag)} is not allowed in `{path}`",
                NO_CODE_HINT,
            )
            return None
        else:
            tag = implicit_tag(node) if node.kind is SCALAR else ""
        if tag == NULL_TAG:
            if spec.required:
                self.report(node, f"`{path}` is empty", "it is required")
            return None
        kind = spec.type
        if kind == S.LIST:
            return self.list_value(node, spec, path)
        if kind == S.OBJECT:
            return self.object_value(node, spec, path)
        if node.kind != SCALAR:
            self.report(node, f"`{path}` should be {expected(spec)}, got {describe(node)}")
            return None
        if kind == S.DATE:
            return self.date_value(node, path)
        if kind == S.BOOL:
            word = node.value.lower()
            # The words, not the tag: `!!bool x` is tagged a boolean but is neither.
            if tag == BOOL_TAG and word in TRUE_WORDS + FALSE_WORDS:
                return word in TRUE_WORDS
            self.report(node, f"`{path}` should be true or false, got '{shown(node.value)}'")
            return None
        return self.text_value(node, spec, path, tag)

    def check_min_items(self, node: Node, counted: tuple[S.Field, ...], values: dict, what: str) -> None:
        """Warn of each list of `counted` (fields with a least number of items) that the
        mapping at `node` (`what`) gives fewer items than that."""
        for spec in counted:
            if len(values.get(spec.name, ())) < spec.min_items:
                self.report(
                    node,
                    f"{what} names no {spec.name}",
                    f"add `{spec.name}: [...]` so readers can check it",
                    severity=WARNING,
                )

    def list_value(self, node: Node, spec: S.Field, path: str):
        if node.kind != SEQUENCE:
            hint = f"write [{shown(node.value)}]" if node.kind == SCALAR else ""
            self.report(node, f"`{path}` should be a list, got {describe(node)}", hint)
            return None
        item_spec = spec.item
        assert item_spec is not None
        items = []
        seen: set = set()
        refs = item_spec.type == S.REF
        for number, item_node in enumerate(node.value):
            if refs and item_node.tag is None and item_node.kind is SCALAR:
                # The commonest list by far (sources, involves): ids, as `ref_value` takes them.
                raw = item_node.value
                if (
                    raw not in seen
                    and _ID.match(raw)
                    and (not item_node.plain or raw[0] not in IMPLICIT_FIRST or implicit_tag(item_node) == STR_TAG)
                ):
                    seen.add(raw)
                    items.append(raw)
                    self.ref_rows.append((
                        raw, item_spec.kinds, f"{path}[{number}]", item_spec.backlink, "",
                        self.file, item_node.line, item_node.column,
                    ))  # fmt: skip
                    continue
            if item_node.kind == SCALAR and not item_node.tag and implicit_tag(item_node) == TAG + "null":
                self.report(item_node, f"`{path}[{number}]` is empty", "remove it, or quote it if it is text", WARNING)
                continue
            value = self.value(item_node, item_spec, f"{path}[{number}]")
            if value is None:
                continue
            if isinstance(value, str):
                if value in seen:
                    self.report(item_node, f"`{path}` lists '{value}' twice", severity=WARNING)
                    continue
                seen.add(value)
            items.append(value)
        return tuple(items)

    def object_value(self, node: Node, spec: S.Field, path: str):
        if node.kind != MAPPING:
            self.report(node, f"`{path}` should be a mapping of fields, got {describe(node)}")
            return None
        first_ref = len(self.ref_rows)
        values = self.mapping(node, spec.fields, path, prefix=path)
        return self.finish_object(node, spec, path, values, first_ref, lambda: _keys_of(node))

    def finish_object(self, node: Node, spec: S.Field, path: str, values: dict, first_ref: int, keys):
        """The value of an object field (at `node`'s place) whose fields gave `values`;
        as `finish_record`."""
        if spec is S.QUOTE and "id" in values and first_ref < len(self.ref_rows):
            self._own_refs(first_ref, values["id"])
        shape = _shape(spec.fields)
        if not shape.needs <= values.keys():
            present = keys()
            for name in shape.required:
                if name not in values and name not in present:
                    self.report(node, f"`{path}` has no `{name}`", "it is required")
            return None
        if shape.counted:
            self.check_min_items(node, shape.counted, values, f"`{path}`")
        if spec is S.QUOTE:
            # Its `source` set by `finish_record`.
            values["loc"] = Loc(self.file, node.line, node.column)
            return Quote.from_fields(values)
        if spec is S.ROLE:
            role = Role.from_fields(values)
            if role.start and role.end and role.end.latest < role.start.earliest:
                self.report(
                    node,
                    f"`{path}` ends ({role.end.display()}) before it starts ({role.start.display()})",
                )
            return role
        return NESTED_CLASSES[spec.name](**values)


def file_stem(file: DossierFile) -> str:
    """A profile's file name without its suffix: its record's id, unless it says another."""
    return nfc(file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])


def _keys_of(node: Node) -> set:
    """The keys of a mapping node that are text."""
    return {k.value for k, _ in node.value if k.kind == SCALAR}


class _Shape:
    """What the converter asks of a tuple of fields, worked out once per tuple."""

    __slots__ = ("fields", "by_name", "required", "needs", "counted")

    def __init__(self, fields: tuple[S.Field, ...]):
        self.fields = fields  # kept, so the id it is filed under stays this tuple's
        self.by_name = {f.name: f for f in fields}
        self.required = tuple(f.name for f in fields if f.required)
        self.needs = frozenset(self.required)  # asked in one go of a mapping's values
        self.counted = tuple(f for f in fields if f.min_items)


_SHAPES: dict[int, _Shape] = {}


def _shape(fields: tuple[S.Field, ...]) -> _Shape:
    shape = _SHAPES.get(id(fields))
    if shape is None or shape.fields is not fields:
        shape = _SHAPES[id(fields)] = _Shape(fields)
    return shape
