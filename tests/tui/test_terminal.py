"""The app in a real terminal (tmux), as a journalist uses it on the bundled dossier."""

from __future__ import annotations

import time

from tests.tui.helpers import BUNDLED, FIXTURE, Terminal, needs_tmux

pytestmark = needs_tmux


def test_search_open_follow_and_quit_in_tmux(tmp_path):
    with Terminal(120, 40) as term:
        marker = term.start_app(FIXTURE, tmp_path)
        term.wait_for("Ada Lovelace")
        term.keys("/")
        term.wait_for("Search names")
        term.keys("timothee", literal=True)
        term.wait_for("person Timothée Lacroix")
        term.keys("Enter")
        screen = term.wait_for("PERSON  Timothée Lacroix")
        # The panes followed: the quotes pane lists his quote, the timeline says whose events.
        assert "Quotes · 1 by or about Timothée Lacroix" in screen
        assert "We build small models first." in screen
        assert "2 events · none involve Timoth" in screen  # he took part in none of them
        term.keys("q")
        assert term.wait_for_exit(marker) == "0"


def test_at_80x24_a_journalist_filters_by_a_name_reads_a_quote_and_its_source(tmp_path):
    with Terminal(80, 24) as term:
        marker = term.start_app(BUNDLED, tmp_path)
        term.wait_for("Alexandr Wang")
        # In the models tab, a name typed into the filter is only text (`qwen` once quit).
        term.keys("Right", "Right", "C-f")
        term.wait_for("filtering")
        term.keys("qwen", literal=True)
        term.wait_for("Qwen")
        term.keys("Escape")
        time.sleep(0.5)  # an Escape straight before a key would read as alt+key
        term.keys("Left", "Left", "C-f")
        term.wait_for("filtering")
        term.keys("stoica", literal=True)
        term.keys("Enter")
        term.wait_for("PERSON  Ion Stoica")
        term.keys("Tab", "Tab", "Tab")
        term.wait_for("Quotes · 2 by or about Ion Stoica")
        term.keys("Down", "Enter")
        screen = term.wait_for("QUOTE  q-stoica-meta-should-have-been-clearer")
        assert "speaker: Ion Stoica" in screen and "our translation:" in screen
        term.keys("q")
        assert term.wait_for_exit(marker) == "0"
