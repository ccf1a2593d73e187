"""Records as plain JSON-ready values, fields named and ordered as in the schema."""

from __future__ import annotations

from . import schema as S
from .dates import PartialDate
from .model import Dossier, Record


def plain_value(value, spec: S.Field):
    if isinstance(value, PartialDate):
        return value.edtf
    if spec.type == S.LIST and spec.item is not None:
        return [plain_value(item, spec.item) for item in value]
    if spec.type == S.OBJECT:
        return plain_fields(value, spec.fields)
    return value


def plain_fields(obj, fields: tuple[S.Field, ...]) -> dict:
    result: dict = {}
    for spec in fields:
        value = getattr(obj, spec.name, None)
        if value is None or value == "" or value == ():
            continue
        result[spec.name] = plain_value(value, spec)
    return result


def plain_record(record: Record, *, with_quotes: bool = False) -> dict:
    kind = S.KIND_BY_NAME[record.kind_name]
    fields = kind.fields
    if record.kind_name == "source" and not with_quotes:
        fields = tuple(f for f in fields if f.name != "quotes")
    result = plain_fields(record, fields)
    if record.kind_name == "quote":
        result = {"id": result.pop("id"), "source": record.source, **result}  # type: ignore[union-attr]
    return result


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
