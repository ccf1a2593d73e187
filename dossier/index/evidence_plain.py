"""Evidence and conflicts as plain JSON-ready values: what `dossier evidence --format json`
prints and what the JSON export carries, in one shape."""

from __future__ import annotations

from dossier.index.evidence import Claim, Conflict, Evidence, EvidenceIndex, Origin


def plain_origin(origin: Origin) -> dict:
    return {
        "sources": list(origin.sources),
        "basis": list(origin.basis),
        "flags": list(origin.flags),
        "caveats": list(origin.caveats),
    }


def plain_evidence(evidence: Evidence) -> dict:
    return {
        "strength": evidence.strength,
        "independent": evidence.count,
        "origins": [plain_origin(o) for o in evidence.origins],
    }


def plain_claim(claim: Claim, evidence: Evidence) -> dict:
    return {"claim": claim.id, "kind": claim.kind, **plain_evidence(evidence)}


def plain_conflict(conflict: Conflict) -> dict:
    return {
        "event": conflict.event.id,
        "what": conflict.what,
        "values": [
            {
                "value": side.figure.value,
                "sources": list(side.figure.sources),
                **({"note": side.figure.note} if side.figure.note else {}),
                "strength": side.evidence.strength,
            }
            for side in conflict.sides
        ],
    }


def plain_source(evidence: EvidenceIndex, source_id: str) -> dict:
    """A source's place in the evidence: what it is read through, what rests on it alone."""
    source = evidence.sources[source_id]
    alone = evidence.only_on(source_id)
    ids = {c.id for c in alone}
    return {
        "source": source_id,
        "flags": list(source.flags),
        "cites": list(source.cites),
        "cited_by": evidence.cited_by(source_id),
        "basis": sorted(evidence.basis(source_id)),
        "only_on": [{"claim": c.id, "kind": c.kind} for c in alone],
        "also_supports": [{"claim": c.id, "kind": c.kind} for c in evidence.supported_by(source_id) if c.id not in ids],
    }
