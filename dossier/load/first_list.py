"""The people (or labs, or models) list of a dossier never opened before, in a fraction of
its load: each profile's id and name from the first events of its file (see
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


def first_rows(root: str | os.PathLike, kind: S.Kind = S.PERSON) -> list[tuple[str, str, str]]:
    """[(id, name, file)] of every profile of `kind` in the folder `root`, in the list's
    order; `file` is the profile's path in the folder."""
    folder = Path(root)
    rows: list[tuple[str, str, str]] = []
    for file in profile_files(folder, kind):
        label = first_label(folder, file)
        if label is not None:
            rows.append((*label, file.path))
        else:
            rows.extend((record.id, record.label, file.path) for record in read_file(folder, file).records)
    return rows
