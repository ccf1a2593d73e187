"""Where things live: the bundled dossier, the chosen dossier, user state and cache."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "dossier"
_PACKAGE = Path(__file__).resolve().parents[1]  # dossier/, which holds data/ once installed


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


def user_state_dir() -> Path:
    """$DOSSIER_STATE_DIR, else the platform's user state directory."""
    override = os.environ.get("DOSSIER_STATE_DIR")
    return Path(override) if override else Path(platformdirs.user_state_dir(APP, appauthor=False))


def user_cache_dir() -> Path:
    """$DOSSIER_CACHE_DIR, else the platform's user cache directory."""
    override = os.environ.get("DOSSIER_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP, appauthor=False))


def user_config_dir() -> Path:
    """$DOSSIER_CONFIG_DIR, else the platform's user config directory (the keymap)."""
    override = os.environ.get("DOSSIER_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))
