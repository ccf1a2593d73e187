"""`/`: search over everything; results update as one types and enter opens the best hit."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dossier.index.index import Index
from dossier.model.text import one_line

from ..lines import record_line

LIMIT = 50


class SearchInput(Input):
    BINDINGS = [
        Binding("down", "screen.move(1)", "Next hit", show=False, id="search.next"),
        Binding("up", "screen.move(-1)", "Previous hit", show=False, id="search.previous"),
    ]


class SearchScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss_none", "Close", id="search.close")]

    def __init__(self, index: Index, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.query_text = query
        self.hits: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog"):
            yield Static("Search names, aliases, summaries and quotes · enter opens · esc closes", markup=False)
            yield SearchInput(value=self.query_text, placeholder="search…", id="search-input")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one(SearchInput).focus()
        self._search(self.query_text)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        results = self.query_one(OptionList)
        hits = self.index.search(query, LIMIT) if query.strip() else []
        self.hits = [hit.record.id for hit in hits]
        dim = Style(dim=True)
        width = max(20, results.scrollable_content_region.width - 2)
        options = []
        for hit in hits:
            prompt = Text(f"{hit.record.kind_name:<7}", "dim")
            prompt.append_text(record_line(self.index, hit.record, dim))
            prompt.truncate(width, overflow="ellipsis")  # one line per hit, however long the quote
            options.append(Option(prompt, id=hit.record.id))
        if query.strip() and not options:
            shown = query.strip() if len(query.strip()) <= 60 else query.strip()[:59] + "…"
            guesses = self.index.suggest(query)
            note = f"no match for “{one_line(shown)}”" + (" · did you mean:" if guesses else "")
            options.append(Option(Text(note, "dim"), disabled=True))
            # The nearest names, accent-blind, each openable as a hit is.
            for record in guesses:
                prompt = Text(f"{record.kind_name:<7}", "dim")
                prompt.append_text(record_line(self.index, record, dim))
                prompt.truncate(width, overflow="ellipsis")
                options.append(Option(prompt, id=record.id))
            self.hits = ["", *(record.id for record in guesses)] if guesses else []
        results.clear_options()
        results.add_options(options)
        if self.hits:
            results.highlighted = 0 if self.hits[0] else 1

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.query_one(OptionList)
        number = results.highlighted if results.highlighted is not None else 0
        if self.hits and self.hits[number]:
            self.dismiss(self.hits[number])
        else:
            self.notify("Nothing found.", timeout=2)

    @on(OptionList.OptionSelected, "#search-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
