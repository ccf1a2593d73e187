"""Read a file in the plain block style straight into records, one line at a time.

Turning libyaml's events into Python objects, then those into nodes, then the nodes
into records, is most of what reading a big dossier costs (`dossier.read.yamlnodes`,
`dossier.read.convert`). Dossier files keep to a small part of YAML: block mappings of
simple keys, block lists, `- key: value` items, one-line quoted or plain scalars,
one-line flow lists of scalars and flow mappings of `key: scalar` pairs, `>-` and `|`
block scalars of one indentation, comments. This reader takes that part only
(`dossier.read.block_lines`: one regular-expression match a line), and types each
line's value against its field as it goes, with no event and no node for the
structure.

It gives exactly what `read_yaml` and the converter give, by two rules:
- the lines it accepts are those whose nodes it can tell without libyaml, and every
  value is typed by the converter's own methods (or, for the commonest values, by the
  same steps written inline), on a node equal to libyaml's: the same text, style and
  place; a record or an object is finished by the converter's `finish_record` and
  `finish_object`;
- on anything else, it answers None, "cannot tell", and the whole file goes the long
  way: any line outside that part (tabs, anchors, aliases, tags, `?`, block or
  multi-line scalars, nested or multi-line flow collections, odd indentation,
  document markers, characters YAML treats specially...), and any key the converter
  would find fault with (unknown, twice in a mapping) or a block value of a shape its
  field does not take, since the converter then skips or reports a whole subtree. It
  has written nothing by then: the converter it typed with is dropped.

Tests compare both ways on the bundled dossier, generated dossiers, every document of
the YAML test suite, hand-written edge cases and files mutated at random
(tests/load/test_block_style.py).
"""

from __future__ import annotations

from dossier.model import schema as S
from dossier.model.text import nfc
from dossier.read.block_lines import BLANK, BLOCK_HEADER, LINE, block_scalar, scalar_or_flow
from dossier.read.block_values import (
    DATE,
    ENUM,
    ID_TEXT,
    LANG,
    OTHER,
    PROSE,
    REF,
    REFS,
    SLOW,
    STRINGS,
    TEXT,
    URL,
    VERBATIM,
    plan,
    refs,
    strings,
)
from dossier.read.convert import Converter, file_stem
from dossier.read.place import DossierFile
from dossier.read.scalars import KNOWN_DATES, LANG_TAG, STR_TAG, TIMESTAMP_TAG, WEB_SCHEMES, web_scheme
from dossier.read.yamlnodes import IMPLICIT_FIRST, MAX_DEPTH, MAX_NODES, SCALAR, SEQUENCE, Node, plain_tag

_ID = S.ID_REGEX

# Bounds, kept well inside `read_yaml`'s so a file near them is read there, and told there.
_MAX_OPEN = MAX_DEPTH - 4
_MAX_COUNTED = MAX_NODES // 2

# What an open collection is, by what its lines give and who takes them.
# The mappings first: a role past `_OBJECT` is a list's.
_RECORD = 0  # a record's mapping: `finish_record` makes it
_OBJECT = 1  # an object field's mapping (a role, a quote, parameters): `finish_object`
_RECORDS = 2  # the timeline's list of records
_OBJECTS = 3  # a list of objects (roles, quotes, figures)
_NODES = 4  # a block list of scalars: its nodes, typed as a whole once it ends


