"""The first screen kept between runs: read back as written, and never trusted blindly."""

from __future__ import annotations

import hmac
import marshal
import os

from dossier.store.first_screen import (
    MAX_BYTES,
    MAX_ROWS,
    FirstScreen,
    first_screen_path,
    read_first_screen,
    write_first_screen,
)
from tests.helpers import MINIMAL, write_dossier
from tests.tui.helpers import make_app, ready

ROWS = (("ada-lovelace", "Ada Lovelace  Chief Scientist", 12), ("timothee-lacroix", "Timothée Lacroix", 16))


def test_it_reads_back_what_was_written_and_lives_outside_the_dossier(tmp_path):
    folder = write_dossier(tmp_path / "d", MINIMAL)
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    assert write_first_screen(folder, FirstScreen("person", ROWS))
    assert read_first_screen(folder) == FirstScreen("person", ROWS)
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert folder not in first_screen_path(folder).parents


def test_a_profile_added_since_makes_it_stale(tmp_path):
    folder = write_dossier(tmp_path / "d", MINIMAL)
    write_first_screen(folder, FirstScreen("person", ROWS))
    (folder / "people" / "new-person.yaml").write_text("name: New Person\n", encoding="utf-8")
    people = folder / "people"
    os.utime(people, ns=(people.stat().st_atime_ns, people.stat().st_mtime_ns + 1_000_000))
    assert read_first_screen(folder) is None


def test_another_folders_first_screen_is_not_taken(tmp_path):
    one = write_dossier(tmp_path / "one", MINIMAL)
    two = write_dossier(tmp_path / "two", MINIMAL)
    write_first_screen(one, FirstScreen("person", ROWS))
    first_screen_path(two).write_bytes(first_screen_path(one).read_bytes())  # a file copied over
    assert read_first_screen(two) is None


def test_anything_but_the_expected_shape_is_ignored(tmp_path):
    folder = write_dossier(tmp_path / "d", MINIMAL)
    write_first_screen(folder, FirstScreen("person", ROWS))
    path = first_screen_path(folder)
    signing = (path.parent.parent / "cache.key").read_bytes()  # signed, so that the shape is what is refused
    form, key, stamp, kind, rows = marshal.loads(path.read_bytes()[32:])
    for bad in (
        b"",
        b"\x00\xff garbage",
        marshal.dumps(None),
        marshal.dumps((form + 1, key, stamp, kind, rows)),
        marshal.dumps((form, key, stamp, "event", rows)),
        marshal.dumps((form, key, stamp, kind, (("id", "text", 99),))),  # split past the end
        marshal.dumps((form, key, stamp, kind, (("id", b"bytes", 1),))),
        marshal.dumps((form, key, stamp, kind, [("id", "text", 1)])),
        b"\x00" * (MAX_BYTES + 1),
    ):
        path.write_bytes(hmac.digest(signing, bad, "sha256") + bad)
        assert read_first_screen(folder) is None, bad[:40]


def test_a_huge_list_keeps_the_rows_around_the_current_one(tmp_path):
    folder = write_dossier(tmp_path / "d", MINIMAL)
    rows = tuple((f"p{n}", f"Person {n}", 8) for n in range(MAX_ROWS + 5_000))
    write_first_screen(folder, FirstScreen("person", rows), around=MAX_ROWS + 4_000)
    kept = read_first_screen(folder)
    assert kept is not None and len(kept.rows) == MAX_ROWS
    assert kept.position(f"p{MAX_ROWS + 4_000}") is not None and kept.rows[-1][0] == f"p{MAX_ROWS + 4_999}"


def test_an_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    folder = write_dossier(tmp_path / "d", MINIMAL)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(blocker))
    assert write_first_screen(folder, FirstScreen("person", ROWS)) is False
    assert read_first_screen(folder) is None


async def test_the_next_start_opens_on_the_tab_of_the_record_opened_last(tmp_path):
    folder = write_dossier(tmp_path / "d", MINIMAL)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert read_first_screen(folder).kind == "person"
        app.browser.open_record("lab-y")
        await pilot.pause()
    kept = read_first_screen(folder)
    assert kept.kind == "lab" and [row[0] for row in kept.rows] == ["lab-x", "lab-y"]
