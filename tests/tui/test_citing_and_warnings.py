"""`y` cites in the style the reader chose (kept across runs), and what the stores could
only say on stderr (hidden behind the app's screen) reaches the reader as a notification."""

from __future__ import annotations

import json
import os

from dossier.store import private
from tests.tui.helpers import BUNDLED, FIXTURE, make_app, ready, run_command

QUOTE = "q-lecun-llms-fundamentally-limited"  # a quote of the bundled dossier, with its speaker


def _messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _choose_style(pilot, name: str) -> None:
    await run_command(pilot, f"citation style: {name}")


async def test_a_chosen_csl_style_cites_the_quote_with_its_speaker_and_survives_a_restart(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        quote = app.browser.index.get(QUOTE)
        assert quote is not None and quote.speaker
        await _choose_style(pilot, "apa")
        assert app.session.state.cite_style == "apa"
        app.browser.open_record(QUOTE)
        await pilot.pause()
        await pilot.press("y")
        speaker = app.browser.index.label(quote.speaker)
        citation = app.clipboard
        assert citation.startswith(f"{speaker}: «") or citation.startswith(f"{speaker}: “")
        assert quote.text[:30] in citation
        source = app.browser.index.get(quote.source)
        assert source.title[:20] in citation
        assert any("(apa)" in str(n.title) for n in app._notifications)
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert saved["cite_style"] == "apa"

    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert app.session.state.cite_style == "apa"  # the next run cites the same way
        app.browser.open_record(QUOTE)
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == citation


async def test_a_style_that_cannot_be_used_copies_the_plain_form_and_says_why(tmp_path):
    async with make_app(BUNDLED, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        app.session.state.cite_style = "no-such-style-at-all"
        app.browser.open_record(QUOTE)
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard  # copied all the same
        note = next(n for n in app._notifications if "plain" in str(n.title))
        assert "no-such-style-at-all" in str(note.message)


async def test_an_untrusted_cache_folder_is_said_once_in_the_app(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    os.chmod(cache, 0o770)  # writable by the group: not trusted
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(cache))
    monkeypatch.setattr(private, "_warned", {})  # as in a fresh process
    async with make_app(FIXTURE, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        said = [m for m in _messages(app) if str(cache) in m]
        assert len(said) == 1 and "writable" in said[0].lower()
        app.browser.reload_now()  # the warning is not said again
        await pilot.pause()
        assert len([m for m in _messages(app) if str(cache) in m]) == 1


async def test_a_warning_is_shown_as_plain_text(tmp_path, monkeypatch):
    name = "[bold red]cache"
    cache = tmp_path / name
    cache.mkdir()
    os.chmod(cache, 0o777)
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(cache))
    monkeypatch.setattr(private, "_warned", {})
    async with make_app(FIXTURE, tmp=tmp_path).run_test(size=(120, 40)) as pilot:
        app = await ready(pilot)
        assert any(name in m for m in _messages(app))  # the brackets kept, not read as markup
