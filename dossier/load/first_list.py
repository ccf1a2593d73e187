"""The people (or labs, or models) list of a dossier the app has kept nothing of, in a
fraction of its load, for the screen shown while it loads: each profile's id and name
from the first events of its file (see `dossier.read.first_events`), the whole file
read only where those cannot tell. (After a `validate`, or any load, the loader has left
the names as the app's first screen: `dossier.store.first_screen.leave_first_names`.)

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


def first_rows(root: str | os.PathLike, kind: S.Kind = S.PERSON) -> list[Row]:
    """[(id, name, file)] of every profile of `kind` in the folder `root`, in the list's order."""
    folder = Path(root)
    files = profile_files(folder, kind)
    rows: list[Row] = []
    for file in files:
        label = first_label(folder, file)
        if label is not None:
            rows.append((*label, file.path))
        else:
            rows.extend((record.id, record.label, file.path) for record in read_file(folder, file).records)
    return rows
