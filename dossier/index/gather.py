"""Gathering the search index's postings from the records: for every field, each word →
the numbers of the records holding it there, ascending.

See `gather` (and `dossier.index.gather_forked`, which gathers a large dossier's in two
processes); `by_word` regroups the tables word by word for `Postings.packed`.
"""

from __future__ import annotations

import collections
import functools
import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

from dossier.index.fields import (
    FIELD_WEIGHTS,
    ID,
    RECURRING_TEXT,
    RECURRING_TEXTS,
    ROLES,
    SHORT_PREFIX_FIELDS,
    TEXT,
    TEXTS,
    weightiest_first,
)
from dossier.index.postings import U32
from dossier.model.records import Record
from dossier.model.text import words

FIELDS = list(FIELD_WEIGHTS)  # field code → field name
# The tables of names' words are those of the fields of names (`name_tables`): a
# record's words go to the weightiest of its fields holding them, and these weigh more
# than any other, so they claim their words first whatever else the record holds.
if min(FIELD_WEIGHTS[name] for name in SHORT_PREFIX_FIELDS) <= max(
    weight for name, weight in FIELD_WEIGHTS.items() if name not in SHORT_PREFIX_FIELDS
):
    raise ImportError("the fields of names must weigh more than every other field")

_append = array.append
_consume = collections.deque(maxlen=0).extend  # runs an iterator through, keeping nothing
_recurring = functools.lru_cache(maxsize=4096)(lambda text: frozenset(words(text)))


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


Tables = list[Gathering]  # by field code


def empty_tables(bare: bool = False) -> Tables:
    return [Gathering(code, bare) for code in range(len(FIELDS))]


def gather(records: Sequence[Record], numbers: Iterable[int], tables: Tables) -> Tables:
    """Add to `tables` the records of `numbers` (their places in `records`, which are
    their numbers), in that order: every word of their fields in its record's weightiest
    field holding it, the first of equal ones. Each word's numbers are in the order
    `numbers` gave them."""
    adders = [table.__getitem__ for table in tables]
    made: dict[type, Callable[[Record, int], None]] = {}
    for number in numbers:
        record = records[number]
        one = made.get(type(record))
        if one is None:
            one = made[type(record)] = _gatherer(type(record))(adders)
        one(record, number)
    return tables


# What a step of `_gatherer` makes of the value `v` of a field of each shape (see
# `fields.TEXT`): `mine`, the set of its words, unless the value has none.
_STEP_WORDS = {
    TEXT: ["if v and isinstance(v, str):", "    mine = set(_words(v))"],
    ID: ["if True:", "    mine = set(_words(v.replace('-', ' ')))"],
    RECURRING_TEXT: ["if v and isinstance(v, str):", "    mine = set(_recurring(v))"],
    TEXTS: ["if v:", "    mine = set()", "    for text in v:", "        mine.update(_words(text))"],
    RECURRING_TEXTS: ["if v:", "    mine = set()", "    for text in v:", "        mine |= _recurring(text)"],
    ROLES: ["if v:", "    mine = set()", "    for role in v:", "        if role.title:", "            mine |= _recurring(role.title)"],
}  # fmt: skip


@functools.cache
def _gatherer(kind: type) -> Callable[[list], Callable[[Record, int], None]]:
    """`make(adders)`: the function that adds one record of `kind`, the `number`-th, to
    the tables whose `__getitem__`s are `adders`, as `gather` says.

    Written once for each kind, a step for each of its fields in line, weightiest
    first (`weightiest_first`): each field's words but those a field before it had, the
    record's number appended to each word's numbers in that field, every step in C (a
    loop in Python over a large dossier's five million (record, word) pairs was a third
    of the build). Looping over the steps and their shapes for each record was a tenth."""
    values_of, steps = weightiest_first(kind)
    body = [", ".join(f"v{n}" for n in range(len(steps))) + ", = _values(record)", "claimed = None"]
    for n, (code, shape) in enumerate(steps):
        body += [f"v = v{n}", *_STEP_WORDS[shape]]
        body += [
            "    if mine:",
            "        if claimed is None:",
            "            claimed = mine  # (its own words go to no other field: it may grow now)",
            "        else:",
            "            mine -= claimed",
            "            claimed |= mine",
            f"        _consume(map(_append, map(add{code}, mine), _repeat(number)))",
        ]
    source = "\n".join(
        [
            "def make(adders):",
            *(f"    add{code} = adders[{code}]" for code in sorted({code for code, _ in steps})),
            "    def one(record, number):",
            *(f"        {line}" for line in body),
            "    return one",
        ]
    )
    namespace = {
        "_values": values_of, "_words": words, "_recurring": _recurring, "_consume": _consume,
        "_append": _append, "_repeat": itertools.repeat,
    }  # fmt: skip
    exec(source + "\n", namespace)  # noqa: S102 (made here, of the schema's own field names)
    return namespace["make"]


def forget_recurring() -> None:
    """Let go the words of the recurring values met while gathering (some 4,000 sets,
    a megabyte or two): the postings are built from the tables next, in their room."""
    _recurring.cache_clear()


def name_tables(tables: Tables) -> Tables:
    """The tables of names' words (`SHORT_PREFIX_FIELDS`), from those of every word:
    the same entries, in tables of their own (`by_word` empties the tables it reads)."""
    names = empty_tables()
    for code, name in enumerate(FIELDS):
        if name in SHORT_PREFIX_FIELDS:
            names[code].update(tables[code])
    return names


def by_word(tables: list[Gathering]) -> tuple[int, Iterator[tuple[str, array | list]]]:
    """At most how many words the tables hold, and each word in vocabulary order with
    its building entry (see `Postings.packed`): the array of a word of one field; for a
    word of several, [code, entry, code, entry, ...], codes ascending. Each entry is
    taken out of its table as its word is reached, and the tables are emptied once all
    are. (Regrouped in a dictionary of every word first, they took 3 MB more at the
    build's peak.)

    Most words are in one table only, the largest (that of texts): only the words of
    the others are looked up, in a dictionary of their codes, and the vocabulary is
    sorted once. (Merging the sorted tables, a step in Python for every word, took
    three fifths of a second more at 165,000 records.)"""
    at_most = sum(map(len, tables))
    largest = max(tables, key=len)
    elsewhere: dict[str, int | list[int]] = {}  # a word of the other tables → its code, or codes
    for table in tables:
        if table is largest:
            continue
        for word in table:
            codes = elsewhere.setdefault(word, table.code)
            if codes != table.code:  # (tables come in code order: codes stay ascending)
                elsewhere[word] = [*codes, table.code] if type(codes) is list else [codes, table.code]
    vocabulary = sorted(itertools.chain(largest, itertools.filterfalse(largest.__contains__, elsewhere)))

    def entries() -> Iterator[tuple[str, array | list]]:
        nonlocal vocabulary
        code_of, take = elsewhere.pop, largest.pop
        for word in vocabulary:
            codes = code_of(word, None)
            if codes is None:
                yield word, take(word)
                continue
            if type(codes) is int:
                codes = [codes]
            if word in largest:
                codes = sorted([largest.code, *codes])
            if len(codes) == 1:
                yield word, tables[codes[0]].pop(word)
                continue
            several: list = []
            for code in codes:
                several += (code, tables[code].pop(word))
            yield word, several
        del vocabulary
        for table in tables:
            table.clear()  # emptied, it still holds its hash table until told: let it go now

    return at_most, entries()
