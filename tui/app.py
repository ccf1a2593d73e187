"""The app: a loading screen that hands over to the browsing screen, and the state and
keys that outlive both.

The browsing itself (panes, opening, history, every action on a record) is the
browsing screen's (`screens/browse.py`); the first screen, up at once however big the
dossier, is the loading screen's (`screens/loading.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import Screen

from dossier.model.text import one_line

from .key_order import KeysInOrder
from .keymap import keymap_path, read_keymap
from .keys import APP_BINDINGS
from .screens.loading import LoadingScreen
from .session import Session

if TYPE_CHECKING:
    from .screens.browse import BrowseScreen


class DossierApp(KeysInOrder, App):
    CSS_PATH = "app.tcss"
    TITLE = "dossier"
    BINDINGS = APP_BINDINGS

    def __init__(self, data: Path, *, watch: bool = True, state_path: Path | None = None,
                 keymap_file: Path | None = None) -> None:  # fmt: skip
        super().__init__()
        self.data = Path(data)
        self.watch_files = watch
        self.session = Session(self.data, state_path)
        # The reader's keys (`keymap.yaml`): applied before the first key is read.
        self.keymap_file = keymap_file or keymap_path()
        self.keymap, self.keymap_problems = read_keymap(self.keymap_file)
        if self.keymap:
            self.set_keymap(self.keymap)

    @property
    def browser(self) -> BrowseScreen | None:
        """The browsing screen, once the dossier has loaded (for scripts and tests)."""
        from .screens.browse import BrowseScreen  # loaded with the data, not before

        return next((s for s in self.screen_stack if isinstance(s, BrowseScreen)), None)

    def get_default_screen(self) -> Screen:
        # The first screen: painted before anything else is composed.
        return LoadingScreen(self.data, self.session, watch=self.watch_files)

    def on_mount(self) -> None:
        theme = self.session.state.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        # Plain text: Textual renders the sub-title as Content, never markup; `one_line`
        # shows any control character of the path instead of sending it to the terminal.
        self.sub_title = one_line(str(self.data))
        for problem in self.keymap_problems:
            self.notify(problem, title="Keymap", severity="warning", markup=False)

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # the dialog loads when first opened

        self.push_screen(HelpScreen(self.keymap))

    def set_keymap(self, keymap: dict[str, str]) -> None:
        self.keymap = dict(keymap)  # as the help screen shows the keys
        super().set_keymap(keymap)

    def watch_theme(self, theme: str) -> None:
        if self.session.state.theme != theme:
            self.session.state.theme = theme
            self.session.save()

    def on_unmount(self) -> None:
        self.session.save()


def run_app(data: Path, watch: bool = True) -> int:
    app = DossierApp(data, watch=watch)
    app.run()
    return app.return_code or 0  # Textual sets 1 when the app died of an error
