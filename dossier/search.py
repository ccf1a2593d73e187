"""Accent- and case-insensitive search over every record, names ranked first.

An inverted index from folded words to the records (and fields) holding them; the
last word of a query also matches as a prefix so results come while one types.
"""

from __future__ import annotations

import bisect
import heapq
from array import array
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
    """Word → the records holding it, kept compact: 100,000 quotes make millions of pairs.

    Each word's posting is an array of record numbers (ascending) and a parallel byte
    string of field codes, five bytes a pair where a dict of tuples took a hundred.
    """

    def __init__(self, records: Iterable[Record]):
        self.records: list[Record] = []
        self.names: list[str] = []  # folded name or title of each record, for the exact-name bonus
        self.fields: list[str] = list(FIELD_WEIGHTS)  # field code → field name
        codes = {name: code for code, name in enumerate(self.fields)}
        weights = [FIELD_WEIGHTS[name] for name in self.fields]
        postings: dict[str, tuple[array, bytearray]] = {}
        name_postings: dict[str, tuple[array, bytearray]] = {}
        folded: dict[str, list[str]] = {}  # words of each whitespace-separated token, folded once
        for number, record in enumerate(records):
            self.records.append(record)
            self.names.append(fold(getattr(record, "name", "") or getattr(record, "title", "") or ""))
            best: dict[str, int] = {}  # word → code of its weightiest field in this record
            best_name: dict[str, int] = {}
            for field, text in searchable_fields(record):
                code = codes.get(field)
                if code is None:
                    code = codes[field] = len(self.fields)
                    self.fields.append(field)
                    weights.append(1)
                weight = weights[code]
                tables = (best, best_name) if field in SHORT_PREFIX_FIELDS else (best,)
                # Folding works character by character, so the words of a text are the
                # words of its tokens; a dossier repeats its tokens, so each is folded once.
                for token in text.split():
                    token_words = folded.get(token)
                    if token_words is None:
                        token_words = folded[token] = words(token)
                    for word in token_words:
                        for table in tables:
                            old = table.get(word)
                            if old is None or weights[old] < weight:
                                table[word] = code
            for table, found in ((postings, best), (name_postings, best_name)):
                for word, code in found.items():
                    entry = table.get(word)
                    if entry is None:
                        entry = table[word] = (array("I"), bytearray())
                    entry[0].append(number)
                    entry[1].append(code)
        self.postings = postings
        self.name_postings = name_postings
        self.vocabulary = sorted(postings)
        self.name_vocabulary = sorted(name_postings)
        # Shared (weight, field) pairs, whole-word and prefix, by field code.
        self._exact = [(float(weights[c]), name) for c, name in enumerate(self.fields)]
        self._prefix = [(weights[c] * 0.8, name) for c, name in enumerate(self.fields)]
        # Ties are broken by label; ranking every record once here keeps a query from
        # folding the labels of the thousands of quotes a common word can match.
        order = sorted(range(len(self.records)), key=lambda n: self._sort_label(self.records[n], self.names[n]))
        self.rank = array("I", bytes(4 * len(order)))
        for position, number in enumerate(order):
            self.rank[number] = position

    @staticmethod
    def _sort_label(record: Record, name: str) -> str:
        if name:
            return name
        label = getattr(record, "label", record.id)[:80]
        return label.casefold() if label.isascii() else fold(label)

    def _matches(self, word: str, prefix: bool) -> dict[int, tuple[float, str]]:
        short = len(word) < SHORT_PREFIX and prefix
        table = self.name_postings if short else self.postings
        exact = table.get(word)
        found: dict[int, tuple[float, str]] = {}
        if exact is not None:
            found = dict(zip(exact[0], map(self._exact.__getitem__, exact[1]), strict=True))
        if not prefix:
            return found
        vocabulary = self.name_vocabulary if short else self.vocabulary
        start = bisect.bisect_left(vocabulary, word)
        for vocab_word in vocabulary[start : start + 2000]:
            if not vocab_word.startswith(word):
                break
            if vocab_word == word:
                continue
            # A prefix match counts a little less than the whole word.
            numbers, codes = table[vocab_word]
            for number, pair in zip(numbers, map(self._prefix.__getitem__, codes), strict=True):
                old = found.get(number)
                if old is None or old[0] < pair[0]:
                    found[number] = pair
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
        names, rank = self.names, self.rank
        ranked = []
        for number, (score, field) in scores.items():
            label = names[number]
            if label == folded:
                score += 20  # the exact name
            elif label.startswith(folded):
                score += 5
            ranked.append((-score, rank[number], number, field))
        return [Hit(self.records[n], -negative, field) for negative, _, n, field in heapq.nsmallest(limit, ranked)]
