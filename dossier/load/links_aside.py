"""The index of links walked beside the checks of the dossier, on the core they leave idle.

Once the last file is read, the walk of every record's links (`incoming_rows`, half a
second at 100,000 quotes) and the checks of the whole dossier each need only the
records, and the cores that parsed the files sit idle. So after a read by a pool, a
child forked the moment the last file is read (`Forked`) joins the files' records as
`assemble` does and walks the first of them, `CHILD_SHARE` of their links, while the
records are joined and checked here; this process walks the rest once the checks are
done, and joins both. The result is the very value `incoming_rows` gives (the links
of each target in record order, the kinds table one of the same pairs), or None (no
fork, the child failed): the index then walks the links itself, as after a small
dossier's load.

A link's kind is a code in `LINK_KINDS`, which each process extends as it meets new
(field, backlink) pairs. Before the fork, a sample of the records is walked, so that
both processes start from a table holding the pairs nearly every record uses; a pair
met here that the child's table lacks or numbers otherwise is renumbered in the rows
walked here, and appended to the table.
"""

from __future__ import annotations

from array import array

from dossier.load.parallel import Forked
from dossier.model.records import Dossier, ids_digest

# The share of the links the child walks, the rest being walked here after the checks:
# at 100,000 quotes both then end about together (the child pays for the fork and its
# copy of the memory it touches; this process first checks the dossier). Where the
# share ends is told from the sample: links are far denser in the timeline than in
# the quotes before it.
CHILD_SHARE = 0.7
SAMPLED = 500  # records walked before the fork, spread over the dossier


class LinksAside:
    def __init__(self, wanted: bool):
        self.wanted = wanted
        self.forked: Forked | None = None
        self.state: tuple | None = None
        self.split = 0
        self.known = 0  # the codes both processes share: those made before the fork

    def start(self, results: dict) -> None:
        """Fork the child, given every file's result, before this process joins them:
        the child joins them as `assemble` does, to the same `by_id`."""
        if self.wanted and self.forked is None:
            # Here, not at the top: a first paint loads no index (it is read without one).
            from dossier.index.links import LINK_KINDS, link_codes
            from dossier.load.assemble import records_in_order

            order = records_in_order(results)
            step = max(1, len(order) // SAMPLED)
            # Walking a record gives the pairs it uses their codes.
            counts = [len(link_codes(record)) for record in order[::step]]
            self.known = len(LINK_KINDS)
            self.split = split = _split(counts, step, len(order))
            self.forked = Forked(lambda: _walk_head(results, split))

    def result(self, dossier: Dossier) -> tuple | None:
        """`incoming_rows` of the joined `dossier`, once; None without a child's answer."""
        if self.forked is not None:
            from dossier.index.index import walk_links

            tail = walk_links(dossier, self.split)  # while the child walks the head
            head = self.forked.result()
            self.forked = None
            if _is_walk(head) and head[1] == len(dossier.by_id):
                self.state = _joined((head[0], head[2], head[3]), tail, self.known)
        return self.state

    def cancel(self) -> None:
        if self.forked is not None:
            self.forked.cancel()
            self.forked = None


def _walk_head(results: dict, split: int) -> tuple:
    """In the child: (digest of the ids, their number, kinds, rows) of the first `split`
    records of the `by_id` that `assemble` makes of `results`."""
    from dossier.index import index
    from dossier.load.assemble import joined_ids

    dossier = Dossier(by_id=joined_ids(results))
    return (ids_digest(dossier.by_id), len(dossier.by_id), *index.walk_links(dossier, 0, split))


def _split(counts: list[int], step: int, records: int) -> int:
    """Where the child's records end: the place of the sampled record (one every `step`,
    each with the number of links in `counts`) at which `CHILD_SHARE` of the sampled
    links is reached."""
    total = sum(counts)
    if not total:  # no link sampled: by the records' count
        return int(records * CHILD_SHARE)
    wanted = CHILD_SHARE * total
    seen = 0
    for number, count in enumerate(counts):
        seen += count
        if seen >= wanted:
            return min(records, (number + 1) * step)
    return records


def _is_walk(value) -> bool:
    return isinstance(value, tuple) and len(value) == 4 and isinstance(value[2], list) and isinstance(value[3], dict)


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
