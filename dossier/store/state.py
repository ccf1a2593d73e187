"""User state that persists between runs: history, bookmarks, last dossier, theme, citation style.

Kept as one small JSON file in the platform's user state directory, never in a
dossier folder (not even when $DOSSIER_STATE_DIR points into one: the state is then
not saved). A missing or corrupt file means a fresh state, never a crash; the folder
is private and the file 0600 (`dossier.store.private`); writes go to a temporary file
first and are then renamed, so a crash mid-write loses nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dossier.store.paths import user_state_dir
from dossier.store.private import Untrusted, check_private, read_private, warn_once, write_kept
from dossier.store.stats import within

HISTORY_LIMIT = 200
MAX_BYTES = 16 * 1024 * 1024  # a larger file was not written here


@dataclass
class DossierState:
    history: list[str] = field(default_factory=list)  # ids opened, oldest first
    bookmarks: list[str] = field(default_factory=list)
    current: str = ""


@dataclass
class State:
    theme: str = ""
    last_dossier: str = ""
    # The style `y` copies a citation in: "plain", or a CSL style name (`dossier.index.csl`).
    cite_style: str = "plain"
    dossiers: dict[str, DossierState] = field(default_factory=dict)

    def for_dossier(self, root: str | Path) -> DossierState:
        key = str(Path(root).resolve())
        return self.dossiers.setdefault(key, DossierState())


def state_file() -> Path:
    return user_state_dir() / "state.json"


def load_state(path: Path | None = None) -> State:
    path = path or state_file()
    try:
        check_private(os.stat(path.parent), path.parent)
        data = read_private(path, MAX_BYTES)
        raw = json.loads(data.decode("utf-8")) if data is not None else None
    except Untrusted as error:  # another user's folder or file: not ours to show
        warn_once(str(error))
        return State()
    except (OSError, ValueError):
        return State()
    if not isinstance(raw, dict):
        return State()
    state = State(
        theme=_str(raw.get("theme")),
        last_dossier=_str(raw.get("last_dossier")),
        cite_style=_str(raw.get("cite_style")) or "plain",
    )
    dossiers = raw.get("dossiers")
    if isinstance(dossiers, dict):
        for key, value in dossiers.items():
            if isinstance(key, str) and isinstance(value, dict):
                state.dossiers[key] = DossierState(
                    history=_strs(value.get("history"))[-HISTORY_LIMIT:],
                    bookmarks=_strs(value.get("bookmarks")),
                    current=_str(value.get("current")),
                )
    return state


def save_state(state: State, path: Path | None = None) -> bool:
    """Write the state; False (and nothing raised) when the directory is not writable."""
    path = path or state_file()
    folders = {*state.dossiers, state.last_dossier} - {""}
    if any(within(path.parent, str(Path(folder).resolve())) for folder in folders):
        return False  # never written into a dossier
    return write_kept(path, lambda: json.dumps(asdict(state), ensure_ascii=False, indent=1).encode("utf-8"))


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _strs(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
