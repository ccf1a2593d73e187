"""`dossier evidence` on the bundled dossier, read as a journalist reads it."""

from __future__ import annotations

import json

import pytest

from dossier.cli import main
from tests.helpers import REPO, run_cli

DATA = str(REPO / "data")


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["evidence", "--data", DATA, *args])
    out, err = capsys.readouterr()
    return code, out, err


def _strength(capsys, claim_id: str) -> str:
    code, out, _ = _run(capsys, claim_id, "--format", "json")
    assert code == 0
    [claim] = [c for c in json.loads(out)["claims"] if c["claim"] == claim_id]
    return claim["strength"]


@pytest.mark.parametrize(
    ("claim", "strength"),
    [
        # The AI-generated note and the Business Insider article it cites (never read): one source.
        ("llama-team-exodus", "1 source · AI-generated"),
        ("llama-1-2-released", "1 source · AI-generated"),
        ("guillaume-lample#role-2", "1 source · AI-generated"),
        # Two articles, each read, neither relaying the other.
        ("scale-ai-investment", "2 independent sources"),
        # The repost alone: an opinion piece, reposted.
        ("meta-stock-drop", "1 source · opinion · repost"),
        ("zuckerberg-most-talent-statement", "1 source"),
        # A quote rests on the source it was taken from.
        ("q-note-llama-authors-left", "1 source · AI-generated"),
    ],
)
def test_the_strength_shown_for_bundled_claims(capsys, claim, strength):
    assert _strength(capsys, claim) == strength


def test_the_exodus_shows_the_note_and_the_unread_article_as_one_origin(capsys):
    code, out, _ = _run(capsys, "llama-team-exodus")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split() == ["strength", "1", "source", "·", "AI-generated"]
    assert lines[2].startswith("  origin 1  llama-rise-and-fall-note  ai-generated, translated, secondary")
    assert lines[3].strip().startswith("and  business-insider-llama-talent  not-read")
    assert not any("origin 2" in line for line in lines)


def test_only_on_the_ai_note_lists_what_rests_on_it_alone(capsys):
    code, out, err = _run(capsys, "--only-on", "llama-rise-and-fall-note")
    assert code == 0 and err == ""
    listed = [line.split()[:2] for line in out.splitlines()]
    for kind, claim_id in [
        ("event", "llama-1-2-released"),
        ("event", "llama-paper-2023"),
        ("event", "llama-team-exodus"),
        ("role", "guillaume-lample#role-1"),
        ("role", "guillaume-lample#role-2"),
        ("role", "timothee-lacroix#role-1"),
        ("role", "timothee-lacroix#role-2"),
        ("quote", "q-note-llama-authors-left"),
    ]:
        assert [kind, claim_id] in listed
    ids = [claim_id for _, claim_id in listed]
    assert "scale-ai-investment" not in ids  # two articles report it
    assert "behemoth-delay-reported" not in ids  # the Llama 4 delay article reports it too
    assert not any(claim_id.startswith("q-avocado") for claim_id in ids)


def test_only_on_as_json_and_on_an_unread_source(capsys):
    code, out, _ = _run(capsys, "--only-on", "llama-rise-and-fall-note", "--format", "json")
    assert code == 0
    assert {"claim": "llama-team-exodus", "kind": "event"} in json.loads(out)
    code, out, err = _run(capsys, "--only-on", "business-insider-llama-talent")
    assert code == 0 and out == ""
    assert "was not read" in err and "llama-rise-and-fall-note" in err


def test_the_scale_ai_figures_are_one_conflict_each_value_with_its_source(capsys):
    code, out, _ = _run(capsys, "--conflicts", "--format", "json")
    assert code == 0
    [conflict] = [c for c in json.loads(out) if c["event"] == "scale-ai-investment"]
    assert [(v["value"], v["sources"]) for v in conflict["values"]] == [
        ("14 billion dollars", ["avocado-article"]),
        ("14.3 billion dollars", ["lecun-leaves-meta"]),
    ]
    code, out, _ = _run(capsys, "--conflicts")
    lines = out.splitlines()
    assert lines[0].startswith("conflict  amount invested  in Meta invests 14 billion dollars in Scale AI")
    assert lines[1].split()[:4] == ["14", "billion", "dollars", "avocado-article"]
    assert lines[2].split()[:4] == ["14.3", "billion", "dollars", "lecun-leaves-meta"]


def test_an_event_shows_its_conflicts_under_its_origins(capsys):
    code, out, _ = _run(capsys, "scale-ai-investment")
    assert code == 0
    assert "origin 2  lecun-leaves-meta" in out and "conflict  amount invested" in out


def test_a_source_lists_what_rests_only_on_it_and_what_it_merely_supports(capsys):
    code, out, _ = _run(capsys, "avocado-article", "--format", "json")
    assert code == 0
    found = json.loads(out)
    alone = {c["claim"] for c in found["only_on"]}
    also = {c["claim"] for c in found["also_supports"]}
    assert "zuckerberg-most-talent-statement" in alone and "scale-ai-investment" in also
    assert not alone & also


def test_a_person_shows_the_profile_and_each_role(capsys):
    code, out, _ = _run(capsys, "timothee-lacroix", "--format", "json")
    claims = [c["claim"] for c in json.loads(out)["claims"]]
    assert claims == ["timothee-lacroix", "timothee-lacroix#role-1", "timothee-lacroix#role-2"]


def test_a_role_can_be_named_by_its_organisation(capsys):
    code, out, _ = _run(capsys, "guillaume-lample#mistral-ai", "--format", "json")
    assert code == 0
    assert [c["claim"] for c in json.loads(out)["claims"]] == ["guillaume-lample#role-2"]


def test_unknown_ids_and_bad_usage(capsys):
    code, _, err = _run(capsys, "yann-lecun#role-9")
    assert code == 1 and "the roles of yann-lecun: yann-lecun#role-1" in err
    code, _, err = _run(capsys, "--only-on", "meta")
    assert code == 1 and "'meta' is a lab, not a source" in err
    code, _, err = _run(capsys, "lecun")
    assert code == 1 and "no record with id 'lecun'" in err
    code, _, err = _run(capsys)
    assert code == 2


def test_the_command_runs_as_a_process():
    result = run_cli("evidence", "--only-on", "llama-rise-and-fall-note", "--data", DATA)
    assert result.returncode == 0
    assert "event   llama-team-exodus  Only three of the 14 key Llama authors remain at Meta" in result.stdout


def test_show_says_what_a_claim_rests_on(capsys):
    assert main(["show", "--data", DATA, "llama-team-exodus"]) == 0
    out = capsys.readouterr().out
    assert [line.split(None, 1)[1].strip() for line in out.splitlines() if line.startswith("evidence")] == [
        "1 source · AI-generated"
    ]
