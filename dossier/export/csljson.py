"""`export --format csl-json [OUT.json]`: every source as CSL-JSON, for Zotero and pandoc.

A JSON array of CSL items, one per source (see `dossier.index.csl.csl_item` for how a
source's fields map): Zotero imports it with File → Import, pandoc cites from it with
`--citeproc --bibliography sources.json`, and any citeproc renders it in any CSL style.
Needs no library: the items are plain JSON.
"""

from __future__ import annotations

import json

from dossier.index.csl import csl_items
from dossier.index.index import Index
from dossier.model.records import Dossier
from dossier.model.text import safe_json


def to_csl_json(dossier: Dossier) -> str:
    return safe_json(json.dumps(csl_items(Index(dossier)), ensure_ascii=False, indent=2)) + "\n"


def export_text(dossier: Dossier, options) -> str:
    return to_csl_json(dossier)
