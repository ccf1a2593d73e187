"""JSON Schema and Markdown reference, both generated from `dossier.schema`.

One schema per kind of file (person, lab, model, source, timeline), each with its own
absolute `$id` (`SCHEMA_BASE` + `person.schema.json`), so a schema store or `ajv -r`
holds them side by side, and a bundle (`dossier.schema.json`) that accepts any dossier
file by referencing them; it embeds them as schema resources (JSON Schema 2020-12
bundling), so it also works alone. Single-file checks are as strict as `validate`:
dates are the EDTF subset of `dossier.model.dates` down to the days of each month
(Feb 29 only in leap years), seasons take no day, a bare year is 1000-9999, language
tags are BCP 47-shaped. Every constraint carries a `description` and an
`errorMessage` (read by ajv-errors and the YAML language server) in the words
`validate` would use, instead of a raw pattern.
"""

from __future__ import annotations

from dossier.model import schema as S

SCHEMA_BASE = f"https://dossier.example/schema/v{S.SCHEMA_VERSION}/"
FILE_KINDS = ("person", "lab", "model", "source", "timeline")
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_YEAR = r"\d{4}"
_LEAP = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_MONTH_DAY = (
    r"(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])"  # days 1-28 of any month
    r"|(?:0[13-9]|1[0-2])-(?:29|30)"  # 29 and 30 of every month but February
    r"|(?:0[13578]|1[02])-31"  # 31 of the long months
)
DATE_PATTERN = (
    rf"^(?!0000)(?:{_LEAP}-02-29|{_YEAR}-(?:{_MONTH_DAY})|{_YEAR}-(?:0[1-9]|1[0-2])|{_YEAR}-2[1-4]|{_YEAR})[~?%]?$"
)
_DATE_WORDS = (
    "a date: 2025-04-29, 2025-04, 2025, or a season 2025-21..2025-24 (spring..winter, no day), "
    "optionally followed by ~ (approximate), ? (uncertain) or % (both); quote a full date "
    '("2025-04-29") so YAML 1.1 tools do not read it as a timestamp'
)
_DATE = {
    # `pattern` applies to a string only, `minimum`/`maximum` to a bare year only.
    "type": ["string", "integer"],
    "pattern": DATE_PATTERN,
    "minimum": 1000,
    "maximum": 9999,
    "description": "EDTF: " + _DATE_WORDS,
    "errorMessage": "should be " + _DATE_WORDS,
}
LANG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_LANG = {
    "type": "string",
    "pattern": LANG_PATTERN,
    "description": "A BCP 47 language tag: fr, en, en-US.",
    "errorMessage": "should be a language tag such as fr, en or en-US",
}
_ID_WORDS = "lower-case letters, digits and hyphens, starting with a letter or digit"
_ID_REF = {"type": "string", "pattern": S.ID_PATTERN, "errorMessage": f"should be an id: {_ID_WORDS}"}
_QUANTITY = {
    "type": ["string", "number"],
    "pattern": r"^\d+([.,]\d+)?\s*[KMBTkmbt]?$",
    "minimum": 0,
    "errorMessage": "should be a number such as 288B or 10M",
}


def field_schema(spec: S.Field) -> dict:
    base: dict
    if spec.type == S.LIST:
        assert spec.item is not None
        item = field_schema(spec.item)
        item.pop("description", None)
        item.pop("examples", None)
        base = {"type": "array", "items": item}
    elif spec.type == S.OBJECT:
        base = object_schema(spec.fields)
    elif spec.type == S.DATE:
        base = dict(_DATE)
    elif spec.type == S.BOOL:
        base = {"type": "boolean", "errorMessage": "should be true or false"}
    elif spec.type == S.INT:
        base = {"type": "integer"}
    elif spec.type == S.QUANTITY:
        base = dict(_QUANTITY)
    elif spec.type == S.ENUM:
        base = {
            "type": "string",
            "enum": list(spec.choices),
            "errorMessage": "should be one of: " + ", ".join(spec.choices),
        }
    elif spec.type == S.LANG:
        base = dict(_LANG)
    elif spec.type == S.REF:
        base = dict(_ID_REF)
        if spec.kinds:
            base["description"] = "id of a " + " or ".join(spec.kinds)
    elif spec.type == S.URL:
        # `format` is only a note to most validators; `validate` warns about a non-web address.
        base = {"type": "string", "format": "uri"}
    elif spec.name == "id":
        base = dict(_ID_REF)
    else:
        base = {"type": "string"}
        if spec.required:  # `validate`: a required text field may not be blank
            base |= {"pattern": r"\S", "errorMessage": "is required and may not be empty"}
    if spec.doc:
        base["description"] = spec.doc
    if spec.example is not None:
        base["examples"] = [spec.example]
    return base


