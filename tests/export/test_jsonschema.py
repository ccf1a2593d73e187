"""The JSON Schema as editors and checkers use it: PyYAML + jsonschema, check-jsonschema.

An author's editor (the YAML language server), `check-jsonschema` and `ajv` read the
files `dossier new` writes; the schemas must hold together in one store and reject
what `validate` rejects. jsonschema reads the YAML as PyYAML loads it (YAML 1.1: a
bare 2025-04-29 is a date), and check-jsonschema (a pip package, in the test extra)
runs as a user runs it. ajv is an npm tool, not installable as a Python package: the
one-store test below builds the registry `ajv -r` would.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import itertools
import re
import subprocess
import sys

import pytest
import yaml

from dossier.export.jsonschema import DATE_PATTERN, FILE_KINDS, bundle_schema, json_schema, schema_id
from dossier.model.dates import DateError, parse_date
from dossier.starter import GLOBS
from tests.helpers import REPO, run_cli, starter_files, write_dossier

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")


def errors(schema: dict, data) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def test_every_kind_has_its_own_absolute_id_and_the_bundle_references_them():
    ids = [json_schema(kind)["$id"] for kind in FILE_KINDS]
    assert len(set(ids)) == len(ids)
    assert all(re.match(r"^https://[^/]+/.+\.schema\.json$", i) for i in ids)
    bundle = bundle_schema()
    assert bundle["$id"] not in ids
    assert [branch["$ref"] for branch in bundle["anyOf"]] == ids


def test_the_kind_schemas_live_together_in_one_store_as_ajv_r_holds_them():
    """A registry of every kind's schema (what `ajv -r` or a schema store builds) refuses no duplicate."""
    bundle = bundle_schema()
    standalone = {k: v for k, v in bundle.items() if k != "$defs"}  # references only
    resources = [(schema_id(k), referencing.Resource.from_contents(json_schema(k))) for k in FILE_KINDS]
    registry = referencing.Registry().with_resources(resources)
    validator = jsonschema.Draft202012Validator(standalone, registry=registry)
    assert validator.is_valid({"name": "Ada Lovelace"})
    assert validator.is_valid([{"id": "e", "date": "2025-04", "title": "T", "sources": ["s"]}])
    assert not validator.is_valid({"name": 3})
    # The bundle alone (its kinds embedded as resources) says the same.
    assert not errors(bundle, {"name": "Ada Lovelace"}) and errors(bundle, {"name": 3})


def _accepted_by_validate(text: str) -> bool:
    try:
        parse_date(text)
    except DateError:
        return False
    return True


def test_the_date_pattern_accepts_exactly_what_validate_accepts():
    pattern = re.compile(DATE_PATTERN)
    years = ("0000", "1900", "2000", "2023", "2024", "2025")
    middles = [f"{m:02d}" for m in range(0, 26)]
    days = [f"{d:02d}" for d in range(0, 33)]
    candidates = list(years)
    candidates += [f"{y}-{m}" for y, m in itertools.product(years, middles)]
    candidates += [f"{y}-{m}-{d}" for y, m, d in itertools.product(years, middles, days)]
    candidates += [c + q for c in ("2025", "2025-04", "2025-21", "2025-04-29") for q in "~?%"]
    disagree = [c for c in candidates if bool(pattern.match(c)) != _accepted_by_validate(c)]
    assert disagree == []


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("timeline", [{"id": "e", "date": "2025-21-05", "title": "A season with a day", "sources": ["s"]}]),
        ("timeline", [{"id": "e", "date": "2025-04-00", "title": "Day zero", "sources": ["s"]}]),
        ("timeline", [{"id": "e", "date": "2025-02-30", "title": "February 30", "sources": ["s"]}]),
        ("lab", {"name": "L", "founded": 20201}),
        ("lab", {"name": "L", "founded": 999}),
        ("source", {"title": "T", "language": "English"}),
        ("source", {"title": "T", "published": dt.date(2025, 4, 29)}),  # an unquoted date, as PyYAML reads it
        ("person", {"name": "  "}),
    ],
)
def test_the_schema_rejects_what_validate_rejects(kind, data, tmp_path):
    assert errors(json_schema(kind), data)
    rel = {"timeline": "timeline.yaml", "lab": "labs/l.yaml", "source": "sources/t.yaml", "person": "people/p.yaml"}
    body = yaml.safe_dump(data, allow_unicode=True)
    if isinstance(data, dict) and isinstance(data.get("published"), dt.date):
        return  # validate reads it as text, and only warns (below)
    write_dossier(tmp_path, {rel[kind]: body, "sources/s.yaml": "title: S\n"})
    result = run_cli("validate", "--data", str(tmp_path))
    assert result.returncode == 1, result.stdout


