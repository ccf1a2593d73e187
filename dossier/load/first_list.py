"""The people (or labs, or models) list of a dossier not yet loaded, in a fraction of its
load, for the screen shown while it loads.

Two ways, the first that answers:
- the list of the last load of the same files (`validate` leaves one too), kept in
  the file cache under a digest of the profile files' paths and stamps: a few stats
  and one read, where a big dossier's load takes seconds;
- each profile's id and name from the first events of its file (see
  `dossier.read.first_events`), the whole file read only where those cannot tell.

The rows are shown while the dossier loads and are then replaced by the real list: same
order (the files' order, as the loader keeps it), same ids and names.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from dossier.load.discover import profile_files
from dossier.load.shaping import CACHE_VERSION
from dossier.model import schema as S
from dossier.model.records import Dossier
from dossier.read.file import DossierFile, read_file
from dossier.read.first_events import first_label
from dossier.store.files import FileCache
from dossier.store.stats import Stamp, stats_under

Row = tuple[str, str, str]  # (id, name, the profile's file in the folder)
TABLE = "names"


def first_rows(root: str | os.PathLike, kind: S.Kind = S.PERSON, *, cache: bool = True) -> list[Row]:
    """[(id, name, file)] of every profile of `kind` in the folder `root`, in the list's order."""
    folder = Path(root)
    files = profile_files(folder, kind)
    if cache:
        kept = _kept_rows(folder, kind, files)
        if kept is not None:
            return kept
    rows: list[Row] = []
    for file in files:
        label = first_label(folder, file)
        if label is not None:
            rows.append((*label, file.path))
        else:
            rows.extend((record.id, record.label, file.path) for record in read_file(folder, file).records)
    return rows


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


def _kept_rows(folder: Path, kind: S.Kind, files: list[DossierFile]) -> list[Row] | None:
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
