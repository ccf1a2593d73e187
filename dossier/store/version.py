"""One code-version digest for everything kept between runs.

A stored entry is only as good as the code that wrote it: each store names the modules
whose code shapes what it keeps, as the imported module objects themselves (so a
renamed or moved module is a failed import, never a silently stale name), and keeps
its entries under a digest of their source. Changed code never reads an entry that
older code wrote, even between two releases.
"""

from __future__ import annotations

import hashlib
import importlib.util
from importlib.machinery import ModuleSpec
from types import ModuleType

from dossier import __version__


def code_digest(*modules: ModuleType | str, format: int = 0) -> str:
    """A short digest of the package version, a store's format number and the source of
    `modules` (module objects, or the names of modules, found without running them);
    "" when a module's source cannot be read (run from a zip): then nothing is kept and
    everything is built afresh. A name no module has is an ImportError, as an import of
    it would be: never a stale key."""
    digest = hashlib.sha256(f"{__version__}\0{format}".encode())
    for module in modules:
        spec = _spec(module) if isinstance(module, str) else module.__spec__
        loader = spec.loader if spec is not None else None
        try:
            source = loader.get_data(spec.origin)  # type: ignore[union-attr]
        except (AttributeError, OSError, TypeError):
            return ""
        digest.update(spec.name.encode() + b"\0" + source)  # type: ignore[union-attr]
    return digest.hexdigest()[:16]


def _spec(name: str) -> ModuleSpec:
    spec = importlib.util.find_spec(name)
    if spec is None:
        raise ImportError(f"no module named {name!r}", name=name)
    return spec
