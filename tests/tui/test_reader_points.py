"""The smaller points of a reader's everyday path, each as a reader meets it."""

from __future__ import annotations

import shutil

from rich.text import Text

from tests.helpers import MINIMAL, write_dossier
from tests.tui.helpers import BUNDLED, FIXTURE, make_app, ready
from tui.widgets.browse_pane import BrowsePane
from tui.widgets.profile_view import ProfileView


def words(app) -> str:
    return " ".join(app.browser.query_one(ProfileView).plain.split())


def title(app, pane: str) -> str:
    return str(app.browser.query_one(f"#{pane}-title").content)


async def test_the_problems_dialog_shows_long_lines_and_hints_whole(tmp_path):
    files = dict(MINIMAL)
    long_org = "an-organisation-whose-name-is-far-too-long-to-fit-on-one-line-of-any-dialog-" + "x" * 60
    files["people/broken.yaml"] = f"name: Broken\nroles:\n  - org: {long_org}\n"
    root = write_dossier(tmp_path / "d", files)
    async with make_app(root, tmp=tmp_path).run_test(size=(80, 24)) as pilot:
        app = await ready(pilot)
        await pilot.press("e")
        listing = app.screen.query_one("#errors-list")
        await pilot.pause()
        shown = "".join(
            "".join(segment.text for segment in listing.render_line(y)).strip() for y in range(listing.size.height)
        )
        problem = next(p for p in listing.problems if long_org in p.message)
        assert "".join(problem.message.split()) in "".join(shown.split())  # every character of it, wrapped
        assert listing.virtual_size.height > len(listing.problems)  # on more lines than one each


