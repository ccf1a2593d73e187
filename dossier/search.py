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
# A prefix of one or two letters matches a good part of any vocabulary; while the user
# has typed only that much, it is matched against names and titles alone.
SHORT_PREFIX = 3
SHORT_PREFIX_FIELDS = ("name", "title", "aliases")


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
        self.names: list[str] = []  # folded name or title of each record, for the exact-name bonus
        postings: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
        name_postings: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
        folded: dict[str, list[str]] = {}  # words of each whitespace-separated token, folded once
        for number, record in enumerate(records):
            self.records.append(record)
            self.names.append(fold(getattr(record, "name", "") or getattr(record, "title", "") or ""))
            for field, text in searchable_fields(record):
                weight = FIELD_WEIGHTS.get(field, 1)
                found: set[str] = set()
                # Folding works character by character, so the words of a text are the
                # words of its tokens; a dossier repeats its tokens, so each is folded once.
                for token in text.split():
                    token_words = folded.get(token)
                    if token_words is None:
                        token_words = folded[token] = words(token)
                    found.update(token_words)
                for table in (postings, name_postings) if field in SHORT_PREFIX_FIELDS else (postings,):
                    for word in found:
                        posting = table[word]
                        best = posting.get(number)
                        if best is None or best[0] < weight:
                            posting[number] = (weight, field)
        self.postings = dict(postings)
        self.vocabulary = sorted(self.postings)
        self.name_postings = dict(name_postings)
        self.name_vocabulary = sorted(self.name_postings)
        self._sort_labels: dict[int, str] = {}

    def _matches(self, word: str, prefix: bool) -> dict[int, tuple[float, str]]:
        short = len(word) < SHORT_PREFIX and prefix
        table = self.name_postings if short else self.postings
        exact = table.get(word, {})
        if not prefix:
            return exact
        found: dict[int, tuple[float, str]] = dict(exact)
        vocabulary = self.name_vocabulary if short else self.vocabulary
        start = bisect.bisect_left(vocabulary, word)
        for vocab_word in vocabulary[start : start + 2000]:
            if not vocab_word.startswith(word):
                break
            if vocab_word == word:
                continue
            for number, (weight, field) in table[vocab_word].items():
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
        names = self.names
        ranked = []
        for number, (score, field) in scores.items():
            label = names[number]
            if label == folded:
                score += 20  # the exact name
            elif label.startswith(folded):
                score += 5
            ranked.append((score, number, field))
        # Order by score, then by label; labels are folded only for the hits that can
        # make the cut (a common word can match tens of thousands of quotes).
        ranked.sort(key=lambda item: -item[0])
        if len(ranked) > limit:
            cutoff = ranked[limit - 1][0]
            ranked = [item for item in ranked if item[0] >= cutoff]
        ranked.sort(key=lambda item: (-item[0], self._sort_label(item[1])))
        return [Hit(self.records[number], score, field) for score, number, field in ranked[:limit]]

    def _sort_label(self, number: int) -> str:
        label = self._sort_labels.get(number)
        if label is None:
            # The first 80 characters order a quote as well as its whole text does.
            label = self._sort_labels[number] = _label(self.records[number])[:80]
        return label


def _label(record: Record) -> str:
    return fold(getattr(record, "label", record.id)[:100])
