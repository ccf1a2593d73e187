"""The index of links walked beside the checks of the dossier, on the core they leave idle.

Once the last file is read, the walk of every record's links (`incoming_rows`, 0.55 s
of CPU at 100,000 quotes) and the checks of the whole dossier each need only the
records, and the cores that parsed the files sit idle. So after a read by a pool, a
child forked the moment the last file is read (`Forked`) walks the links of the
files' records from the first on, in the order `assemble` joins them in, while they
are joined and checked here; this process, once the checks are done, walks from the last
record back, and the two meet wherever they then are: the records are claimed a block
at a time through two shared counters, as a pool's chunks are, so neither waits for
the other, whatever the checks cost, the child's copy of the memory it touches or the
machine. The two halves are then joined. The result holds the very rows
`incoming_rows` gives (each target's links in record order, the kinds table one of the
same pairs), or is None (no fork, the child failed, a claim lost): the index then
walks the links itself, as after a small dossier's load.

A link's kind is a code in `LINK_KINDS`, which each process extends as it meets new
(field, backlink) pairs. Before the fork, a sample of the records is walked, so that
both processes start from a table holding the pairs nearly every record uses; a pair
met here that the child's table lacks or numbers otherwise is renumbered in the rows
walked here, and appended to the table.
"""

from __future__ import annotations

import math
import multiprocessing
from array import array
from operator import attrgetter

from dossier.load.parallel import Forked, claim
from dossier.model.records import Dossier, ids_digest

BLOCK = 512  # records a claim: a few milliseconds of walking (the timeline's, 3,000 links)
SAMPLED = 500  # records walked before the fork, spread over the dossier


class LinksAside:
    def __init__(self, wanted: bool):
        self.wanted = wanted
        self.forked: Forked | None = None
        self.state: tuple | None = None
        self.claims = None
        self.lock = None
        self.known = 0  # the codes both processes share: those made before the fork

    def start(self, results: dict) -> None:
        """Fork the child, given every file's result, before this process joins them."""
        if self.wanted and self.forked is None:
            # Here, not at the top: a first paint loads no index (it is read without one).
            from dossier.index.links import LINK_KINDS, link_codes
            from dossier.load.assemble import records_in_order

            order = records_in_order(results)
            for record in order[:: max(1, len(order) // SAMPLED)]:
                link_codes(record)  # walking a record gives the pairs it uses their codes
            self.known = len(LINK_KINDS)
            try:
                context = multiprocessing.get_context("fork")
                # [the next block from the front, past the next from the back]: blocks
                # enough for `order`, which `by_id` holds all of but an id used twice.
                claims = context.RawArray("q", [0, math.ceil(len(order) / BLOCK)])
                lock = context.Lock()
            except (ValueError, OSError):
                return
            self.claims, self.lock = claims, lock
            self.forked = Forked(lambda: _walk_front(results, order, claims, lock))

    def result(self, dossier: Dossier) -> tuple | None:
        """`incoming_rows` of the joined `dossier`, once; None without a child's answer."""
        if self.forked is not None:
            from dossier.index.index import reversed_rows, walk_back_into
            from dossier.index.links import LINK_KINDS

            records = list(dossier.by_id.values())
            building: dict[str, array] = {}
            first = self.claims[1]  # the first block walked here, once the claims meet
            while (claimed := claim(self.claims, self.lock, front=False)) is not None:
                walk_back_into(building, records[claimed * BLOCK : (claimed + 1) * BLOCK], claimed * BLOCK)
                first = claimed
            tail = (list(LINK_KINDS), reversed_rows(building))
            met = self.claims[0] >= self.claims[1]  # else a claim was lost (a lock held past its time)
            head = self.forked.result()
            self.forked = None
            if met and _is_walk(head) and head[1] == len(records) and head[4] == first:
                self.state = _joined((head[0], head[2], head[3]), tail, self.known)
        return self.state

    def cancel(self) -> None:
        if self.forked is not None:
            self.forked.cancel()
            self.forked = None


def _walk_front(results: dict, order: list, claims, lock) -> tuple:
    """In the child: (digest of the ids, their number, kinds, rows, the block past the
    last walked) of the records of the `by_id` that `assemble` makes of `results`, from
    the first on, as long as blocks are left to claim. That is `order`
    (`records_in_order`) when no id is used twice, as in nearly every dossier: the child
    then need not join the records itself."""
    from dossier.index.index import walk_into
    from dossier.index.links import LINK_KINDS
    from dossier.load.assemble import joined_ids

    ids = list(map(_ID, order))
    if len(set(ids)) != len(ids):
        order = list(joined_ids(results).values())
        ids = list(map(_ID, order))
    digest = ids_digest(ids)  # first: what is done after the last claim, this process waits for
    building: dict[str, array] = {}
    past = 0
    while (claimed := claim(claims, lock, front=True)) is not None:
        walk_into(building, order[claimed * BLOCK : (claimed + 1) * BLOCK], claimed * BLOCK)
        past = claimed + 1
    # Its arrays as they are: marshalled (`Forked`), each comes back as its bytes.
    return digest, len(order), list(LINK_KINDS), building, past


_ID = attrgetter("id")


def _is_walk(value) -> bool:
    return isinstance(value, tuple) and len(value) == 5 and isinstance(value[2], list) and isinstance(value[3], dict)


def _joined(head: tuple, tail: tuple, known: int) -> tuple:
    """The child's (digest, kinds, rows) of the first records with this process's
    (kinds, rows) of the others: each target's rows of the head then of the tail, so
    in record order, with the tail's codes past `known` renumbered into the head's
    table (which holds the first `known` codes as they are here)."""
    digest, kinds, rows = head
    tail_kinds, tail_rows = tail
    if len(tail_kinds) > known:
        kinds = list(kinds)
        code_of = {pair: code for code, pair in enumerate(kinds)}
        renumbered = []
        for pair in tail_kinds:
            code = code_of.get(pair)
            if code is None:
                code = code_of[pair] = len(kinds)
                kinds.append(pair)
            renumbered.append(code)
        if renumbered != list(range(len(renumbered))):
            tail_rows = {target: _renumbered(data, renumbered) for target, data in tail_rows.items()}
    for target, data in tail_rows.items():
        before = rows.get(target)
        rows[target] = data if before is None else before + data
    return digest, kinds, rows


def _renumbered(data: bytes, codes: list[int]) -> bytes:
    pairs = array("I")
    pairs.frombytes(data)
    pairs[1::2] = array("I", map(codes.__getitem__, pairs[1::2]))
    return pairs.tobytes()
