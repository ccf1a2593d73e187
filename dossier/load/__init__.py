"""Loading a whole dossier folder: discovery, parallel reading, the file cache, assembly, cross-file checks, reload.

Imports `dossier.index`, `dossier.store`, `dossier.read` and `dossier.model`.

The package's names are imported on first use, not with the package: the app's first
screen reads a list of names through `dossier.load.first_list` before anything of the
loader (the store, the index, the workers) is needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dossier.load.assemble import LoadResult
    from dossier.load.folder_check import check_folder
    from dossier.load.loader import load_dossier
    from dossier.load.verdict import CheckResult

__all__ = ["CheckResult", "LoadResult", "check_folder", "load_dossier"]
_HOMES = {
    "CheckResult": "dossier.load.verdict",
    "LoadResult": "dossier.load.assemble",
    "check_folder": "dossier.load.folder_check",
    "load_dossier": "dossier.load.loader",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'dossier.load' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
