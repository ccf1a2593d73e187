"""The JSON export: every kind under its key, fields named as in the YAML."""

import json

from dossier.export.jsondoc import to_json
from dossier.export.markdown import to_markdown
from dossier.load.loader import load_dossier


def test_json_export_has_every_kind_and_yaml_field_names(minimal):
    data = json.loads(to_json(load_dossier(minimal).dossier))
    assert list(data) == ["people", "labs", "models", "events", "sources", "quotes", "evidence", "conflicts"]
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
    from tests.helpers import MINIMAL, write_dossier

    root = write_dossier(tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: '*Bob* <script>'\n"})
    text = to_markdown(load_dossier(root).dossier)
    assert "\\*Bob\\* \\<script\\>" in text


def test_json_export_puts_one_record_on_each_line(minimal):
    text = to_json(load_dossier(minimal).dossier)
    lines = text.splitlines()
    assert lines[:2] == ["{", '  "people": [']
    assert lines[-2:] == ['  "conflicts": []', "}"] and text.endswith("}\n")
    ada = next(line for line in lines if '"id": "ada-lovelace"' in line)
    assert json.loads(ada.strip().rstrip(","))["name"] == "Ada Lovelace"
    quote_lines = [line for line in lines if line.startswith('    {"id": "q-one"')]
    assert len(quote_lines) == 1
    claim = next(line for line in lines if line.startswith('    {"claim": "launch"'))
    assert json.loads(claim.strip().rstrip(","))["strength"] == "1 source · AI-generated"


def test_json_export_gives_each_claim_its_origins_and_strength_and_lists_conflicts():
    from dossier.store.paths import bundled_data

    data = json.loads(to_json(load_dossier(bundled_data()).dossier))
    claims = {claim["claim"]: claim for claim in data["evidence"]}
    exodus = claims["llama-team-exodus"]
    assert exodus["kind"] == "event" and exodus["strength"] == "1 source · AI-generated"
    assert exodus["origins"] == [
        {
            "sources": ["llama-rise-and-fall-note", "business-insider-llama-talent"],
            "basis": ["llama-rise-and-fall-note"],
            "flags": ["ai-generated", "translated", "secondary", "not-read"],
            "caveats": ["ai-generated"],
        }
    ]
    assert claims["guillaume-lample#role-2"]["kind"] == "role"
    assert claims["scale-ai-investment"]["independent"] == 2
    assert [(c["event"], [v["value"] for v in c["values"]]) for c in data["conflicts"]] == [
        ("scale-ai-investment", ["14 billion dollars", "14.3 billion dollars"])
    ]


def test_json_export_escapes_controls_a_terminal_would_obey(tmp_path):
    from tests.helpers import MINIMAL, write_dossier

    summary = 'summary: "A \\u202e B \\u2028 C \\x85 D"\n'
    root = write_dossier(tmp_path / "d", {**MINIMAL, "people/bob.yaml": "name: Bob\n" + summary})
    dossier = load_dossier(root).dossier
    text = to_json(dossier)
    assert "\u202e" not in text and "\u2028" not in text and "\x85" not in text
    bob = next(p for p in json.loads(text)["people"] if p["id"] == "bob")
    assert bob["summary"] == dossier.get("bob").summary  # the same text once decoded
    assert "\u2028" in bob["summary"]
