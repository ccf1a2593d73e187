"""Accent- and case-insensitive search over every record, names ranked first.

An inverted index from folded words to the records (and fields) holding them; the
last word of a query also matches as a prefix so results come while one types.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Record
from .text import fold, words

# How much a match in each field counts: a name beats an alias beats body text.
FIELD_WEIGHTS = {
    "id": 8, "name": 10, "title": 7, "aliases": 8, "text": 3, "translation": 2,
    "summary": 2, "note": 1, "roles": 2, "tags": 3, "kind": 1, "outlet": 1,
}  # fmt: skip
NAME_FIELDS = ("name", "title", "aliases", "id")


@dataclass(frozen=True)
class Hit:
    record: Record
    score: float
    field: str  # the best-matching field


def searchable_fields(record: Record) -> Iterable[tuple[str, str]]:
    """(field, text) pairs a record is found by."""
    yield "id", record.id.replace("-", " ")
    for name in ("name", "title", "text", "translation", "summary", "note", "kind"):
        value = getattr(record, name, "")
        if isinstance(value, str) and value:
            yield name, value
    for alias in getattr(record, "aliases", ()):
        yield "aliases", alias
    for tag in getattr(record, "tags", ()):
        yield "tags", tag
    for role in getattr(record, "roles", ()):
        if role.title:
            yield "roles", role.title


class SearchIndex:
    def __init__(self, records: Iterable[Record]):
        self.records: list[Record] = []
        postings: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
        for number, record in enumerate(records):
            self.records.append(record)
            for field, text in searchable_fields(record):
                weight = FIELD_WEIGHTS.get(field, 1)
                for word in set(words(text)):
                    best = postings[word].get(number)
                    if best is None or best[0] < weight:
                        postings[word][number] = (weight, field)
        self.postings = dict(postings)
        self.vocabulary = sorted(self.postings)

    def _matches(self, word: str, prefix: bool) -> dict[int, tuple[float, str]]:
        exact = self.postings.get(word, {})
        if not prefix:
            return exact
        found: dict[int, tuple[float, str]] = dict(exact)
        start = bisect.bisect_left(self.vocabulary, word)
        for vocab_word in self.vocabulary[start : start + 2000]:
            if not vocab_word.startswith(word):
                break
            if vocab_word == word:
                continue
            for number, (weight, field) in self.postings[vocab_word].items():
                # A prefix match counts a little less than the whole word.
                score = weight * 0.8
                if number not in found or found[number][0] < score:
                    found[number] = (score, field)
        return found

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        terms = words(query)
        if not terms:
            return []
        scores: dict[int, list] | None = None
        for position, term in enumerate(terms):
            matches = self._matches(term, prefix=position == len(terms) - 1 or len(term) >= 3)
            if scores is None:
                scores = {n: [w, f] for n, (w, f) in matches.items()}
            else:
                scores = {
                    n: [s[0] + matches[n][0], s[1] if s[1] in NAME_FIELDS else matches[n][1]]
                    for n, s in scores.items()
                    if n in matches
                }
            if not scores:
                return []
        assert scores is not None
        folded = fold(query).strip()
        hits = []
        for number, (score, field) in scores.items():
            record = self.records[number]
            label = fold(getattr(record, "name", "") or getattr(record, "title", "") or "")
            if label == folded:
                score += 20  # the exact name
            elif label.startswith(folded):
                score += 5
            hits.append(Hit(record, score, field))
        hits.sort(key=lambda h: (-h.score, _label(h.record)))
        return hits[:limit]


def _label(record: Record) -> str:
    return fold(getattr(record, "label", record.id))
