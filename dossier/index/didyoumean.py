"""Did-you-mean for a search that found nothing: the nearest names and aliases.

Compared folded (case and accents do not count: `zuckerburg` and `Zuckerbérg` are the
same guess), against each whole name or alias and against each of their longer words,
so that a misspelt surname alone still finds the person.
"""

from __future__ import annotations

from collections.abc import Sequence

from dossier.model.records import Record
from dossier.model.suggest import nearest
from dossier.model.text import fold

# Words shorter than this ("de", "ai") are too common in names to guess from.
SHORTEST_NAME_WORD = 4
CUTOFF = 0.75  # how alike (difflib's ratio) a guess must be


def name_keys(records: Sequence[Record]) -> dict[str, list[int]]:
    """Folded name, alias, and each longer word of them → the numbers of the records
    (places in `records`) that carry it."""
    keys: dict[str, list[int]] = {}
    for number, record in enumerate(records):
        name = getattr(record, "name", "")
        if not name:
            continue
        for text in (name, *getattr(record, "aliases", ())):
            folded = " ".join(fold(text).split())
            for key in {folded, *(word for word in folded.split() if len(word) >= SHORTEST_NAME_WORD)}:
                numbers = keys.setdefault(key, [])
                if number not in numbers:
                    numbers.append(number)
    return keys


def suggest(records: Sequence[Record], keys: dict[str, list[int]], query: str, limit: int = 3) -> list[Record]:
    """The named records whose name or alias is nearest the query (as a whole, or else
    word by word), best first."""
    folded = " ".join(fold(query).split())
    if not folded:
        return []
    guesses = nearest(folded, keys, limit * 2, CUTOFF)
    if not guesses:
        for word in folded.split():
            if len(word) >= SHORTEST_NAME_WORD:
                guesses += nearest(word, keys, limit, CUTOFF)
    found: dict[str, Record] = {}
    for guess in guesses:
        for number in keys[guess]:
            found.setdefault(records[number].id, records[number])
    return list(found.values())[:limit]