class _Open:
    """An open collection: its lines are at `indent` (0-based), as keys or as dashes.

    Placed as its node is (`line` and `column`, 1-based, as libyaml places it), which
    lets it stand for the node where the converter only asks for the place."""

    __slots__ = ("role", "indent", "spec", "path", "line", "column", "by_name", "values", "keys", "first_ref",
                 "items", "key", "count", "owner", "unowned")  # fmt: skip

    def __init__(self, role: int, indent: int, spec, path: str, line: int, by_name=None, key: str = "", first_ref=0):
        self.role = role
        self.indent = indent
        self.spec = spec  # the record's Kind, or the field the collection is the value of
        self.path = path  # the field's path (`roles[0]`), the prefix of its own fields' paths
        self.line = line
        self.column = indent + 1
        self.key = key  # the key of the mapping around it that it is the value of
        if role <= _OBJECT:  # a mapping: its fields so far
            self.by_name = by_name
            self.values: dict = {}
            self.keys: set[str] = set()
        else:  # a list: its items so far
            self.items: list = []
            self.count = 0
        self.first_ref = first_ref
        # The id that owns the references made from here on, as `_own_refs` gives it them
        # once the record or quote ends: its `id` once read (a profile's file name before
        # that), a role's its record's. "" while not known: such a reference (or one the
        # converter makes) is left for `_own_refs`, and `unowned` says there is one.
        self.owner = ""
        self.unowned = False


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
        self.stem = ""  # a profile's file name, once its record is opened (`root`)

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
        lang_match = LANG_TAG.match
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
                    if opened.role != _NODES:  # a role's, or a list of them: the record's
                        opened.owner = top.owner
                    stack.append(top)
                top, column = opened, indent
            elif pending is not None:
                return None  # an empty value: libyaml's null, placed where it says
            else:
                while indent < column:
                    self.close(top, stack[-1] if stack else None)
                    top = stack.pop()
                    column = top.indent
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
                    spec = top.spec.item
                    item = _Open(
                        _OBJECT, start, spec, f"{top.path}[{top.count}]", number, plan(spec.fields), "", len(ref_rows)
                    )
                    if spec is not S.QUOTE:  # a quote owns its own
                        item.owner = top.owner
                elif role == _RECORDS:
                    spec = top.spec
                    item = _Open(_RECORD, start, spec, "", number, plan(spec.fields), "", len(ref_rows))
                else:
                    return None
                top.count += 1
                stack.append(top)
                top, column = item, start
            elif top.role > _OBJECT or key is None:  # a list's line without a dash
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
                made = len(ref_rows)
                result = converter.value(node, spec, f"{top.path}.{key}" if top.path else key)
                if len(ref_rows) != made:
                    top.unowned = True
                if result is not None:
                    if key == "id" and not self.owned_by(top, result):
                        return None
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
            result = SLOW
            if OTHER < mode < REFS:
                if first != "[" and first != "'" and first != "{":
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
                        elif mode == TEXT:
                            result = stripped
                        elif mode == VERBATIM or (mode == PROSE and "[[" not in text):
                            result = text
                        elif mode == REF:
                            if id_match(stripped):
                                path = f"{top.path}.{key}" if top.path else key
                                ref_rows.append((
                                    stripped, spec.kinds, path, spec.backlink, top.owner, file, number, found.start(4) + 1,
                                ))  # fmt: skip
                                result = stripped
                                if not top.owner:
                                    top.unowned = True
                        elif mode == ENUM:
                            if stripped in spec.choices:
                                result = stripped
                        elif mode == ID_TEXT:
                            if id_match(stripped):
                                if not self.owned_by(top, stripped):
                                    return None
                                result = stripped
                        elif mode == LANG:
                            if lang_match(stripped):
                                result = stripped
                        elif mode == URL:
                            if web_scheme(stripped) in WEB_SCHEMES:
                                result = stripped  # a web address: nothing to warn of
                        elif mode == PROSE:  # with links: each a reference
                            path = f"{top.path}.{key}" if top.path else key
                            node = Node(SCALAR, raw, None, first != '"', number, found.start(4) + 1)
                            made = len(ref_rows)
                            converter.prose_links(node, text, path)
                            if len(ref_rows) != made:
                                top.unowned = True
                            result = text
            elif mode == REFS:
                if first == "[" and '"' not in key_value and "'" not in key_value:
                    path = f"{top.path}.{key}" if top.path else key
                    result = refs(key_value, spec.item, path, number, found.start(4) + 2, top.owner, file, ref_rows)
            elif mode == STRINGS:
                if first == "[" and '"' not in key_value and "'" not in key_value:
                    result = strings(key_value)
            elif mode == DATE:
                if first == '"':
                    if "\\" not in key_value:
                        result = dates.get(key_value[1:-1], SLOW)
                elif first != "[" and first != "'" and first != "{":
                    result = dates.get(key_value, SLOW)
                    if result is not SLOW and plain_tag(key_value) == TIMESTAMP_TAG:
                        path = f"{top.path}.{key}" if top.path else key
                        converter.timestamp_warning(number, found.start(4) + 1, path, key_value)
            if result is SLOW:
                path = f"{top.path}.{key}" if top.path else key
                made = len(ref_rows)
                result = typed(key_value, spec, path, number, found.start(4))
                if len(ref_rows) != made:
                    top.unowned = True
                if key == "id" and result is not None and not self.owned_by(top, result):
                    return None
            elif result is not None and mode == REFS and not top.owner:
                top.unowned = True
            if result is not None:
                top.values[key] = result
        if pending is not None or top is None:
            return None
        while stack:
            self.close(top, stack[-1])
            top = stack.pop()
        self.close(top, None)
        return self.records, converter

    # -- collections -------------------------------------------------------------
    def root(self, is_list: bool, line: int) -> _Open | None:
        kind = self.file.kind
        if self.file.many:
            # Each item a record; anything else the converter reports.
            return _Open(_RECORDS, 0, kind, "", line) if is_list else None
        if is_list:
            return None
        opened = _Open(_RECORD, 0, kind, "", line, plan(kind.fields))
        stem = self.stem = file_stem(self.file)
        if _ID.match(stem):  # the record's id unless an `id` says another
            opened.owner = stem
        return opened

    def opened(self, pending: tuple, is_list: bool, indent: int, line: int) -> _Open | None:
        """The collection that is the value of the key `pending` names."""
        key, spec, path = pending
        kind = spec.type
        if is_list:
            if kind == S.LIST and spec.item.type == S.OBJECT:
                return _Open(_OBJECTS, indent, spec, path, line, None, key)
            # Typed as a whole once it ends: a list of scalars, or one the field does not take.
            return _Open(_NODES, indent, spec, path, line, None, key)
        if kind != S.OBJECT:
            return None  # a mapping where the field takes none: reported, skipped whole
        return _Open(_OBJECT, indent, spec, path, line, plan(spec.fields), key, len(self.converter.ref_rows))

    def close(self, done: _Open, around: _Open | None) -> None:
        """Finish `done`, giving its value to the collection `around` it."""
        converter = self.converter
        role = done.role
        # Its references all owned already: nothing for `_own_refs` to do (the rows from
        # the end on are none).
        first_ref = done.first_ref if done.unowned else len(converter.ref_rows)
        # The collection stands for its mapping's node: the converter asks only its place.
        if role == _RECORD:
            many = self.file.many
            stem = "" if many else self.stem
            record = converter.finish_record(done, done.spec, done.values, first_ref, done.keys.copy, stem)
            if record is not None:
                if not many:
                    converter.check_file_name(done, record, stem)
                self.records.append(record)
            return
        if role == _RECORDS:
            return
        if role == _OBJECT:
            value = converter.finish_object(done, done.spec, done.path, done.values, first_ref, done.keys.copy)
            if done.unowned and not (done.spec is S.QUOTE and "id" in done.values):
                around.unowned = True  # left for the record's end
        elif role == _OBJECTS:
            value = tuple(done.items)
            if done.unowned:
                around.unowned = True
        else:
            made = len(converter.ref_rows)
            value = converter.value(
                Node(SEQUENCE, done.items, None, False, done.line, done.column), done.spec, done.path
            )
            if len(converter.ref_rows) != made:
                around.unowned = True
        if value is None:
            return
        if around.role == _OBJECTS:  # an item
            around.items.append(value)
        else:
            around.values[done.key] = value

    def owned_by(self, opened: _Open, record_id: str) -> bool:
        """Let `record_id`, the `id` just read in `opened`, own its references from here
        on; False (cannot tell) for a profile whose `id` is not its file's name when
        references owned by that name were made before it."""
        if opened.role == _RECORD or opened.spec is S.QUOTE:
            if opened.owner and record_id != opened.owner and len(self.converter.ref_rows) > opened.first_ref:
                return False
            opened.owner = record_id
        return True

    # -- values ------------------------------------------------------------------
    def typed(self, raw: str, spec: S.Field, path: str, line: int, start: int):
        """The value of the one-line `raw`, at character `start` (0-based) of `line`."""
        return self.converter.value(scalar_or_flow(raw, line, start), spec, path)
