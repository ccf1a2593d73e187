"""The people list of the last load, kept in the file cache for the next first open
(see `dossier.load.first_list`), under a digest of the profile files' paths and stamps."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dossier.load.shaping import CACHE_VERSION
from dossier.model import schema as S
from dossier.model.records import Dossier
from dossier.read.file import DossierFile
from dossier.store.files import FileCache
from dossier.store.stats import Stamp, stats_under

TABLE = "names"
Row = tuple[str, str, str]  # (id, name, the profile's file in the folder)


def names_key(kind: S.Kind, stats: dict[str, Stamp | None]) -> bytes:
    """What a kind's list depends on: its files' paths and stamps, in their order."""
    return hashlib.sha256(repr((kind.name, list(stats.items()))).encode("utf-8", "surrogateescape")).digest()


def keep_rows(store: FileCache, kind: S.Kind, stats: dict[str, Stamp | None], dossier: Dossier) -> None:
    """After a load of unchanged files (`stats`: every file's stamp), keep its list of `kind`."""
    paths = [path for path in stats if path.startswith(kind.folder + "/")]
    key = names_key(kind, {path: stats[path] for path in paths})
    if store.get_summary(key, TABLE) is not None:
        return
    records = {"person": dossier.people, "lab": dossier.labs, "model": dossier.models}[kind.name]
    store.put_summary(key, tuple((record.id, record.label, record.loc.file) for record in records), TABLE)


def kept_rows(folder: Path, kind: S.Kind, files: list[DossierFile]) -> list[Row] | None:
    """The list kept by the last load of exactly these `files` as they are now, or None."""
    key = names_key(kind, stats_under(folder, [file.path for file in files]))
    store = FileCache(folder, CACHE_VERSION, files=False)
    try:
        kept = store.get_summary(key, TABLE)
    finally:
        store.close()
    if not isinstance(kept, tuple) or not all(
        isinstance(row, tuple) and len(row) == 3 and all(isinstance(part, str) for part in row) for row in kept
    ):
        return None
    return list(kept)
