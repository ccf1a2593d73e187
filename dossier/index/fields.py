"""The fields search finds a record by, and what a match in each counts.

Kept apart from the ranking (`dossier.index.search`) and from the gathering of the
postings (`dossier.index.gather`), which both read them.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable

from dossier.model.records import Record

# How much a match in each field counts: a name beats an alias beats a title beats body
# text. An id is the author's slug of a name or a title, below both: a quote's id names
# what it is about, not the quote.
FIELD_WEIGHTS = {
    "id": 4, "name": 10, "title": 7, "aliases": 8, "text": 3, "translation": 2,
    "summary": 2, "note": 1, "roles": 2, "tags": 3, "kind": 1, "outlet": 1,
}  # fmt: skip
NAME_FIELDS = ("name", "title", "aliases", "id")
# The fields whose words' starts a query word too short to be a prefix of every field
# still matches (see `search.SHORT_PREFIX`): they have postings of their own.
SHORT_PREFIX_FIELDS = ("name", "title", "aliases")

TEXT_FIELDS = ("name", "title", "text", "translation", "summary", "note", "kind")
LIST_FIELDS = ("aliases", "tags")
FIELD_CODES = {name: code for code, name in enumerate(FIELD_WEIGHTS)}  # a field's number in an index
ID_CODE, ROLES_CODE = FIELD_CODES["id"], FIELD_CODES["roles"]
# Fields whose values recur from record to record (a kind, a tag, a role's title): their
# words are found once for each value (`Step.shape`).
RECURRING_FIELDS = ("kind", "tags", "roles")


def searchable_fields(record: Record) -> list[tuple[str, str]]:
    """(field, text) pairs a record is found by, in this order: its id, its text fields
    (of `TEXT_FIELDS`, those it has that are not empty), its aliases and tags, the
    titles of its roles."""
    names = list(FIELD_WEIGHTS)
    return [(names[code], text) for code, text in coded_fields(record)]


def coded_fields(record: Record) -> list[tuple[int, str]]:
    """`searchable_fields`, each field named by its code (`FIELD_CODES`)."""
    texts, values_of, lists, roles = _fields_of(type(record))
    found = [(ID_CODE, record.id.replace("-", " "))]
    found += [
        (code, value) for code, value in zip(texts, values_of(record), strict=True) if value and isinstance(value, str)
    ]
    for code, name in lists:
        found += [(code, value) for value in getattr(record, name)]
    if roles:
        found += [(ROLES_CODE, role.title) for role in record.roles if role.title]  # type: ignore[union-attr]
    return found


@functools.cache
def _fields_of(kind: type) -> tuple[tuple[int, ...], Callable[[Record], tuple], tuple[tuple[int, str], ...], bool]:
    """The codes of the text fields records of `kind` have and a function giving their
    values, the codes and names of their list fields, and whether they have roles: asked
    once for each class, rather than each of ten names of every record."""
    has = {f.name for f in dataclasses.fields(kind)} if dataclasses.is_dataclass(kind) else set(dir(kind))
    texts = tuple(name for name in TEXT_FIELDS if name in has)
    values_of = (
        operator.attrgetter(*texts) if len(texts) > 1 else lambda record: tuple(getattr(record, n) for n in texts)
    )
    lists = tuple((FIELD_CODES[name], name) for name in LIST_FIELDS if name in has)
    return tuple(FIELD_CODES[name] for name in texts), values_of, lists, "roles" in has


# The shape of a field's value, for `weightiest_first`: a text; an id (its words are
# those of its parts); a list of texts; the roles, whose titles are texts. Each but the
# id also as one of `RECURRING_FIELDS`.
TEXT, RECURRING_TEXT, ID, TEXTS, RECURRING_TEXTS, ROLES = range(6)


@functools.cache
def weightiest_first(kind: type) -> tuple[Callable[[Record], tuple], tuple[tuple[int, int], ...]]:
    """The fields `searchable_fields` gives for records of `kind`, in the order a
    record's words are claimed by its fields: weightiest first, and among equal ones in
    the order `searchable_fields` gives them. As a function giving a record's values of
    them, and (code, shape) for each (see `TEXT`)."""
    has = {f.name for f in dataclasses.fields(kind)} if dataclasses.is_dataclass(kind) else set(dir(kind))
    fields = [("id", ID)]
    fields += [(name, RECURRING_TEXT if name in RECURRING_FIELDS else TEXT) for name in TEXT_FIELDS if name in has]
    fields += [(name, RECURRING_TEXTS if name in RECURRING_FIELDS else TEXTS) for name in LIST_FIELDS if name in has]
    if "roles" in has:
        fields.append(("roles", ROLES))
    fields.sort(key=lambda field: -FIELD_WEIGHTS[field[0]])  # stable: in their order among equals
    names = [name for name, _ in fields]
    values_of = operator.attrgetter(*names) if len(names) > 1 else lambda record: (getattr(record, names[0]),)
    return values_of, tuple((FIELD_CODES[name], shape) for name, shape in fields)
