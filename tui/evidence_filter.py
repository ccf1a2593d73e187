"""The evidence filter: which claims the people, timeline and quotes panes leave out.

Two ways to weigh a claim (`dossier.index.evidence` computes what it rests on):
- at least N independent origins ("2 independent sources" or more);
- not resting only on flagged sources: every origin of the claim carries the caveat
  (e.g. all it rests on is AI-generated), so nothing free of it supports the claim.

A claim with no source is kept by the second kind (it rests on nothing flagged; its
"no src" mark says what it is) and hidden by the first.

A profile (person, lab, model) leaves the browse list when everything the dossier
says of it is hidden: its own statements and each of its roles. A journalist asking
"what survives without the AI note?" still sees a person one solid article speaks
of, and no longer sees one known only from that note. Sources are evidence, not
claims: the Sources tab never hides them. A hidden record can still be opened (a
link, search, the palette); the filter thins the lists, it never locks anything away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dossier.index.evidence import CAVEATS, Evidence
from dossier.index.index import Index
from dossier.model.records import Event, Quote, Record, Source

ANY_FLAG = "flagged"  # any caveat at all


@dataclass(frozen=True)
class EvidenceFilter:
    min_origins: int = 0  # 0: no minimum
    hide_only: str = ""  # a caveat (see CAVEATS), ANY_FLAG, or "" for none

    @property
    def active(self) -> bool:
        return self.min_origins > 0 or bool(self.hide_only)

    def hides(self, evidence: Evidence | None) -> bool:
        if evidence is None or not self.active:
            return False
        if evidence.count < self.min_origins:
            return True
        if self.hide_only == ANY_FLAG:
            return evidence.flagged
        if self.hide_only:
            return bool(evidence.origins) and all(self.hide_only in o.caveats for o in evidence.origins)
        return False

    def describe(self) -> str:
        """What it hides, in a reader's words."""
        if self.min_origins:
            return (
                "hides claims with no source"
                if self.min_origins == 1
                else f"hides claims on fewer than {self.min_origins} independent sources"
            )
        if self.hide_only == ANY_FLAG:
            return "hides what rests only on flagged sources"
        if self.hide_only:
            return f"hides what rests only on {CAVEATS.get(self.hide_only, self.hide_only)} sources"
        return "off"

    # -- the panes' lists ---------------------------------------------------------
    def hides_record(self, index: Index, record: Record) -> bool:
        if not self.active or isinstance(record, Source):
            return False
        evidence = index.evidence
        if isinstance(record, (Event, Quote)):
            return self.hides(evidence.of_record(record))
        return all(self.hides(evidence.of(claim)) for claim in evidence.claims_of(record))

    def keep(self, index: Index, records: Sequence[Record]) -> Sequence[Record]:
        """`records` without those it hides (the same sequence when it is off)."""
        if not self.active:
            return records
        return [r for r in records if not self.hides_record(index, r)]

    def hidden_counts(self, index: Index) -> dict[str, int]:
        """How many of each kind it hides in the whole dossier: events, quotes, profiles."""
        d = index.dossier
        counts = {
            "event": len(d.events) - len(self.keep(index, d.events)),
            "quote": len(d.quotes) - len(self.keep(index, d.quotes)),
            "profile": sum(len(rs) - len(self.keep(index, rs)) for rs in (d.people, d.labs, d.models)),
        }
        return {kind: n for kind, n in counts.items() if n}


OFF = EvidenceFilter()
# The choices the dialog and the palette offer, in that order.
CHOICES: tuple[EvidenceFilter, ...] = (
    OFF,
    EvidenceFilter(hide_only="ai-generated"),
    EvidenceFilter(hide_only=ANY_FLAG),
    EvidenceFilter(min_origins=1),
    EvidenceFilter(min_origins=2),
    EvidenceFilter(min_origins=3),
)


def choice_label(choice: EvidenceFilter) -> str:
    if not choice.active:
        return "Show every claim (filter off)"
    if choice.min_origins == 1:
        return "Hide claims with no source"
    if choice.min_origins:
        return f"Only claims on at least {choice.min_origins} independent sources"
    if choice.hide_only == ANY_FLAG:
        return "Hide what rests only on flagged sources (AI, unread, unverified, opinion…)"
    return f"Hide what rests only on {CAVEATS.get(choice.hide_only, choice.hide_only)} sources"
