"""Read a file in the plain block style straight into records, one line at a time.

Turning libyaml's events into Python objects, then those into nodes, then the nodes
into records, is most of what reading a big dossier costs (`dossier.read.yamlnodes`,
`dossier.read.convert`). Dossier files keep to a small part of YAML: block mappings of
simple keys, block lists, `- key: value` items, one-line quoted or plain scalars,
one-line flow lists of scalars, `>-` and `|` block scalars of one indentation,
comments. This reader takes that part only (`dossier.read.block_lines`: one
regular-expression match a line), and types each line's value against its field as
it goes, with no event and no node for the structure.

It gives exactly what `read_yaml` and the converter give, by two rules:
- the lines it accepts are those whose nodes it can tell without libyaml, and every
  value is typed by the converter's own methods (or, for the commonest values, by the
  same steps written inline), on a node equal to libyaml's: the same text, style and
  place; a record or an object is finished by the converter's `finish_record` and
  `finish_object`;
- on anything else, it answers None, "cannot tell", and the whole file goes the long
  way: any line outside that part (tabs, anchors, aliases, tags, `?`, block or
  multi-line scalars, flow mappings, odd indentation, document markers, characters
  YAML treats specially...), and any key the converter would find fault with (unknown,
  twice in a mapping) or a block value of a shape its field does not take, since the
  converter then skips or reports a whole subtree. It has written nothing by then:
  the converter it typed with is dropped.

Tests compare both ways on the bundled dossier, generated dossiers, every document of
the YAML test suite, hand-written edge cases and files mutated at random
(tests/load/test_block_style.py).
"""

from __future__ import annotations

from dossier.model import schema as S
from dossier.model.text import nfc
from dossier.read.block_lines import BLANK, BLOCK_HEADER, LINE, block_scalar, scalar_or_flow
from dossier.read.convert import Converter, file_stem
from dossier.read.place import DossierFile
from dossier.read.scalars import KNOWN_DATES, STR_TAG, TIMESTAMP_TAG
from dossier.read.yamlnodes import IMPLICIT_FIRST, MAPPING, MAX_DEPTH, MAX_NODES, SEQUENCE, Node, plain_tag

# How a field's one-line value is typed in `_Reader.read`: by type, the `id` apart.
_OTHER, _TEXT, _VERBATIM, _PROSE, _REF, _ENUM, _ID_TEXT, _REFS, _DATE = range(9)
_MODES = {S.STRING: _TEXT, S.VERBATIM: _VERBATIM, S.PROSE: _PROSE, S.REF: _REF, S.ENUM: _ENUM, S.DATE: _DATE}
_SLOW = object()  # not typed the short way
_PLANS: dict[int, tuple] = {}


def _plan(fields: tuple[S.Field, ...]) -> dict[str, tuple[S.Field, int]]:
    """{name: (field, how its one-line value is typed)} for a mapping of `fields`."""
    planned = _PLANS.get(id(fields))
    if planned is None or planned[0] is not fields:
        plan = {}
        for spec in fields:
            if spec.name == "id":
                mode = _ID_TEXT if spec.type == S.STRING else _OTHER
            elif spec.type == S.LIST:
                mode = _REFS if spec.item.type == S.REF else _OTHER
            else:
                mode = _MODES.get(spec.type, _OTHER)
            plan[spec.name] = (spec, mode)
        planned = _PLANS[id(fields)] = (fields, plan)
    return planned[1]


_ID = S.ID_REGEX

# Bounds, kept well inside `read_yaml`'s so a file near them is read there, and told there.
_MAX_OPEN = MAX_DEPTH - 4
_MAX_COUNTED = MAX_NODES // 2

# What an open collection is, by what its lines give and who takes them.
_RECORD = 0  # a record's mapping: `finish_record` makes it
_RECORDS = 1  # the timeline's list of records
_OBJECT = 2  # an object field's mapping (a role, a quote, parameters): `finish_object`
_OBJECTS = 3  # a list of objects (roles, quotes, figures)
_NODES = 4  # a block list of scalars: its nodes, typed as a whole once it ends


class _Open:
    """An open collection: its lines are at `column` (0-based), as keys or as dashes."""

    __slots__ = ("role", "column", "spec", "path", "line", "start", "by_name", "values", "keys", "first_ref", "items",
                 "key", "count")  # fmt: skip

    def __init__(self, role: int, column: int, spec, path: str, line: int, start: int, key: str = ""):
        self.role = role
        self.column = column
        self.spec = spec  # the record's Kind, or the field the collection is the value of
        self.path = path  # the field's path (`roles[0]`), the prefix of its own fields' paths
        self.line = line  # where the collection's node is, 1-based, as libyaml places it
        self.start = start
        self.key = key  # the key of the mapping around it that it is the value of
        self.values: dict = {}
        self.keys: set[str] = set()
        self.items: list = []
        self.count = 0  # items so far, in a list
        self.first_ref = 0
        self.by_name: dict = {}


