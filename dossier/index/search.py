"""Accent- and case-insensitive search over every record, names ranked first.

An inverted index from folded words to the records (and fields) holding them; the
last word of a query also matches as a prefix so results come while one types.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dossier.model.records import Record
from dossier.model.text import fold, words

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
# (most of 100,000 at the largest size) would otherwise hold 30 MB until the end. At
# 100,000 quotes, keeping 40,000 rather than 10,000 held 8 MB more at the build's peak
# and saved no time that could be measured.
FOLDED_TOKENS_KEPT = 10_000
# Posting lists are packed as unsigned 32-bit numbers (see `Postings`).
U32 = "I" if array("I").itemsize == 4 else "L"


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
        self.records: list[Record]
        self.names: list[str]  # folded name or title, for the name bonus
        self.positions: array  # where each record was in `records` (see `dossier.search_store`)
        self.records, self.names, self.positions = _in_label_order(records)
        # Names in label order are sorted among themselves: bisect finds those a query starts.
        self.named = array(U32, (n for n, name in enumerate(self.names) if name))
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
                    # Most words occur in one field only: their numbers are kept as the
                    # posting they will be (see `Postings`), [1, code, count, numbers...],
                    # the count filled in once done, so that nothing is copied to pack
                    # them. The others are [code, numbers, code, numbers, ...].
                    entry = table.get(word)
                    if entry is None:
                        table[word] = array(U32, (1, code, 0, number))
                    elif type(entry) is array:
                        if entry[1] == code:
                            entry.append(number)
                        else:
                            table[word] = [entry[1], entry[3:], code, array(U32, (number,))]
                    else:
                        for at in range(0, len(entry), 2):
                            if entry[at] == code:
                                entry[at + 1].append(number)
                                break
                        else:
                            entry += (code, array(U32, (number,)))
        del folded
        self.weights: list[float] = [float(weight) for weight in weights]  # by field code
        # Packed word by word in vocabulary order, each word's building entry freed (or
        # kept as it is) as soon as it is packed, so two forms are never held whole.
        self.postings = Postings.packed(postings, self.weights)
        self.name_postings = Postings.packed(name_postings, self.weights)

    @classmethod
    def restored(
        cls, records: list[Record], positions: array, names: list[str], named: array, fields: list[str],
        weights: list[float], postings: Postings, name_postings: Postings,
    ) -> SearchIndex:  # fmt: skip
        """The index of these tables, as an earlier build made them (see `dossier.search_store`)."""
        index = cls.__new__(cls)
        index.records = records
        index.positions = positions
        index.names = names
        index.named = named
        index.named_names = [names[n] for n in named]
        index.fields = fields
        index.weights = weights
        index.postings = postings
        index.name_postings = name_postings
        return index

    def _posting(self, postings: Postings, position: int) -> list[tuple[float, str, array]]:
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
        """(score, field, numbers) of every way `word` matches, best score first."""
        short = len(word) < SHORT_PREFIX and prefix
        postings = self.name_postings if short else self.postings
        vocabulary = postings.words
        start = bisect.bisect_left(vocabulary, word)
        groups = []
        exact = start < len(vocabulary) and vocabulary[start] == word
        if exact:
            groups += self._posting(postings, start)
        if prefix:
            for position in range(start + exact, min(start + 2000, len(vocabulary))):
                if not vocabulary[position].startswith(word):
                    break
                # A prefix match counts a little less than the whole word.
                groups += [
                    (weight * 0.8, field, numbers) for weight, field, numbers in self._posting(postings, position)
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


class Postings:
    """Every word's posting list, packed: four bytes a record number, where a tuple of
    tuples per word took a hundred bytes more for each of a large dossier's 80,000 words.

    `words` is the sorted vocabulary. Their postings are packed in the objects of
    `chunks` (bytes, or arrays of such numbers; see `_packed` for a built index's words
    of several fields), chunk k holding the words from `firsts[k]` on; a built index,
    with no `firsts`, has a chunk for each word. Word i's posting ends at `ends[i]` in
    its chunk, counted in numbers, and starts where word i - 1 ends, or at 0 for the
    first word of a chunk. A posting is a run of unsigned 32-bit numbers: how many
    fields the word occurs in, then for each field, weightiest first, its code and how
    many records hold the word there, then each field's record numbers, ascending.

    A built index keeps each word in the arrays its numbers were gathered in: packing
    them anew into large chunks would add their whole size to the build's peak, since
    the memory of the many small arrays freed is not what a large object can use. A
    stored one is read back in chunks of many words (`regrouped`), as few objects as
    the store has parts.
    """

    __slots__ = ("words", "ends", "chunks", "firsts")

    def __init__(self, words: list[str], ends: array, chunks: list, firsts: array | None):
        self.words = words
        self.ends = ends
        self.chunks = chunks
        self.firsts = firsts

    @classmethod
    def packed(cls, building: dict[str, list | array], weights: list[float]) -> Postings:
        """The postings of the building entries (see `_packed`), which are taken out of
        `building` as they are packed."""
        words = sorted(building)
        chunks = [_packed(building.pop(word), weights) for word in words]
        ends = array(U32, [sum(map(len, chunk)) if type(chunk) is tuple else len(chunk) for chunk in chunks])
        return cls(words, ends, chunks, None)

    def _place(self, position: int) -> tuple[int, int]:
        """The chunk of the word at `position`, and where in it the word starts."""
        if self.firsts is None:
            return position, 0
        chunk = bisect.bisect_right(self.firsts, position) - 1
        return chunk, 0 if self.firsts[chunk] == position else self.ends[position - 1]

    def values(self, position: int) -> array:
        """The numbers of the word at `position` (a copy: the chunk stays as it is)."""
        chunk, start = self._place(position)
        values = array(U32)
        for part in _pieces(self.chunks[chunk], start, self.ends[position]):
            values.frombytes(part)
        return values

    def regrouped(self, chunk_bytes: int) -> tuple[array, array, Iterator[bytes], int]:
        """The same postings packed in chunks of about `chunk_bytes` (a word is never
        split): their ends and firsts, the chunks (each made only when asked for), and
        how many bytes these come to."""
        ends, firsts = array(U32), array(U32)
        total = 0
        for position in range(len(self.words)):
            chunk, start = self._place(position)
            length = self.ends[position] - start
            total += length
            if not firsts or ends[-1] * 4 >= chunk_bytes:
                firsts.append(position)
                ends.append(length)
            else:
                ends.append(ends[-1] + length)

        def chunks() -> Iterator[bytes]:
            for first, end in chunk_spans(firsts, len(self.words)):
                pieces: list[memoryview] = []
                for position in range(first, end):
                    chunk, start = self._place(position)
                    pieces += _pieces(self.chunks[chunk], start, self.ends[position])
                yield b"".join(pieces)

        return ends, firsts, chunks(), 4 * total

    def fits(self) -> bool:
        """Whether the tables agree with one another (a restored one is checked so)."""
        words, ends, chunks, firsts = self.words, self.ends, self.chunks, self.firsts
        if len(ends) != len(words):
            return False
        if firsts is None:
            return len(chunks) == len(words)
        if len(firsts) != len(chunks) or (words and firsts[0] != 0):
            return False
        for chunk, (first, end) in zip(chunks, chunk_spans(firsts, len(words)), strict=True):
            if not first < end or memoryview(chunk).nbytes != 4 * ends[end - 1]:
                return False
        return all(a < b for a, b in itertools.pairwise(words))


def chunk_spans(firsts: array, count: int) -> Iterator[tuple[int, int]]:
    """(first, end) of the words of each chunk, from the chunks' first words."""
    return itertools.pairwise([*firsts, count])


