"""Gathering the search index's postings from the records: for every field, each word →
the numbers of the records holding it there, ascending.

See `gather` (and `dossier.index.gather_forked`, which gathers a large dossier's in two
processes); `by_word` regroups the tables word by word for `Postings.packed`.
"""

from __future__ import annotations

import collections
import itertools
import operator
from array import array
from collections.abc import Iterable, Sequence

from dossier.index.fields import FIELD_WEIGHTS, SHORT_PREFIX_FIELDS, coded_fields
from dossier.index.postings import U32
from dossier.model.records import Record
from dossier.model.text import words

FIELDS = list(FIELD_WEIGHTS)  # field code → field name
_LIGHTER = [-FIELD_WEIGHTS[name] for name in FIELDS]  # by code: the sort key of its fields
_OF_NAME = [name in SHORT_PREFIX_FIELDS for name in FIELDS]
# A header before a word's numbers in its `Gathering` entry: [1, code, count].
HEADER = 3

_heaviest = operator.itemgetter(0)
_append = array.append
_consume = collections.deque(maxlen=0).extend  # runs an iterator through, keeping nothing


class Gathering(dict):
    """Word → the numbers of the records with that word in one field, as `Postings`'
    building entry of a word of one field: the array [1, code, count, numbers...], its
    count filled in when packed (or, `bare`, the array of the numbers alone)."""

    def __init__(self, code: int, bare: bool = False):
        super().__init__()
        self.code = code
        self.header = () if bare else (1, code, 0)

    def __missing__(self, word: str) -> array:
        entry = self[word] = array(U32, self.header)
        return entry


Tables = tuple[list[Gathering], list[Gathering]]  # by field code: of every word, of names' words


def empty_tables(bare: bool = False) -> Tables:
    codes = range(len(FIELDS))
    return [Gathering(code, bare) for code in codes], [Gathering(code, bare) for code in codes]


def gather(records: Sequence[Record], numbers: Iterable[int], tables: Tables) -> Tables:
    """Add to `tables` the records of `numbers` (their places in `records`, which are
    their numbers), in that order: every word of their fields in its record's weightiest
    field holding it, and the words of names and titles (`SHORT_PREFIX_FIELDS`) in the
    tables of names likewise. Each word's numbers are in the order `numbers` gave them."""
    postings, name_postings = tables
    adders = [table.__getitem__ for table in postings]
    name_adders = [table.__getitem__ for table in name_postings]
    lighter, of_name = _LIGHTER, _OF_NAME
    for number in numbers:
        fields = [(lighter[code], code, words(text)) for code, text in coded_fields(records[number])]
        # Each word goes to its weightiest field, the first of equal ones: the fields
        # are taken weightiest first (a stable sort keeps the first of equals first),
        # each with the words no field before it had. The record's number is then
        # appended to each word's numbers in that field, every step in C: a loop in
        # Python over a large dossier's four million (record, word) pairs was a third
        # of the build.
        fields.sort(key=_heaviest)
        claimed: set[str] = set()
        claimed_names: set[str] = set()
        for _, code, found in fields:
            mine = set(found)
            if of_name[code]:
                named = mine - claimed_names
                claimed_names |= named
                _consume(map(_append, map(name_adders[code], named), itertools.repeat(number)))
            mine -= claimed
            claimed |= mine
            _consume(map(_append, map(adders[code], mine), itertools.repeat(number)))
    return tables


def by_word(tables: list[Gathering]) -> dict[str, array | list]:
    """Word → its building entry (see `Postings.packed`): the array of a word of one
    field; for a word of several, [code, numbers, code, numbers, ...] in the order the
    fields were first met, that is, of their first record (a record gives a word one
    field). The tables are emptied as they are regrouped."""
    building: dict[str, array | list] = {}
    several: set[str] = set()
    for table in tables:
        code = table.code
        while table:
            word, entry = table.popitem()
            kept = building.get(word)
            if kept is None:
                building[word] = entry
            elif type(kept) is array:
                building[word] = [kept[1], kept[HEADER:], code, entry[HEADER:]]
                several.add(word)
            else:
                kept += (code, entry[HEADER:])
        table.clear()  # emptied, it still holds its hash table until told: let it go now
    for word in several:
        entry = building[word]
        groups = sorted(((entry[at], entry[at + 1]) for at in range(0, len(entry), 2)), key=lambda g: g[1][0])
        building[word] = [part for group in groups for part in group]
    return building
