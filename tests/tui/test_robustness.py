"""A dossier with problems still opens; hostile text stays text; live reload keeps one's place."""

from __future__ import annotations

import shutil

from tests.helpers import MINIMAL, write_dossier
from tests.tui.helpers import FIXTURE, make_app, ready
from tui.widgets.browse_pane import BrowsePane
from tui.widgets.profile_view import ProfileView


async def test_a_dossier_with_problems_opens_and_lists_them_at_file_and_line(tmp_path):
    files = dict(MINIMAL)
    files["people/broken.yaml"] = "name: Broken\nroles:\n  - org: nowhere\n"
    files["labs/bad-yaml.yaml"] = "name: [unclosed\n"
    root = write_dossier(tmp_path / "d", files)
    async with make_app(root, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        # What loaded is shown, and the problems are announced.
        names = [r.name for r in app.browser.query_one(BrowsePane).list.records]
        assert "Ada Lovelace" in names and "Broken" in names
        assert any("press e" in n.message for n in app._notifications)
        await pilot.press("e")
        lines = app.screen.lines
        assert any(line.startswith("people/broken.yaml:3:") and "nowhere" in line for line in lines)
        assert any(line.startswith("labs/bad-yaml.yaml:") for line in lines)
        # Enter on a problem opens the record it was found in.
        listing = app.screen.query_one("#errors-list")
        listing.highlighted = next(n for n, line in enumerate(lines) if line.startswith("people/broken.yaml:3:"))
        await pilot.press("enter")
        assert app.screen is app.browser
        assert app.browser.shown == "broken"


async def test_markup_and_control_characters_in_the_data_show_literally(tmp_path):
    files = dict(MINIMAL)
    files["people/hostile.yaml"] = (
        'name: "[@click=app.quit]x[/] [/foo] [b]bold\\e[2J"\n'
        'summary: "Says [@click=app.bell]hi[/] to [[ada-lovelace]]"\n'
    )
    root = write_dossier(tmp_path / "d", files)
    app = make_app(root, tmp=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.browser.open_record("hostile")
        await pilot.pause()
        view = app.browser.query_one(ProfileView)
        shown = " ".join(view.plain.split())
        assert "[@click=app.quit]x[/] [/foo] [b]bold\\x1b[2J" in shown
        assert "Says [@click=app.bell]hi[/] to Ada Lovelace" in shown
        assert "\x1b" not in view.plain
        # The list row, the title, the breadcrumb and the search all keep it as text.
        browse = app.browser.query_one(BrowsePane)
        row = browse.list.render_row(browse.list.cursor, 60).plain
        assert row.startswith("[@click=app.quit]x[/]")
        assert "[@click=app.quit]" in str(app.browser.query_one("#breadcrumb").render())
        # Clicking the name in the list or the profile must not run the action.
        await pilot.click(browse.list, offset=(2, browse.list.cursor))
        await pilot.click(view, offset=(10, 0))
        await pilot.press("slash", *"click")
        await pilot.pause()
        assert app.screen.hits and app.screen.hits[0] == "hostile"
        await pilot.press("enter")
        app.browser.action_bookmark()
        await pilot.pause()
    assert app.return_code in (0, None)
    assert app._exception is None


async def test_live_reload_keeps_the_place_and_the_last_good_data(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(FIXTURE, root)
    async with make_app(root, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("j")
        assert app.browser.shown == "timothee-lacroix"
        person = root / "people" / "timothee-lacroix.yaml"
        person.write_text(person.read_text(encoding="utf-8").replace("Co-founder of", "Co-founder and CEO of"), "utf-8")
        app.browser.reload_now()
        await pilot.pause()
        assert app.browser.shown == "timothee-lacroix"
        assert "Co-founder and CEO of" in " ".join(app.browser.query_one(ProfileView).plain.split())
        # Saved half-way: invalid YAML. The last good data stays and the problem shows.
        person.write_text("name: [Timothée\n", encoding="utf-8")
        app.browser.reload_now()
        await pilot.pause()
        assert app.browser.shown == "timothee-lacroix"
        assert "Co-founder and CEO of" in " ".join(app.browser.query_one(ProfileView).plain.split())
        assert any(p.file == "people/timothee-lacroix.yaml" for p in app.browser.result.problems)
        assert app.browser.history.here == "ada-lovelace"


async def test_the_watcher_reloads_a_saved_file_within_a_second(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(FIXTURE, root)
    async with make_app(root, tmp=tmp_path, watch=True).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.pause(0.3)  # let the watcher start
        lab = root / "labs" / "lab-x.yaml"
        lab.write_text(lab.read_text(encoding="utf-8").replace("Lab X", "Lab Xi"), encoding="utf-8")
        for _ in range(60):
            await pilot.pause(0.05)
            if app.browser.index.label("lab-x") == "Lab Xi":
                break
        assert app.browser.index.label("lab-x") == "Lab Xi"
        assert app.browser.shown == "ada-lovelace"


async def test_a_missing_folder_opens_with_its_problem_even_when_watching(tmp_path):
    async with make_app(tmp_path / "nowhere", tmp=tmp_path, watch=True).run_test(size=(80, 24)) as pilot:
        app = await ready(pilot)
        assert app.browser.result.problems and "no such dossier folder" in app.browser.result.problems[0].message
        await pilot.press("e")
        assert any("no such dossier folder" in line for line in app.screen.lines)
        await pilot.press("escape", "q")
    assert app.return_code == 0
