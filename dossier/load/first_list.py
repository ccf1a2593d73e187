"""The people (or labs, or models) list of a dossier the app has kept nothing of, in a
fraction of its load, for the screen shown while it loads: each profile's id and name
from its first line or the first events of its file (see `dossier.read.first_line`), the whole file
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
from dossier.read.first_line import UNKNOWN, name_on_first_line, read_profile_text, stem_id
from dossier.read.place import DossierFile

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
            from dossier.read.file import read_file  # the whole reader, only for such a file

            rows.extend((record.id, record.label, file.path) for record in read_file(folder, file).records)
    return rows


def first_label(root: Path, file: DossierFile) -> tuple[str, str] | None:
    """(id, name) of the profile in `file` as a full read gives them, or UNKNOWN."""
    text = read_profile_text(root, file)
    return UNKNOWN if text is None else label_of_text(file, text)


def label_of_text(file: DossierFile, text: str) -> tuple[str, str] | None:
    """(id, name) from the first line where it can tell, else from the first events."""
    stem = stem_id(file)
    if stem is None:
        return UNKNOWN
    name = name_on_first_line(file, text)
    if name is not UNKNOWN:
        return (stem, name)
    from dossier.read.first_events import label_from_events  # the YAML reader, only now

    return label_from_events(file, text, stem)
