"""The smaller hazards of the audit: ids with a final newline, links that are not web
addresses, exports through a hard link, exports cut short by a full disk."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from dossier.export.out import write_chunks
from dossier.load.loader import load_dossier
from tests.helpers import MINIMAL, age_files, run_cli, write_dossier


def test_a_file_name_ending_in_a_newline_is_not_an_id(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    (root / "people" / "evil\n.yaml").write_text("name: Evil\n", encoding="utf-8")
    loaded = load_dossier(root, cache=False)
    assert [record_id for record_id in loaded.dossier.by_id if not record_id.isprintable()] == []
    assert any("is not a valid id" in problem.message for problem in loaded.problems)
    site = run_cli("export", "--format", "csv", "--data", str(root), str(tmp_path / "csv"))
    assert site.returncode == 0 and "error" in site.stderr  # noted, and the tables keep one row per line
    rows = (tmp_path / "csv" / "people.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len([r for r in loaded.dossier.people])


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "ssh://host/x"])
def test_timelinejs_links_only_web_addresses(tmp_path: Path, url: str):
    files = dict(MINIMAL)
    source = files["sources/article-one.yaml"]
    files["sources/article-one.yaml"] = source.replace("title:", f"url: {json.dumps(url)}\n        title:", 1)
    root = write_dossier(tmp_path / "d", files)
    printed = run_cli("export", "--format", "timelinejs", "--data", str(root))
    assert printed.stdout.strip(), printed.stderr
    texts = [event["text"]["text"] for event in json.loads(printed.stdout)["events"]]
    assert texts and not any("href" in text for text in texts)


def test_an_export_never_writes_through_a_hard_link_into_the_dossier(tmp_path: Path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    age_files(root)
    inside = root / "people/ada-lovelace.yaml"
    before = inside.read_bytes()
    out = tmp_path / "out.json"
    os.link(inside, out)
    result = run_cli("export", "--format", "json", "--data", str(root), str(out), "--force")
    assert result.returncode == 0, result.stderr
    assert inside.read_bytes() == before
    assert json.loads(out.read_text(encoding="utf-8"))["people"]


def test_an_export_cut_short_by_a_full_disk_leaves_nothing(tmp_path: Path):
    out = tmp_path / "out.json"

    def chunks():
        yield b'{"people": ['
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        write_chunks(out, chunks())
    assert list(tmp_path.iterdir()) == []  # nothing, so the retry needs no --force
