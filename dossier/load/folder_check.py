"""`check_folder`: the verdict on a dossier folder, as `validate` asks it.

Kept apart from the loader, which it imports only when the stored verdict does not
answer: a warm `validate` stats the files, reads the verdict and prints its lines,
and importing the reader, the records, the checks and the index first was a third of
its time.
"""

from __future__ import annotations

import os
from pathlib import Path

from dossier.load.discover import discover
from dossier.load.shaping import CACHE_VERSION
from dossier.load.verdict import CheckResult, _stored_verdict, _verdict_key
from dossier.model.longlived import long_lived
from dossier.store.files import FileCache
from dossier.store.stats import stats_under


def check_folder(root: str | os.PathLike, *, cache: bool = True, printed: bool = False) -> CheckResult:
    """The problems and record counts `load_dossier` would give, from the cache when
    no file of the dossier (nor any archived text it checks quotes against) changed.
    `printed`: its problems are to be printed (`CheckResult.lines`), as `validate`
    does; read back from the cache, they are then restored only if asked for."""
    root_path = Path(root)
    if not cache or not root_path.is_dir():
        from dossier.load import loader  # (here, not above: only a miss needs it)

        return CheckResult.of(loader.load_dossier(root_path, cache=cache))
    files, layout = discover(root_path)
    stats = stats_under(root_path, [f.path for f in files])
    store = FileCache(root_path, CACHE_VERSION, files=False)  # the verdict alone: no file's key is read
    try:
        verdict = _stored_verdict(store, root_path, _verdict_key(stats, layout), printed=printed)
    finally:
        store.close()
    if verdict is not None:
        return verdict
    from dossier.load import loader

    with long_lived():
        loaded = loader._load_cached(root_path, files, layout, None, loader._Meter(None, len(files)), links=False)
    return CheckResult.of(loaded)
