"""`dossier new DIR`: a starter dossier that validates clean and never overwrites."""

import json
import re

import pytest

from tests.helpers import run_cli, starter_files


def test_new_creates_a_dossier_that_validates_clean(tmp_path):
    target = tmp_path / "mine"
    result = run_cli("new", str(target))
    assert result.returncode == 0, result.stderr
    assert "validate --data" in result.stdout
    for rel in ("people/jane-doe.yaml", "labs/example-lab.yaml", "models/example-model.yaml",
                "sources/example-article.yaml", "timeline.yaml"):  # fmt: skip
        assert (target / rel).is_file(), rel
    check = run_cli("validate", "--data", str(target))
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip() == "ok: 1 person, 1 lab, 1 model, 1 event, 1 source, 1 quote; 0 errors, 0 warnings"


def test_every_file_names_a_schema_that_exists(tmp_path):
    target = tmp_path / "mine"
    assert run_cli("new", str(target)).returncode == 0
    for path in [*target.glob("*/*.yaml"), target / "timeline.yaml"]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path}: {first}"
        schema = json.loads((path.parent / match.group(1)).read_text(encoding="utf-8"))
        kind = {"people": "person", "labs": "lab", "models": "model", "sources": "source"}.get(
            path.parent.name, "timeline"
        )
        assert schema["$id"].endswith(f"/{kind}.schema.json")  # each file its own kind's schema
        assert "#" in path.read_text(encoding="utf-8").split("\n", 1)[1]  # commented for a new author
    settings = json.loads((target / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema_path, globs in settings["yaml.schemas"].items():
        assert (target / schema_path).is_file()
        assert globs
    person = json.loads((target / ".schemas" / "person.schema.json").read_text(encoding="utf-8"))
    assert person["required"] == ["name"]


def test_new_refuses_a_non_empty_folder_and_writes_nothing(tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("new", str(target))
    assert result.returncode == 1
    assert "not empty" in result.stderr and "nothing written" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_new_refuses_a_file_and_an_existing_dossier(tmp_path):
    a_file = tmp_path / "file.yaml"
    a_file.write_text("x", encoding="utf-8")
    assert run_cli("new", str(a_file)).returncode == 1
    assert a_file.read_text(encoding="utf-8") == "x"
    target = tmp_path / "mine"
    assert run_cli("new", str(target)).returncode == 0
    before = (target / "people" / "jane-doe.yaml").read_text(encoding="utf-8")
    (target / "people" / "jane-doe.yaml").write_text(before + "tags: [edited]\n", encoding="utf-8")
    again = run_cli("new", str(target))
    assert again.returncode == 1
    assert (target / "people" / "jane-doe.yaml").read_text(encoding="utf-8").endswith("tags: [edited]\n")


def test_new_into_an_empty_folder_is_fine(tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    assert run_cli("new", str(target)).returncode == 0
    assert (target / "timeline.yaml").is_file()


def test_starter_files_pass_their_own_editor_schemas(tmp_path):
    """What an editor's YAML language server checks (YAML 1.2: dates stay text) agrees with `validate`."""
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    class Yaml12ish(yaml.SafeLoader):
        """Safe loading without YAML 1.1 timestamps, as the YAML language server reads dates."""

    Yaml12ish.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    for _path, text, schema in starter_files(tmp_path / "mine"):
        jsonschema.validate(yaml.load(text, Loader=Yaml12ish), schema)  # a SafeLoader: builds no Python objects
