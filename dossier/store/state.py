"""User state that persists between runs: history, bookmarks, last dossier, theme, citation style.

Kept as one small JSON file in the platform's user state directory, never in a
dossier folder. A missing or corrupt file means a fresh state, never a crash; writes
go to a temporary file first and are then renamed, so a crash mid-write loses nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dossier.store.paths import user_state_dir

HISTORY_LIMIT = 200


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
        raw = json.loads(path.read_text(encoding="utf-8"))
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(asdict(state), ensure_ascii=False, indent=1)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".state-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _strs(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
