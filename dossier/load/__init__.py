"""Loading a whole dossier folder: discovery, parallel reading, the file cache, assembly, cross-file checks, reload.

Imports `dossier.index`, `dossier.store`, `dossier.read` and `dossier.model`.
"""

from dossier.load.assemble import LoadResult
from dossier.load.loader import check_folder, load_dossier
from dossier.load.verdict import CheckResult

__all__ = ["CheckResult", "LoadResult", "check_folder", "load_dossier"]
