"""At 80×24, by keyboard only, a journalist reaches everything a record holds.

What did Ion Stoica say, and where? Who left Meta, and where did they go? Moving the
focus from pane to pane never changes what the profile shows; only a cursor or
opening does.
"""

from __future__ import annotations

from tests.tui.helpers import BUNDLED, make_app, ready
from tui.widgets.profile_view import ProfileView

SIZE = (80, 24)


def profile(app) -> ProfileView:
    return app.browser.query_one(ProfileView)


def words(app) -> str:
    return " ".join(profile(app).plain.split())


def visible(widget) -> bool:
    return widget.display and widget.region.width > 0 and widget.region.height > 0


async def test_what_ion_stoica_said_and_where_is_read_by_keys_alone(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        await pilot.press("ctrl+f", *"stoica", "enter")
        assert app.browser.shown == "ion-stoica"
        await pilot.press("tab", "tab", "tab")  # the quotes, in place of the profile
        quotes = app.browser.query_one("#quotes-list")
        assert app.focused is quotes and visible(quotes) and not visible(profile(app))
        assert app.browser.shown == "ion-stoica"  # focus moved, the profile did not change
        await pilot.press("down", "enter")  # his own words, opened
        assert app.browser.shown == "q-stoica-meta-should-have-been-clearer"
        # The profile comes forward, with focus, to be read: text, translation, speaker,
        # source, date and flags.
        assert visible(profile(app)) and app.focused is profile(app)
        text = words(app)
        assert "Meta aurait dû être plus clair" in text
        assert "our translation: Meta should have been clearer" in text
        assert "speaker: Ion Stoica" in text
        assert "source: Imaginez un instant" in text and "~ Apr 2025" in text and "[secondary]" in text
        # …and every line of it is reached by keys: the links walk down to the source.
        for _ in range(profile(app).scrollable_content_region.height * 3):
            if profile(app).current_link == "llamacon-article":
                break
            await pilot.press("down")
        assert profile(app).current_link == "llamacon-article"
        await pilot.press("enter")
        assert app.browser.shown == "llamacon-article"
        assert "kind: article" in words(app) and "Quotes (" in words(app)


async def test_an_events_participants_and_sources_are_read_at_80_columns(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        await pilot.press("tab", "tab")  # the timeline
        events = app.browser.query_one("#timeline-list")
        assert app.focused is events and visible(events)
        await pilot.press("end", "enter")
        event = app.browser.index.get(app.browser.shown)
        assert event.kind_name == "event"
        assert visible(profile(app)) and app.focused is profile(app)
        text = words(app)
        assert "Involves" in text and "Sources" in text
        for participant in event.involves:
            assert app.browser.index.label(participant) in text


async def test_who_left_meta_and_where_they_went(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=SIZE) as pilot:
        app = await ready(pilot)
        await pilot.press("right", "ctrl+f", *"Meta", "enter")  # in the labs
        assert app.browser.shown == "meta"
        text = words(app)
        assert "Joelle Pineau, VP of AI research … – Apr 2025?" in text  # an open start reads "…"
        assert "– ?" not in text
        await pilot.press("tab")  # the profile: its links, one by one
        while profile(app).current_link != "joelle-pineau":
            await pilot.press("down")
        await pilot.press("enter")
        assert app.browser.shown == "joelle-pineau"
        assert "• Cohere" in words(app)


async def test_moving_the_focus_never_changes_what_the_profile_shows(tmp_path):
    for size in (SIZE, (120, 40)):
        async with make_app(BUNDLED, tmp=tmp_path).run_test(size=size) as pilot:
            app = await ready(pilot)
            shown = app.browser.shown
            for key in ("tab", "tab", "tab", "tab", "shift+tab", "shift+tab", "escape", "tab"):
                await pilot.press(key)
                assert app.browser.shown == shown, (size, key)
            await pilot.press("tab", "down")  # now a cursor moves: the profile follows it
            await pilot.pause(0.1)
            assert app.browser.shown != shown