def object_schema(fields: tuple[S.Field, ...]) -> dict:
    required = [f.name for f in fields if f.required]
    result: dict = {
        "type": "object",
        "additionalProperties": False,
        "properties": {f.name: field_schema(f) for f in fields},
    }
    if required:
        result["required"] = required
    return result


def kind_schema(kind: S.Kind) -> dict:
    result = object_schema(kind.fields)
    result["description"] = kind.doc
    return result


def schema_id(kind_name: str) -> str:
    """The absolute `$id` of one kind's schema, or of the bundle (`dossier`)."""
    return f"{SCHEMA_BASE}{kind_name}.schema.json"


def json_schema(kind_name: str | None = None) -> dict:
    """The schema of one kind's file, or the bundle accepting any dossier file."""
    if not kind_name:
        return bundle_schema()
    target = "timeline" if kind_name in ("event", "timeline") else kind_name
    head = {"$schema": DRAFT, "$id": schema_id(target), "title": f"dossier {target} file"}
    if target == "timeline":
        event = kind_schema(S.EVENT)
        return {**head, "description": "A list of events.", "type": "array", "items": {"$ref": "#/$defs/event"},
                "$defs": {"event": event}}  # fmt: skip
    return {**head, **kind_schema(S.KIND_BY_NAME[target])}


def bundle_schema() -> dict:
    """Any dossier file: a reference to each kind's schema, embedded here as its own resource."""
    kinds = {name: json_schema(name) for name in FILE_KINDS}
    return {
        "$schema": DRAFT,
        "$id": schema_id("dossier"),
        "title": "dossier file",
        "description": "Any file of a dossier: a person, lab, model or source profile, or a timeline.",
        "anyOf": [{"$ref": schema_id(name)} for name in FILE_KINDS],
        "$defs": kinds,
    }


def _type_words(spec: S.Field) -> str:
    if spec.type == S.LIST and spec.item is not None:
        return f"list of {_type_words(spec.item)}"
    if spec.type == S.REF:
        return "id of " + (" or ".join(spec.kinds) if spec.kinds else "any record")
    if spec.type == S.ENUM:
        return "one of " + ", ".join(f"`{c}`" for c in spec.choices)
    if spec.type == S.OBJECT:
        return f"`{spec.name}` mapping (below)"
    return spec.type


def markdown_reference() -> str:
    """docs/FORMAT.md: every kind and field, generated."""
    lines = [
        "# Dossier file format",
        "",
        "Generated by `python -m dossier schema --format markdown` from `dossier/schema.py`;",
        "do not edit by hand. Dates follow the EDTF subset: `2025`, `2025-04`, `2025-04-29`,",
        "a season `2025-21`..`2025-24` (spring..winter), optionally followed by `~`",
        "(approximate) or `?` (uncertain). Prose fields may link with `[[id]]` or `[[id|label]]`.",
        "",
    ]
    objects: list[S.Field] = []
    for kind in S.KINDS:
        where = f"`{kind.folder}/<id>.yaml`" if kind.folder else ""
        lines += [f"## {kind.name}", "", kind.doc + (f" One file each: {where}." if where else ""), ""]
        lines += _field_table(kind.fields, objects)
    seen = set()
    for spec in objects:
        if spec.name in seen or spec is S.QUOTE:
            continue
        seen.add(spec.name)
        lines += [f"## `{spec.name}` mapping", "", spec.doc, ""]
        lines += _field_table(spec.fields, [])
    return "\n".join(lines)


def _field_table(fields: tuple[S.Field, ...], objects: list[S.Field]) -> list[str]:
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for spec in fields:
        inner = spec.item if spec.type == S.LIST and spec.item is not None else spec
        if inner.type == S.OBJECT:
            objects.append(inner)
        required = "yes" if spec.required else ""
        rows.append(f"| `{spec.name}` | {_type_words(spec)} | {required} | {spec.doc} |")
    return rows + [""]
