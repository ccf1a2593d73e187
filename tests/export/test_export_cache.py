"""The JSON export from cached fragments is the export of a full load, byte for byte."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from dossier.export import cache as export_cache
from dossier.export.jsondoc import to_json_bytes
from dossier.load.loader import load_dossier
from dossier.store import stats
from dossier.store.paths import bundled_data
from tests.helpers import age_files, generated_dossier, run_cli, write_dossier


def _touch(path: Path, text: str) -> None:
    """Write `text` and date it back a little, so the export cache may keep it."""
    path.write_text(text, encoding="utf-8")
    past = time.time() - 30
    os.utime(path, (past, past))


def _reference(root: Path) -> tuple[bytes, int]:
    """What the export must be: the export of a full load (whose own cache has its own tests)."""
    loaded = load_dossier(root)
    return to_json_bytes(loaded.dossier), len(loaded.errors)


def _export(root: Path) -> tuple[bytes, int]:
    chunks, errors = export_cache.json_export(root)
    return b"".join(chunks), errors


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """Counts the full loads the export makes."""
    made: list[str] = []
    real = export_cache.load_dossier

    def counting(root, **kwargs):
        made.append(str(root))
        return real(root, **kwargs)

    monkeypatch.setattr(export_cache, "load_dossier", counting)
    return made


@pytest.fixture
def dossier(aged_dossier: Path) -> Path:
    return aged_dossier


def _db() -> Path:
    return Path(os.environ["DOSSIER_CACHE_DIR"]) / export_cache.DB_NAME


def test_the_bundled_dossier_exports_the_same_from_the_cache(loads: list[str]):
    expected, errors = _reference(bundled_data())
    assert _export(bundled_data()) == (expected, errors)
    assert _export(bundled_data()) == (expected, errors)
    # Once the fragments are kept, only a fresh cache or an edit makes it load again.
    assert len(loads) <= 1


def test_a_warm_export_reads_no_yaml_and_keeps_the_error_count(dossier: Path, loads: list[str]):
    expected, errors = _reference(dossier)
    assert errors == 1  # the unknown lab
    assert _export(dossier) == (expected, 1)
    assert loads == [str(dossier)]
    assert _export(dossier) == (expected, 1)
    assert loads == [str(dossier)]


def test_an_edit_is_reflected_and_matches_a_full_load(dossier: Path, loads: list[str]):
    _export(dossier)
    # A new date moves the event to the front; a changed quote and a fixed reference.
    timeline = dossier / "timeline.yaml"
    _touch(timeline, timeline.read_text(encoding="utf-8").replace("2025-04-05", "2001"))
    source = dossier / "sources/article-one.yaml"
    _touch(source, source.read_text(encoding="utf-8").replace("« Le meilleur", "« Le pire"))
    _touch(dossier / "people/broken-ref.yaml", "name: Fixed\n")
    expected, errors = _reference(dossier)
    assert _export(dossier) == (expected, 0)
    data = json.loads(expected)
    assert [e["id"] for e in data["events"]] == ["launch", "founding"]
    assert data["quotes"][0]["text"].startswith("« Le pire")
    loads.clear()
    assert _export(dossier) == (expected, 0)
    assert loads == []


def test_added_and_deleted_files_are_reflected(dossier: Path):
    _export(dossier)
    (dossier / "models/model-one-mini.yaml").unlink()
    _touch(dossier / "labs/lab-z.yaml", "name: Lab Z\nkind: lab\n")
    expected, errors = _reference(dossier)
    assert _export(dossier) == (expected, errors) and errors == 0  # lab-z is the lab broken-ref names
    data = json.loads(expected)
    assert "lab-z" in [lab["id"] for lab in data["labs"]]
    assert "model-one-mini" not in [m["id"] for m in data["models"]]
    assert _export(dossier) == (expected, errors)


def test_a_file_saved_just_now_is_kept_only_for_its_bytes(dossier: Path, loads: list[str]):
    lab = dossier / "labs/lab-x.yaml"
    lab.write_text("name: Lab X renamed\nkind: company\n", encoding="utf-8")
    expected, _ = _reference(dossier)
    assert _export(dossier)[0] == expected
    # Changed again at once, same size, same mtime (the ctime may well not tick).
    mtime = lab.stat().st_mtime_ns
    lab.write_text("name: Lab Q renamed\nkind: company\n", encoding="utf-8")
    os.utime(lab, ns=(mtime, mtime))
    again, _ = _reference(dossier)
    assert b"Lab Q renamed" in again
    assert _export(dossier)[0] == again


def test_duplicate_ids_export_what_the_load_kept(dossier: Path, loads: list[str]):
    _touch(dossier / "labs/model-one.yaml", "name: A lab with a model's id\nkind: lab\n")
    _touch(
        dossier / "sources/second.yaml",
        "title: Second\nquotes:\n  - id: q-one\n    text: taken twice\n  - id: q-two\n    text: kept\n",
    )
    expected, errors = _reference(dossier)
    assert errors >= 2
    for _ in range(2):
        assert _export(dossier) == (expected, errors)
    data = json.loads(expected)
    assert [q["id"] for q in data["quotes"]] == ["q-one", "q-two"]
    assert len(loads) == 2  # never from fragments: only the load knows which record it kept


def test_events_on_the_same_date_keep_the_order_of_their_files(tmp_path: Path):
    events = "".join(
        f"- id: e-{n}\n  date: 2024{'-05' if n % 3 else ''}\n  title: E{n}\n  sources: [s]\n" for n in range(12)
    )
    root = write_dossier(
        tmp_path / "d",
        {"timeline/b.yaml": events, "timeline/a.yaml": events.replace("e-", "a-"), "sources/s.yaml": "title: S\n"},
    )
    age_files(root)
    expected, _ = _reference(root)
    assert _export(root)[0] == expected
    assert _export(root)[0] == expected


def _update(sql: str, *values) -> None:
    with sqlite3.connect(_db()) as db:
        db.execute(sql, values)
    db.close()


@pytest.mark.parametrize("damage", ["lines", "signature", "event_keys", "records", "section", "version"])
def test_damaged_fragments_are_ignored_and_rebuilt(dossier: Path, loads: list[str], damage: str):
    expected, errors = _reference(dossier)
    _export(dossier)
    value = {
        "lines": b'{"id": "forged"}',
        "signature": b"0" * 32,
        "event_keys": "[[1, 2], [3, 4], [5, 6]]",
        "records": 7,
        "section": "labs",
        "version": "something else",
    }[damage]
    _update(f"UPDATE fragments SET {damage} = ?", value)
    _update("UPDATE verdicts SET document = NULL")  # so that the export is joined from fragments
    loads.clear()
    assert _export(dossier) == (expected, errors)
    assert len(loads) == 1
    assert _export(dossier) == (expected, errors)
    assert len(loads) == 1  # rebuilt by the export that found them damaged


@pytest.mark.parametrize("damage", ["document", "document_signature", "key", "archives"])
def test_a_damaged_whole_export_is_ignored_and_rebuilt(dossier: Path, loads: list[str], damage: str):
    expected, errors = _reference(dossier)
    _export(dossier)
    value = {"document": b'{"people": []}', "document_signature": b"1", "key": b"0" * 32, "archives": "[1, 2]"}[damage]
    _update(f"UPDATE verdicts SET {damage} = ?", value)
    assert _export(dossier) == (expected, errors)
    assert _export(dossier) == (expected, errors)
    # A damaged document is joined again from the fragments; a damaged verdict needs a load.
    assert len(loads) == (1 if damage in ("document", "document_signature") else 2)


def test_a_rewritten_document_with_a_matching_checksum_is_not_printed(dossier: Path, loads: list[str]):
    """Anyone able to write the database but not to read the key cannot make the export
    print what they wrote: the document is signed with the key, not check-summed."""
    import zlib

    expected, errors = _reference(dossier)
    _export(dossier)
    forged = b'{"people": [{"id": "forged"}]}'
    with sqlite3.connect(_db()) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(verdicts)")}
        db.execute("UPDATE verdicts SET document = ?", (forged,))
        if "checksum" in columns:
            db.execute("UPDATE verdicts SET checksum = ?", (zlib.crc32(forged),))
    db.close()
    assert _export(dossier) == (expected, errors)


def test_a_corrupt_database_is_rebuilt(dossier: Path, loads: list[str]):
    expected, errors = _reference(dossier)
    _export(dossier)
    _db().write_bytes(b"this is not a database" * 100)
    assert _export(dossier) == (expected, errors)
    assert _export(dossier) == (expected, errors)
    assert len(loads) == 2


def test_a_changed_archived_text_changes_the_error_count(dossier: Path):
    archive = dossier / "archive.txt"
    source = dossier / "sources/article-one.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("kind: article", "kind: article\ntext: archive.txt"))
    archive.write_text("« Le meilleur modèle au monde »", encoding="utf-8")
    age_files(dossier)
    assert _export(dossier)[1] == 1
    assert _export(dossier)[1] == 1
    _touch(archive, "something else entirely")
    assert _export(dossier)[1] == 2 == _reference(dossier)[1]


def test_the_dossier_folder_is_never_written(dossier: Path, monkeypatch):
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(dossier / "cache"))
    before = sorted(p.relative_to(dossier) for p in dossier.rglob("*"))
    assert _export(dossier) == _reference(dossier)
    assert sorted(p.relative_to(dossier) for p in dossier.rglob("*")) == before


@pytest.mark.slow
def test_a_generated_dossier_of_size_m_exports_the_same(tmp_path: Path, loads: list[str], monkeypatch):
    # As if written long ago: none of its files is racy (a racy file's entries are kept
    # under its bytes, and checked once more when it has settled; see dossier.store.stats).
    monkeypatch.setattr(stats, "SETTLE_SECONDS", 0.0)
    root = generated_dossier(tmp_path / "M", "M")
    age_files(root)
    expected, errors = _reference(root)
    assert errors == 0
    assert _export(root) == (expected, 0)
    assert _export(root) == (expected, 0)
    assert len(loads) == 1
    # One edited file: re-exported from one load, its fragment replaced, the rest kept.
    part = root / "timeline/part-0003.yaml"
    _touch(part, part.read_text(encoding="utf-8").replace("date: 20", "date: 19", 7))
    expected, _ = _reference(root)
    assert _export(root) == (expected, 0)
    assert _export(root) == (expected, 0)
    assert len(loads) == 2


def test_the_command_writes_the_same_file_cold_and_warm(dossier: Path, tmp_path: Path):
    env = {"DOSSIER_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "out.json"
    outputs = []
    for _ in range(2):
        done = run_cli("--data", str(dossier), "export", "--format", "json", str(out), "--force", env=env)
        assert done.returncode == 0, done.stderr
        assert "dossier: 1 error in the dossier; run `dossier validate`" in done.stderr  # not "1 error(s)"
        outputs.append(out.read_bytes())
    printed = run_cli("--data", str(dossier), "export", "--format", "json", env=env)
    assert outputs[0] == outputs[1] == printed.stdout.encode("utf-8") == _reference(dossier)[0]


def test_fragments_made_while_racy_are_kept_once_settled(dossier: Path, loads: list[str], monkeypatch):
    made: list[str] = []
    real = export_cache.Fragment.of
    monkeypatch.setattr(export_cache.Fragment, "of", lambda *args: made.append(args[0]) or real(*args))
    expected, errors = _reference(dossier)
    assert _export(dossier) == (expected, errors)  # files just dated back: racy
    assert len(made) == 9
    monkeypatch.setattr(stats, "SETTLE_SECONDS", 0.0)  # now settled
    made.clear()
    assert _export(dossier) == (expected, errors)  # a new verdict (new stamps) needs one load...
    assert made == []  # ...but no fragment is made again
    assert _export(dossier) == (expected, errors)
    assert len(loads) == 2  # the first export, and the one after settling


def _strengths(document: bytes) -> dict[str, str]:
    return {claim["claim"]: claim["strength"] for claim in json.loads(document)["evidence"]}


def test_a_changed_flag_changes_the_strength_of_claims_in_other_files(dossier: Path, loads: list[str]):
    before, _ = _export(dossier)
    assert _strengths(before)["launch"] == "1 source · AI-generated"
    # Only the source's file changes; the event citing it is in timeline.yaml, whose
    # fragment is kept: its strength must follow all the same.
    source = dossier / "sources/article-one.yaml"
    _touch(source, source.read_text(encoding="utf-8").replace("flags: [ai-generated]", "flags: [opinion]"))
    expected, errors = _reference(dossier)
    assert _export(dossier) == (expected, errors)
    assert _strengths(expected)["launch"] == "1 source · opinion"
    assert _export(dossier) == (expected, errors)


@pytest.mark.parametrize("damage", ["evidence", "evidence_signature"])
def test_damaged_evidence_is_ignored_and_rebuilt(dossier: Path, loads: list[str], damage: str):
    expected, errors = _reference(dossier)
    _export(dossier)
    _update(f"UPDATE verdicts SET {damage} = ?", b"[]" if damage == "evidence" else 7)
    _update("UPDATE verdicts SET document = NULL")  # so that the export is joined from fragments
    loads.clear()
    assert _export(dossier) == (expected, errors)
    assert len(loads) == 1  # the evidence needs the whole dossier: one load rebuilds it
    assert _export(dossier) == (expected, errors)
    assert len(loads) == 1
