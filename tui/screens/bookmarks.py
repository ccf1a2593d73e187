"""`B`: the bookmarked records of this dossier; enter opens one, `d` removes it."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from dossier.index.index import Index

from ..lines import record_line
from ..session import Session
from ..widgets.line_list import LineList


class BookmarkList(LineList):
    def __init__(self, index: Index, ids: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.ids = ids

    def render_row(self, index: int, width: int) -> Text:
        record = self.index.get(self.ids[index])
        if record is None:
            return Text(f"{self.ids[index]} (no longer in the dossier)", Style(dim=True))
        text = Text(f"{record.kind_name:<7}", Style(dim=True))
        return text + record_line(self.index, record, self.style_of("line-list--dim"))


class BookmarksScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", id="bookmarks.close"),
        Binding("d,delete", "remove", "Remove bookmark", id="bookmarks.remove"),
    ]

    def __init__(self, index: Index, session: Session) -> None:
        super().__init__()
        self.index = index
        self.session = session
        self.ids = list(session.bookmarks)

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-box", classes="dialog"):
            yield Static("Bookmarks · enter opens · d removes · esc closes", markup=False)
            yield BookmarkList(self.index, self.ids, id="bookmarks-list")

    def on_mount(self) -> None:
        listing = self.query_one(BookmarkList)
        listing.set_row_count(len(self.ids))
        listing.focus()
        if not self.ids:
            self.notify("No bookmarks yet: b bookmarks the record shown.", timeout=3)

    @on(LineList.Selected)
    def _open(self, message: LineList.Selected) -> None:
        message.stop()
        self.dismiss(self.ids[message.index])

    @on(LineList.Highlighted)
    def _moved(self, message: LineList.Highlighted) -> None:
        message.stop()

    def action_remove(self) -> None:
        listing = self.query_one(BookmarkList)
        if self.ids:
            self.session.remove_bookmark(self.ids.pop(listing.cursor))
            listing.set_row_count(len(self.ids), listing.cursor)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
