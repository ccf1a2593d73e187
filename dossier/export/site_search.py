"""The HTML site's search index: the very postings, weights and rules of the app's.

`dossier.index.search` ranks for the CLI and the app; the site's script (site/search.js)
is handed the same index, word by word, with the numbers that rule it (field weights,
the prefix factor, the name bonuses), and adds the scores up as `SearchIndex.search`
does, so that a query's hits come in the same order in the three.
"""

from __future__ import annotations

import json

from dossier.export.pages import page_path, short
from dossier.index import search as S
from dossier.index.postings import Postings
from dossier.index.search import SearchIndex

TITLE_LENGTH = 100  # characters of a record's label shown in the results


def _table(index: SearchIndex, postings: Postings, codes: dict[str, int]) -> list:
    """Each word's posting as [field code, [record numbers]], [...], weightiest first."""
    return [
        [[codes[field], list(numbers)] for _, field, numbers in index.posting(postings, position)]
        for position in range(len(postings.words))
    ]


def site_search_data(index: SearchIndex) -> dict:
    """The index as plain values for the script: records in label order (the order of
    equal scores), their folded names (none for a record with a title), and both vocabularies with their postings."""
    codes = {field: code for code, field in enumerate(index.fields)}
    return {
        "records": [[f"{page_path(r)}.html", r.kind_name, short(r.label, TITLE_LENGTH)] for r in index.records],
        # Only names earn the name bonus (see `SearchIndex.search`); titles are left out.
        "names": [name if getattr(r, "name", "") else "" for name, r in zip(index.names, index.records, strict=True)],
        "weights": index.weights,
        "words": index.postings.words,
        "postings": _table(index, index.postings, codes),
        "nameWords": index.name_postings.words,
        "namePostings": _table(index, index.name_postings, codes),
        "rules": {
            "shortPrefix": S.SHORT_PREFIX,
            "prefixFactor": S.PREFIX_FACTOR,
            "prefixWords": S.PREFIX_WORDS,
            "exactNameBonus": S.EXACT_NAME_BONUS,
            "nameStartBonus": S.NAME_START_BONUS,
        },
    }


def site_search_script(index: SearchIndex) -> str:
    """`window.DOSSIER_SEARCH = {...};` for search.js (a script file, which a file://
    page may load where fetch() is refused)."""
    return "window.DOSSIER_SEARCH = " + json.dumps(site_search_data(index), ensure_ascii=True) + ";\n"