def read_block_style(file: DossierFile, text: str) -> tuple[list, Converter] | None:
    """(records, the converter holding their problems and references) of `text`, as
    `parse_text` would give them the long way, or None: cannot tell."""
    # Printable, line breaks aside: no tab, CR, NEL, U+2028/9, BOM or control character.
    if not text.replace("\n", "").isprintable():
        return None
    # A line makes at most five nodes (a collection opened by the key above, the mapping
    # of a `- key:` item, its key, its value, a flow list) and each comma one more.
    if 5 * (text.count("\n") + 1) + text.count(",") > _MAX_COUNTED:
        return None
    return _Reader(file).read(text)


class _Reader:
    def __init__(self, file: DossierFile):
        self.file = file
        self.converter = Converter(file.path)
        self.records: list = []

    def read(self, text: str) -> tuple[list, Converter] | None:
        converter = self.converter
        ref_rows = converter.ref_rows
        stack: list[_Open] = []
        top: _Open | None = None
        column = -1  # top's
        pending: tuple | None = None  # a key whose value is a block collection on the next lines
        match_line, blank = LINE.fullmatch, BLANK.fullmatch
        typed = self.typed
        file = self.file.path
        id_match = _ID.match
        dates = KNOWN_DATES
        lines = text.split("\n")
        skip_to = 0  # the lines of a block scalar, read with its key's line
        for number, line in enumerate(lines, 1):
            if number <= skip_to:
                continue
            found = match_line(line)
            header = None
            if found is None:
                if blank(line):
                    continue
                header = BLOCK_HEADER.fullmatch(line)
                if header is None:
                    return None
                spaces, key = header.group(1, 2)
                dash = key_value = None
            else:
                spaces, dash, key, key_value, value = found.groups()
            indent = len(spaces)
            if indent > column:
                # A new collection: the value of the key above, or the whole document.
                if len(stack) >= _MAX_OPEN:
                    return None
                if pending is not None:
                    opened = self.opened(pending, dash is not None, indent, number)
                    pending = None
                elif top is None and not stack and not indent:
                    opened = self.root(dash is not None, number)
                else:
                    return None  # deeper than the line above allows: a continued scalar, say
                if opened is None:
                    return None
                if top is not None:
                    stack.append(top)
                top, column = opened, indent
            elif pending is not None:
                return None  # an empty value: libyaml's null, placed where it says
            else:
                while indent < column:
                    if not self.close(top, stack[-1] if stack else None):
                        return None
                    top = stack.pop()
                    column = top.column
                if indent != column:
                    return None
            if dash is not None:
                role = top.role
                start = indent + len(dash)
                if key is None:
                    if role != _NODES:
                        return None
                    top.items.append(scalar_or_flow(value, number, start))
                    continue
                # `- key: ...`: a mapping opens in the item, its keys at this column.
                if len(stack) >= _MAX_OPEN:
                    return None
                if role == _OBJECTS:
                    item = _Open(_OBJECT, start, top.spec.item, f"{top.path}[{top.count}]", number, start + 1)
                    item.by_name = _plan(top.spec.item.fields)
                elif role == _RECORDS:
                    item = _Open(_RECORD, start, top.spec, "", number, start + 1)
                    item.by_name = _plan(top.spec.fields)
                else:
                    return None
                top.count += 1
                item.first_ref = len(ref_rows)
                stack.append(top)
                top, column = item, start
            elif top.role == _NODES or top.role == _RECORDS or top.role == _OBJECTS or key is None:
                return None
            else:
                start = indent
            # A key of the open mapping `top`.
            keys = top.keys
            if key in keys:
                return None  # twice: the converter reports it and skips its value
            planned = top.by_name.get(key)
            if planned is None:
                return None  # unknown: the converter reports it and skips its value
            spec, mode = planned
            keys.add(key)
            if header is not None:
                node, skip_to = block_scalar(header, lines, number, indent)
                if node is None:
                    return None
                result = converter.value(node, spec, f"{top.path}.{key}" if top.path else key)
                if result is not None:
                    top.values[key] = result
                continue
            if key_value is None:
                pending = (key, spec, f"{top.path}.{key}" if top.path else key)
                continue
            # The commonest values typed here, by the converter's own steps for a
            # printable value YAML reads as text (`text_value`, `_checked`, `ref_value`,
            # `list_value`'s short way) or a date it has read before (`date_value`); any
            # other value by the converter itself.
            first = key_value[0]
            result = _SLOW
            if mode == _REFS:
                if first == "[" and '"' not in key_value and "'" not in key_value:
                    path = f"{top.path}.{key}" if top.path else key
                    result = self.refs(key_value, spec.item, path, number, found.start(4) + 2)
            elif mode == _DATE:
                if first == '"':
                    if "\\" not in key_value:
                        result = dates.get(key_value[1:-1], _SLOW)
                elif first != "[" and first != "'":
                    result = dates.get(key_value, _SLOW)
                    if result is not _SLOW and plain_tag(key_value) == TIMESTAMP_TAG:
                        path = f"{top.path}.{key}" if top.path else key
                        converter.timestamp_warning(number, found.start(4) + 1, path, key_value)
            elif mode != _OTHER and first != "[" and first != "'":
                if first == '"':
                    raw = key_value[1:-1] if "\\" not in key_value else None
                elif first not in IMPLICIT_FIRST or plain_tag(key_value) == STR_TAG:
                    raw = key_value
                else:
                    raw = None
                if raw is not None:
                    text = raw if raw.isascii() else nfc(raw)
                    stripped = text.strip() if text is raw or text.isprintable() else ""
                    if not stripped:
                        pass  # empty, or not printable once normal: the long way says so
                    elif mode == _TEXT:
                        result = stripped
                    elif mode == _VERBATIM or (mode == _PROSE and "[[" not in text):
                        result = text
                    elif mode == _REF:
                        if id_match(stripped):
                            path = f"{top.path}.{key}" if top.path else key
                            ref_rows.append((
                                stripped, spec.kinds, path, spec.backlink, "", file, number, found.start(4) + 1,
                            ))  # fmt: skip
                            result = stripped
                    elif mode == _ENUM:
                        if stripped in spec.choices:
                            result = stripped
                    elif mode == _ID_TEXT and id_match(stripped):
                        result = stripped
            if result is _SLOW:
                path = f"{top.path}.{key}" if top.path else key
                result = typed(key_value, spec, path, number, found.start(4))
            if result is not None:
                top.values[key] = result
        if pending is not None or top is None:
            return None
        while stack:
            if not self.close(top, stack[-1]):
                return None
            top = stack.pop()
        if not self.close(top, None):
            return None
        return self.records, converter

    # -- collections -------------------------------------------------------------
    def root(self, is_list: bool, line: int) -> _Open | None:
        kind = self.file.kind
        if self.file.many:
            # Each item a record; anything else the converter reports.
            return _Open(_RECORDS, 0, kind, "", line, 1) if is_list else None
        if is_list:
            return None
        opened = _Open(_RECORD, 0, kind, "", line, 1)
        opened.by_name = _plan(kind.fields)
        return opened

    def opened(self, pending: tuple, is_list: bool, indent: int, line: int) -> _Open | None:
        """The collection that is the value of the key `pending` names."""
        key, spec, path = pending
        kind = spec.type
        if is_list:
            if kind == S.LIST and spec.item.type == S.OBJECT:
                return _Open(_OBJECTS, indent, spec, path, line, indent + 1, key)
            # Typed as a whole once it ends: a list of scalars, or one the field does not take.
            return _Open(_NODES, indent, spec, path, line, indent + 1, key)
        if kind != S.OBJECT:
            return None  # a mapping where the field takes none: reported, skipped whole
        opened = _Open(_OBJECT, indent, spec, path, line, indent + 1, key)
        opened.by_name = _plan(spec.fields)
        opened.first_ref = len(self.converter.ref_rows)
        return opened

    def close(self, done: _Open, around: _Open | None) -> bool:
        """Finish `done`, giving its value to the collection `around` it; False: cannot tell."""
        converter = self.converter
        role = done.role
        if role == _RECORD:
            node = Node(MAPPING, None, None, False, done.line, done.start)
            keys = done.keys
            many = self.file.many
            stem = "" if many else file_stem(self.file)
            record = converter.finish_record(node, done.spec, done.values, done.first_ref, lambda: keys, stem)
            if record is not None:
                if not many:
                    converter.check_file_name(node, record, stem)
                self.records.append(record)
            return True
        if role == _RECORDS:
            return True
        if role == _OBJECT:
            node = Node(MAPPING, None, None, False, done.line, done.start)
            keys = done.keys
            value = converter.finish_object(node, done.spec, done.path, done.values, done.first_ref, lambda: keys)
        elif role == _OBJECTS:
            value = tuple(done.items)
        else:
            value = converter.value(
                Node(SEQUENCE, done.items, None, False, done.line, done.start), done.spec, done.path
            )
        if value is None:
            return True
        if around.role == _OBJECTS:  # an item
            around.items.append(value)
        else:
            around.values[done.key] = value
        return True

    # -- values ------------------------------------------------------------------
    def refs(self, raw: str, item: S.Field, path: str, line: int, column: int):
        """A one-line flow list of plain ids (`raw`, its first item at 1-based `column`),
        as `list_value` takes it the short way; `_SLOW` if an item would not."""
        inner = raw[1:-1]
        if not inner.strip(" "):
            return ()
        rows = []
        seen: set = set()
        kinds, backlink, file = item.kinds, item.backlink, self.file.path
        for number, piece in enumerate(inner.split(",")):
            value = piece.strip(" ")
            if value in seen or not _ID.match(value) or (value[0] in IMPLICIT_FIRST and plain_tag(value) != STR_TAG):
                return _SLOW
            seen.add(value)
            rows.append((value, kinds, f"{path}[{number}]", backlink, "", file, line, column + piece.index(value[0])))
            column += len(piece) + 1
        self.converter.ref_rows.extend(rows)
        return tuple(row[0] for row in rows)

    def typed(self, raw: str, spec: S.Field, path: str, line: int, start: int):
        """The value of the one-line `raw`, at character `start` (0-based) of `line`."""
        return self.converter.value(scalar_or_flow(raw, line, start), spec, path)
