"""Posting lists of the search index, packed: four bytes a record number.

See `Postings`. Kept apart from the index's build and its ranking (`dossier.index.search`),
which read them, and from the cache that stores them (`dossier.load.stored_search`).
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator

# Posting lists are packed as unsigned 32-bit numbers.
U32 = "I" if array("I").itemsize == 4 else "L"
# A header before a word's numbers in its building entry (`gather.Gathering`): [1, code, count].
HEADER = 3
TRIM_EVERY = 1  # chunks made between two hand-backs of freed memory (see `Postings.packed`)


class Postings:
    """Every word's posting list, packed: four bytes a record number, where a tuple of
    tuples per word took a hundred bytes more for each of a large dossier's 80,000 words.

    `words` is the sorted vocabulary. Their postings are packed in the objects of
    `chunks` (bytes, or arrays of such numbers), chunk k holding the words from
    `firsts[k]` on. Word i's posting ends at `ends[i]` in its chunk, counted in numbers,
    and starts where word i - 1 ends, or at 0 for the first word of a chunk. A posting
    is a run of unsigned 32-bit numbers: how many fields the word occurs in, then for
    each field, weightiest first, its code and how many records hold the word there,
    then each field's record numbers, ascending.

    A built index and a stored one read back are the same: chunks of about `chunk_bytes`
    (`packed`; `regrouped` for the store's parts), as few objects as there are chunks.
    """

    __slots__ = ("words", "ends", "chunks", "firsts")

    def __init__(self, words: list[str], ends: array, chunks: list, firsts: array):
        self.words = words
        self.ends = ends
        self.chunks = chunks
        self.firsts = firsts

    @classmethod
    def packed(
        cls, building: tuple[int, Iterable[tuple[str, list | array]]], weights: list[float], chunk_bytes: int,
        trim: Callable[[], None] = lambda: None,
    ) -> Postings:  # fmt: skip
        """The postings of the building entries (see `gather.by_word`: at most how many
        words, then each word in vocabulary order and its entry), packed word by word
        straight into chunks of about `chunk_bytes`; each entry is let go as soon as it
        is packed, and `trim` hands the memory let go back to the system after each
        chunk, so that the entries and the chunks are never held whole together. (Kept
        as they were gathered, an array a word and a header and a tuple for each word of
        several fields, they took 7 MB more.)"""
        at_most, entries = building
        # Made at their full length at once: grown a word at a time, an array or a list
        # of 65,000 is reallocated so often that the blocks it leaves take megabytes.
        words: list[str] = [""] * at_most
        ends, firsts, chunks = array(U32, bytes(4 * at_most)), array(U32), []
        count = size = 0  # words so far; numbers of the chunk so far
        pieces: list = []  # the chunk's, joined once it is whole: one object made at its size
        for position, (word, entry) in enumerate(entries):
            if not firsts or size * 4 >= chunk_bytes:
                if firsts:
                    chunks.append(b"".join(pieces))
                    pieces, size = [], 0
                    if len(chunks) % TRIM_EVERY == 0:
                        trim()
                firsts.append(position)
            words[position] = word
            if type(entry) is array:  # a word of one field, the most of them: completed here
                entry[2] = len(entry) - HEADER
                pieces.append(entry)
                size += len(entry)
            else:
                size += _pack(pieces, entry, weights)
            del entry
            ends[position] = size
            count = position + 1
        del ends[count:], words[count:]
        if firsts:
            chunks.append(b"".join(pieces))
        del pieces
        trim()
        return cls(words, ends, chunks, firsts)

    def _place(self, position: int) -> tuple[int, int]:
        """The chunk of the word at `position`, and where in it the word starts."""
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
                    if run and run[0] == chunk:
                        run[2] = self.ends[position]
                        continue
                    if run:
                        pieces += _pieces(self.chunks[run[0]], run[1], run[2])
                    run = [chunk, start, self.ends[position]]
                if run:
                    pieces += _pieces(self.chunks[run[0]], run[1], run[2])
                whole = self.chunks[run[0]] if len(pieces) == 1 else None
                if type(whole) is bytes and pieces[0].nbytes == len(whole):
                    yield whole  # a chunk as it is already: not copied
                else:
                    yield b"".join(pieces)

        return ends, firsts, chunks(), 4 * total

    def fits(self) -> bool:
        """Whether the tables agree with one another (a restored one is checked so)."""
        words, ends, chunks, firsts = self.words, self.ends, self.chunks, self.firsts
        if len(ends) != len(words):
            return False
        if len(firsts) != len(chunks) or (words and firsts[0] != 0):
            return False
        for chunk, (first, end) in zip(chunks, chunk_spans(firsts, len(words)), strict=True):
            if not first < end or memoryview(chunk).nbytes != 4 * ends[end - 1]:
                return False
        return all(a < b for a, b in itertools.pairwise(words))


def chunk_spans(firsts: array, count: int) -> Iterator[tuple[int, int]]:
    """(first, end) of the words of each chunk, from the chunks' first words."""
    return itertools.pairwise([*firsts, count])


def _pieces(chunk: bytes | array, start: int, end: int) -> list[memoryview]:
    """The bytes of numbers `start` to `end` of a chunk of `Postings`."""
    return [memoryview(chunk).cast("B")[start * 4 : end * 4]]


def _pack(pieces: list, entry: list, weights: list[float]) -> int:
    """Add to `pieces` the posting of a word of several fields, from its building entry
    (the list [code, entry, code, entry, ...]), and say how many numbers it holds: its
    header, then the entries' numbers without their own headers. (A word of one field's
    array is completed in `Postings.packed`.)"""
    groups = [(entry[at], entry[at + 1]) for at in range(0, len(entry), 2)]
    # Weightiest first; among equals, the field of the first record (a record gives a
    # word one field, so no two fields of a word have the same first record).
    groups.sort(key=lambda group: (-weights[group[0]], group[1][HEADER]))
    header = array(U32, [len(groups)])
    for code, numbers in groups:
        header += array(U32, (code, len(numbers) - HEADER))
    pieces.append(header)
    pieces += [memoryview(numbers)[HEADER:] for _, numbers in groups]
    return len(header) + sum(len(numbers) - HEADER for _, numbers in groups)
