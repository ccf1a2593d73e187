"""The reader's own keys: `keymap.yaml` in the user config directory.

A mapping of binding id to keys, as the help screen (`?`) lists the ids:

    list.down: n,down
    app.search: ctrl+s

It is applied with Textual's `App.set_keymap`; ids it does not know and values that are
not keys are reported (and skipped), never fatal. `$DOSSIER_CONFIG_DIR` overrides the
directory (see `dossier.store.paths.user_config_dir`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dossier.model.text import one_line
from dossier.store.paths import user_config_dir

KEYMAP_FILE = "keymap.yaml"
MAX_BYTES = 64 * 1024  # a keymap is a few lines; anything bigger is not one


def keymap_path() -> Path:
    return user_config_dir() / KEYMAP_FILE


def read_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The keymap in `path` (empty when there is none) and what was wrong with its form.

    Whether its ids are bindings' is for `unknown_ids`, once the screens are imported."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}, [f"{path}: larger than {MAX_BYTES // 1024} KB, not read"]
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [f"{path}: {one_line(str(error))}"]
    import yaml  # only for a reader who has a keymap: not paid on every start

    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # builds no Python objects
    except yaml.YAMLError as error:
        return {}, [f"{path}: {one_line(str(error))}"]
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [f"{path}: expected a mapping of binding id to keys"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in raw.items():
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if not isinstance(binding_id, str):
            problems.append(f"{path}: {one_line(str(binding_id))!r} is not a binding id (? lists them)")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: {binding_id}: expected keys such as 'ctrl+s' or 'n,down'")
        else:
            keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap, problems


def unknown_ids(keymap: dict[str, str], known: Iterable[str]) -> list[str]:
    """The keymap's ids that no binding has (a typo would otherwise do nothing, silently)."""
    ids = set(known)
    return [binding_id for binding_id in keymap if binding_id not in ids]
