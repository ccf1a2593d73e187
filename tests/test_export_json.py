"""The JSON export: every kind under its key, fields named as in the YAML."""

import json

from dossier.export import to_json, to_markdown
from dossier.load import load_dossier


def test_json_export_has_every_kind_and_yaml_field_names(minimal):
    data = json.loads(to_json(load_dossier(minimal).dossier))
    assert list(data) == ["people", "labs", "models", "events", "sources", "quotes"]
    ada = next(p for p in data["people"] if p["id"] == "ada-lovelace")
    assert ada["roles"] == [
        {"org": "lab-x", "title": "Chief Scientist", "start": "2023-04", "end": "2025-21~", "sources": ["article-one"]}
    ]
    model = next(m for m in data["models"] if m["id"] == "model-one")
    assert model["parameters"] == {"active": "17B", "total": "400B"}
    assert model["open_weights"] is True
    assert [e["id"] for e in data["events"]] == ["founding", "launch"]
    assert data["events"][0]["date"] == "2013-12"
    assert data["quotes"] == [
        {
            "id": "q-one",
            "source": "article-one",
            "text": "« Le meilleur modèle au monde »",
            "translation": "The best model in the world",
            "speaker": "ada-lovelace",
            "about": ["model-one"],
            "event": "launch",
        }
    ]
    assert "quotes" not in data["sources"][0]
    assert data["sources"][0]["published"] == "2025-05~"


def test_markdown_export_links_records(minimal):
    text = to_markdown(load_dossier(minimal).dossier)
    assert "## People" in text and "## Timeline" in text
    assert "### 5 Apr 2025 — Model One is released" in text
    assert "[Lab X](#lab-x)" in text
    assert "**flags:** ai-generated" in text


def test_markdown_export_escapes_data(tmp_path):
    from .conftest import MINIMAL, write_dossier

    root = write_dossier(tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: '*Bob* <script>'\n"})
    text = to_markdown(load_dossier(root).dossier)
    assert "\\*Bob\\* \\<script\\>" in text
