"""The app in a real terminal (tmux), as a journalist uses it on the bundled dossier."""

from __future__ import annotations

from tests.tui.helpers import FIXTURE, Terminal, needs_tmux

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
