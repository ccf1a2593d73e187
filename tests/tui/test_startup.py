"""Opening: the screen is up before the dossier has loaded, and nothing typed meanwhile is lost.

The loader is slowed down here by a gate the test opens, so that what a reader sees
and types during a long load can be checked step by step.
"""

from __future__ import annotations

import threading

import pytest

import dossier.load.loader
from dossier.store.first_screen import FirstScreen, first_screen_path, read_first_screen, write_first_screen
from tests.helpers import MINIMAL, write_dossier
from tests.tui.helpers import make_app, ready
from tui.widgets.browse_pane import BrowsePane
from tui.widgets.loading import LoadingPane, StandIn
from tui.widgets.loading_preview import PreviewList

PEOPLE = ["ada-lovelace", "bea-kwan", "carl-ruiz", "dina-osei", "timothee-lacroix"]
NAMES = ["Ada Lovelace", "Bea Kwan", "Carl Ruiz", "Dina Osei", "Timothée Lacroix"]  # as the profiles' files give them


@pytest.fixture
def folder(tmp_path):
    files = dict(MINIMAL)
    for person in ("bea-kwan", "carl-ruiz", "dina-osei"):
        files[f"people/{person}.yaml"] = f"name: {person.replace('-', ' ').title()}\n"
    return write_dossier(tmp_path / "d", files)


class SlowLoad:
    """load_dossier held at a gate the test opens, saying meanwhile that it has read 0 of
    `files` files; `stopped` is set if the app stopped it from its progress callback."""

    def __init__(self, monkeypatch, files: int = 7) -> None:
        self.gate = threading.Event()
        self.stopped = threading.Event()
        real = dossier.load.loader.load_dossier

        def load(root, *, cache=True, progress=None, workers=None):
            try:
                while not self.gate.wait(0.02):
                    if progress is not None:
                        progress(0, files)
            except BaseException:
                self.stopped.set()
                raise
            return real(root, cache=cache)

        monkeypatch.setattr(dossier.load.loader, "load_dossier", load)

    def finish(self) -> None:
        self.gate.set()


async def first_run(folder, tmp_path) -> None:
    """An ordinary start, which keeps the first screen for the next one."""
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.pause()


def preview_lines(app) -> list[str]:
    """The preview list as drawn on the screen, one string per row."""
    preview = app.screen.query_one(PreviewList)
    return ["".join(segment.text for segment in preview.render_line(y)).rstrip() for y in range(len(preview.rows))]


