"""One declaration drives validation, the JSON Schema, the docs and the model."""

import dataclasses
import json
from pathlib import Path

from dossier.export.jsonschema import json_schema, markdown_reference
from dossier.model import records as model
from dossier.model import schema

REPO = Path(__file__).resolve().parents[2]


def test_model_classes_have_exactly_the_schema_fields():
    for kind in schema.KINDS:
        cls = model.RECORD_CLASSES[kind.name]
        fields = [f.name for f in dataclasses.fields(cls) if f.name not in ("loc", "source")]
        assert sorted(fields) == sorted(kind.field_names), kind.name
    for spec in (schema.ROLE, schema.PARAMETERS):
        cls = model.NESTED_CLASSES[spec.name]
        assert sorted(f.name for f in dataclasses.fields(cls)) == sorted(f.name for f in spec.fields)


def test_json_schema_describes_every_kind():
    document = json_schema()
    assert set(document["$defs"]) == {"person", "lab", "model", "source", "timeline"}
    person = document["$defs"]["person"]
    assert person["additionalProperties"] is False
    assert person["required"] == ["name"]
    assert set(person["properties"]) == set(schema.PERSON.field_names)
    role = person["properties"]["roles"]["items"]
    assert role["required"] == ["org"]
    assert role["properties"]["start"]["pattern"].startswith("^")
    assert document["$defs"]["model"]["properties"]["status"]["enum"] == list(schema.MODEL_STATUSES)
    quote = document["$defs"]["source"]["properties"]["quotes"]["items"]
    assert quote["required"] == ["id", "text"]
    assert set(document["$defs"]["timeline"]["$defs"]["event"]["properties"]) == set(schema.EVENT.field_names)
    json.dumps(document)  # serialisable


def test_json_schema_for_one_kind_is_that_kind():
    assert json_schema("timeline")["type"] == "array"
    assert json_schema("person")["required"] == ["name"]
    assert json_schema("person")["$id"] != json_schema("lab")["$id"]


def test_the_format_reference_is_generated_and_current():
    committed = (REPO / "docs" / "FORMAT.md").read_text(encoding="utf-8")
    assert committed == markdown_reference() + "\n", "run: python -m dossier schema --format markdown > docs/FORMAT.md"
    for kind in schema.KINDS:
        assert f"## {kind.name}" in committed