def _pieces(chunk: bytes | array | tuple[array, ...], start: int, end: int) -> list[memoryview]:
    """The bytes of numbers `start` to `end` of a chunk of `Postings`; a tuple is one
    word's, read whole."""
    if type(chunk) is tuple:
        return [memoryview(part).cast("B") for part in chunk]
    return [memoryview(chunk).cast("B")[start * 4 : end * 4]]


def _packed(by_code: list | array, weights: list[float]) -> array | tuple[array, ...]:
    """A word's posting as a built `Postings` keeps it, from its building entry: the
    array of a word of one field, completed, or for the list [code, numbers, code,
    numbers, ...] of a word of several, its header and lists in the order they are
    read. (Those are most of the numbers: they are left where they were gathered.)"""
    if type(by_code) is array:
        by_code[2] = len(by_code) - 3
        return by_code
    groups = [(by_code[at], by_code[at + 1]) for at in range(0, len(by_code), 2)]
    groups.sort(key=lambda group: -weights[group[0]])  # stable: first seen first among equals
    header = array(U32, [len(groups)])
    for code, numbers in groups:
        header += array(U32, (code, len(numbers)))
    return (header, *(numbers for _, numbers in groups))


def _in_label_order(given: Iterable[Record]) -> tuple[list[Record], list[str], array]:
    """The records in label order, their folded names, and the place each had in `given`.
    The places are kept as 4 bytes a record: at 165,000 records their list (each number
    an object) and the first lists take 8 MB, which the postings built next can use."""
    records = list(given)
    names = [fold(getattr(r, "name", "") or getattr(r, "title", "") or "") for r in records]
    order = sorted(range(len(records)), key=lambda n: _sort_label(records[n], names[n]))
    return [records[n] for n in order], [names[n] for n in order], array(U32, order)


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