async def until(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


async def test_a_second_start_shows_the_remembered_names_before_the_load_completes(folder, tmp_path, monkeypatch):
    await first_run(folder, tmp_path)
    assert read_first_screen(folder) is not None
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.pause()
        assert app.browser is None  # still loading…
        lines = preview_lines(app)
        assert lines[0].startswith("Ada Lovelace  Chief Scienti")  # …and the names are there
        assert [line.split("  ")[0] for line in lines[1:]] == NAMES[1:]
        assert app.focused is app.screen.query_one(PreviewList)
        slow.finish()
        await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        assert [r.id for r in browse.list.records] == PEOPLE
        assert app.focused is browse.list
        assert not app.browser.query(PreviewList) and not app.browser.query(StandIn)


async def test_the_real_data_replaces_a_first_screen_that_is_out_of_date(folder, tmp_path, monkeypatch):
    stale = FirstScreen("person", (("ada-lovelace", "Ada Byron  Countess", 9), ("gone", "Someone Gone", 12)))
    assert write_first_screen(folder, stale)
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.pause()
        assert preview_lines(app) == ["Ada Byron  Countess", "Someone Gone"]
        slow.finish()
        await ready(pilot)
        names = [r.name for r in app.browser.query_one(BrowsePane).list.records]
        assert "Ada Lovelace" in names and "Ada Byron" not in names and "Someone Gone" not in names
        assert app.browser.shown == "ada-lovelace"
    # The next start is shown the names as they are now.
    assert read_first_screen(folder).rows[0][1].startswith("Ada Lovelace")


async def test_a_corrupt_first_screen_is_ignored(folder, tmp_path, monkeypatch):
    path = first_screen_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00not marshal at all\xff" * 10)
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        # Not what the file held: the names as the profiles' files give them now.
        await until(pilot, lambda: app.screen.query_one(PreviewList).rows)
        assert [row[1] for row in app.screen.query_one(PreviewList).rows] == NAMES
        slow.finish()
        await ready(pilot)
        assert app.browser.shown == "ada-lovelace"
    assert read_first_screen(folder) is not None  # written anew


async def test_a_cold_load_shows_its_progress_not_a_blank_screen(folder, tmp_path, monkeypatch):
    slow = SlowLoad(monkeypatch, files=7)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        from textual.widgets import ProgressBar

        await until(pilot, lambda: app.screen.query(ProgressBar))
        await pilot.pause()
        assert "0 of 7 files read" in str(app.screen.query_one("#breadcrumb").render())
        notes = " ".join(pane.note for pane in app.screen.query(LoadingPane))
        assert "Reading 7 files" in notes
        slow.finish()
        await ready(pilot)
        assert not app.browser.query(ProgressBar)


async def test_keys_typed_during_the_load_are_not_lost(folder, tmp_path, monkeypatch):
    await first_run(folder, tmp_path)
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.pause()
        # Moves work on the remembered rows at once; enter waits for the data.
        await pilot.press("j", "j", "enter", "tab")
        assert app.screen.query_one(PreviewList).cursor == 2
        assert "Carl Ruiz" in str(app.screen.query_one("#profile-title").render())
        assert app.browser is None
        slow.finish()
        await ready(pilot)
        await until(pilot, lambda: app.focused is not None and app.focused.id == "profile")
        assert app.browser.history.here == "carl-ruiz" and app.browser.shown == "carl-ruiz"


async def test_a_filter_typed_during_the_load_filters_the_list_once_it_is_there(folder, tmp_path, monkeypatch):
    await first_run(folder, tmp_path)
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.pause()
        await pilot.press("ctrl+f", "D", "i", "n")
        slow.finish()
        await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        await until(pilot, lambda: browse.filter.value == "Din")
        assert [r.id for r in browse.list.records] == ["dina-osei"]


async def test_quitting_during_the_load_works_at_once_and_stops_the_load(folder, tmp_path, monkeypatch):
    slow = SlowLoad(monkeypatch)
    try:
        async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
            assert pilot.app.return_code == 0
        assert slow.stopped.wait(5)  # the loader was told to stop, not waited for
    finally:
        slow.finish()


async def test_the_dossier_path_in_the_sub_title_is_plain_text(tmp_path):
    folder = write_dossier(tmp_path / "[b]bold[/b] [@click=app.quit]x[/]", MINIMAL)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        title = app.format_title(app.title, app.sub_title)
        assert "[b]bold[/b] [@click=app.quit]x[/]" in title.plain


async def test_a_search_typed_during_the_load_opens_once_it_is_there(folder, tmp_path, monkeypatch):
    await first_run(folder, tmp_path)
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("slash", "d", "i", "n", "a")
        slow.finish()
        await ready(pilot)
        await until(pilot, lambda: app.screen is not app.browser)
        from textual.widgets import Input

        await until(pilot, lambda: app.screen.query_one(Input).value == "dina")
        await pilot.press("enter")
        await until(pilot, lambda: app.browser.shown == "dina-osei")


async def test_keys_typed_during_the_load_reach_the_panes_only_once_they_are_there(folder, tmp_path, monkeypatch):
    await first_run(folder, tmp_path)
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.pause()
        # Tab to the timeline and move in it: the timeline does not exist yet.
        await pilot.press("tab", "tab", "home")
        slow.finish()
        await ready(pilot)
        await until(pilot, lambda: app.focused is not None and app.focused.id == "timeline-list")
        events = app.browser.query_one("#timeline-list")
        await until(pilot, lambda: app.browser.shown == "founding" == events.record_at(events.cursor).id)
        assert app._exception is None


# -- a first open: nothing remembered, the names read from the profiles' first lines ------
def file_profile_text(app) -> str:
    return str(app.screen.query_one("#file-profile").render())


async def test_a_first_open_shows_the_names_before_the_load_and_they_can_be_filtered_and_opened(
    folder, tmp_path, monkeypatch
):
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await until(pilot, lambda: app.screen.query_one(PreviewList).rows)
        await pilot.pause()
        assert app.browser is None  # still loading, and yet:
        assert preview_lines(app) == NAMES
        # The filter works on them, accent-blind, as the real one does.
        await pilot.press("ctrl+f", "t", "i", "m", "o", "t", "h", "e", "e")
        assert preview_lines(app) == ["Timothée Lacroix"]
        assert "timothee" in str(app.screen.query_one("#preview-header").render())
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", "escape")
        assert len(preview_lines(app)) == 5  # esc ends the filter and shows every name again
        assert app.screen.query_one(PreviewList).record_id == "timothee-lacroix"  # the cursor stays on it
        # A profile opens from its own file, and says what it cannot show yet.
        await pilot.press("home", "j", "enter")
        await pilot.pause()
        shown = file_profile_text(app)
        assert "Bea Kwan" in shown and "people/bea-kwan.yaml alone" in shown
        assert "Bea Kwan" in str(app.screen.query_one("#profile-title").render())
        assert app.browser is None
        slow.finish()
        await ready(pilot)
        assert app.browser.shown == "bea-kwan" and app.browser.history.here == "bea-kwan"
        assert app.focused is app.browser.query_one(BrowsePane).list


async def test_a_filter_still_being_typed_when_the_data_arrives_goes_on_in_the_real_box(folder, tmp_path, monkeypatch):
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await until(pilot, lambda: app.screen.query_one(PreviewList).rows)
        await pilot.press("ctrl+f", "c", "a")
        assert preview_lines(app) == ["Carl Ruiz"]
        slow.finish()
        await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        assert browse.filter.value == "ca" and app.focused is browse.filter
        assert [r.id for r in browse.list.records] == ["carl-ruiz"]
        assert app.browser.shown == "carl-ruiz"  # the filtered list's row, not the last run's record
        await pilot.press("r", "l")
        assert browse.filter.value == "carl"


async def test_after_validate_the_first_open_shows_the_names_in_its_first_frame(folder, tmp_path, monkeypatch):
    from dossier.load.folder_check import check_folder

    check_folder(folder)  # what `dossier validate` runs
    slow = SlowLoad(monkeypatch)
    async with make_app(folder, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.pause()
        assert preview_lines(app) == NAMES
        slow.finish()
        await ready(pilot)
        await until(pilot, lambda: read_first_screen(folder).rows[0][1] != "Ada Lovelace")
    # Once loaded, the app keeps its own first screen, each row with its role and lab.
    assert read_first_screen(folder).rows[0][1].startswith("Ada Lovelace  Chief Scienti")
