"""What a reader is told a claim rests on: its independent origins and its strength.

The values `dossier.index.evidence` computes, and the claims it computes them for. A
claim is an event, a role, a quote, or a profile's own statements; see that module for
how its sources are folded into origins.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dossier.model.records import Dossier, Event, Figure, Person, Quote, Record, Role

# Flags that weaken a claim enough to say so in its strength, most serious first, with
# the words a reader sees. The others (translated, secondary, paywalled...) are listed
# with each origin but do not change the strength.
CAVEATS = {
    "retracted": "retracted",
    "ai-generated": "AI-generated",
    "not-read": "not read",
    "unverified": "unverified",
    "opinion": "opinion",
    "sponsored": "sponsored",
    "repost": "repost",
}
SHORT_CAVEATS = {"ai-generated": "AI", "not-read": "unread"}
ROLE_MARK = "#role-"


@dataclass(frozen=True, slots=True)  # a large dossier has one per quote: 100,000 and more
class Claim:
    """Something the dossier asserts, and the sources it names for it."""

    id: str  # the record's id; a role's is `person-id#role-N` (N from 1, in file order)
    kind: str  # event, role, quote, person, lab, model (a profile's own statements)
    record: Record  # the record it belongs to (the person, for a role)
    sources: tuple[str, ...]
    role: Role | None = None

    @property
    def label(self) -> str:
        if self.role is not None:
            return " ".join(p for p in (self.role.title or "role", "at", self.role.org) if p)
        return self.record.label


@dataclass(frozen=True, slots=True)
class Origin:
    """One independent origin of a claim."""

    sources: tuple[str, ...]  # the claim's sources folded into it, in the claim's order
    basis: tuple[str, ...]  # the sources read for it (the relayers of unread ones, the originals of relays)
    flags: tuple[str, ...]  # every flag of its sources and of their basis
    # The caveats (see CAVEATS) that hold for every one of its sources, each with its
    # basis: an origin is as good as the best account of it the dossier has.
    caveats: tuple[str, ...] = ()


class Evidence:
    """What a claim rests on: its independent origins, and the words a reader sees.

    Shared by every claim naming the same sources (every quote of a source shares one),
    so its words are made once, when it is made; a plain class with slots, since a
    large dossier makes tens of thousands of them.
    """

    __slots__ = ("origins", "strength", "mark", "flagged")

    def __init__(self, origins: tuple[Origin, ...]):
        self.origins = origins
        # True when every origin carries a caveat (nothing it rests on is free of one).
        self.flagged = bool(origins) and all(o.caveats for o in origins)
        self.strength = _strength(origins, self.flagged)  # 'no source', '1 source · AI-generated'...
        self.mark = _mark(origins)  # the same in a few cells: '2 src', '1 src', '1 AI', 'no src'

    @property
    def count(self) -> int:
        return len(self.origins)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Evidence) and other.origins == self.origins

    def __hash__(self) -> int:
        return hash(self.origins)

    def __repr__(self) -> str:
        return f"Evidence({self.strength!r}, {self.origins!r})"


def _strength(origins: tuple[Origin, ...], flagged: bool) -> str:
    if not origins:
        return "no source"
    if len(origins) == 1:
        return " · ".join(["1 source", *(CAVEATS[c] for c in origins[0].caveats)])
    text = f"{len(origins)} independent sources"
    if not flagged:
        return text
    shared = set(origins[0].caveats).intersection(*(o.caveats for o in origins[1:]))
    if shared:
        return text + " · all " + ", ".join(CAVEATS[c] for c in CAVEATS if c in shared)
    return text + " · each flagged"


def _mark(origins: tuple[Origin, ...]) -> str:
    if not origins:
        return "no src"
    if len(origins) == 1 and origins[0].caveats:
        caveat = origins[0].caveats[0]
        return f"1 {SHORT_CAVEATS.get(caveat, caveat)}"
    return f"{len(origins)} src"


@dataclass(frozen=True)
class Side:
    """One value of a conflict and what it rests on."""

    figure: Figure
    evidence: Evidence


@dataclass(frozen=True)
class Conflict:
    """Values that differ for the same thing of one event, side by side."""

    event: Event
    what: str
    sides: tuple[Side, ...]

    @property
    def id(self) -> str:
        return f"{self.event.id}: {self.what}"


def claim_of(record: Record) -> Claim:
    if isinstance(record, Quote):
        return Claim(record.id, "quote", record, (record.source,))
    return Claim(record.id, record.kind_name, record, getattr(record, "sources", ()))


def role_claims(person: Person) -> Iterator[Claim]:
    for number, role in enumerate(person.roles, start=1):
        yield Claim(f"{person.id}{ROLE_MARK}{number}", "role", person, role.sources, role)


def walk_claims(dossier: Dossier) -> Iterator[Claim]:
    for person in dossier.people:
        yield claim_of(person)
        yield from role_claims(person)
    for profile in (*dossier.labs, *dossier.models):
        yield claim_of(profile)
    for event in dossier.events:
        yield claim_of(event)
    for quote in dossier.quotes:
        yield claim_of(quote)
