"""`?`: the app's keys, grouped by the pane where they work, with their ids for keymaps.

Only the app's own bindings are listed (read from the classes that declare them, as
the keymap leaves them): not Textual's editing keys of a text box nor its scrolling
keys, which a reader never needs to learn.
"""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import APP_BINDINGS, BROWSE_BINDINGS, binding_ids, key_rows
from ..widgets.browse_pane import FilterInput, RecordList
from ..widgets.profile_view import ProfileView
from ..widgets.quotes_pane import QuoteList
from ..widgets.timeline_pane import EventList, TimelinePane
from .bookmarks import BookmarksScreen
from .errors import ErrorsScreen
from .evidence import ConflictsScreen, EvidenceFilterScreen
from .search import SearchInput, SearchScreen


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(id="help-table")

    def on_mount(self) -> None:
        rows = key_rows(PLACES, self.keymap, lambda key: self.app.get_key_display(Binding(key, "")))
        rows += [row for row in EXTRA if row[1] not in {r[1] for r in rows if r[0] == row[0]}]
        order = [place for place, _ in PLACES]
        rows.sort(key=lambda row: order.index(row[0]))
        tables: list[Table] = []
        for place, keys, description, binding_id in rows:
            if not tables or tables[-1].title != place:
                table = Table(title=place, title_justify="left", title_style=Style(bold=True, color="magenta"),
                              expand=True, box=None, show_header=False)  # fmt: skip
                table.add_column("keys", style="bold", no_wrap=True, width=16)
                table.add_column("what", ratio=1)
                table.add_column("id (for keymaps)", style="dim", no_wrap=True, min_width=24)  # read whole
                tables.append(table)
            tables[-1].add_row(Text(keys), Text(description), Text(binding_id))
        title = Text("Keys · ids are for keymap.yaml (see the README) · esc closes", Style(bold=True), justify="center")
        self.query_one("#help-table", Static).update(Group(title, *tables))
        self.query_one("#help-box").focus()


# Where each key works, pane by pane, by the classes that declare its binding.
PLACES: list[tuple[str, list]] = [
    ("Everywhere", [APP_BINDINGS, BROWSE_BINDINGS]),  # the app's and the browsing screen's
    ("People, labs, models, sources", [RecordList]),
    ("Filter box (ctrl+f): every letter is text", [FilterInput]),
    ("Profile", [ProfileView]),
    ("Timeline", [EventList, TimelinePane]),
    ("Quotes", [QuoteList]),
    ("Search (/)", [SearchScreen, SearchInput]),
    ("Problems (e)", [ErrorsScreen]),
    ("Bookmarks (B)", [BookmarksScreen]),
    ("Evidence filter (E)", [EvidenceFilterScreen]),
    ("Conflicts (c)", [ConflictsScreen]),
    ("This screen", [HelpScreen]),
]
EXTRA = [
    (
        "Everywhere",
        "ctrl+p",
        "Command palette: open any record, evidence filter, conflicts, citation style, theme",
        "(Textual's)",
    ),
    ("Everywhere", "click", "Open a row, follow a link", ""),
    ("Filter box (ctrl+f): every letter is text", "⏎", "Open the row under the cursor", ""),
]


def all_binding_ids() -> set[str]:
    """Every id a keymap may name."""
    return binding_ids(cls for _, classes in PLACES for cls in classes)
