"""The version of everything the loader keeps in the file cache.

An entry holds what these modules made of a file (the reader, the converter, the
records) or of a whole dossier (the checks, the assembly, the verdict, the links);
named as module objects so that a rename is an import error here, never a stale key.
"""

from __future__ import annotations

from dossier.index import evidence, index, links, strength
from dossier.load import assemble, checks, discover, evidence_checks, parallel, verdict
from dossier.model import dates, frozen, problems, records, schema, text
from dossier.read import block_lines, block_style, block_values, convert, file, scalars, yamlnodes
from dossier.store import files
from dossier.store.version import code_digest

FORMAT = 1  # raise to drop every entry without a code change

CACHE_VERSION = code_digest(
    files, checks, evidence_checks, evidence, strength, convert, dates, frozen, index, links, assemble, discover,
    parallel, verdict, records, problems, schema, text, yamlnodes, block_lines, block_style, block_values, scalars, file,
    format=FORMAT,
)  # fmt: skip
