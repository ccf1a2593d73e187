"""The folded names of the search index's records, held as one string.

See `FoldedNames`. Kept apart from the index's build and ranking (`dossier.index.search`),
which read them, and from the cache that stores them (`dossier.load.stored_search`).
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Iterator, Sequence

from dossier.index.postings import U32


class FoldedNames(Sequence[str]):
    """Record number → its folded name or title ("" for none), as one string and where
    each name ends in it: at 165,000 records a string each took 5 MB and their list
    1.3 MB more, where the text itself is 1.5 MB and its ends 0.6 MB. A name is sliced
    out when asked for, which costs about what reading a list's item and comparing it
    does."""

    __slots__ = ("text", "ends")

    def __init__(self, text: str, ends: array):
        self.text = text
        self.ends = ends

    @classmethod
    def of(cls, names: Iterable[str]) -> FoldedNames:
        names = list(names)
        return cls("".join(names), array(U32, itertools.accumulate(map(len, names))))

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, number: int) -> str:  # type: ignore[override]
        if number < 0:
            number += len(self.ends)
        end = self.ends[number]  # (out of range: IndexError, as a list's)
        return self.text[self.ends[number - 1] if number else 0 : end]

    def __iter__(self) -> Iterator[str]:
        text = self.text
        return (text[start:end] for start, end in itertools.pairwise(itertools.chain((0,), self.ends)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FoldedNames):
            return self.text == other.text and self.ends == other.ends
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def named(self) -> array:
        """The numbers of the records with a name (or a title), ascending."""
        starts = itertools.chain((0,), self.ends)
        return array(U32, itertools.compress(itertools.count(), map(int.__lt__, starts, self.ends)))

    def batches(self, size: int) -> Iterator[str]:
        """The text, cut after every `size` names."""
        ends, text = self.ends, self.text
        for first in range(0, len(ends), size):
            last = min(first + size, len(ends)) - 1
            yield text[ends[first - 1] if first else 0 : ends[last]]

    def fits(self) -> bool:
        """Whether the ends agree with the text (a restored one is checked so)."""
        return (not self.ends and not self.text) or (bool(self.ends) and self.ends[-1] == len(self.text))


class Among(Sequence[str]):
    """The names of some records (`numbers`, ascending), in that order: what `bisect`
    searches for the names a query starts, without a list of their own."""

    __slots__ = ("names", "numbers")

    def __init__(self, names: FoldedNames, numbers: array):
        self.names = names
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, position: int) -> str:  # type: ignore[override]
        return self.names[self.numbers[position]]
