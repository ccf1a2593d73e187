"""Posting lists of the search index, packed: four bytes a record number.

See `Postings`. Kept apart from the index's build and its ranking (`dossier.index.search`),
which read them, and from the cache that stores them (`dossier.load.stored_search`).
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Callable, Iterator

# Posting lists are packed as unsigned 32-bit numbers.
U32 = "I" if array("I").itemsize == 4 else "L"
TRIM_EVERY = 8  # chunks made between two hand-backs of freed memory (see `Postings.compacted`)


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
        # Made at their full length at once: grown a number at a time, an array of
        # 65,000 was reallocated so often that the blocks it left took 3 MB.
        ends, firsts = array(U32, bytes(4 * len(self.words))), array(U32)
        total = end = 0
        for position in range(len(self.words)):
            chunk, start = self._place(position)
            length = self.ends[position] - start
            total += length
            if not firsts or end * 4 >= chunk_bytes:
                firsts.append(position)
                end = length
            else:
                end += length
            ends[position] = end

        def chunks() -> Iterator[bytes]:
            for first, end in chunk_spans(firsts, len(self.words)):
                # Words next to one another in a chunk are taken as one piece: a view a
                # word was 5 MB of views at once for a chunk of thousands of rare words.
                pieces: list[memoryview] = []
                run: list[int] = []  # [chunk, start, end] of the words taken so far
                for position in range(first, end):
                    chunk, start = self._place(position)
                    if run and run[0] == chunk and type(self.chunks[chunk]) is not tuple:
                        run[2] = self.ends[position]
                        continue
                    if run:
                        pieces += _pieces(self.chunks[run[0]], run[1], run[2])
                    run = [chunk, start, self.ends[position]]
                if run:
                    pieces += _pieces(self.chunks[run[0]], run[1], run[2])
                yield b"".join(pieces)

        return ends, firsts, chunks(), 4 * total

    def compacted(self, chunk_bytes: int, trim: Callable[[], None] = lambda: None) -> Postings:
        """These postings in chunks of about `chunk_bytes`, as a stored index is read
        back: each word's arrays are let go as soon as its chunk is made, so the two
        forms are never held whole. (At 65,000 words the arrays' own headers and spare
        room were a third more than their numbers.)"""
        if self.firsts is not None:
            return self
        ends, firsts, chunks, _ = self.regrouped(chunk_bytes)
        kept = []
        for (first, end), chunk in zip(chunk_spans(firsts, len(self.words)), chunks, strict=True):
            kept.append(chunk)
            self.chunks[first:end] = itertools.repeat(None, end - first)  # (read: let them go)
            if len(kept) % TRIM_EVERY == 0:
                trim()  # the memory let go is the system's again before the next chunks take more
        self.chunks = []
        return Postings(self.words, ends, kept, firsts)

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
