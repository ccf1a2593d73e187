"""FollowTheMoney: the entities Aleph loads, read back and validated by the followthemoney library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import MINIMAL, REPO, run_cli, write_dossier

ftm = pytest.importorskip(
    "followthemoney", reason="the ftm extra is not installed: pip install '.[ftm]' (needs libicu-dev and pkg-config)"
)
from followthemoney import model  # noqa: E402


def export_entities(root) -> list[dict]:
    result = run_cli("export", "--format", "ftm", "--data", str(root))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_bundled_dossier_round_trips_through_the_library_and_ftm_validate(tmp_path):
    entities = export_entities(REPO / "data")
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)  # no id twice
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        proxy.schema.validate(data)  # required properties present, every value valid for its type
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= ids, (data["id"], prop.name)  # every link lands on an entity
    path = tmp_path / "dossier.ftm.json"
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    cleaned = subprocess.run(
        [sys.executable, "-c", "from followthemoney.cli.cli import cli; cli()", "validate", "-i", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    again = {e["id"]: e for e in map(json.loads, cleaned.stdout.splitlines())}
    # `ftm validate` cleans every value again: it must neither drop nor change anything.
    assert {e["id"]: e["properties"] for e in entities} == {i: e["properties"] for i, e in again.items()}
    schemas = {e["schema"] for e in entities}
    assert {"Person", "Organization", "Company", "Employment", "Event", "Article", "Documentation"} <= schemas


def test_roles_events_sources_and_quotes_map_to_their_ftm_schemas(tmp_path):
    files = {
        **MINIMAL,
        "labs/le-monde.yaml": "name: Le Monde\nkind: outlet\n",
        "sources/evil.yaml": "title: Evil\noutlet: le-monde\npublished: 2025-23~\nurl: 'javascript:alert(1)'\n",
    }
    entities = {e["id"]: e for e in export_entities(write_dossier(tmp_path / "d", files))}
    ada = entities["dossier-person-ada-lovelace"]
    assert ada["schema"] == "Person" and ada["properties"]["name"] == ["Ada Lovelace"]
    role = next(e for e in entities.values() if e["properties"].get("employee") == ["dossier-person-ada-lovelace"])
    assert role["schema"] == "Employment" and role["properties"]["employer"] == ["dossier-lab-lab-x"]
    assert role["properties"]["startDate"] == ["2023-04"] and role["properties"]["endDate"] == ["2025"]
    assert "end: ~ spring 2025, season: spring, approximate" in role["properties"]["description"][0]
    launch = entities["dossier-event-launch"]
    assert launch["schema"] == "Event" and launch["properties"]["date"] == ["2025-04-05"]
    assert "dossier-person-ada-lovelace" in launch["properties"]["involved"]
    article = entities["dossier-source-article-one"]
    assert article["schema"] == "Article" and "flag:ai-generated" in article["properties"]["keywords"]
    assert (
        article["properties"]["publishedAt"] == ["2025-05"]
        and "approximate" in article["properties"]["description"][-1]
    )
    quote = entities["dossier-quote-q-one"]
    assert quote["schema"] == "Documentation" and quote["properties"]["role"] == ["quoted"]
    assert quote["properties"]["document"] == ["dossier-source-article-one"]
    assert quote["properties"]["entity"] == ["dossier-person-ada-lovelace"]
    assert quote["properties"]["summary"] == ["« Le meilleur modèle au monde »"]
    evil = entities["dossier-source-evil"]["properties"]
    assert "sourceUrl" not in evil and evil["publishedAt"] == ["2025"]  # a season keeps its year, never a month
    assert "flag:ai-generated" in entities["dossier-event-launch"]["properties"]["keywords"]  # the caveat travels


def test_ids_are_stable_between_exports(tmp_path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    first, second = export_entities(root), export_entities(root)
    assert first == second
    assert all(e["id"].startswith("dossier-") for e in first)


def test_without_the_library_the_export_says_what_to_install(tmp_path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    code = (
        "import sys; sys.modules['followthemoney'] = None\n"
        "from dossier.cli import main\n"
        f"sys.exit(main(['export', '--format', 'ftm', '--data', {str(root)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 2
    assert "pip install 'dossier[ftm]'" in result.stderr
