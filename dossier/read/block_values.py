"""How `dossier.read.block_style` types a one-line value the short way, by its field.

The converter's own steps for the commonest values, written out where they can be
taken in one go: a field's plan (which short way its values take), and flow lists of
plain ids or texts, as `list_value` takes them. Anything these do not take, they answer
`SLOW`, and the converter types it.
"""

from __future__ import annotations

import re

from dossier.model import schema as S
from dossier.model.text import nfc
from dossier.read.scalars import STR_TAG
from dossier.read.yamlnodes import IMPLICIT_FIRST, plain_tag

# How a field's one-line value is typed in `block_style`: by type, the `id` apart.
# Those of a text first (`TEXT` to `URL`), the commonest, tested for first.
OTHER, TEXT, VERBATIM, PROSE, REF, ENUM, ID_TEXT, LANG, URL, REFS, STRINGS, DATE = range(12)
_BY_TYPE = {
    S.STRING: TEXT, S.VERBATIM: VERBATIM, S.PROSE: PROSE, S.REF: REF, S.ENUM: ENUM, S.DATE: DATE, S.LANG: LANG,
    S.URL: URL,
}  # fmt: skip
_BY_ITEM_TYPE = {S.REF: REFS, S.STRING: STRINGS}
SLOW = object()  # not typed the short way
_PLANS: dict[int, tuple] = {}


def plan(fields: tuple[S.Field, ...]) -> dict[str, tuple[S.Field, int]]:
    """{name: (field, how its one-line value is typed)} for a mapping of `fields`."""
    planned = _PLANS.get(id(fields))
    if planned is None or planned[0] is not fields:
        table = {}
        for spec in fields:
            if spec.name == "id":
                mode = ID_TEXT if spec.type == S.STRING else OTHER
            elif spec.type == S.LIST:
                mode = _BY_ITEM_TYPE.get(spec.item.type, OTHER)
            else:
                mode = _BY_TYPE.get(spec.type, OTHER)
            table[spec.name] = (spec, mode)
        planned = _PLANS[id(fields)] = (fields, table)
    return planned[1]


_ID = S.ID_REGEX
# A flow list's inside (a `LINE` has matched it) of ids alone, in one match; and of ids
# none of which YAML could read as anything but text: none starting with a character
# that one of its implicit types may start with (as `plain_tag` tells).
# (An id's characters hold no space nor comma: each item can match only one way.)
_IDS = re.compile(rf" *+{S.ID_CHARS} *+(?:, *+{S.ID_CHARS} *+)*+")
_ID_FIRST = {chr(code) for code in range(128) if _ID.match(chr(code))}  # an id of one character
_TEXT_ID = f"(?=[{''.join(sorted(_ID_FIRST - IMPLICIT_FIRST))}]){S.ID_CHARS}"
_TEXT_IDS = re.compile(rf" *+{_TEXT_ID} *+(?:, *+{_TEXT_ID} *+)*+")
_ITEM_PATHS: dict[str, list[str]] = {}  # a list's path → the paths of its items, made once
_MAX_ITEM_PATHS = 4096  # lists' paths kept so (`quotes[17].about`...): a hostile file has thousands


def refs(raw: str, item: S.Field, path: str, line: int, column: int, owner: str, file: str, rows_out: list):
    """A one-line flow list of plain ids (`raw`, its first item at 1-based `column`),
    as `list_value` takes it the short way, its rows added to `rows_out`; `SLOW` if an
    item would not."""
    inner = raw[1:-1]
    if not _IDS.fullmatch(inner):
        return () if not inner.strip(" ") else SLOW
    if "," not in inner:  # one id, as most such lists hold
        value = inner.strip(" ")
        if value[0] in IMPLICIT_FIRST and plain_tag(value) != STR_TAG:
            return SLOW
        paths = _ITEM_PATHS.get(path)
        if paths is None:
            paths = _item_paths(path, 1)
        column += len(inner) - len(inner.lstrip(" "))
        rows_out.append((value, item.kinds, paths[0], item.backlink, owner, file, line, column))
        return (value,)
    pieces = inner.split(",")
    values = [piece.strip(" ") for piece in pieces]
    if len(set(values)) != len(values):
        return SLOW  # an id listed twice: warned of
    if not _TEXT_IDS.fullmatch(inner):
        for value in values:
            if value[0] in IMPLICIT_FIRST and plain_tag(value) != STR_TAG:
                return SLOW
    paths = _ITEM_PATHS.get(path)
    if paths is None or len(paths) < len(values):
        paths = _item_paths(path, len(values))
    kinds, backlink = item.kinds, item.backlink
    for number, piece in enumerate(pieces):
        rows_out.append(
            (
                values[number],
                kinds,
                paths[number],
                backlink,
                owner,
                file,
                line,
                column + len(piece) - len(piece.lstrip(" ")),
            )
        )
        column += len(piece) + 1
    return tuple(values)


def _item_paths(path: str, count: int) -> list[str]:
    """The paths of the first items (at least `count`) of the list at `path`, kept."""
    paths = [f"{path}[{number}]" for number in range(max(8, count))]
    if len(_ITEM_PATHS) < _MAX_ITEM_PATHS:
        _ITEM_PATHS[path] = paths
    return paths


def strings(raw: str):
    """A one-line flow list of plain texts (`raw`), as `list_value` takes a list of
    them: each text as `text_value` takes it the short way; `SLOW` if one would not be
    (read by YAML as something else, empty, or listed twice: warned of)."""
    inner = raw[1:-1]
    if not inner.strip(" "):
        return ()
    items = []
    seen: set = set()
    for piece in inner.split(","):
        value = piece.strip(" ")
        if value[0] in IMPLICIT_FIRST and plain_tag(value) != STR_TAG:
            return SLOW
        text = value if value.isascii() else nfc(value)
        if text is not value and not text.isprintable():
            return SLOW
        if text in seen:
            return SLOW
        seen.add(text)
        items.append(text)
    return tuple(items)
