"""One keyboard model: bare letters are commands, text is typed where the app says so.

The filter starts with ctrl+f and says it is filtering; while it is, every printable
key is text and esc ends it. Typing any name of the bundled dossier there fires
nothing (it once quit the app on `qwen`, copied a citation on `yann`…).
"""

from __future__ import annotations

import io

from rich.console import Console
from textual import events
from textual.keys import _character_to_key

from dossier.model.text import fold
from tests.tui.helpers import BUNDLED, make_app, ready
from tui.widgets.browse_pane import KINDS, BrowsePane


async def type_text(pilot, text: str) -> None:
    """Keys as a terminal sends them for `text`, typed fast (as one pastes or types on),
    then wait until the app has handled them all."""
    for character in text:
        key = events.Key(character if character.isalnum() else _character_to_key(character), character)
        key.set_sender(pilot.app)
        pilot.app._driver.send_message(key)  # the way Pilot sends its keys, without a pause after each
    await pilot.pause()


async def send_burst(pilot, *keys: str) -> None:
    """`keys` (Textual's names, or single characters) as a terminal sends them when they
    arrive in one read: a fast typist, a macro, or keys pressed while a frame was being
    drawn. Nothing waits between them; then wait until the app has handled them all."""
    for key in keys:
        name = key if len(key) > 1 or key.isalnum() else _character_to_key(key)
        event = events.Key(name, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await pilot.pause()


def names(app) -> list[str]:
    dossier = app.browser.index.dossier
    return [record.label for record in (*dossier.people, *dossier.labs, *dossier.models, *dossier.sources)]


async def test_every_bundled_name_typed_into_the_filter_of_every_tab_only_filters(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browser = app.browser
        browse = browser.query_one(BrowsePane)
        bookmarks = list(app.session.bookmarks)
        for kind in KINDS:
            browse.set_kind(kind)
            await pilot.press("ctrl+f")
            for name in names(app):
                await type_text(pilot, name)
                # Still running, on the same screen, with the name as the filter's text…
                assert app.is_running and app.screen is browser and app.return_code is None, name
                assert browse.filter.value == name
                assert browse.kind == kind, name
                # …and the list filtered by it: only records whose name holds it.
                listed = browse.list.records
                assert all(fold(name) in fold(" ".join((r.label, *getattr(r, "aliases", ())))) for r in listed)
                if any(r.label == name for r in browse._all[kind]):
                    assert name in [r.label for r in listed]
                await pilot.press("ctrl+u")  # the box's own key: clear the text, stay in the box
                assert browse.filter.value == "" and app.focused is browse.filter
            await pilot.press("escape")  # ends the filter
            assert browse.filter.value == "" and app.focused is browse.list
        # Nothing else happened on the way: no bookmark, no translation toggled, no dialog.
        assert app.session.bookmarks == bookmarks
        assert browser.translation is True
        assert app.clipboard == ""


async def test_bare_letters_on_the_list_are_commands_never_the_start_of_a_filter(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        await pilot.press("j")  # a command: the next person
        assert app.browser.shown == "timothee-lacroix" and browse.filter.value == ""
        await pilot.press("a", "d", "x")  # letters no key has: nothing at all
        assert browse.filter.value == "" and app.focused is browse.list


async def test_ctrl_f_starts_the_filter_from_any_pane_and_enter_opens_the_match(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        await pilot.press("tab", "tab")  # the timeline
        await pilot.press("ctrl+f", *"qtyeb")  # letters that are commands elsewhere
        assert browse.filter.value == "qtyeb" and app.is_running
        assert app.browser.translation is not False and app.clipboard == ""
        await pilot.press("ctrl+u", *"timo", "enter")
        assert app.browser.history.here == "timothee-lacroix"
        assert app.focused is browse.list
        assert browse.filter.value == "timo"  # kept, and shown, until esc
        await pilot.press("escape")
        assert browse.filter.value == ""


async def test_a_name_typed_at_once_after_ctrl_f_is_all_in_the_filter(tmp_path):
    # Typed in one go, the letters once reached the list before ctrl+f had moved to the
    # box: lost, or run as commands (q quits).
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        await send_burst(pilot, "ctrl+f", *"stoica")
        assert browse.filter.value == "stoica" and app.focused is browse.filter
        assert [record.label for record in browse.list.records] == ["Ion Stoica"]
        await send_burst(pilot, "ctrl+u", *"qwen", "escape", "ctrl+f", *"yann", "enter")
        assert app.is_running and app.screen is app.browser
        assert browse.filter.value == "yann" and app.browser.history.here == "yann-lecun"
        await send_burst(pilot, "escape", "g", *"jjjjj")  # a held key: every step counts
        assert browse.filter.value == "" and browse.list.cursor == 5


async def test_keys_typed_at_once_apply_in_the_order_they_were_typed(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        browse = app.browser.query_one(BrowsePane)
        await send_burst(pilot, "right", "right", "ctrl+f", *"mini")  # two tabs on: the models
        assert browse.kind == "model" and browse.filter.value == "mini"
        assert [record.id for record in browse.list.records] == ["model-one-mini"]
        await send_burst(pilot, "down", "up", "escape", "left", "j")  # to the list, end the filter, labs
        assert browse.kind == "lab" and browse.filter.value == "" and app.focused is browse.list


async def test_a_query_typed_at_once_after_slash_is_all_in_the_search_box(tmp_path):
    from tui.screens.search import SearchInput, SearchScreen

    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        bookmarks = list(app.session.bookmarks)
        await send_burst(pilot, "slash", *"qwen bet")  # q would quit, b bookmark, t translate
        assert app.is_running and isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(SearchInput).value == "qwen bet"
        assert list(app.session.bookmarks) == bookmarks and app.browser.translation is True
        await send_burst(pilot, "escape")
        await send_burst(pilot, "ctrl+p", *"theme")  # the command palette opens a screen too
        from textual.command import CommandInput

        assert app.is_running and app.screen.query_one(CommandInput).value == "theme"


def help_rows(app) -> list[tuple[str, str, str, str]]:
    from tui.keys import key_rows
    from tui.screens.help import PLACES

    return key_rows(PLACES, app.keymap, lambda key: key)


async def test_help_lists_the_apps_keys_by_pane_and_none_of_textuals_internals(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        console = Console(file=io.StringIO(), width=120, color_system=None)
        console.print(app.screen.query_one("#help-table").content)
        shown = console.file.getvalue()
        for place in ("Everywhere", "People, labs, models, sources", "Filter box", "Profile", "Timeline", "Quotes"):
            assert place in shown
        for binding_id in ("app.search", "browse.filter", "list.down", "profile.next-link", "timeline.only-focus"):
            assert binding_id in shown
        # Not the text box's editing keys nor the scroll keys Textual's widgets bring.
        for internal in ("Delete character", "Move cursor", "Scroll Up", "Scroll Home", "Paste", "Select all"):
            assert internal not in shown
        await pilot.press("escape")
        assert app.screen is app.browser


async def test_every_binding_the_app_declares_has_an_id_and_one_place_in_the_help(tmp_path):
    import tui.keys
    from tui.screens.help import all_binding_ids

    declared = []
    for module_name in ("tui.widgets.browse_pane", "tui.widgets.line_list", "tui.widgets.profile_view",
                        "tui.widgets.timeline_pane", "tui.widgets.quotes_pane", "tui.screens.search",
                        "tui.screens.errors", "tui.screens.bookmarks", "tui.screens.help",
                        "tui.screens.evidence"):  # fmt: skip
        module = __import__(module_name, fromlist=["*"])
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module_name and "BINDINGS" in vars(value):
                declared += vars(value)["BINDINGS"]
    declared += tui.keys.APP_BINDINGS + tui.keys.BROWSE_BINDINGS
    assert all(binding.id for binding in declared)
    assert {binding.id for binding in declared} == all_binding_ids()


async def test_a_keymap_file_in_the_config_dir_moves_a_key_and_the_help_shows_it(tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    (config / "keymap.yaml").write_text("list.down: n\napp.serch: ctrl+s\n", encoding="utf-8")
    monkeypatch.setenv("DOSSIER_CONFIG_DIR", str(config))
    async with make_app(tmp=tmp_path, keymap_file=None).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        await pilot.press("n")
        assert app.browser.shown == "timothee-lacroix"
        assert any(row[3] == "list.down" and row[1] == "n" for row in help_rows(app))
        # A typo in an id is said, not silently ignored.
        assert any("app.serch" in n.message for n in app._notifications)


async def test_a_broken_keymap_file_is_reported_and_the_app_opens(tmp_path):
    keymap = tmp_path / "keymap.yaml"
    keymap.write_text("list.down: [unclosed\n", encoding="utf-8")
    async with make_app(tmp=tmp_path, keymap_file=keymap).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert any("keymap.yaml" in n.message for n in app._notifications)
        await pilot.press("j")
        assert app.browser.shown == "timothee-lacroix"


def footer_keys(app) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.description for key in app.screen.query(FooterKey)]


async def test_the_footer_shows_first_what_the_focused_pane_offers(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert footer_keys(app)[:2] == ["Next tab", "Open"]
        await pilot.press("tab")
        await pilot.pause()
        assert footer_keys(app)[0] == "Follow link"
        await pilot.press("tab")
        await pilot.pause()
        assert footer_keys(app)[:2] == ["Open", "Only these"]
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert set(footer_keys(app)[:2]) == {"End filter", "Keep, to the list"}


async def test_the_focused_panes_title_says_it_has_focus(tmp_path):
    async with make_app(tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        titles = {name: app.browser.query_one(f"#{name}-title") for name in ("profile", "timeline", "quotes")}
        unfocused = titles["profile"].styles.background
        for pane in ("profile", "timeline", "quotes"):
            await pilot.press("tab")
            await pilot.pause()
            assert titles[pane].styles.background != unfocused, pane
            assert all(titles[other].styles.background == unfocused for other in titles if other != pane)


def test_the_keys_that_flow_on_at_once_are_bindings_the_app_has():
    # A renamed binding would silently fall out of the list and hold a held key's presses.
    from tui.key_order import KEEPS_FOCUS
    from tui.screens.help import all_binding_ids

    assert KEEPS_FOCUS <= all_binding_ids()
