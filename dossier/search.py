"""Accent- and case-insensitive search over every record, names ranked first.

An inverted index from folded words to the records (and fields) holding them; the
last word of a query also matches as a prefix so results come while one types.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from array import array
from collections.abc import Iterable, Mapping
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
# How many tokens' folded words the build keeps at once. A dossier repeats its common
# tokens, which are soon folded again after the cache is emptied, while its rare ones
# (most of 100,000 at the largest size) would otherwise hold 30 MB until the end.
FOLDED_TOKENS_KEPT = 40_000


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
    """Word → the records holding it, kept compact and pre-ranked.

    Records are numbered in label order, so that a number is also its place among
    equal scores. A word's posting holds, for each field it occurs in, the array of
    record numbers (ascending): four bytes a record where a dict of tuples took a
    hundred, and already in the order results are shown, so the best of a common
    word's 70,000 matches are read off the front rather than sorted.
    """

    def __init__(self, records: Iterable[Record]):
        records = list(records)
        names = [fold(getattr(r, "name", "") or getattr(r, "title", "") or "") for r in records]
        order = sorted(range(len(records)), key=lambda n: _sort_label(records[n], names[n]))
        self.records: list[Record] = [records[n] for n in order]
        self.names: list[str] = [names[n] for n in order]  # folded name or title, for the name bonus
        # Names in label order are sorted among themselves: bisect finds those a query starts.
        self.named = array("I", (n for n, name in enumerate(self.names) if name))
        self.named_names = [self.names[n] for n in self.named]
        self.fields: list[str] = list(FIELD_WEIGHTS)  # field code → field name
        codes = {name: code for code, name in enumerate(self.fields)}
        weights = [FIELD_WEIGHTS[name] for name in self.fields]
        postings: dict[str, list] = {}
        name_postings: dict[str, list] = {}
        folded: dict[str, list[str]] = {}  # words of each whitespace-separated token, folded once
        for number, record in enumerate(self.records):
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
                        if len(folded) >= FOLDED_TOKENS_KEPT:
                            folded.clear()
                        token_words = folded[token] = words(token)
                    for word in token_words:
                        for table in tables:
                            old = table.get(word)
                            if old is None or weights[old] < weight:
                                table[word] = code
            for table, found in ((postings, best), (name_postings, best_name)):
                for word, code in found.items():
                    # Per word, [code, numbers, code, numbers, ...]: most words occur in
                    # one field only, and a short list takes a third of a dict.
                    by_code = table.get(word)
                    if by_code is None:
                        table[word] = [code, array("I", (number,))]
                        continue
                    for at in range(0, len(by_code), 2):
                        if by_code[at] == code:
                            by_code[at + 1].append(number)
                            break
                    else:
                        by_code += (code, array("I", (number,)))
        del folded
        # Per word, (weight, field, numbers) from the weightiest field down, converted in
        # place so the building dicts are freed as the compact tuples are made. The
        # numbers are kept as bytes, as a restored index keeps them, until a query reads
        # them (`_posting`): 80,000 exact bytes take 30 MB less than as many arrays.
        float_weights = [float(weight) for weight in weights]  # one float per field, shared
        for table in (postings, name_postings):
            for word, by_code in table.items():
                table[word] = _groups(by_code, float_weights, self.fields)  # type: ignore[assignment]
        self.postings: dict[str, tuple] = postings  # type: ignore[assignment]
        self.name_postings: dict[str, tuple] = name_postings  # type: ignore[assignment]
        self.vocabulary = sorted(self.postings)
        self.name_vocabulary = sorted(self.name_postings)

    # -- kept between runs (see `dossier.search_store`) -----------------------------
    def to_state(self) -> tuple:
        """The index as plain values marshal can write: records by id, and the tables
        as they are, since marshal writes an array as the bytes it holds (read back as
        bytes, see `from_state`). No copy is made: at 100,000 quotes a copy of every
        posting list would add tens of MB to the peak while the index is stored."""
        return (
            self.fields, [record.id for record in self.records], self.names, self.named,
            self.postings, self.name_postings, self.vocabulary, self.name_vocabulary,
        )  # fmt: skip

    @classmethod
    def from_state(cls, state, by_id: Mapping[str, Record]) -> SearchIndex | None:
        """The index `to_state` described, over the records of `by_id`; None if it does
        not fit them (a record missing, a malformed state): the caller builds afresh."""
        try:
            fields, ids, names, named, postings, name_postings, vocabulary, name_vocabulary = state
            if len(ids) != len(by_id) or len(names) != len(ids):
                return None
            index = cls.__new__(cls)
            index.records = [by_id[record_id] for record_id in ids]
            index.names = names
            index.named = array("I", named)
            index.named_names = [names[n] for n in index.named]
            index.fields = fields
            if not isinstance(postings, dict) or not isinstance(name_postings, dict):
                return None
            # Posting lists stay bytes until a query reads them (see `_posting`): a large
            # dossier's 80,000 lists would take longer to convert than to read.
            index.postings = postings
            index.name_postings = name_postings
            index.vocabulary = vocabulary
            index.name_vocabulary = name_vocabulary
            if index.named and index.named[-1] >= len(ids):
                return None
            return index
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def _posting(self, table: dict[str, tuple], word: str) -> tuple:
        """`table[word]`, its numbers made arrays on first use (built and restored, they are bytes)."""
        groups = table.get(word, ())
        if not groups or isinstance(groups[0][2], array):
            return groups
        count = len(self.records)
        try:
            converted = tuple((float(w), f, array("I", data)) for w, f, data in groups)
        except (TypeError, ValueError):
            converted = ()
        # A number past the records (lists are ascending: the last is the largest)
        # would fail later; such a list is left out, as if the cache had missed it.
        converted = tuple(group for group in converted if not group[2] or group[2][-1] < count)
        table[word] = converted
        return converted

    def _groups(self, word: str, prefix: bool) -> list[tuple[float, str, array]]:
        """(score, field, numbers) of every way `word` matches, best score first."""
        short = len(word) < SHORT_PREFIX and prefix
        table = self.name_postings if short else self.postings
        groups = list(self._posting(table, word))
        if prefix:
            vocabulary = self.name_vocabulary if short else self.vocabulary
            start = bisect.bisect_left(vocabulary, word)
            for vocab_word in vocabulary[start : start + 2000]:
                if not vocab_word.startswith(word):
                    break
                if vocab_word != word:
                    # A prefix match counts a little less than the whole word.
                    groups += [
                        (weight * 0.8, field, numbers) for weight, field, numbers in self._posting(table, vocab_word)
                    ]
        groups.sort(key=lambda group: -group[0])
        return groups

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        terms = words(query)
        if not terms or limit <= 0:
            return []
        per_term = [self._groups(term, prefix=n == len(terms) - 1 or len(term) >= 3) for n, term in enumerate(terms)]
        if not all(per_term):
            return []
        folded = fold(query).strip()
        if len(per_term) == 1:
            scores = self._best_of(per_term[0], limit)
            for number in self._named_starting(folded):
                if number not in scores:
                    found = _lookup(per_term[0], number)
                    if found is not None:
                        scores[number] = found
        else:
            scores = self._intersect(per_term)
        ranked = []
        names = self.names
        for number, (score, field) in scores.items():
            label = names[number]
            if label == folded:
                score += 20  # the exact name
            elif label.startswith(folded):
                score += 5
            ranked.append((-score, number, field))
        return [Hit(self.records[n], -negative, field) for negative, n, field in heapq.nsmallest(limit, ranked)]

    def _best_of(self, groups, limit: int) -> dict[int, tuple[float, str]]:
        """The first `limit` records in (score, label) order, without looking at the rest."""
        best: dict[int, tuple[float, str]] = {}
        for score, level in itertools.groupby(groups, key=lambda group: group[0]):
            streams = [zip(numbers, itertools.repeat(field)) for _, field, numbers in level]
            for number, field in heapq.merge(*streams):
                if number not in best:
                    best[number] = (score, field)
                    if len(best) >= limit:
                        return best
        return best

    def _named_starting(self, folded: str, cap: int = 500) -> list[int]:
        """Records whose name or title starts with the query (they get a bonus)."""
        start = bisect.bisect_left(self.named_names, folded)
        found = []
        for position in range(start, min(start + cap, len(self.named_names))):
            if not self.named_names[position].startswith(folded):
                break
            found.append(self.named[position])
        return found

    def _intersect(self, per_term) -> dict[int, tuple[float, str]]:
        matches = []
        for groups in per_term:
            found: dict[int, tuple[float, str]] = {}
            for score, field, numbers in reversed(groups):  # weightiest last, so it wins
                found.update(zip(numbers, itertools.repeat((score, field))))
            matches.append(found)
        common = set(min(matches, key=len))
        for found in matches:
            common.intersection_update(found.keys())
        scores = {}
        for number in common:
            total, field = 0.0, ""
            for found in matches:
                score, this_field = found[number]
                total += score
                field = field if field in NAME_FIELDS else this_field
            scores[number] = (total, field)
        return scores


def _groups(by_code: list, weights: list[float], fields: list[str]) -> tuple:
    """(weight, field, numbers as bytes) of each field of a word, weightiest first, from
    the building list [code, numbers, code, numbers, ...]."""
    groups = [
        (weights[by_code[at]], fields[by_code[at]], by_code[at + 1].tobytes()) for at in range(0, len(by_code), 2)
    ]
    if len(groups) > 1:
        groups.sort(key=lambda group: -group[0])
    return tuple(groups)


def _lookup(groups, number: int) -> tuple[float, str] | None:
    """The best (score, field) with which `number` is among `groups`, if it is."""
    for score, field, numbers in groups:
        at = bisect.bisect_left(numbers, number)
        if at < len(numbers) and numbers[at] == number:
            return (score, field)
    return None


def _sort_label(record: Record, name: str) -> str:
    if name:
        return name
    label = getattr(record, "label", record.id)[:80]
    return label.casefold() if label.isascii() else fold(label)
