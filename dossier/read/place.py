"""Where a dossier file sits and how much of it is read: its path in the folder, the kind
of its records, the size bound. Kept apart from the reader so that what only lists
files (the folder's walk, the first frame's names) does not load the YAML reader."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.model import schema as S

YAML_SUFFIXES = (".yaml", ".yml")
TIMELINE = "timeline"
MAX_FILE_BYTES = 8 * 1024 * 1024  # a file over this is reported, never read


@dataclass(frozen=True)
class DossierFile:
    path: str  # relative, forward slashes
    kind: S.Kind
    many: bool  # a list of records (the timeline) rather than one profile
