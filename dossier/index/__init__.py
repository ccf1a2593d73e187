"""What is computed from a loaded dossier: links and backlinks, search, citations, density.

Handed a dossier (and, for search, what the loader found stored): imports `dossier.read` and `dossier.model`, never the store.

`Index` is imported on first use, not with the package: the digest of the code the
cache keeps (`dossier.load.shaping`) finds these modules' sources without running them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dossier.index.index import Index

__all__ = ["Index"]


def __getattr__(name: str):
    if name != "Index":
        raise AttributeError(f"module 'dossier.index' has no attribute {name!r}")
    from dossier.index.index import Index

    return Index
