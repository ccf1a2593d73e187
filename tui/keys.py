"""The keys that work everywhere, and the table of keys by pane that `?` shows.

Every binding has an id (`app.search`, `list.down`…) so that a keymap can move it (see
`keymap`). Bare letters are commands only: text is typed in the filter box (ctrl+f)
or the search box (/), where every printable key is text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.binding import Binding, BindingsMap

# On every screen of the app.
APP_BINDINGS = [
    Binding("q", "quit", "Quit", id="app.quit"),
    Binding("question_mark,f1", "help", "Keys", id="app.help"),
]
# On the browsing screen, whichever pane has focus.
BROWSE_BINDINGS = [
    # Letters are commands: the filter starts with this key, the search with `/`.
    Binding("ctrl+f", "filter", "Filter", id="browse.filter"),
    Binding("slash", "search", "Search", id="app.search"),
    Binding("left_square_bracket,alt+left,backspace", "back", "Back", id="app.back"),
    Binding("right_square_bracket,alt+right", "forward", "Forward", show=False, id="app.forward"),
    Binding("y", "copy_quote", "Cite", show=False, id="app.copy-quote"),
    Binding("t", "toggle_translation", "Translation", show=False, id="app.translation"),
    Binding("b", "bookmark", "Bookmark", show=False, id="app.bookmark"),
    Binding("B", "bookmarks", "Bookmarks", show=False, id="app.bookmarks"),
    Binding("e", "errors", "Problems", show=False, id="app.errors"),
    Binding("E", "evidence_filter", "Evidence filter", show=False, id="app.evidence-filter"),
    Binding("c", "conflicts", "Conflicts", show=False, id="app.conflicts"),
    Binding("tab", "next_pane", "Next pane", show=False, id="pane.next"),
    Binding("shift+tab", "previous_pane", "Previous pane", show=False, id="pane.previous"),
    Binding("escape", "escape", "To the list", show=False, id="app.escape"),
]

Row = tuple[str, str, str, str]  # (place, keys as shown, what they do, binding id)


def own_bindings(cls: type | list[Binding]) -> list[Binding]:
    """The bindings a class of ours declares or inherits from a class of ours (not
    Textual's own: its Input's editing keys and its scrolling keys are not the app's);
    or those of a list of bindings."""
    if isinstance(cls, list):
        return [binding for _, binding in BindingsMap(cls)]
    found: list[Binding] = []
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("tui") and "BINDINGS" in klass.__dict__:
            found.extend(binding for _, binding in BindingsMap(klass.__dict__["BINDINGS"]))
    return found


def key_rows(places: Iterable[tuple[str, Iterable[type | list[Binding]]]], keymap: dict[str, str],
             display: Callable[[str], str]) -> list[Row]:  # fmt: skip
    """One row per binding id and place, its keys as the keymap leaves them."""
    rows: dict[tuple[str, str], list] = {}
    for place, classes in places:
        for cls in classes:
            for binding in own_bindings(cls):
                if not binding.description:
                    continue
                key = binding.id or binding.action
                entry = rows.setdefault((place, key), [place, [], binding.description, binding.id or ""])
                keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
                for one in keys.split(","):
                    shown = display(one.strip())
                    if shown not in entry[1]:
                        entry[1].append(shown)
    return [(place, ", ".join(keys), what, binding_id) for place, keys, what, binding_id in rows.values()]


def binding_ids(classes: Iterable[type | list[Binding]]) -> set[str]:
    return {binding.id for cls in classes for binding in own_bindings(cls) if binding.id}
