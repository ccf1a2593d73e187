"""What a reader sees while moving around: panes that follow, links, history, search, palette."""

from __future__ import annotations

from pathlib import Path

import tui.follow
from tests.helpers import REPO
from tests.tui.helpers import make_app, ready
from tui.widgets.browse_pane import BrowsePane
from tui.widgets.profile_view import ProfileView
from tui.widgets.quotes_pane import QuotesPane
from tui.widgets.timeline_pane import TimelinePane


def profile_text(app) -> str:
    """The profile as one line of words (wrapping depends on the width)."""
    return " ".join(app.browser.query_one(ProfileView).plain.split())


def timeline(app) -> TimelinePane:
    return app.browser.query_one(TimelinePane)


def quote_ids(app) -> list[str]:
    return [q.id for q in app.browser.query_one(QuotesPane).list.quotes]


async def test_opens_on_the_first_person_with_its_events_and_quotes(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert app.browser.shown == "ada-lovelace"
        assert "Ada Lovelace" in profile_text(app)
        assert "Chief Scientist" in profile_text(app)
        assert timeline(app).list.highlighted == {"launch"}
        assert quote_ids(app) == ["q-one"]
        assert app.focused is app.browser.query_one(BrowsePane).list


async def test_moving_in_the_people_list_brings_that_persons_events_and_quotes_forward(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("j")
        assert app.browser.shown == "timothee-lacroix"
        assert "Timothée Lacroix" in profile_text(app)
        assert quote_ids(app) == ["q-two"]
        assert timeline(app).list.highlighted == set()
        await pilot.press("k")
        assert app.browser.shown == "ada-lovelace"
        assert timeline(app).list.highlighted == {"launch"}


async def test_labs_and_models_tabs(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("right")
        await pilot.pause()
        assert app.browser.shown == "lab-x"
        text = profile_text(app)
        assert "Members (1)" in text and "Ada Lovelace" in text
        assert "Units (1)" in text and "Lab Y" in text
        assert "Models (2)" in text and "Model One Mini" in text
        assert timeline(app).list.highlighted == {"launch", "founding"}
        await pilot.press("right", "j")
        await pilot.pause()
        assert app.browser.shown == "model-one-mini"
        assert "family" in profile_text(app) and "Model One" in profile_text(app)


async def test_the_filter_starts_with_ctrl_f_says_so_and_is_accent_blind(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        assert browse.filter.placeholder == "ctrl+f filters"
        await pilot.press("ctrl+f")
        assert browse.filter.placeholder.startswith("filtering")  # it says it is on
        await pilot.press("T", "i", "m", "o", "t", "h", "e", "e")
        await pilot.pause()
        assert browse.filter.value == "Timothee"
        assert [r.id for r in browse.list.records] == ["timothee-lacroix"]
        assert app.browser.shown == "timothee-lacroix"
        await pilot.press("escape")
        assert browse.filter.value == ""
        assert len(browse.list.records) == 2


async def test_timeline_event_shows_who_it_involves_and_its_sources(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("tab", "tab")
        assert app.focused is timeline(app).list
        await pilot.press("g")
        assert app.browser.shown == "founding"
        await pilot.press("j")
        assert app.browser.shown == "launch"
        text = profile_text(app)
        assert "Involves" in text and "Lab X" in text and "Model One" in text and "Ada Lovelace" in text
        assert "Sources" in text and "Un article" in text and "AI" in text


async def test_timeline_only_toggle_lists_just_the_focus_records_events(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        rows = timeline(app).list.rows
        assert [r.id for r in rows if not isinstance(r, int)] == ["founding", "launch"]
        await pilot.press("tab", "tab", "f")
        rows = timeline(app).list.rows
        assert [r.id for r in rows if not isinstance(r, int)] == ["launch"]
        await pilot.press("f")
        assert len([r for r in timeline(app).list.rows if not isinstance(r, int)]) == 2


async def test_quote_shows_speaker_source_and_event_and_t_toggles_translation(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("tab", "tab", "tab", "enter")
        assert app.browser.shown == "q-one"
        text = profile_text(app)
        assert "« Le meilleur modèle au monde »" in text
        assert "speaker: Ada Lovelace" in text
        assert "source: Un article" in text and "Lab Y" in text and "~ May 2025" in text
        assert "event: Model One is released" in text
        assert "The best model in the world" in text
        await pilot.press("t")
        assert "The best model in the world" not in profile_text(app)
        await pilot.press("t")
        assert "The best model in the world" in profile_text(app)


async def test_y_copies_the_selected_quote_with_its_citation(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("y")
        # Who said what, in the plain form until a style is chosen: outlet, date, flags.
        assert (
            app.clipboard
            == "Ada Lovelace: « Le meilleur modèle au monde » — Lab Y, “Un article”, ~ May 2025 [ai-generated]"
        )
        app.browser.set_cite_style("chicago")  # the palette's "Citation style: chicago"
        await pilot.press("y")
        # The style's own form, with the source's title; the speaker, quote and flags kept.
        assert app.clipboard.startswith("Ada Lovelace: « Le meilleur modèle au monde » — ")
        assert "Un article" in app.clipboard and app.clipboard.endswith("[ai-generated]")
        assert app.session.state.cite_style == "chicago-author-date"


async def test_following_links_by_keyboard_and_mouse_and_history(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("tab")
        view = app.browser.query_one(ProfileView)
        assert app.focused is view
        await pilot.press("j")
        assert view.current_link == "lab-x"  # the role's org
        await pilot.press("enter")
        assert app.browser.shown == "lab-x"
        assert "LAB Lab X" in profile_text(app)
        # The people pane followed to the Labs tab.
        assert app.browser.query_one(BrowsePane).kind == "lab"
        await pilot.press("j", "enter")  # first link of the lab: its member Ada
        assert app.browser.shown == "ada-lovelace"
        await pilot.press("left_square_bracket")
        assert app.browser.shown == "lab-x"
        await pilot.press("left_square_bracket")
        assert app.browser.shown == "ada-lovelace"
        await pilot.press("right_square_bracket")
        assert app.browser.shown == "lab-x"
        assert "Lab X" in str(app.browser.query_one("#breadcrumb").render())
        # A click on a link follows it.
        link = next(n for n, target in enumerate(view.profile.links) if target == "model-one")
        line = view.line_of_link(link)
        text_line = view.line(line)
        span = next(s for s in text_line.spans if getattr(s.style, "meta", {}).get("link") == link)
        await pilot.click(view, offset=(view.styles.padding.left + span.start, line - int(view.scroll_y)))
        assert app.browser.shown == "model-one"


async def test_search_opens_the_best_hit_accent_and_case_blind(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("slash", *"TIMOTHEE")
        await pilot.pause()
        assert app.screen.hits[0] == "timothee-lacroix"
        await pilot.press("enter")
        assert app.browser.shown == "timothee-lacroix"
        assert app.browser.history.here == "timothee-lacroix"
        await pilot.press("slash", *"meilleur", "escape")
        assert app.browser.shown == "timothee-lacroix"


async def test_palette_opens_any_record(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("ctrl+p", *"model one mini")
        for _ in range(50):
            await pilot.pause(0.05)
            if "Model One Mini" in str(app.screen.query("CommandList").first().get_option_at_index(0).prompt):
                break
        await pilot.press("enter")
        await pilot.pause()
        assert app.browser.shown == "model-one-mini"


async def test_tab_cycles_the_panes_at_80_columns(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(80, 24)) as pilot:
        app = await ready(pilot)
        assert app.browser.has_class("narrow")
        side = app.browser.query_one("#side")
        assert not side.display or side.region.width == 0
        await pilot.press("tab", "tab")
        assert app.browser.has_class("show-timeline")
        assert timeline(app).list.region.width > 40
        await pilot.press("tab")
        assert app.browser.has_class("show-quotes")
        await pilot.press("tab")
        assert app.focused is app.browser.query_one(BrowsePane).list


async def test_keymap_remaps_a_binding(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        app.set_keymap({"list.down": "n"})
        await pilot.press("n")
        assert app.browser.shown == "timothee-lacroix"


async def test_bookmarks_persist(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("j", "b")
        assert app.session.dossier_state.bookmarks == ["timothee-lacroix"]
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert app.session.dossier_state.bookmarks == ["timothee-lacroix"]
        await pilot.press("B")
        assert app.screen.__class__.__name__ == "BookmarksScreen"
        await pilot.press("enter")
        assert app.browser.shown == "timothee-lacroix"


async def test_theme_is_remembered(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        app.theme = "nord"
        await pilot.pause()
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert app.theme == "nord"


async def test_q_quits(tmp_path):
    app = make_app(tmp=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_narrow_pane_tabs_switch_on_click(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(80, 24)) as pilot:
        app = await ready(pilot)
        tabs = app.browser.query_one("#pane-tabs")
        await pilot.click(tabs, offset=(len(" tab: ") + len(" Profile ") + 2, 0))
        assert app.browser.has_class("show-timeline")
        assert app.focused is timeline(app).list
        await pilot.click(tabs, offset=(len(" tab: ") + len(" Profile  Timeline ") + 2, 0))
        assert app.browser.has_class("show-quotes")


async def test_a_quotes_event_link_moves_the_timeline_to_that_event(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        app.browser.open_record("q-one")
        await pilot.pause()
        view = app.browser.query_one(ProfileView)
        view.focus()
        while view.current_link != "launch":
            await pilot.press("j")
        await pilot.press("enter")
        assert app.browser.shown == "launch"
        assert timeline(app).list.selected.id == "launch"
        assert quote_ids(app) == ["q-one"]  # the quotes on that event
        # And the source: its outlet, date, flags and quotes.
        app.browser.open_record("article-one")
        await pilot.pause()
        text = profile_text(app)
        assert "outlet: Lab Y" in text and "AI" in text and "Quotes (1)" in text


async def test_the_place_is_kept_between_runs(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        app.browser.open_record("model-one")
        await pilot.pause()
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert app.browser.shown == "model-one"
        await pilot.press("left_square_bracket")
        assert app.browser.shown == "ada-lovelace"


async def test_ctrl_f_filters_even_from_a_bound_letter(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("ctrl+f", *"lab")
        await pilot.pause()
        browse = app.browser.query_one(BrowsePane)
        assert browse.filter.value == "lab"
        assert [r.id for r in browse.list.records] == []
        await pilot.press("escape", "l")  # back in the list, `l` is the next tab again
        await pilot.pause()
        assert browse.kind == "lab"


async def test_a_click_selects_a_row_and_a_double_click_opens_it(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        events = timeline(app).list
        founding_row = events.row_of("founding")
        await pilot.click(events, offset=(5, founding_row))
        assert app.browser.shown == "founding"
        assert app.browser.history.here == "ada-lovelace"  # only shown, not opened
        await pilot.double_click(events, offset=(5, founding_row))
        assert app.browser.history.here == "founding"
        assert timeline(app).list.highlighted == {"founding"}


async def test_every_event_of_the_bundled_timeline_is_found_on_its_own_row(tmp_path):
    """Shown from a profile or a search, an event is found by its date among the sorted
    events: on the bundled dossier, with its undated years and seasons among days, the
    row found is that event's, whatever events share its date."""
    async with make_app(REPO / "data", tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        pane = timeline(app)
        events = list(app.browser.index.dossier.events)
        assert len(events) > 20
        for event in events:
            assert pane.list.rows[pane.list.row_of(event.id)] is event
        assert pane.list.row_of("no-such-event") is None and pane.list.row_of("yann-lecun") is None
        pane.show_event(events[-1].id)
        await pilot.pause()
        assert pane.list.selected is events[-1]


async def test_search_from_another_pane_shows_the_record_found(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("tab", "tab")  # the timeline
        assert app.browser.shown == "ada-lovelace"  # focus moved, nothing else
        await pilot.press("slash", *"lab y", "enter")
        await pilot.pause()
        assert app.browser.shown == "lab-y"
        assert "LAB Lab Y" in profile_text(app)


async def test_tabs_typed_ahead_each_move_one_pane(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(80, 24)) as pilot:
        app = await ready(pilot)
        app.browser.action_next_pane()
        app.browser.action_next_pane()
        app.browser.action_next_pane()
        await pilot.pause()
        assert app.focused is app.browser.query_one(QuotesPane).list
        assert app.browser.has_class("show-quotes")


async def test_a_click_on_the_breadcrumb_goes_back_there(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        for record_id in ("lab-x", "model-one", "lab-y"):
            app.browser.open_record(record_id)
        await pilot.pause()
        crumb = app.browser.query_one("#breadcrumb")
        start, _, position = next(span for span in crumb._spans if span[2] == 1)  # "Lab X"
        await pilot.click(crumb, offset=(1 + start, 0))
        assert app.browser.shown == "lab-x"
        assert app.browser.history.can_go_forward
        await pilot.click(crumb, offset=(1, 0))  # the ◀ arrow
        assert app.browser.shown == "ada-lovelace"


async def test_a_held_key_moves_the_cursor_and_the_panes_follow_where_it_rests(tmp_path, monkeypatch):
    bundled = Path(__file__).resolve().parents[2] / "data"  # 14 people: room to move
    async with make_app(bundled, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        shown: list[str] = []
        show_profile = app.browser.show_profile

        def counted(record_id, **kwargs):
            shown.append(record_id)
            return show_profile(record_id, **kwargs)

        monkeypatch.setattr(app.browser, "show_profile", counted)
        # A held key: moves closer together than FOLLOW_DELAY (made long here so that a
        # slow machine still counts as holding the key), each drawn before the next.
        monkeypatch.setattr(tui.follow, "FOLLOW_DELAY", 1.0)
        for _ in range(3):
            browse.list.action_cursor_down()
            await pilot.pause(0.1)
        await pilot.pause(1.3)
        rested_on = browse.selected.id
        assert app.browser.shown == rested_on
        assert app.browser.focus_id == rested_on
        assert shown[-1] == rested_on
        assert len(shown) < 3  # the rows passed over were not rendered in the profile
