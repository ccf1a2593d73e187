"""Loading in worker processes gives exactly what loading in one process gives."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from dossier.load import discover, loader, parallel
from dossier.load.loader import load_dossier
from dossier.store import files as cache
from tests.helpers import MINIMAL, age_files, write_dossier

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="worker processes are forked")


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    files = dict(MINIMAL)
    for n in range(40):
        files[f"people/person-{n:02d}.yaml"] = (
            f"name: Person {n}\nsummary: Works with [[person-{(n + 1) % 40:02d}]] at [[lab-x]].\n"
            f"roles:\n  - org: lab-{'x' if n % 3 else 'nowhere'}\n    sources: [article-one]\n"
        )
    files["people/broken.yaml"] = "name: [unclosed\n"
    files["people/twin.yaml"] = "id: person-01\nname: Twin\n"
    files["labs/typo.yaml"] = "name: Typo\nkidn: lab\n"
    files["timeline/2025.yaml"] = "".join(
        f"- id: event-{n}\n  date: 2025-0{1 + n % 9}\n  title: Event {n}\n  involves: [person-{n:02d}]\n"
        f"  sources: [article-one]\n"
        for n in range(30)
    )
    root = write_dossier(tmp_path / "d", files)
    age_files(root)
    return root


def _everything(result) -> tuple:
    """What a reader could tell apart: records with their positions, in order, and problems."""
    records = [(key, record, record.loc) for key, record in result.dossier.by_id.items()]
    return result.dossier, records, result.problems, list(result.files)


def test_workers_give_the_records_and_problems_of_a_serial_load(dossier: Path):
    serial = load_dossier(dossier, cache=False, workers=0)
    pooled = load_dossier(dossier, cache=False, workers=2)
    assert _everything(pooled) == _everything(serial)
    assert any("unknown lab 'lab-nowhere'" in p.message for p in pooled.problems)
    assert any("duplicate id 'person-01'" in p.message for p in pooled.problems)
    assert any(p.message.startswith("invalid YAML") for p in pooled.problems)


def test_what_workers_read_is_cached_like_a_serial_read(dossier: Path, monkeypatch):
    cold = load_dossier(dossier, workers=2)
    reads: list[str] = []
    real = loader.read_file
    monkeypatch.setattr(loader, "read_file", lambda root, file: reads.append(file.path) or real(root, file))
    warm = load_dossier(dossier)
    assert reads == []
    assert _everything(warm) == _everything(cold) == _everything(load_dossier(dossier, cache=False, workers=0))


def test_a_worker_that_dies_loses_nothing(dossier: Path, monkeypatch, tmp_path: Path):
    parent = os.getpid()
    real = loader.read_file
    died = tmp_path / "a worker died"

    def die_in_a_worker(root, file):
        if os.getpid() != parent:
            died.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return real(root, file)

    monkeypatch.setattr(parallel, "read_file", die_in_a_worker)  # what a forked worker calls
    survived = load_dossier(dossier, cache=False, workers=2)
    monkeypatch.setattr(parallel, "read_file", real)
    assert died.exists()
    assert _everything(survived) == _everything(load_dossier(dossier, cache=False, workers=0))


def test_progress_counts_files_up_to_the_total_in_the_loading_thread(dossier: Path):
    calls: list[tuple[int, int, threading.Thread]] = []
    load_dossier(
        dossier,
        cache=False,
        workers=2,
        progress=lambda done, total: calls.append((done, total, threading.current_thread())),
    )
    total = len(discover.discover(dossier)[0])
    assert calls[0][:2] == (0, total) and calls[-1][:2] == (total, total)
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:], strict=False))
    assert {thread for *_, thread in calls} == {threading.current_thread()}
    warm: list[tuple[int, int]] = []
    load_dossier(dossier)
    load_dossier(dossier, progress=lambda done, total: warm.append((done, total)))
    assert warm[0] == (0, total) and warm[-1] == (total, total)


def test_entries_of_a_deleted_dossier_are_forgotten(dossier: Path, tmp_path: Path):
    other = write_dossier(tmp_path / "other", {k: v for k, v in MINIMAL.items()})
    age_files(other)
    load_dossier(other)
    db = Path(os.environ["DOSSIER_CACHE_DIR"]) / cache.DB_NAME

    def roots() -> set[str]:
        with sqlite3.connect(db) as connection:
            return {row[0] for row in connection.execute("SELECT DISTINCT root FROM files")}

    assert str(other.resolve()) in roots()
    for path in sorted(other.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    other.rmdir()
    load_dossier(dossier)
    assert roots() == {str(dossier.resolve())}


def test_a_progress_callback_that_raises_stops_the_load_and_its_workers(dossier: Path, monkeypatch):
    """The app stops a long load on quitting by raising from its progress callback."""
    import multiprocessing

    class Stop(BaseException):
        pass

    def stop_once_started(done: int, total: int) -> None:
        if done:
            raise Stop

    monkeypatch.setattr(loader._Meter, "INTERVAL", 0)  # report every file
    with pytest.raises(Stop):
        load_dossier(dossier, cache=False, workers=2, progress=stop_once_started)
    assert multiprocessing.active_children() == []


def _links(dossier) -> tuple:
    from dossier.index.index import Index

    index = Index(dossier)
    incoming = {target: list(links) for target, links in index.incoming.items()}
    return incoming, {record_id: index.backlinks(record_id) for record_id in dossier.by_id}


def test_the_links_walked_beside_the_checks_are_those_a_walk_here_gives(dossier: Path):
    """After a read by a pool, the links are walked in a child while the dossier is
    checked: the profiles show the same backlinks as when walked by the index itself."""
    from dataclasses import replace

    pooled = load_dossier(dossier, cache=False, workers=2)
    assert pooled.dossier.incoming is not None, "the child's walk came back"
    assert _links(pooled.dossier) == _links(replace(pooled.dossier, incoming=None))
    assert _links(pooled.dossier) == _links(load_dossier(dossier, cache=False, workers=0).dossier)


_HALVES = """
import os
import sys
import time
from dataclasses import replace
from dossier.load import links_aside
from dossier.load.loader import load_dossier
from dossier.index.index import Index

