"""Cross-links computed from the dossier: backlinks, per-record events and quotes.

Nothing here is stored in the YAML; every reverse link is derived from the forward
references the schema declares (`dossier.links`).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import islice

from dossier.index.evidence import EvidenceIndex
from dossier.index.links import LINK_KINDS, WALKS, WALKS_BACK, Link, links_of
from dossier.index.search import Hit, SearchIndex
from dossier.model import schema as S
from dossier.model.longlived import long_lived
from dossier.model.records import Dossier, Event, Lab, Model, Person, Quote, Record, Role, Source, ids_digest
from dossier.model.text import fold


@dataclass(frozen=True)
class Membership:
    person: Person
    role: Role


class Incoming(Mapping):
    """Target id → the links naming it, kept as numbers and made into Links on access.

    A dossier of 100,000 quotes has 600,000 links. Each target keeps one bytes object
    of (source number, kind number) pairs: the source is a record's place in
    `dossier.by_id`, whose id strings are shared rather than copied, and the kind is a
    (field, backlink) pair of a short shared table. That is 8 bytes a link, where a
    list of three strings a link took 50 and, restored from the cache, a copy of every
    source id besides.
    """

    def __init__(self, dossier: Dossier, kinds: list[tuple[str, str]], rows: dict[str, bytes]):
        self._by_id = dossier.by_id
        self.kinds = kinds
        self.rows = rows

    @cached_property
    def _ids(self) -> list[str]:
        return list(self._by_id)

    def __getitem__(self, target: str) -> list[Link]:
        data = self.rows.get(target)
        if data is None:
            raise KeyError(target)
        pairs = memoryview(data).cast("I")
        ids, kinds = self._ids, self.kinds
        return [Link(ids[pairs[i]], target, *kinds[pairs[i + 1]]) for i in range(0, len(pairs), 2)]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def of(cls, dossier: Dossier) -> Incoming:
        """The dossier's links: those the loader brought from the cache when they fit it,
        else walked from the records."""
        found = cls.from_state(dossier.incoming, dossier) if dossier.incoming is not None else None
        return found if found is not None else cls(dossier, *walk_links(dossier))

    @classmethod
    def from_state(cls, state, dossier: Dossier) -> Incoming | None:
        """The index `incoming_rows` made, if it was made from records like these: same
        ids in the same order (else None, and the caller walks the records)."""
        try:
            digest, kinds, rows = state
            if digest != ids_digest(dossier.by_id) or not isinstance(rows, dict):
                return None
            kinds = [(str(field), str(backlink)) for field, backlink in kinds]
        except (TypeError, ValueError):
            return None
        return cls(dossier, kinds, rows)


def incoming_rows(dossier: Dossier) -> tuple[bytes, list[tuple[str, str]], dict[str, bytes]]:
    """The index of incoming links as plain values, as the cache keeps it: a digest of
    the ids it numbers, the (field, backlink) table, and target id → bytes of
    (source number, kind number) pairs, in record order and, per record, field order."""
    return ids_digest(dossier.by_id), *walk_links(dossier)


def walk_links(dossier: Dossier, start: int = 0, stop: int | None = None):
    """(the kinds table, target id → bytes of pairs) of the records at places `start`
    to `stop` of `by_id` (see `incoming_rows`); each record numbered by its place."""
    # A link's kind number is its code in `LINK_KINDS`: the table is that list as it
    # stands once every record is walked (codes only ever grow).
    building: dict[str, array] = {}
    with long_lived():
        walk_into(building, islice(dossier.by_id.values(), start, stop), start)
        rows = {target: pairs.tobytes() for target, pairs in building.items()}
    return list(LINK_KINDS), rows


def walk_into(building: dict[str, array], records, first: int) -> None:
    """Add the links of `records` (numbered from `first`) to `building`: target id → its
    (source number, kind number) pairs so far, as `link_codes` gives them."""
    get, walks = building.get, WALKS
    for number, record in enumerate(records, first):
        walks[record.kind_name](record, number, building, get)


def walk_back_into(building: dict[str, array], records, first: int) -> None:
    """`walk_into` from the last of `records` back to the first, each record's links
    from its last, each pair as (kind, source): the pairs of a walk forwards, the whole
    of each target's reversed, so that once every record before them is walked the same
    way, `reversed_rows` gives what `walk_links` does. (The walk of a share of the
    records that grows backwards, claimed a block at a time: see
    `dossier.load.links_aside`.)"""
    get, walks = building.get, WALKS_BACK
    for number in range(first + len(records) - 1, first - 1, -1):
        record = records[number - first]
        walks[record.kind_name](record, number, building, get)


def reversed_rows(building: dict[str, array]) -> dict[str, bytes]:
    """The rows of a walk backwards (`walk_back_into`): each target's pairs in record
    order, as a walk forwards gives them."""
    for pairs in building.values():
        pairs.reverse()
    return {target: pairs.tobytes() for target, pairs in building.items()}


class Outgoing(Mapping):
    """Record id → the links it makes, computed from the record when asked."""

    def __init__(self, dossier: Dossier):
        self.by_id = dossier.by_id

    def __getitem__(self, record_id: str) -> list[Link]:
        return list(links_of(self.by_id[record_id]))

    def __iter__(self):
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)


class Index:
    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.outgoing = Outgoing(dossier)
        # A cached load brings the links' index with it (`Dossier.incoming`).
        self.incoming = Incoming.of(dossier)

    # -- lookups -----------------------------------------------------------------
    def get(self, record_id: str) -> Record | None:
        return self.dossier.by_id.get(record_id)

    def label(self, record_id: str) -> str:
        record = self.get(record_id)
        return record.label if record is not None else record_id

    # -- backlinks ---------------------------------------------------------------
    def backlinks(self, record_id: str) -> dict[str, list[Record]]:
        """Records pointing at `record_id`, grouped by how they point, in schema order."""
        groups: dict[str, list[Record]] = {}
        seen: set[tuple[str, str]] = set()  # (backlink, id): comparing whole records is slow
        for link in self.incoming.get(record_id, ()):
            record = self.get(link.source)
            if record is None or (link.backlink, record.id) in seen:
                continue
            seen.add((link.backlink, record.id))
            groups.setdefault(link.backlink, []).append(record)
        for group in groups.values():
            group.sort(key=self.reading_order)
        order = {heading: n for n, heading in enumerate(BACKLINK_ORDER)}
        return dict(sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order))))

    def reading_order(self, record: Record):
        """Events by date, quotes by their source's date, everything else by name."""
        if isinstance(record, Event):
            return (0, record.date.sort_key, "")
        if isinstance(record, Quote):
            return (1, *self._quote_order(record))
        return (2, _FAR, fold(record.label))

    def events_of(self, record_id: str) -> list[Event]:
        """Events that involve the record, cite it, or that its quotes are about; by date."""
        record = self.get(record_id)
        if isinstance(record, Event):
            return [record]
        found: dict[str, Event] = {}
        for link in self.incoming.get(record_id, ()):
            source = self.get(link.source)
            if isinstance(source, Event):
                found[source.id] = source
            elif isinstance(source, Quote) and source.event:
                event = self.get(source.event)
                if isinstance(event, Event) and link.backlink == "said":
                    found[event.id] = event
        if isinstance(record, Quote) and record.event:
            event = self.get(record.event)
            if isinstance(event, Event):
                found[event.id] = event
        return sorted(found.values(), key=lambda e: e.date.sort_key)

    def quotes_of(self, record_id: str) -> list[Quote]:
        """Quotes said by, about, on, or taken from the record."""
        record = self.get(record_id)
        if isinstance(record, Source):
            return list(record.quotes)
        if isinstance(record, Quote):
            return [record]
        found: dict[str, Quote] = {}
        for link in self.incoming.get(record_id, ()):
            quote = self.get(link.source)
            if isinstance(quote, Quote):
                found[quote.id] = quote
        return sorted(found.values(), key=self._quote_order)

    def _quote_order(self, quote: Quote):
        source = self.get(quote.source)
        published = getattr(source, "published", None)
        return (published.sort_key if published else _FAR, quote.source)

    def members(self, lab_id: str) -> list[Membership]:
        result = []
        for person in self.dossier.people:
            for role in person.roles:
                if role.org == lab_id:
                    result.append(Membership(person, role))
        result.sort(key=lambda m: (m.role.start.sort_key if m.role.start else _FAR, m.person.name))
        return result

    def models_of(self, lab_id: str) -> list[Model]:
        return [m for m in self.dossier.models if m.developer == lab_id]

    def units(self, lab_id: str) -> list[Lab]:
        return [lab for lab in self.dossier.labs if lab.parent == lab_id]

    def family(self, model_id: str) -> list[Model]:
        return [m for m in self.dossier.models if m.family == model_id]

    # -- provenance --------------------------------------------------------------
    @cached_property
    def evidence(self) -> EvidenceIndex:
        """Each claim's independent origins and strength, and the conflicts
        (`dossier.index.evidence`); computed as they are asked for."""
        return EvidenceIndex(self.dossier, self.incoming)

    def flags_of(self, record: Record) -> tuple[str, ...]:
        """The flags of every source a record rests on (its own, or its sources')."""
        if isinstance(record, Source):
            return record.flags
        if isinstance(record, Quote):
            source = self.get(record.source)
            return source.flags if isinstance(source, Source) else ()
        flags: list[str] = []
        for source_id in getattr(record, "sources", ()):
            source = self.get(source_id)
            if isinstance(source, Source):
                flags += [f for f in source.flags if f not in flags]
        return tuple(flags)

    def only_flagged(self, record: Record) -> bool:
        """True when every source the record rests on carries a caveat flag."""
        sources = [self.get(s) for s in getattr(record, "sources", ())]
        sources = [s for s in sources if isinstance(s, Source)]
        return bool(sources) and all(s.flags for s in sources)

    # -- search ------------------------------------------------------------------
    @cached_property
    def search_index(self) -> SearchIndex:
        """Read back from where the loader kept it for these very files, or built (and
        then kept there, for the next run)."""
        stored = self.dossier.stored_search
        with long_lived():
            index = stored.load(self.dossier.by_id) if stored is not None else None  # type: ignore[attr-defined]
            if index is None:
                index = SearchIndex(self.dossier.by_id.values())
                if stored is not None:
                    stored.keep(index, self.dossier.by_id)  # type: ignore[attr-defined]
        return index

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        return self.search_index.search(query, limit)

    def suggest(self, query: str, limit: int = 3) -> list[Record]:
        """Did you mean: for a query that found nothing, the nearest names and aliases."""
        return self.search_index.suggest(query, limit)


def _collect_backlink_order() -> list[str]:
    order: list[str] = []

    def visit(fields):
        for spec in fields:
            if spec.backlink and spec.backlink not in order:
                order.append(spec.backlink)
            if spec.item is not None:
                visit((spec.item,))
            visit(spec.fields)

    for kind in S.KINDS:
        visit(kind.fields)
    order.append(S.PROSE_LINK_BACKLINK)
    # Reading order on a profile: what the record did before who cites it.
    preferred = ["took part in", "said", "quoted in", "members", "developed", "units", "family members"]
    return preferred + [h for h in order if h not in preferred]


BACKLINK_ORDER = _collect_backlink_order()
_FAR = (__import__("datetime").date.max, __import__("datetime").date.max)