def test_a_bad_date_reads_as_words_not_as_a_pattern():
    date = json_schema("timeline")["$defs"]["event"]["properties"]["date"]
    assert "season" in date["errorMessage"] and "2025-04-29" in date["errorMessage"]
    assert "^" not in date["errorMessage"] and date["description"]
    language = json_schema("source")["properties"]["language"]
    assert "language tag" in language["errorMessage"]


def _kind_of(rel: str) -> str | None:
    return next((kind for glob, kind in GLOBS.items() if fnmatch.fnmatch(rel, glob)), None)


def test_the_bundled_dossier_passes_the_schemas_as_pyyaml_reads_it():
    root = REPO / "data"
    checked = 0
    for path in sorted(root.rglob("*.yaml")):
        kind = _kind_of(path.relative_to(root).as_posix())
        assert kind, path
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert errors(json_schema(kind), data) == [], path
        assert errors(bundle_schema(), data) == [], path
        checked += 1
    assert checked > 10


def test_the_starter_passes_its_own_schemas_as_pyyaml_reads_it(tmp_path):
    target = tmp_path / "mine"
    for path, text, schema in starter_files(target):
        assert errors(schema, yaml.safe_load(text)) == [], path
    assert run_cli("validate", "--data", str(target)).stdout.endswith("0 errors, 0 warnings\n")


def test_validate_warns_about_an_unquoted_full_date(tmp_path):
    write_dossier(tmp_path, {"sources/s.yaml": "title: S\npublished: 2025-04-29\n"})
    result = run_cli("validate", "--data", str(tmp_path))
    assert result.returncode == 0
    assert "sources/s.yaml:2:12: warning: `published`: 2025-04-29 is read as a timestamp" in result.stdout
    assert 'quote it ("2025-04-29")' in result.stdout
    write_dossier(tmp_path, {"sources/s.yaml": 'title: S\npublished: "2025-04-29"\n'})
    assert run_cli("validate", "--data", str(tmp_path)).stdout.endswith("0 errors, 0 warnings\n")


def check_jsonschema(*args: str):
    pytest.importorskip("check_jsonschema")
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True, timeout=120
    )


def test_check_jsonschema_accepts_the_starter_and_the_bundled_dossier_and_refuses_a_bad_date(tmp_path):
    target = tmp_path / "mine"
    assert run_cli("new", str(target)).returncode == 0
    schemas = target / ".schemas"
    data = REPO / "data"
    for kind, files in (
        ("person", [*target.glob("people/*.yaml"), *data.glob("people/*.yaml")]),
        ("lab", [*target.glob("labs/*.yaml"), *data.glob("labs/*.yaml")]),
        ("model", [*target.glob("models/*.yaml"), *data.glob("models/*.yaml")]),
        ("source", [*target.glob("sources/*.yaml"), *data.glob("sources/*.yaml")]),
        ("timeline", [target / "timeline.yaml", data / "timeline.yaml"]),
    ):
        result = check_jsonschema("--schemafile", str(schemas / f"{kind}.schema.json"), *map(str, files))
        assert result.returncode == 0, result.stdout + result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text('- {id: e, date: "2025-21-05", title: A season with a day, sources: [s]}\n', encoding="utf-8")
    refused = check_jsonschema("--schemafile", str(schemas / "timeline.schema.json"), str(bad))
    assert refused.returncode == 1 and "$[0].date" in refused.stdout
