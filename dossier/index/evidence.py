"""What each claim rests on: its sources folded into independent origins, and a strength.

A claim is an event, a role, a quote, or a profile's own statements (its `sources`).
Its sources are not all independent of one another:

- a relay (a source flagged `repost`, `duplicate-text` or `secondary`) that `cites`
  another source rests on that source, not on reporting of its own;
- a source flagged `not-read` is known only through the sources that cite it: what the
  dossier says of it was read in them.

So each source has a *basis*, the sources that were read for what it says: itself
for an ordinary source; for a relay, the basis of what it relays (itself when what it
relays was not read); for an unread source, the basis of the sources citing it (itself
when none does). Two sources of a claim are one origin when their bases meet, or when
both relay the same source (circular reporting: two relays of one report are one
report). The origins are what a reader counts.

Everything is computed on demand and kept: a claim's evidence depends only on its tuple
of sources, which thousands of claims share (every quote of one source), so a large
dossier costs one small computation per distinct tuple.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from dossier.index.strength import (
    CAVEATS,
    ROLE_MARK,
    Claim,
    Conflict,
    Evidence,
    Origin,
    Side,
    claim_of,
    role_claims,
    walk_claims,
)
from dossier.model.records import Dossier, Event, Figure, Person, Quote, Record, Role, Source
from dossier.model.text import fold

RELAY_FLAGS = frozenset(("repost", "duplicate-text", "secondary"))
NOT_READ = "not-read"
_ROLE_FIELD = re.compile(r"^roles\[(\d+)\]\.sources\[\d+\]$")
_OWN_FIELD = re.compile(r"^sources\[\d+\]$")
NO_EVIDENCE = Evidence(())


class EvidenceIndex:
    """The evidence of every claim of a dossier, computed when first asked and kept."""

    def __init__(self, dossier: Dossier, incoming: Mapping[str, list] | None = None):
        self.dossier = dossier
        # The index's incoming links (`Index.incoming`), to find the claims citing a source
        # without walking every claim; without them, the claims are walked.
        self.incoming = incoming
        self.sources: dict[str, Source] = {s.id: s for s in dossier.sources}
        self._cited_by: dict[str, list[str]] | None = None
        self._basis: dict[str, frozenset[str]] = {}
        self._keys: dict[str, frozenset[str]] = {}
        self._by_sources: dict[tuple[str, ...], Evidence] = {}
        self._singles: dict[str, Origin] = {}
        self._alone_evidence: dict[str, Evidence] = {}
        self._claims: list[Claim] | None = None
        self._place: dict[str, int] | None = None
        self._conflicts: list[Conflict] | None = None

    # -- sources ------------------------------------------------------------------
    def cited_by(self, source_id: str) -> list[str]:
        """The sources that cite `source_id`, in file order."""
        if self._cited_by is None:
            cited_by: dict[str, list[str]] = {}
            for source in self.dossier.sources:
                for target in source.cites:
                    if target != source.id:
                        cited_by.setdefault(target, []).append(source.id)
            self._cited_by = cited_by
        return self._cited_by.get(source_id, [])

    def is_relay(self, source: Source) -> bool:
        return bool(source.cites) and not RELAY_FLAGS.isdisjoint(source.flags)

    def is_read(self, source_id: str) -> bool:
        source = self.sources.get(source_id)
        return source is not None and NOT_READ not in source.flags

    def _steps(self, source_id: str) -> list[str]:
        """Where the basis of a source comes from: other sources, or itself ("")."""
        source = self.sources[source_id]
        if NOT_READ in source.flags:
            return self.cited_by(source_id) or [""]
        if self.is_relay(source):
            steps = ["" if not self.is_read(t) else t for t in source.cites if t in self.sources and t != source_id]
            return steps or [""]
        return [""]

    def basis(self, source_id: str) -> frozenset[str]:
        """The sources read for what `source_id` says (see the module's docstring).

        Walked with a stack of its own, not by recursion: a hostile chain of 100,000
        reposts must not overflow Python's stack. A `cites` cycle (a problem the loader
        reports) ends where it comes back to a source already on the walk.
        """
        memo = self._basis
        if source_id in memo or source_id not in self.sources:
            return memo.get(source_id, frozenset((source_id,)))
        stack: list[tuple[str, Iterator[str], set[str]]] = [(source_id, iter(self._steps(source_id)), set())]
        walking = {source_id}
        while stack:
            node, steps, found = stack[-1]
            for step in steps:
                if not step:
                    found.add(node)
                elif step in memo:
                    found |= memo[step]
                elif step not in walking:
                    walking.add(step)
                    stack.append((step, iter(self._steps(step)), set()))
                    break
            else:
                stack.pop()
                walking.discard(node)
                memo[node] = result = frozenset(found) if found else frozenset((node,))
                if stack:
                    stack[-1][2].update(result)
        return memo[source_id]

    def _keys_of(self, source_id: str) -> frozenset[str]:
        """What two sources of one claim must share to be one origin: their bases, and
        what they relay."""
        keys = self._keys.get(source_id)
        if keys is None:
            source = self.sources[source_id]
            keys = self.basis(source_id)
            if self.is_relay(source):
                keys = keys | frozenset(source.cites)
            self._keys[source_id] = keys
        return keys

    # -- claims -------------------------------------------------------------------
    def of_sources(self, source_ids: tuple[str, ...]) -> Evidence:
        """The evidence of a claim naming these sources (ids that name no source are left
        out: the loader reports them)."""
        found = self._by_sources.get(source_ids)
        if found is None:
            found = self._by_sources[source_ids] = self._fold(source_ids)
        return found

    def _fold(self, source_ids: tuple[str, ...]) -> Evidence:
        sources = self.sources
        known = [s for s in source_ids if s in sources]
        if len(known) < 2:
            return self._alone(known[0]) if known else NO_EVIDENCE
        if len(set(known)) < len(known):
            known = list(dict.fromkeys(known))
        keys = [self._keys_of(s) for s in known]
        if len(known) == 2:
            apart = keys[0].isdisjoint(keys[1])
        else:
            apart = len(frozenset().union(*keys)) == sum(map(len, keys))
        if apart:  # nothing shared: each is an origin of its own
            return Evidence(tuple([self._single(s) for s in known]))
        groups: list[tuple[list[str], set[str]]] = []  # (sources, keys), merged as they meet
        for source_id, own in zip(known, keys, strict=True):
            merged = set(own)
            members = [source_id]
            for group in [g for g in groups if not g[1].isdisjoint(merged)]:
                groups.remove(group)
                members = group[0] + members
                merged |= group[1]
            groups.append((members, merged))
        order = {s: n for n, s in enumerate(known)}
        origins = []
        for members, _ in sorted(groups, key=lambda g: min(order[s] for s in g[0])):
            if len(members) == 1:
                origins.append(self._single(members[0]))
                continue
            members.sort(key=order.__getitem__)
            basis = sorted({b for s in members for b in self.basis(s)}, key=lambda b: (b not in order, b))
            origins.append(Origin(tuple(members), tuple(basis), *self._flags(members, basis)))
        return Evidence(tuple(origins))

    def _alone(self, source_id: str) -> Evidence:
        """The evidence of a claim naming one source: shared by all such claims."""
        found = self._alone_evidence.get(source_id)
        if found is None:
            found = self._alone_evidence[source_id] = Evidence((self._single(source_id),))
        return found

    def _single(self, source_id: str) -> Origin:
        """The origin a source is on its own, made once per source."""
        origin = self._singles.get(source_id)
        if origin is None:
            flags = tuple(self._member_flags(source_id))
            basis = tuple(sorted(self.basis(source_id), key=lambda b: (b != source_id, b)))
            caveats = tuple(c for c in CAVEATS if c in flags)
            origin = self._singles[source_id] = Origin((source_id,), basis, flags, caveats)
        return origin

    def _flags(self, members: list[str], basis: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The origin's flags (all of them) and its caveats (those every member has)."""
        flags: list[str] = []
        caveats: set[str] | None = None
        for member in members:
            own = self._member_flags(member)
            flags += [f for f in own if f not in flags]
            found = {f for f in own if f in CAVEATS}
            caveats = found if caveats is None else caveats & found
        for source_id in basis:
            flags += [f for f in self.sources[source_id].flags if f not in flags]
        return tuple(flags), tuple(c for c in CAVEATS if c in (caveats or ()))

    def _member_flags(self, source_id: str) -> list[str]:
        """A source's flags with those of its basis: what it says comes with them."""
        flags = list(self.sources[source_id].flags)
        for other in sorted(self.basis(source_id)):
            if other != source_id and other in self.sources:
                flags += [f for f in self.sources[other].flags if f not in flags]
        return flags

    def of(self, claim: Claim) -> Evidence:
        return self.of_sources(claim.sources)

    def of_record(self, record: Record) -> Evidence | None:
        """The evidence of a record that is a claim (an event, a quote, a profile); None
        for a source."""
        if isinstance(record, Quote):
            return self.of_sources((record.source,))
        if isinstance(record, Source):
            return None
        return self.of_sources(record.sources)

    def of_role(self, role: Role) -> Evidence:
        return self.of_sources(role.sources)

    def claims(self) -> list[Claim]:
        """Every claim of the dossier: profiles (with their roles), events, quotes."""
        if self._claims is None:
            self._claims = list(walk_claims(self.dossier))
        return self._claims

    def claims_of(self, record: Record) -> list[Claim]:
        """The claims a record makes: a profile's own statements and, for a person, each
        role; an event or a quote is one claim; a source makes none (it is evidence)."""
        if isinstance(record, Source):
            return []
        claims = [claim_of(record)]
        if isinstance(record, Person):
            claims += role_claims(record)
        return claims

    def find(self, claim_id: str) -> list[Claim]:
        """The claims an id names: a record's, or a role's (`person#role-2`, or
        `person#org-id` for each of the person's roles at that org)."""
        person_id, mark, rest = claim_id.partition("#")
        record = self.dossier.by_id.get(person_id)
        if not mark:
            if record is None or isinstance(record, Source):
                return []
            return [claim_of(record)]
        if not isinstance(record, Person) or not rest:
            return []
        claims = list(role_claims(record))
        if rest.startswith("role-") and rest[5:].isdigit():
            number = int(rest[5:])
            return claims[number - 1 : number] if number >= 1 else []
        return [c for c in claims if c.role is not None and c.role.org == rest]

    def only_on(self, source_id: str) -> list[Claim]:
        """Claims whose every source, folded, comes down to `source_id` alone."""
        alone = frozenset((source_id,))
        if source_id not in self.sources:
            return []
        # Only a source whose basis holds `source_id` can fold into it: the source itself,
        # relays of it, unread sources it cites, and so on from those.
        folding = [s for s in self._folding_into(source_id) if self.basis(s) == alone]
        found: dict[str, Claim] = {}
        for candidate in folding:
            for claim in self.supported_by(candidate):
                known = [s for s in claim.sources if s in self.sources]
                if claim.id not in found and all(self.basis(s) == alone for s in known):
                    found[claim.id] = claim
        order = self._claim_order()
        return sorted(found.values(), key=lambda c: order(c))

    def _folding_into(self, source_id: str) -> list[str]:
        seen = {source_id}
        todo = [source_id]
        while todo:
            current = todo.pop()
            nxt = [c for c in self.cited_by(current) if self.is_relay(self.sources[c]) and self.is_read(current)]
            nxt += [t for t in self.sources[current].cites if t in self.sources and not self.is_read(t)]
            for other in nxt:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return list(seen)

    def supported_by(self, source_id: str) -> list[Claim]:
        """Claims that name `source_id` among their sources (or, for a quote, come from it)."""
        if self.incoming is None:
            return [claim for claim in self.claims() if source_id in claim.sources]
        found: dict[str, Claim] = {}
        by_id = self.dossier.by_id
        for link in self.incoming.get(source_id, ()):
            record = by_id.get(link.source)
            if record is None or isinstance(record, Source):
                continue
            role = _ROLE_FIELD.match(link.field)
            if role is not None and isinstance(record, Person):
                number = int(role.group(1))
                if number < len(record.roles):
                    claim = Claim(f"{record.id}{ROLE_MARK}{number + 1}", "role", record, record.roles[number].sources,
                                  record.roles[number])  # fmt: skip
                    found.setdefault(claim.id, claim)
            elif _OWN_FIELD.match(link.field):
                found.setdefault(record.id, claim_of(record))
        source = self.sources[source_id]
        claims = [claim_of(q) for q in source.quotes] + list(found.values())
        order = self._claim_order()
        return sorted(claims, key=order)

    def _claim_order(self):
        """Claims in the order `claims()` walks them: people (each with its roles), labs,
        models, events, quotes (by source, then as the source lists them)."""
        place = self._places()
        quote_places: dict[str, dict[str, int]] = {}

        def key(claim: Claim) -> tuple[int, int, int]:
            record = claim.record
            if isinstance(record, Quote):
                numbers = quote_places.get(record.source)
                if numbers is None:
                    source = self.sources.get(record.source)
                    quotes = source.quotes if source is not None else ()
                    numbers = quote_places[record.source] = {q.id: n for n, q in enumerate(quotes)}
                return (len(place) + place.get(record.source, 0), numbers.get(record.id, 0), 0)
            role = int(claim.id.rpartition(ROLE_MARK)[2]) if claim.role is not None else 0
            return (place.get(record.id, -1), role, 0)

        return key

    def _places(self) -> dict[str, int]:
        """Each profile's, event's and source's place in the walk (quotes are placed by their
        source: a large dossier has far more of them than of anything else)."""
        if self._place is None:
            d = self.dossier
            records = (*d.people, *d.labs, *d.models, *d.events, *d.sources)
            self._place = {r.id: n for n, r in enumerate(records)}
        return self._place

    # -- conflicts ----------------------------------------------------------------
    def conflicts(self) -> list[Conflict]:
        """Every thing that sources give different values for, in timeline order."""
        if self._conflicts is None:
            self._conflicts = [c for event in self.dossier.events for c in self.conflicts_of(event)]
        return self._conflicts

    def conflicts_of(self, record: Record) -> list[Conflict]:
        figures = getattr(record, "figures", ())
        if not figures or not isinstance(record, Event):
            return []
        by_what: dict[str, list[Figure]] = {}
        for figure in figures:
            by_what.setdefault(fold(figure.what).strip(), []).append(figure)
        conflicts = []
        for group in by_what.values():
            if len({fold(f.value).strip() for f in group}) > 1:
                sides = tuple(Side(f, self.of_sources(f.sources)) for f in group)
                conflicts.append(Conflict(record, group[0].what, sides))
        return conflicts


__all__ = [
    "CAVEATS", "NOT_READ", "RELAY_FLAGS", "ROLE_MARK", "Claim", "Conflict", "Evidence", "EvidenceIndex", "Origin",
    "Side", "claim_of", "role_claims",
]  # fmt: skip
