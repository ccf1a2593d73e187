"""The version of everything the loader keeps in the file cache.

An entry holds what these modules made of a file (the reader, the converter, the
records) or of a whole dossier (the checks, the assembly, the verdict, the links);
named by their names, whose sources are found without running them (a warm `validate`
imports none of them), and a name no module has is an import error here, never a stale
key.
"""

from __future__ import annotations

from dossier.store.version import code_digest

FORMAT = 1  # raise to drop every entry without a code change

CACHE_VERSION = code_digest(
    *(f"dossier.{name}" for name in (
        "store.files", "load.checks", "load.evidence_checks", "index.evidence", "index.strength", "read.convert",
        "model.dates", "model.frozen", "index.index", "index.links", "load.assemble", "load.discover",
        "load.parallel", "load.verdict", "model.records", "model.problems", "model.schema", "model.text",
        "read.yamlnodes", "read.block_lines", "read.block_style", "read.block_values", "read.scalars", "read.file",
    )),
    format=FORMAT,
)  # fmt: skip
