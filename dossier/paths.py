"""Where things live: the bundled dossier, the chosen dossier, user state and cache."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_data() -> Path:
    """The bundled dossier: inside the wheel (dossier/data) or beside it in a checkout."""
    installed = _PACKAGE / "data"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "data"


def choose_data(option: str | None) -> Path:
    """--data DIR, else $DOSSIER_DATA, else the bundled dossier."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get("DOSSIER_DATA")
    if env:
        return Path(env).expanduser()
    return bundled_data()


def _base(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    return Path(value) if value else Path.home() / fallback


def user_state_dir() -> Path:
    """$DOSSIER_STATE_DIR, else the platform's user state directory."""
    override = os.environ.get("DOSSIER_STATE_DIR")
    if override:
        return Path(override)
    if os.name == "nt":
        return _base("LOCALAPPDATA", "AppData/Local") / "dossier"
    if os.uname().sysname == "Darwin":
        return Path.home() / "Library/Application Support/dossier"
    return _base("XDG_STATE_HOME", ".local/state") / "dossier"


def user_cache_dir() -> Path:
    """$DOSSIER_CACHE_DIR, else the platform's user cache directory."""
    override = os.environ.get("DOSSIER_CACHE_DIR")
    if override:
        return Path(override)
    if os.name == "nt":
        return _base("LOCALAPPDATA", "AppData/Local") / "dossier" / "cache"
    if os.uname().sysname == "Darwin":
        return Path.home() / "Library/Caches/dossier"
    return _base("XDG_CACHE_HOME", ".cache") / "dossier"
