"""A large dossier's search index is built in two processes (this one going up the
records, a fork going down, until they meet, first to key them for their order, then
to gather their words): it must be the very index one process builds, and the one the
plain rule gives, whatever becomes of the fork."""

from __future__ import annotations

import marshal
import os
import time

import pytest

from dossier.index import gather_forked, search
from dossier.index.search import SearchIndex
from dossier.load.loader import load_dossier
from tests.helpers import REPO, generated_dossier
from tests.index.test_search_build import postings_of, postings_step_by_step

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="two processes need fork")

QUERIES = ["meta", "lecun", "llama", "l", "le", "yann le", "open weights", "modèle", "14", "zzz", "lefèvre é"]


def results(index: SearchIndex) -> dict[str, list[tuple[str, float, str]]]:
    return {query: [(hit.record.id, hit.score, hit.field) for hit in index.search(query)] for query in QUERIES}


def assert_same_index(records, processes: int = 2) -> SearchIndex:
    """The index built in `processes` processes is the one built in this one alone,
    word for word, and the rule's; and it finds the same."""
    alone = SearchIndex(records, processes=1)
    split = SearchIndex(records, processes=processes)
    for names_only in (False, True):
        built = postings_of(split, names_only)
        assert built == postings_of(alone, names_only)
        assert built == postings_step_by_step(split, names_only)
    assert split.names == alone.names and split.positions == alone.positions
    assert results(split) == results(alone)
    return split


@pytest.fixture(scope="module")
def bundled():
    return list(load_dossier(REPO / "data", cache=False).dossier.by_id.values())


def gathered_here(monkeypatch, pause: float = 0.0) -> list[int]:
    """The numbers of the records this process gathers from now on (the fork's are not
    in it), each run of them after `pause` seconds, so that a fork surely takes some."""
    here, numbers = os.getpid(), []
    gather = gather_forked.gather

    def gather_and_note(records, taken, tables):
        if os.getpid() == here:
            time.sleep(pause)
            taken = list(taken)
            numbers.extend(taken)
        return gather(records, taken, tables)

    monkeypatch.setattr(gather_forked, "gather", gather_and_note)
    return numbers


def keyed_here(monkeypatch) -> list[int]:
    """The numbers of the records this process keys from now on (the fork's are not in
    it), each run of them after a pause, so that a fork surely takes some."""
    here, numbers = os.getpid(), []
    keys = search._label_keys

    def keys_and_note(records, taken):
        if os.getpid() == here:
            time.sleep(0.005)
            taken = list(taken)
            numbers.extend(taken)
        return keys(records, taken)

    monkeypatch.setattr(search, "_label_keys", keys_and_note)
    return numbers


def assert_the_fork_took_part(numbers: list[int], count: int) -> None:
    """This process gathered each record once (no second gathering of the whole), and
    not all of them: the fork's tables were used."""
    assert len(set(numbers)) == len(numbers)
    assert 0 < len(numbers) < count
    assert numbers == list(range(len(numbers)))  # going up from the first


def test_the_bundled_dossier_is_indexed_the_same_in_two_processes(bundled, monkeypatch):
    monkeypatch.setattr(gather_forked, "CHUNK", 16)
    index = assert_same_index(bundled)
    assert [hit.record.id for hit in index.search("yann lecun")][:1] == ["yann-lecun"]
    here = gathered_here(monkeypatch, pause=0.005)
    keyed = keyed_here(monkeypatch)
    SearchIndex(bundled, processes=2)
    assert_the_fork_took_part(here, len(bundled))
    assert_the_fork_took_part(keyed, len(bundled))  # and keyed some, for this process to put in order


