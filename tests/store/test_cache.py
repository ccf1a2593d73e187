"""The per-file cache: a warm load is the cold load, and nothing stale is ever trusted."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from dossier.load import loader, verdict
from dossier.load.folder_check import check_folder
from dossier.load.loader import load_dossier
from dossier.load.shaping import CACHE_VERSION
from dossier.store import files as cache
from tests.helpers import age_files, count_reads


@pytest.fixture
def dossier(aged_dossier: Path) -> Path:
    return aged_dossier


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    return count_reads(monkeypatch)


def _db() -> Path:
    return Path(os.environ["DOSSIER_CACHE_DIR"]) / cache.DB_NAME


def test_warm_load_gives_the_same_dossier_and_problems(dossier: Path, reads: list[str]):
    cold = load_dossier(dossier)
    assert len(reads) == 9
    reads.clear()
    warm = load_dossier(dossier)
    assert reads == []
    assert warm.dossier == cold.dossier
    assert warm.problems == cold.problems
    assert any("unknown lab 'lab-z'" in p.message for p in warm.problems)
    uncached = load_dossier(dossier, cache=False)
    assert uncached.dossier == warm.dossier and uncached.problems == warm.problems
    ada = warm.dossier.get("ada-lovelace")
    assert ada.loc.file == "people/ada-lovelace.yaml" and ada.roles[0].end.display()


def test_editing_one_file_rereads_only_that_file(dossier: Path, reads: list[str]):
    load_dossier(dossier)
    reads.clear()
    lab = dossier / "labs/lab-y.yaml"
    lab.write_text("name: Lab Y renamed\nkind: lab\nparent: lab-x\n", encoding="utf-8")
    past = time.time() - 30
    os.utime(lab, (past, past))
    result = load_dossier(dossier)
    assert reads == ["labs/lab-y.yaml"]
    assert result.dossier.get("lab-y").name == "Lab Y renamed"


def test_a_file_saved_just_now_is_kept_only_for_its_bytes(dossier: Path, reads: list[str]):
    """Within one tick of the clock a file may change again keeping size, mtime and even
    ctime: its entry is then used only for the very bytes it was made from."""
    load_dossier(dossier)
    lab = dossier / "labs/lab-y.yaml"
    lab.write_text("name: Lab Y\nkind: lab\n", encoding="utf-8")
    reads.clear()
    assert load_dossier(dossier).dossier.get("lab-y").name == "Lab Y"
    assert load_dossier(dossier).dossier.get("lab-y").name == "Lab Y"
    assert reads == ["labs/lab-y.yaml"]
    mtime = lab.stat().st_mtime_ns
    lab.write_text("name: Lab Q\nkind: lab\n", encoding="utf-8")
    os.utime(lab, ns=(mtime, mtime))
    assert load_dossier(dossier).dossier.get("lab-y").name == "Lab Q"


def test_a_deleted_file_disappears(dossier: Path):
    load_dossier(dossier)
    (dossier / "people/broken-ref.yaml").unlink()
    result = load_dossier(dossier)
    assert result.dossier.get("broken-ref") is None
    assert not result.errors


def _tamper(sql: str, *args) -> None:
    with sqlite3.connect(_db()) as db:
        db.execute(sql, args)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE files SET data = substr(data, 1, length(data) / 2)",  # truncated
        "UPDATE files SET data = randomblob(200)",  # garbage
        "UPDATE files SET digest = randomblob(32)",  # signed by someone else
        "UPDATE files SET version = 'schema 0'",  # an older program's
    ],
)
def test_damaged_or_stale_entries_are_ignored(dossier: Path, reads: list[str], damage: str):
    cold = load_dossier(dossier)
    _tamper(damage)
    reads.clear()
    again = load_dossier(dossier)
    assert len(reads) == 9
    assert again.dossier == cold.dossier and again.problems == cold.problems


def test_a_foreign_pickle_is_never_run_even_when_signed(dossier: Path, reads: list[str], tmp_path: Path):
    import pickle

    load_dossier(dossier)
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (Path.touch, (marker,))

    store = cache.FileCache(dossier, CACHE_VERSION)
    rel = "labs/lab-x.yaml"
    stamp = store._rows[rel]
    data = pickle.dumps(Evil())
    _tamper("UPDATE files SET data = ?, digest = ? WHERE rel = ?", data, store._sign(rel, stamp, data), rel)
    store.close()
    reads.clear()
    result = load_dossier(dossier)
    assert not marker.exists()
    assert reads == [rel]
    assert result.dossier.get("lab-x").name == "Lab X"


def test_a_corrupt_database_is_rebuilt(dossier: Path, reads: list[str]):
    load_dossier(dossier)
    _db().write_bytes(b"this is not a database" * 100)
    reads.clear()
    first = load_dossier(dossier)
    assert len(reads) == 9 and first.dossier.get("ada-lovelace") is not None
    reads.clear()
    load_dossier(dossier)
    assert reads == []


def test_the_dossier_folder_is_never_written(dossier: Path, monkeypatch):
    before = sorted(p.relative_to(dossier) for p in dossier.rglob("*"))
    load_dossier(dossier)
    load_dossier(dossier)
    assert sorted(p.relative_to(dossier) for p in dossier.rglob("*")) == before
    # Even when told to keep the cache inside the dossier, it does not.
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(dossier / "cache"))
    load_dossier(dossier)
    assert not (dossier / "cache").exists()


def test_a_missing_or_read_only_cache_dir_still_loads(dossier: Path, monkeypatch, tmp_path: Path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(blocked / "cache"))
    assert load_dossier(dossier).dossier.get("ada-lovelace") is not None
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o500)
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(read_only))
    try:
        assert load_dossier(dossier).dossier.get("ada-lovelace") is not None
    finally:
        read_only.chmod(0o700)


def test_validate_of_an_unchanged_dossier_reads_the_cached_verdict(dossier: Path, reads: list[str]):
    first = check_folder(dossier)
    reads.clear()
    again = check_folder(dossier)
    printed = check_folder(dossier, printed=True)
    assert reads == []
    # What validate prints is kept with the verdict: the same lines and tally, and the
    # same problems when asked for (as `--format json` does).
    assert printed.lines == again.lines == first.lines == "\n".join(map(str, first.problems))
    assert printed.tally == again.tally == first.tally == (1, 0)
    assert printed.problems == again.problems == first.problems
    assert printed.counts == again.counts == first.counts
    assert again.counts["person"] == 3 and again.counts["quote"] == 1
    (dossier / "people/broken-ref.yaml").write_text("name: Fixed\n", encoding="utf-8")
    fixed = check_folder(dossier)
    assert reads == ["people/broken-ref.yaml"]
    assert not fixed.errors


@pytest.mark.parametrize("part", ["problems", "lines"])
def test_a_verdict_whose_problems_or_lines_cannot_be_restored_is_a_miss(dossier, monkeypatch, part):
    first = check_folder(dossier, cache=False)
    with monkeypatch.context() as damaging:
        if part == "problems":
            damaging.setattr(cache.FileCache, "pickled", lambda self, value: b"not a pickle")
        else:
            damaging.setattr(verdict, "_packed_lines", lambda lines: b"not compressed")
        check_folder(dossier)  # keeps a verdict with that part damaged
    checked = []
    assemble = loader.assemble
    monkeypatch.setattr(loader, "assemble", lambda *args, **kwargs: checked.append(1) or assemble(*args, **kwargs))
    # Asked for the damaged part, the verdict is missed and the dossier checked anew
    # (and its verdict kept again, whole); asked for the other, it is read back.
    damaged_first = (True, False) if part == "lines" else (False, True)
    for printed in damaged_first:
        again = check_folder(dossier, printed=printed)
        assert (again.problems, again.lines, again.tally) == (first.problems, first.lines, first.tally)
    assert checked == [1]


def test_a_changed_archived_text_changes_the_verdict(dossier: Path):
    archive = dossier / "archive.txt"
    archive.write_text("« Le meilleur modèle au monde »", encoding="utf-8")
    source = dossier / "sources/article-one.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("kind: article", "kind: article\ntext: archive.txt"))
    age_files(dossier)
    past = time.time() - 60
    os.utime(archive, (past, past))

    def archive_errors():
        return [p for p in check_folder(dossier).errors if "archive.txt" in p.message]

    assert archive_errors() == []
    assert archive_errors() == []
    archive.write_text("something else entirely", encoding="utf-8")
    os.utime(archive, (past + 10, past + 10))
    assert [p.message for p in archive_errors()] == ["quote 'q-one' is not found in archive.txt"]


def test_an_entry_made_while_racy_is_checked_once_when_settled_not_read_again(
    dossier: Path, reads: list[str], monkeypatch
):
    from dossier.store import stats

    load_dossier(dossier)  # just dated back, so changed just now: racy, kept under their bytes
    monkeypatch.setattr(stats, "SETTLE_SECONDS", 0.0)  # now it has settled
    digests: list[str] = []
    real = stats.content_digest
    monkeypatch.setattr(stats, "content_digest", lambda path: digests.append(str(path)) or real(path))
    reads.clear()
    assert load_dossier(dossier).dossier.get("ada-lovelace") is not None
    assert reads == [] and len(digests) == 9  # each checked by its bytes once, none parsed
    digests.clear()
    load_dossier(dossier)
    assert reads == [] and digests == []  # kept under the settled stamp since


def test_a_racy_entry_is_not_taken_for_other_bytes(tmp_path: Path):
    from dossier.store.stats import file_stat, settled_since, stamp_bytes

    path = tmp_path / "f.yaml"
    path.write_bytes(b"name: A\n")
    racy = file_stat(path)
    assert racy is not None and racy.content  # just written
    assert settled_since(stamp_bytes(racy), racy._replace(content=b""), path)
    path.write_bytes(b"name: B\n")  # same size; say the clock did not tick
    assert not settled_since(stamp_bytes(racy), racy._replace(content=b""), path)
