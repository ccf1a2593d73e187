"""A warm load leaves each file's packed references in the cache, where a reload reads
them back: a reference from a file that did not change to a record that went is still
reported, whether the cache still holds that file's entry or not."""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier.load import reload
from dossier.load.loader import load_dossier
from dossier.load.reload import Reloader
from dossier.store.paths import user_cache_dir
from tests.helpers import MINIMAL, age_files, count_reads, write_dossier


def _warm(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    age_files(root)
    load_dossier(root)
    return root, load_dossier(root)


def _reads(monkeypatch) -> list[str]:
    """The files a reload parses from now on."""
    return count_reads(monkeypatch, reload)


def _unknown(result, target: str) -> list[str]:
    return [f"{p.file}: {p.message}" for p in result.problems if target in p.message]


def test_a_warm_load_holds_no_references_and_is_the_same(tmp_path: Path):
    root, warm = _warm(tmp_path)
    assert warm.refs_in_cache, "the references of the files restored from the cache stay there"
    assert all(warm.files[path].ref_blob is None for path in warm.refs_in_cache)
    cold = load_dossier(root, cache=False)
    assert warm.problems == cold.problems and warm.dossier == cold.dossier


def test_a_reload_checks_the_references_of_the_files_that_did_not_change(tmp_path: Path, monkeypatch):
    root, warm = _warm(tmp_path)
    reloader = Reloader(root, warm)
    reads = _reads(monkeypatch)
    (root / "labs/lab-y.yaml").unlink()  # the source's outlet, in a file that stays as it was
    reloaded = reloader.refresh({"labs/lab-y.yaml"})
    assert reads == [], "the other files' references come from the cache, not a new read"
    assert _unknown(reloaded, "lab-y") == _unknown(load_dossier(root, cache=False), "lab-y") != []
    again = reloader.refresh({"timeline.yaml"})  # and once more, from the cache again
    assert again.problems == load_dossier(root, cache=False).problems


def test_a_reload_reads_a_file_afresh_when_its_entry_is_gone(tmp_path: Path, monkeypatch):
    root, warm = _warm(tmp_path)
    reloader = Reloader(root, warm)
    reads = _reads(monkeypatch)
    shutil.rmtree(user_cache_dir())
    (root / "labs/lab-y.yaml").unlink()
    reloaded = reloader.refresh({"labs/lab-y.yaml"})
    assert "sources/article-one.yaml" in reads
    assert reloaded.problems == load_dossier(root, cache=False).problems
    assert _unknown(reloaded, "lab-y") != []


def test_a_first_load_holds_its_references_as_the_cache_keeps_them(tmp_path: Path):
    """Read afresh, a file's references are packed as they are (a `validate` would only
    compress them to unpack them again); once stored, the result holds the compressed
    copy the cache keeps (a third of the size at 100,000 quotes), as a warm load's would."""
    from dossier.read.file import compressed_refs

    root = write_dossier(tmp_path / "d", MINIMAL)
    age_files(root)
    first = load_dossier(root)  # nothing cached yet: every file read afresh, then stored
    unkept = load_dossier(root, cache=False)
    with_refs = [path for path, result in unkept.files.items() if result.ref_blob]
    assert with_refs
    for path in with_refs:
        kept, raw = first.files[path], unkept.files[path]
        assert kept.ref_blob == compressed_refs(raw.ref_blob) != raw.ref_blob
        assert compressed_refs(kept.ref_blob) is kept.ref_blob  # compressed already
        assert kept.ref_rows() == raw.ref_rows()
    assert first.problems == unkept.problems


def test_packed_references_come_back_as_the_rows_they_were():
    """Packed grouped by the kinds they may name, a file's references unpack in their
    own order, whether they are few or of more kinds than a byte can number."""
    from dossier.read.file import pack_refs, tested_groups, unpack_refs

    kinds = [(), ("source",), ("person", "lab"), ("source",), ()]
    rows = tuple(
        (f"target-{n}", kinds[n % 5], f"field[{n}]", "backlink", "owner" if n % 3 else "", "f.yaml", n + 1, n % 7 + 1)
        for n in range(40)
    )
    many = tuple((f"t{n}", (f"kind-{n}",), "f", "b", "s", "f.yaml", 1, n + 1) for n in range(300))
    for kept in (rows, many, rows[:1]):
        for compress in (True, False):
            blob = pack_refs(kept, compress)
            assert unpack_refs(blob, "f.yaml") == kept
    groups = tested_groups(pack_refs(rows))
    assert groups[0] == ((), ("source",), ("person", "lab"))
    assert groups[1][1] == tuple(f"target-{n}" for n in range(40) if n % 5 in (1, 3))  # in the rows' order
    assert groups[2] is False  # no row names its own source
    assert tested_groups(pack_refs(((*rows[0][:4], "target-0", *rows[0][5:]),)))[2] is True