def test_records_fewer_than_a_run_are_indexed_the_same_in_two_processes(bundled):
    """Fewer records than the first run either process takes: the fork may find none left."""
    assert_same_index(bundled[: gather_forked.CHUNK // 8])
    assert_same_index(bundled[:1])
    assert_same_index([])


@pytest.mark.slow
def test_a_generated_dossier_is_indexed_the_same_in_two_processes(tmp_path, monkeypatch):
    """M's shape (every kind and field, accents, NFD names, numbers), smaller; taken in
    runs of few records, so that the two processes meet somewhere in the middle."""
    root = generated_dossier(tmp_path / "m")
    records = list(load_dossier(root, cache=False).dossier.by_id.values())
    monkeypatch.setattr(gather_forked, "CHUNK", 64)
    here = gathered_here(monkeypatch, pause=0.005)
    assert_same_index(records)
    assert_the_fork_took_part(here[len(records) :], len(records))  # (the first index was built here alone)


# The copy's part in two steps: keying its records (`_order_gather_and_send`, from the
# start), then gathering them once told their order (`_gather_and_send`).
def _fork_exits_at_once(given, keys, fork):
    os._exit(1)


def _fork_is_killed_while_keying(given, keys, fork):
    fork.keyed.back()  # it took some records to key, and never gives their keys
    os.kill(os.getpid(), 9)


def _fork_sends_keys_of_other_records(given, keys, fork):
    with os.fdopen(fork.writing, "wb") as out:
        gather_forked._write(out, marshal.dumps((len(given) - 1, ["x"], ["x"], b"\0\0\0\0")))
    os._exit(0)


def _fork_sends_its_keys_out_of_any_order(given, keys, fork):
    """Its keys are those of the records it took, but what it gives as their order is
    no order of them."""
    parts = []
    while (numbers := fork.keyed.back()) is not None:
        parts.append(keys(given, numbers[::-1]))
    names = [name for some_names, _ in reversed(parts) for name in some_names]
    labels = [label for _, some_labels in reversed(parts) for label in some_labels]
    with os.fdopen(fork.writing, "wb") as out:
        gather_forked._write(out, marshal.dumps((fork.keyed.met(), names, labels, bytes(4 * len(labels) + 4))))
    os._exit(0)


def _fork_stalls_while_keying(given, keys, fork):
    fork.keyed.back()
    time.sleep(60)  # its pipe open, writing nothing


def _fork_holds_the_lock_of_the_keys(given, keys, fork):
    fork.keyed._lock.acquire()
    time.sleep(60)


def _fork_exits_once_told(records, meeting, out):
    os._exit(1)


def _fork_is_killed_midway(records, meeting, out):
    meeting.back()  # it took some records, and never gives them back
    os.kill(os.getpid(), 9)


def _fork_sends_part_of_its_tables(records, meeting, out):
    """Says it took records it did not: its tables are not those of the records it took."""
    gather_forked._write(out, gather_forked._SPAN.pack(len(records) - 1, len(records)))
    gather_forked._write(out, b"\x00" * 3)


def _fork_stalls(records, meeting, out):
    meeting.back()
    time.sleep(60)  # its pipe open, writing nothing


def _fork_holds_the_lock(records, meeting, out):
    meeting._lock.acquire()
    time.sleep(60)


@pytest.mark.parametrize(
    ("step", "fork"),
    [("_order_gather_and_send", fork) for fork in (
        _fork_exits_at_once, _fork_is_killed_while_keying, _fork_sends_keys_of_other_records,
        _fork_sends_its_keys_out_of_any_order, _fork_stalls_while_keying, _fork_holds_the_lock_of_the_keys,
    )] + [("_gather_and_send", fork) for fork in (
        _fork_exits_once_told, _fork_is_killed_midway, _fork_sends_part_of_its_tables, _fork_stalls,
        _fork_holds_the_lock,
    )],
)  # fmt: skip
def test_whatever_becomes_of_the_fork_the_index_is_the_same(bundled, monkeypatch, step, fork):
    forked: list[int] = []
    real_fork = os.fork

    def fork_and_remember():
        child = real_fork()
        if child:
            forked.append(child)
        return child

    monkeypatch.setattr(os, "fork", fork_and_remember)
    monkeypatch.setattr(gather_forked, step, fork)
    monkeypatch.setattr(gather_forked, "CHUNK", 16)
    monkeypatch.setattr(gather_forked, "STALL_SECONDS", 0.3)
    monkeypatch.setattr(gather_forked, "LOCK_SECONDS", 0.3)
    started = time.monotonic()
    assert_same_index(bundled)
    assert time.monotonic() - started < 20, "a stuck fork is given up on, not waited for"
    assert forked, "the index was gathered in two processes"
    for child in forked:  # every fork was waited for: none is left behind
        with pytest.raises(ChildProcessError):
            os.waitpid(child, os.WNOHANG)


def test_a_large_dossier_is_gathered_in_two_processes_and_a_small_one_in_one(bundled, monkeypatch):
    forks: list[int] = []
    monkeypatch.setattr(gather_forked, "available_cores", lambda: 2)
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    SearchIndex(bundled)
    assert not forks
    monkeypatch.setattr(gather_forked, "MIN_FORKED_RECORDS", len(bundled))
    SearchIndex(bundled)
    assert forks == [1]
    monkeypatch.setattr(gather_forked, "available_cores", lambda: 1)
    SearchIndex(bundled)
    assert forks == [1]