async def test_one_problem_is_one_problem_not_1_problems(tmp_path):
    files = dict(MINIMAL)
    files["people/broken.yaml"] = "name: Broken\nroles:\n  - org: nowhere\n    sources: [article-one]\n"
    root = write_dossier(tmp_path / "d", files)
    async with make_app(root, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert len(app.browser.result.problems) == 1
        crumb = str(app.browser.query_one("#breadcrumb").content)
        assert "1 problem (e)" in crumb
        assert any(n.message.startswith("1 error, 0 warnings") for n in app._notifications)


async def test_the_headers_never_count_zero_highlighted_nor_lose_the_name(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("j", "enter")  # Timothée, in no event
        assert title(app, "timeline") == "Timeline · 2 events · none involve Timothée Lacroix"
        app.browser.open_record("q-two")  # a quote opened: the pane says it is that quote
        await pilot.pause()
        assert title(app, "quotes") == "Quotes · the quote opened, Timothée Lacroix's"
        assert "0 highlighted" not in title(app, "timeline")


async def test_a_search_with_no_hit_says_no_match(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("slash", *"qqqzzz")
        await pilot.pause()
        results = app.screen.query_one("#search-results")
        assert results.option_count == 1
        prompt = results.get_option_at_index(0).prompt
        assert isinstance(prompt, Text) and prompt.plain == "no match for “qqqzzz”"
        await pilot.press("enter")  # nothing to open: the dialog stays
        assert app.screen is not app.browser


async def test_a_misspelt_name_suggests_the_nearest_and_enter_opens_it(tmp_path):
    """`zuckerburg` finds nothing, but the app says whom the reader most likely meant."""
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("slash", *"zuckerburg")
        await pilot.pause()
        results = app.screen.query_one("#search-results")
        note = results.get_option_at_index(0).prompt
        assert isinstance(note, Text) and note.plain == "no match for “zuckerburg” · did you mean:"
        assert results.get_option_at_index(1).id == "mark-zuckerberg"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.browser and app.browser.shown == "mark-zuckerberg"


async def test_the_profile_says_so_when_the_shown_records_file_is_deleted(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(FIXTURE, root)
    async with make_app(root, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("j", "enter")
        assert app.browser.shown == "timothee-lacroix"
        (root / "people" / "timothee-lacroix.yaml").unlink()
        app.browser.reload_now()
        await pilot.pause()
        text = words(app)
        assert "Timothée Lacroix" in text
        assert "No longer in the dossier: people/timothee-lacroix.yaml was deleted" in text
        assert title(app, "profile") == "Person · Timothée Lacroix (gone)"
        await pilot.press("left_square_bracket")  # back goes on as before
        assert app.browser.shown == "ada-lovelace"


async def test_y_copies_a_citation_with_the_sources_title_and_address(tmp_path):
    files = dict(MINIMAL)
    files["sources/article-one.yaml"] = """
        title: How the lab was built
        outlet: lab-y
        published: 2025-05-02
        url: https://example.org/how-the-lab-was-built
        quotes:
          - id: q-one
            text: "We built it slowly."
            speaker: ada-lovelace
    """
    root = write_dossier(tmp_path / "d", files)
    async with make_app(root, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        app.browser.open_record("q-one")
        app.browser.set_cite_style("chicago-author-date")
        await pilot.pause()
        await pilot.press("y")
        assert "“We built it slowly.”" in app.clipboard or "We built it slowly." in app.clipboard
        assert "how the lab was built" in app.clipboard.lower()  # title-cased by Chicago
        assert "https://example.org/how-the-lab-was-built" in app.clipboard
        assert "Lab Y" in app.clipboard and "2025" in app.clipboard and "May 2" in app.clipboard


async def test_the_sources_tab_lists_the_sources_and_a_sources_profile_shows_what_rests_on_it(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        await pilot.press("right", "right", "right")
        assert browse.kind == "source"
        assert {r.id for r in browse.list.records} == {s.id for s in app.browser.index.dossier.sources}
        await pilot.press("ctrl+f", *"fuite des cerveaux", "enter")
        assert app.browser.shown == "lecun-leaves-meta"
        text = words(app)
        assert "outlet: Gate" in text and "published: ~ Nov 2025" in text and "kind: repost" in text
        assert "flagged repost dup" in text  # its own flags
        assert "Quotes (21)" in text
        assert "Source of events (" in text
        # The roles that cite it, each whole: who, what, where, when.
        assert "Roles resting on it (" in text
        assert "Joelle Pineau, VP of AI research, Meta … – Apr 2025?" in text
        assert "Yann LeCun, founder, LeCun's world-models start-up ~ Nov 2025 – …" in text


async def test_what_cites_a_source_and_what_it_cites(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        app.browser.open_record("llamacon-article")
        await pilot.pause()
        assert "cites: TechCrunch reporting on LlamaCon" in words(app)
        app.browser.open_record("techcrunch-llamacon-coverage")
        await pilot.pause()
        assert "Cited by (1)" in words(app) and "Imaginez un instant" in words(app)


def test_counts_in_titles_are_written_with_thousands_separators():
    # "⚠ 26888 problems" beside "15,100 files read" read badly on a big dossier.
    from tui.lines import count_of

    assert count_of(26888, "problem") == "26,888 problems"
    assert count_of(1, "problem") == "1 problem" and count_of(999, "event") == "999 events"


async def test_a_name_filtered_on_the_wrong_tab_says_which_tab_has_it(tmp_path):
    # "ascension" typed on People listed nothing, as if the dossier lacked it: it is a
    # source's title ("L'ascension et la chute de Llama de Meta").
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(80, 24)) as pilot:
        app = await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        await pilot.press("ctrl+f", *"ascension")
        assert browse.list.records == []
        assert [line.plain for line in browse.list.empty_note] == ["no person matches", "sources: 1 (←→)"]
        await pilot.press("down", "left")  # ←: the sources tab, the filter kept
        assert browse.kind == "source" and browse.list.empty_note == ()
        assert [record.id for record in browse.list.records] == ["llama-rise-and-fall-note"]
        await pilot.press("ctrl+f", "ctrl+u", *"zzzq")
        assert browse.list.empty_note[1].plain == "in no other tab either"
