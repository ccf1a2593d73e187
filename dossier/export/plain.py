"""Records as plain JSON-ready values, fields named and ordered as in the schema.

A field that is absent (None, "" or an empty list) is left out; `False` and `0` stay.
Each kind's fields are turned once into a plan of (name, conversion) so that a large
dossier's 160,000 records are converted without looking the schema up again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from operator import attrgetter

from dossier.model import schema as S
from dossier.model.dates import PartialDate
from dossier.model.records import Dossier, Record

Convert = Callable[[object], object] | None  # None: the value is plain already
Plan = tuple[Callable[[object], tuple], tuple[tuple[str, Convert], ...]]


def plain_value(value, spec: S.Field):
    if isinstance(value, PartialDate):
        return value.edtf
    convert = _conversion(spec)
    return value if convert is None else convert(value)


def plain_fields(obj, fields: tuple[S.Field, ...]) -> dict:
    return _apply(_plan(fields), obj)


def plain_record(record: Record, *, with_quotes: bool = False) -> dict:
    kind_name = record.kind_name
    if kind_name == "quote":  # its id, then the source it belongs to, then its fields
        return {"id": record.id, "source": record.source, **_apply(_record_plan(kind_name, False), record)}  # type: ignore[union-attr]
    return _apply(_record_plan(kind_name, with_quotes), record)


def plain_dossier(dossier: Dossier) -> dict[str, list[dict]]:
    """{"people": [...], "labs": [...], ..., "quotes": [...]} — the JSON export."""
    return {
        "people": [plain_record(r) for r in dossier.people],
        "labs": [plain_record(r) for r in dossier.labs],
        "models": [plain_record(r) for r in dossier.models],
        "events": [plain_record(r) for r in dossier.events],
        "sources": [plain_record(r) for r in dossier.sources],
        "quotes": [plain_record(q) for q in dossier.quotes],
    }


def _apply(plan: Plan, obj) -> dict:
    getter, steps = plan
    # `value or ...` first: most values are non-empty and skip the three comparisons.
    return {
        name: value if convert is None else convert(value)
        for (name, convert), value in zip(steps, getter(obj), strict=True)
        if value or not (value is None or value == "" or value == ())
    }


@cache
def _record_plan(kind_name: str, with_quotes: bool) -> Plan:
    fields = S.KIND_BY_NAME[kind_name].fields
    if kind_name == "source" and not with_quotes:
        fields = tuple(f for f in fields if f.name != "quotes")
    if kind_name == "quote":  # `plain_record` puts the id first itself
        fields = tuple(f for f in fields if f.name != "id")
    return _plan(fields)


@cache
def _plan(fields: tuple[S.Field, ...]) -> Plan:
    names = tuple(f.name for f in fields)
    if len(names) > 1:
        getter = attrgetter(*names)
    else:  # attrgetter of one name returns the value itself, not a tuple
        getter = lambda obj: tuple(getattr(obj, name) for name in names)  # noqa: E731
    return getter, tuple((f.name, _conversion(f)) for f in fields)


def _edtf(value) -> str:
    return value.edtf


@cache
def _conversion(spec: S.Field) -> Convert:
    """How a field's value becomes plain: None when it already is (a string, number, bool)."""
    if spec.type == S.DATE:
        return _edtf
    if spec.type == S.LIST and spec.item is not None:
        inner = _conversion(spec.item)
        if inner is None:
            return list
        return lambda items: [inner(item) for item in items]
    if spec.type == S.OBJECT:
        plan = _plan(spec.fields)
        return lambda obj: _apply(plan, obj)
    return None
