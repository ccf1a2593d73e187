"""Panes that skip redrawing what did not change still show what did change."""

from __future__ import annotations

import shutil

from tests.tui.helpers import FIXTURE, make_app, ready
from tui.widgets.profile_view import ProfileView
from tui.widgets.quotes_pane import QuotesPane
from tui.widgets.timeline_pane import DensityStrip, TimelinePane


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_the_first_record_shown_marks_its_months_on_the_density_strip(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert app.browser.shown == "ada-lovelace"
        launch = app.browser.index.get("launch")
        assert app.browser.query_one(DensityStrip).marked == {launch.date.month_key}


async def test_enter_on_the_record_under_the_cursor_leaves_the_panes_as_they_are(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        before = screen_text(app)
        profile = app.browser.query_one(ProfileView).profile
        await pilot.press("enter")
        await pilot.pause()
        assert app.browser.history.here == "timothee-lacroix"
        assert app.browser.query_one(ProfileView).profile is profile
        # Only the breadcrumb (the history) reads differently.
        changed = [a for a, b in zip(before.splitlines(), screen_text(app).splitlines(), strict=True) if a != b]
        assert len(changed) <= 1


async def test_a_reload_redraws_quotes_whose_speaker_was_renamed(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(FIXTURE, root)
    async with make_app(root, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("enter")  # Ada: her quote q-one is listed
        await pilot.pause()
        assert [q.id for q in app.browser.query_one(QuotesPane).list.quotes] == ["q-one"]
        assert "Ada Lovelace" in screen_text(app)
        person = root / "people" / "ada-lovelace.yaml"
        person.write_text(person.read_text(encoding="utf-8").replace("Ada Lovelace", "Ada King"), "utf-8")
        app.browser.reload_now()
        await pilot.pause()
        assert "Ada Lovelace" not in screen_text(app)
        assert "Ada King" in screen_text(app)
        assert "Ada King" in app.browser.query_one(ProfileView).plain
        assert app.browser.query_one(TimelinePane).list.highlighted == {"launch"}


async def test_the_profile_scrollbar_follows_short_and_long_profiles(tmp_path):
    from rich.text import Text

    from tui.profile_text import Profile

    def shows_thumb(view: ProfileView) -> bool:
        bar = view.vertical_scrollbar
        return 0 < bar.window_size < bar.window_virtual_size

    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        view = app.browser.query_one(ProfileView)
        for lines, scrolls in ((5, False), (8, False), (200, True), (3, False), (12, False), (90, True)):
            view.show(Profile(f"p{lines}", [Text(f"line {n}") for n in range(lines)]))
            await pilot.pause()
            assert shows_thumb(view) is scrolls
            assert (view.max_scroll_y > 0) is scrolls
