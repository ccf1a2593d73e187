"""The people (or labs, or models) list of a dossier not yet loaded, in a fraction of its
load, for the screen shown while it loads.

Two ways, the first that answers:
- the list of the last load of the same files (`validate` leaves one too), kept in
  the file cache under a digest of the profile files' paths and stamps
  (`dossier.load.kept_list`): a few stats and one read, where a big dossier's load
  takes seconds;
- each profile's id and name from the first events of its file (see
  `dossier.read.first_events`), the whole file read only where those cannot tell.

The rows are shown while the dossier loads and are then replaced by the real list: same
order (the files' order, as the loader keeps it), same ids and names.
"""

from __future__ import annotations

import os
from pathlib import Path

from dossier.load.discover import profile_files
from dossier.model import schema as S
from dossier.read.file import read_file
from dossier.read.first_events import first_label

Row = tuple[str, str, str]  # (id, name, the profile's file in the folder)


def first_rows(root: str | os.PathLike, kind: S.Kind = S.PERSON, *, cache: bool = True) -> list[Row]:
    """[(id, name, file)] of every profile of `kind` in the folder `root`, in the list's order."""
    folder = Path(root)
    files = profile_files(folder, kind)
    if cache:
        # The store and the loader's code version, imported only here: a small folder's
        # names are read before the first frame, without them (start-up time).
        from dossier.load.kept_list import kept_rows

        kept = kept_rows(folder, kind, files)
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
