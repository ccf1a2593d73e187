"""Accent- and case-insensitive search over every record: one ranking for the CLI, the
app and the exported HTML site.

An inverted index from folded words to the records (and fields) holding them. Every
word of a query must match, each as a whole word in any field; the last word (the one
being typed) and any word of `SHORT_PREFIX` letters or more also match as the start of
a longer word, a little below the whole word. A record's score is the sum, over the
query's words, of the weight of the best field it matched in (`FIELD_WEIGHTS`: names
and aliases, then titles, then body text), plus a bonus when its name (a person's, a
lab's, a model's; not a title) is the query or starts with it; equal scores keep label order. The HTML site ships these very
postings and weights, and its script adds them up the same way (`dossier.export.site_search`).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dossier.index import didyoumean
from dossier.index.fields import FIELD_WEIGHTS, NAME_FIELDS
from dossier.index.gather import by_word, forget_recurring, name_tables
from dossier.index.gather_forked import ordered_and_gathered
from dossier.index.names import Among, FoldedNames
from dossier.index.postings import Postings
from dossier.model.longlived import release_free_memory
from dossier.model.records import Record
from dossier.model.text import fold, query_words

# A prefix of one or two letters matches a good part of any vocabulary: such a short
# word matches every field as the whole word, and the start of names and titles only.
SHORT_PREFIX = 3  # (the fields whose starts a shorter word matches: `fields.SHORT_PREFIX_FIELDS`)
PREFIX_FACTOR = 0.8  # a word matched by its start counts a little less than the whole word
PREFIX_WORDS = 2000  # longer words looked at for one prefix, at most
CHUNK_BYTES = 1 << 18  # posting lists packed in chunks of about this many bytes
EXACT_NAME_BONUS = 20  # the record's name is the query
NAME_START_BONUS = 5  # its name starts with the query


@dataclass(frozen=True)
class Hit:
    record: Record
    score: float
    field: str  # the best-matching field


class SearchIndex:
    """Word → the records holding it, kept compact and pre-ranked.

    Records are numbered in label order, so that a number is also its place among
    equal scores. A word's posting holds, for each field it occurs in, the array of
    record numbers (ascending): four bytes a record where a dict of tuples took a
    hundred, and already in the order results are shown, so the best of a common
    word's 70,000 matches are read off the front rather than sorted.
    """

    def __init__(self, records: Iterable[Record], processes: int | None = None):
        self.records: list[Record]
        self.names: FoldedNames  # folded name or title, for the name bonus
        self.positions: array  # where each record was in `records` (see `dossier.search_store`)
        # In label order, with the tables of every record's words, each in the field of it
        # that weighs most (a large dossier's in two processes: `processes` says how many,
        # if not left to it).
        self.records, self.names, self.positions, postings = ordered_and_gathered(list(records), _label_keys, processes)
        # Names in label order are sorted among themselves: bisect finds those a query starts.
        self.named = self.names.named()
        self.named_names = Among(self.names, self.named)
        self.fields: list[str] = list(FIELD_WEIGHTS)  # field code → field name
        weights = [FIELD_WEIGHTS[name] for name in self.fields]
        forget_recurring()
        name_postings = name_tables(postings)
        self.weights: list[float] = [float(weight) for weight in weights]  # by field code
        # Packed word by word in vocabulary order, each word's building entry freed (or
        # kept as it is) as soon as it is packed, so two forms are never held whole.
        self.postings, self.name_postings = (
            Postings.packed(by_word(tables), self.weights, CHUNK_BYTES, release_free_memory)
            for tables in (postings, name_postings)
        )

    @classmethod
    def restored(
        cls, records: list[Record], positions: array, names: FoldedNames, named: array, fields: list[str],
        weights: list[float], postings: Postings, name_postings: Postings,
    ) -> SearchIndex:  # fmt: skip
        """The index of these tables, as an earlier build made them (see `dossier.search_store`)."""
        index = cls.__new__(cls)
        index.records = records
        index.positions = positions
        index.names = names
        index.named = named
        index.named_names = Among(names, named)
        index.fields = fields
        index.weights = weights
        index.postings = postings
        index.name_postings = name_postings
        return index

    def posting(self, postings: Postings, position: int) -> list[tuple[float, str, array]]:
        """(weight, field, numbers) of the word at `position`, weightiest field first."""
        values = postings.values(position)
        fields, weights, count = self.fields, self.weights, len(self.records)
        try:
            groups = values[0]
            at = 1 + 2 * groups
            found = []
            for header in range(1, at, 2):
                code, size = values[header], values[header + 1]
                numbers = values[at : at + size]
                at += size
                # A code or a number out of range (only a damaged entry holds one) would
                # fail later: such a group is left out, as if the cache had missed it.
                if code < len(fields) and len(numbers) == size and (not size or numbers[-1] < count):
                    found.append((weights[code], fields[code], numbers))
            return found
        except IndexError:
            return []

    def _groups(self, word: str, prefix: bool) -> list[tuple[float, str, array]]:
        """(score, field, numbers) of every way `word` matches, best score first: as a
        whole word in every field, and if `prefix`, as the start of longer words (of
        names and titles only, for a word shorter than SHORT_PREFIX)."""
        groups = []
        vocabulary = self.postings.words
        start = bisect.bisect_left(vocabulary, word)
        if start < len(vocabulary) and vocabulary[start] == word:
            groups += self.posting(self.postings, start)
        if prefix:
            postings = self.name_postings if len(word) < SHORT_PREFIX else self.postings
            for position in prefixed(postings.words, word):
                groups += [
                    (weight * PREFIX_FACTOR, field, numbers)
                    for weight, field, numbers in self.posting(postings, position)
                ]
        groups.sort(key=lambda group: -group[0])
        return groups

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        terms = query_words(query)
        if not terms or limit <= 0:
            return []
        last = len(terms) - 1
        per_term = [self._groups(term, prefix=n == last or len(term) >= SHORT_PREFIX) for n, term in enumerate(terms)]
        if not all(per_term):
            return []
        folded = whole_query(query)
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
        records, text, ends, size = self.records, self.names.text, self.names.ends, len(folded)
        for number, (score, field) in scores.items():
            # The name is compared where it stands in the names' text, not cut out of it.
            start, end = ends[number - 1] if number else 0, ends[number]
            # Names only: a title that starts with a surname must not pass the person.
            if end > start and getattr(records[number], "name", "") and text.startswith(folded, start, end):
                score += EXACT_NAME_BONUS if end - start == size else NAME_START_BONUS
            ranked.append((-score, number, field))
        return [Hit(self.records[n], -negative, field) for negative, n, field in heapq.nsmallest(limit, ranked)]

    @functools.cached_property
    def _name_keys(self) -> dict[str, list[int]]:
        return didyoumean.name_keys(self.records)

    def suggest(self, query: str, limit: int = 3) -> list[Record]:
        """For a query that found nothing: the records whose name or alias is nearest it."""
        return didyoumean.suggest(self.records, self._name_keys, query, limit)

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
        text, ends, named = self.names.text, self.names.ends, self.named
        for position in range(start, min(start + cap, len(named))):
            number = named[position]
            if not text.startswith(folded, ends[number - 1] if number else 0, ends[number]):
                break
            found.append(number)
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


def _label_keys(records: Sequence[Record], numbers: Iterable[int]) -> tuple[list[str], list[str]]:
    """The folded names (or titles, "" for none) of the records at `numbers`, and the
    labels they are put in order by."""
    taken = [records[number] for number in numbers]
    names = [fold(getattr(record, "name", "") or getattr(record, "title", "") or "") for record in taken]
    return names, list(map(_sort_label, taken, names))


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


def prefixed(vocabulary: list[str], word: str) -> range:
    """Positions of the words of a sorted vocabulary that `word` starts and is not, at
    most PREFIX_WORDS of them."""
    start = bisect.bisect_left(vocabulary, word)
    if start < len(vocabulary) and vocabulary[start] == word:
        start += 1
    end = min(start + PREFIX_WORDS, len(vocabulary))
    stop = bisect.bisect_left(vocabulary, word + "\U0010ffff", start, end)
    return range(start, stop)


def whole_query(query: str) -> str:
    """The query as a name is compared with it for the name bonus: folded, its spaces
    made single."""
    return " ".join(fold(query).split())
