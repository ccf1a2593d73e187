"""`?`: every key binding of the app, grouped by where it works, with its id for keymaps."""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

# Where each kind of binding works, by the class that declares it.
PLACES = {
    "DossierApp": "Everywhere", "App": "Everywhere", "MainScreen": "Panes",
    "LineList": "Lists (people, timeline, quotes)", "RecordList": "People, labs, models list",
    "FilterInput": "Filter box", "ProfileView": "Profile", "TimelinePane": "Timeline",
}  # fmt: skip
EXTRA = [
    ("Everywhere", "ctrl+p", "Command palette: open any record, change theme", "(built in)"),
    ("People, labs, models list", "a free letter", "Start the filter with it (name or alias)", ""),
    ("Lists (people, timeline, quotes)", "click", "Open the row", ""),
    ("Profile", "click", "Follow the link", ""),
]


def binding_rows(nodes: list[DOMNode]) -> list[tuple[str, str, str, str]]:
    """(place, keys, description, id) for every binding of the given nodes, remaps included."""
    rows: dict[tuple[str, str], list] = {}
    for node in nodes:
        for key, bindings in node._bindings.key_to_bindings.items():
            for binding in bindings:
                if binding.system or not binding.description:
                    continue
                owner = _declaring_class(type(node), binding)
                place = PLACES.get(owner, owner)
                entry = rows.setdefault(
                    (place, binding.id or binding.action), [place, [], binding.description, binding.id or ""]
                )
                shown = node.app.get_key_display(Binding(key, binding.action))
                if shown not in entry[1]:
                    entry[1].append(shown)
    result = [
        (place, ", ".join(keys), description, binding_id) for place, keys, description, binding_id in rows.values()
    ]
    order = list(dict.fromkeys(PLACES.values()))
    result.sort(key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    return result


def _declaring_class(cls: type, binding: Binding) -> str:
    for klass in cls.__mro__:
        for declared in klass.__dict__.get("BINDINGS", ()):
            action = declared.action if isinstance(declared, Binding) else declared[1]
            if action == binding.action:
                return klass.__name__
    return cls.__name__


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(id="help-table")

    def on_mount(self) -> None:
        main = self.app.screen_stack[0]
        nodes: list[DOMNode] = [self.app, main, *main.walk_children()]
        rows = binding_rows(nodes)
        seen = {(place, desc) for place, _, desc, _ in rows}
        rows += [row for row in EXTRA if (row[0], row[2]) not in seen]
        tables: list[Table] = []
        for place, keys, description, binding_id in rows:
            if not tables or tables[-1].title != place:
                table = Table(title=place, title_justify="left", title_style=Style(bold=True, color="magenta"),
                              expand=True, box=None, show_header=False)  # fmt: skip
                table.add_column("keys", style="bold", no_wrap=True, width=14)
                table.add_column("what", ratio=2)
                table.add_column("id (for keymaps)", style="dim", no_wrap=True, ratio=1)
                tables.append(table)
            tables[-1].add_row(Text(keys), Text(description), Text(binding_id))
        table = Group(Text("Keys · ids are for keymaps · esc closes", Style(bold=True), justify="center"), *tables)
        self.query_one("#help-table", Static).update(table)
        self.query_one("#help-box").focus()