renumbered = []
real = links_aside._renumbered
links_aside._renumbered = lambda data, codes: renumbered.append(1) or real(data, codes)
links_aside.SAMPLED = 1  # the first record alone, which makes no link: no code shared
links_aside.BLOCK = 1  # a record a claim
parent, who, claim = os.getpid(), sys.argv[2], links_aside.claim
claimed_here = []

def claimed(claims, lock, front):
    here = os.getpid() == parent
    if who == "here" and not here:
        return None  # the child walks nothing
    if who == "child" and here:
        while claims[0] < claims[1]:  # this process waits until the child has claimed all
            time.sleep(0.001)
    if who == "both":
        if here:
            while claims[0] < claims[1] // 2:  # the child has walked the first half
                time.sleep(0.001)
        else:
            time.sleep(0.005)  # and goes slowly from then on
    block = claim(claims, lock, front)
    if here and block is not None:
        claimed_here.append(block)
    return block

links_aside.claim = claimed
pooled = load_dossier(sys.argv[1], cache=False, workers=2).dossier
assert pooled.incoming is not None, "the child's walk came back"

def links(dossier):
    index = Index(dossier)
    return {target: list(map(repr, links)) for target, links in index.incoming.items()}, [
        repr(index.backlinks(record_id)) for record_id in dossier.by_id
    ]

