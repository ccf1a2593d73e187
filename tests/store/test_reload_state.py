"""Live reload keeps the last good data; user state survives restarts and corruption."""

from dossier.load.loader import load_dossier
from dossier.load.reload import Reloader
from dossier.store.state import DossierState, State, load_state, save_state


def test_editing_one_file_updates_the_dossier(minimal):
    reloader = Reloader(minimal)
    (minimal / "labs/lab-x.yaml").write_text("name: Lab X Renamed\nkind: company\n", encoding="utf-8")
    result = reloader.refresh({"labs/lab-x.yaml"})
    assert result.dossier.get("lab-x").name == "Lab X Renamed"
    assert result.problems == []


def test_a_half_saved_file_keeps_its_last_good_records(minimal):
    reloader = Reloader(minimal)
    (minimal / "labs/lab-x.yaml").write_text("name: Lab X\nkind: [\n", encoding="utf-8")
    result = reloader.refresh({str(minimal / "labs/lab-x.yaml")})
    assert result.dossier.get("lab-x").name == "Lab X"  # still there
    messages = [str(p) for p in result.problems]
    assert any(m.startswith("labs/lab-x.yaml:3:1: error: invalid YAML") for m in messages)
    assert messages[0] == (
        "labs/lab-x.yaml: warning: showing this file as it was at its last good read "
        "(fix the error above and save again)"
    )
    (minimal / "labs/lab-x.yaml").write_text("name: Lab X Fixed\n", encoding="utf-8")
    assert reloader.refresh({"labs/lab-x.yaml"}).dossier.get("lab-x").name == "Lab X Fixed"


def test_new_and_deleted_files_are_seen(minimal):
    reloader = Reloader(minimal)
    (minimal / "people/bob.yaml").write_text("name: Bob\n", encoding="utf-8")
    assert reloader.refresh({"people/bob.yaml"}).dossier.get("bob").name == "Bob"
    (minimal / "people/bob.yaml").unlink()
    assert reloader.refresh({"people/bob.yaml"}).dossier.get("bob") is None


def test_refresh_of_unchanged_files_matches_a_fresh_load(minimal):
    assert Reloader(minimal).refresh().dossier.by_id.keys() == load_dossier(minimal).dossier.by_id.keys()


def test_state_round_trips(tmp_path):
    path = tmp_path / "state.json"
    state = State(theme="nord", last_dossier="/x")
    state.dossiers["/x"] = DossierState(history=["a", "b"], bookmarks=["b"], current="b")
    assert save_state(state, path)
    again = load_state(path)
    assert again.theme == "nord" and again.for_dossier("/x").bookmarks == ["b"]


def test_corrupt_state_is_a_fresh_state(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_state(path) == State()
    path.write_text('{"theme": 3, "dossiers": {"/x": {"history": [1, "a"]}}}', encoding="utf-8")
    state = load_state(path)
    assert state.theme == "" and state.dossiers["/x"].history == ["a"]


def test_unwritable_state_dir_is_not_fatal(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert save_state(State(), blocker / "state.json") is False
