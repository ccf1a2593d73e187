"""The stamps of a whole dossier's files are each file's own stamp: settled or racy,
missing or unreadable, whichever way they are taken."""

from __future__ import annotations

import os
import time
from pathlib import Path

from dossier.store.stats import SETTLE_SECONDS, file_stat, stats_under


def test_every_file_is_stamped_as_alone(tmp_path: Path):
    (tmp_path / "people").mkdir()
    settled = time.time_ns() - int(10 * SETTLE_SECONDS * 1e9)
    for name in ("a", "b"):
        path = tmp_path / "people" / f"{name}.yaml"
        path.write_text(f"name: {name}\n", encoding="utf-8")
        os.utime(path, ns=(settled, settled))
    (tmp_path / "people" / "racy.yaml").write_text("name: racy\n", encoding="utf-8")  # just written
    rels = ["people/a.yaml", "people/b.yaml", "people/racy.yaml", "people/gone.yaml", "people/\0.yaml"]
    now = time.time_ns()
    stamps = stats_under(tmp_path, rels, now)
    assert stamps == {rel: file_stat(tmp_path / rel, now) for rel in rels}
    # The ctime of a file just written is now: even its settled mtime leaves it racy.
    assert stamps["people/racy.yaml"].content and stamps["people/a.yaml"].content
    assert stamps["people/gone.yaml"] is None and stamps["people/\0.yaml"] is None
    assert type(stamps["people/a.yaml"]).__name__ == "Stamp" and stamps["people/a.yaml"].size == 8
    later = now + int(10 * SETTLE_SECONDS * 1e9)  # as a later start sees them: settled, no digest
    assert stats_under(tmp_path, rels, later) == {rel: file_stat(tmp_path / rel, later) for rel in rels}
    assert stats_under(tmp_path, rels, later)["people/a.yaml"].content == b""