assert links(pooled) == links(replace(pooled, incoming=None))
print(len(renumbered), len(claimed_here), len(pooled.by_id))
"""


@pytest.mark.parametrize("who", ["child", "here", "both"])
def test_links_walked_half_in_a_child_half_here_are_those_of_one_walk(dossier: Path, who: str):
    """In a fresh process, with one record sampled before the fork, the child and this
    process each number the kinds of link they meet on their own: the rows walked here
    (from the last record back) are renumbered into the child's table, and the profiles
    show the backlinks of a walk in one piece, whoever walks which records."""
    import subprocess
    import sys

    from tests.helpers import REPO

    done = subprocess.run([sys.executable, "-c", _HALVES, str(dossier), who], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    renumbered, here, records = map(int, done.stdout.split())
    if who == "child":
        assert here == 0 and renumbered == 0
    elif who == "here":
        assert here >= records and renumbered == 0  # (a block past the last: the id used twice)
    else:
        assert 0 < here < records and renumbered > 0


def test_a_child_walking_the_links_that_dies_loses_nothing(dossier: Path, monkeypatch):
    from dossier.index import index as index_module

    parent = os.getpid()
    real = index_module.walk_into

    def dies_in_a_child(*walked):
        if os.getpid() != parent:
            os._exit(1)
        return real(*walked)

    monkeypatch.setattr(index_module, "walk_into", dies_in_a_child)
    serial = load_dossier(dossier, cache=False, workers=0)
    for cache_on in (False, True):
        pooled = load_dossier(dossier, cache=cache_on, workers=2)
        assert _everything(pooled)[1:3] == _everything(serial)[1:3]
        assert _links(pooled.dossier) == _links(serial.dossier)


@pytest.mark.skipif(not hasattr(parallel.fcntl, "F_GETPIPE_SZ"), reason="a pipe's size is set on Linux only")
def test_a_workers_results_fit_whole_in_the_pipe_they_come_back_through(dossier: Path, monkeypatch):
    """A chunk's results (about 0.7 MB) go back at once, where a 64 KiB pipe kept the
    worker waiting for this process to read each piece between its own parsing."""
    import fcntl

    sizes: list[int] = []
    roomy = parallel._roomy_results

    def measured(receiver):
        roomy(receiver)
        sizes.append(fcntl.fcntl(receiver.fileno(), fcntl.F_GETPIPE_SZ))

    monkeypatch.setattr(parallel, "_roomy_results", measured)
    assert load_dossier(dossier, cache=False, workers=2).dossier.people
    assert sizes and sizes[0] >= min(parallel.RESULTS_PIPE_BYTES, int(Path("/proc/sys/fs/pipe-max-size").read_text()))


def test_a_worker_that_stops_answering_is_ended_and_its_files_read_here(dossier: Path, monkeypatch):
    parent = os.getpid()
    real = parallel.read_file

    def hang_in_a_worker(root, file):
        if os.getpid() != parent:
            time.sleep(3600)
        return real(root, file)

    monkeypatch.setattr(parallel, "read_file", hang_in_a_worker)
    monkeypatch.setattr(parallel, "STALL_SECONDS", 0.5)
    started = time.monotonic()
    found = load_dossier(dossier, cache=False, workers=2)
    assert time.monotonic() - started < 30
    assert _everything(found) == _everything(load_dossier(dossier, cache=False, workers=0))
    import multiprocessing

    assert multiprocessing.active_children() == []


def test_three_processes_read_what_one_reads(dossier: Path, monkeypatch):
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 64)  # many chunks: the three ends meet somewhere inside
    assert _everything(load_dossier(dossier, cache=False, workers=3)) == _everything(
        load_dossier(dossier, cache=False, workers=0)
    )


def test_a_pool_whose_pipe_cannot_be_made_roomier_reads_the_same(dossier: Path, monkeypatch):
    expected = load_dossier(dossier, cache=False, workers=0)
    monkeypatch.setattr(parallel, "fcntl", None)
    found = load_dossier(dossier, cache=False, workers=2)
    assert [repr(r) for r in found.dossier.by_id.values()] == [repr(r) for r in expected.dossier.by_id.values()]
    assert found.problems == expected.problems
