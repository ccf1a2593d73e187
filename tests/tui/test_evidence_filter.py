"""The evidence filter and the conflicts view, used as a reader would on the bundled dossier:
"what is left once I set aside what rests only on the AI-generated note?"."""

from __future__ import annotations

from rich.console import Console
from textual.widgets import OptionList, Static

from dossier.index.index import Index
from dossier.load import load_dossier
from tests.tui.helpers import BUNDLED, make_app, ready, run_command
from tui.evidence_filter import EvidenceFilter
from tui.screens.evidence import ConflictsScreen, EvidenceFilterScreen

AI_ONLY_EVENTS = {"llama-1-2-released", "llama-paper-2023", "llama-team-exodus"}


def _events_listed(browser) -> set[str]:
    return {row.id for row in browser.timeline.list.rows if not isinstance(row, int)}


def _people_listed(browser) -> set[str]:
    return {record.id for record in browser.browse.list.records}


async def _choose(pilot, label_start: str) -> None:
    """E, then down to the choice whose label starts so, then enter."""
    await pilot.press("E")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EvidenceFilterScreen)
    choices = screen.query_one(OptionList)
    for _ in range(choices.option_count):
        if str(choices.get_option_at_index(choices.highlighted).prompt).strip("● ").startswith(label_start):
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def test_hiding_what_rests_only_on_ai_material_thins_every_pane_and_says_so(tmp_path):
    index = Index(load_dossier(BUNDLED).dossier)
    only_on_note = {c.id for c in index.evidence.only_on("llama-rise-and-fall-note")}
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browser = app.browser
        people_before = _people_listed(browser)
        browser.open_record("meta")  # 57 quotes by or about Meta, 12 of them the note's
        await pilot.pause()
        bar = browser.query_one("#evidence-bar", Static)
        assert not bar.display  # off: no header
        events_before = _events_listed(browser)
        quotes_before = {q.id for q in browser.quotes.list.quotes}
        assert AI_ONLY_EVENTS <= events_before and "guillaume-lample" in people_before

        await _choose(pilot, "Hide what rests only on AI-generated")

        # The timeline: exactly the events resting only on the note, not the Scale AI deal.
        assert events_before - _events_listed(browser) == AI_ONLY_EVENTS
        assert "scale-ai-investment" in _events_listed(browser)
        # The quotes: exactly those resting on the note alone (its own, and one relayed from it).
        quotes_after = {q.id for q in browser.quotes.list.quotes}
        hidden = quotes_before - quotes_after
        assert hidden == {i for i in quotes_before if i in only_on_note}
        assert len(hidden) == 13 and sum(i.startswith("q-note-") for i in hidden) == 12
        assert "Quotes · 44 by or about Meta" in str(browser.query_one("#quotes-title", Static).render())
        # The labs (Meta's tab) and the people: those everything said of which rests on the note.
        labs = {record.id for record in browser.browse.list.records}
        assert "mistral-ai" not in labs and "meta" in labs  # Mistral AI is known from the note alone
        await pilot.press("left")  # from the Labs tab to the People tab
        await pilot.pause()
        assert people_before - _people_listed(browser) == {"guillaume-lample", "timothee-lacroix"}
        assert "alexandr-wang" in _people_listed(browser)
        # The header says it is on, what it hides and how much.
        assert bar.display
        text = str(bar.render())
        assert "Evidence filter on" in text and "AI-generated" in text
        assert "3 events" in text and "21 quotes" in text
        assert "Timeline · 22 of 25 events" in str(browser.query_one("#timeline-title", Static).render())

        await _choose(pilot, "Show every claim")
        assert _events_listed(browser) == events_before and _people_listed(browser) == people_before
        assert not bar.display


async def test_at_least_two_independent_sources_keeps_the_scale_ai_deal_and_hides_single_source_events(tmp_path):
    index = Index(load_dossier(BUNDLED).dossier)
    single = {e.id for e in index.dossier.events if index.evidence.of_record(e).count < 2}
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(80, 24)) as pilot:
        app = await ready(pilot)
        browser = app.browser
        await _choose(pilot, "Only claims on at least 2 independent")
        listed = _events_listed(browser)
        assert listed == {e.id for e in index.dossier.events} - single
        assert "scale-ai-investment" in listed and not AI_ONLY_EVENTS & listed
        assert all(index.evidence.of_record(q).count >= 2 for q in browser.quotes.list.quotes)


async def test_the_focus_record_s_quotes_follow_the_filter_too(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browser = app.browser
        browser.open_record("llama-rise-and-fall-note")  # the note's own quotes come forward
        await pilot.pause()
        assert browser.quotes.list.quotes
        browser.set_evidence_filter(EvidenceFilter(hide_only="ai-generated"))
        await pilot.pause()
        assert list(browser.quotes.list.quotes) == []
        title = str(browser.query_one("#quotes-title", Static).render())
        assert "none by or about" in title and "21 hidden by the evidence filter" in title


async def test_the_filter_is_in_the_palette(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await run_command(pilot, "hide what rests only on AI")
        assert app.browser.evidence_filter == EvidenceFilter(hide_only="ai-generated")
        assert not AI_ONLY_EVENTS & _events_listed(app.browser)


async def test_the_conflicts_view_sets_both_scale_ai_figures_side_by_side_with_their_sources(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        listing = screen.query_one(OptionList)
        assert listing.option_count == 1
        console = Console(width=listing.size.width, record=True, color_system=None)
        console.print(listing.get_option_at_index(0).prompt)
        text = console.export_text()
        shown = text.splitlines()
        row = next(line for line in shown if line.startswith("14 billion dollars"))
        assert "14.3 billion dollars" in row  # one line: the two values side by side
        assert "Meta a beaucoup de retard" in text  # the Avocado article, for 14
        assert "La fuite des cerveaux" in text  # the LeCun article, for 14.3
        assert "1 source · opinion" in text
        await pilot.press("enter")  # opens the event, its profile in view
        await pilot.pause()
        assert app.screen is app.browser and app.browser.shown == "scale-ai-investment"
        assert app.browser.focused is app.browser.profile
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("2")  # the second value's source: the LeCun article, 14.3
        await pilot.pause()
        assert app.screen is app.browser and app.browser.shown == "lecun-leaves-meta"
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.browser.shown == "avocado-article"


async def test_the_conflicts_view_is_in_the_palette(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(80, 24)) as pilot:
        app = await ready(pilot)
        await run_command(pilot, "conflicts")
        assert isinstance(app.screen, ConflictsScreen)
