"""The JSON export's text: one object with a list per kind, one record per line.

    {
      "people": [
        {"id": "ada-lovelace", "name": "Ada Lovelace", ...},
        {"id": "timothee-lacroix", ...}
      ],
      "labs": [],
      ...
      "evidence": [
        {"claim": "llama-team-exodus", "kind": "event", "strength": "1 source · AI-generated", ...}
      ],
      "conflicts": [...]
    }

`evidence` and `conflicts` depend on the whole dossier (see `evidence_runs`), the
other sections each on one file.

A record on one line keeps the document readable and makes a diff between two exports
name the records that changed. It is also what makes the export fast: `json.dumps`
without `indent` runs in C, while `indent` falls back to the pure-Python encoder
(about five times slower at 100,000 quotes). Each line is passed through `safe_json`,
so C1 and bidirectional controls (and U+2028/U+2029, which some JavaScript readers
take for line ends) are `\\uNNNN` escapes: the same strings once decoded, and a
document that can neither reorder a terminal's text nor break a line in two.

The document is made as UTF-8 bytes from runs of record lines: `record_run` joins
lines with `BETWEEN_RECORDS`, and `json_chunks` joins runs the same way, so a run of
one file's records cached by `dossier.export.cache` and a run made from the whole
dossier by `to_json` give the same bytes. (A line never holds a raw line break, as
JSON escapes them, so `BETWEEN_RECORDS` also splits a run back into its lines.)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping

from dossier.export.plain import plain_record
from dossier.index.evidence import ROLE_MARK, EvidenceIndex
from dossier.index.evidence_plain import plain_conflict, plain_evidence
from dossier.model.longlived import long_lived
from dossier.model.records import Dossier, Record
from dossier.model.text import safe_json

SECTIONS = ("people", "labs", "models", "events", "sources", "quotes")
# Computed from the whole dossier (a source's flag changes the strength of every claim
# citing it), so never part of one file's fragment: each claim's origins and strength,
# and every conflict (see `evidence_runs`).
EVIDENCE_SECTIONS = ("evidence", "conflicts")
BETWEEN_RECORDS = b",\n    "
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # `json.dumps(..., ensure_ascii=False)` makes one per call


def record_line(record: Record) -> str:
    """One record (a source without its quotes) as one line of JSON."""
    return safe_json(_ENCODE(plain_record(record)))


def record_run(records: Iterable[Record]) -> bytes:
    """The records' lines as they stand in a list of the document (b"" for none)."""
    # Converting creates a dict per record; the collector would walk the whole dossier
    # over and over while they are made, and none of them is in a cycle.
    with long_lived():
        text = BETWEEN_RECORDS.decode().join([record_line(r) for r in records])
    return text.encode("utf-8", "surrogatepass")


def json_chunks(sections: Mapping[str, list[bytes]]) -> Iterator[bytes]:
    """The document, in pieces, from each section's runs of record lines (b"" runs are skipped)."""
    yield b"{\n"
    names = SECTIONS + EVIDENCE_SECTIONS
    for number, name in enumerate(names):
        body = BETWEEN_RECORDS.join([run for run in sections.get(name, ()) if run])
        yield b'  "' + name.encode() + b'": '
        yield from (b"[\n    ", body, b"\n  ]") if body else (b"[]",)
        yield b",\n" if number < len(names) - 1 else b"\n}\n"


def _lines(values: Iterable[dict]) -> bytes:
    text = BETWEEN_RECORDS.decode().join([safe_json(_ENCODE(v)) for v in values])
    return text.encode("utf-8", "surrogatepass")


def evidence_runs(dossier: Dossier) -> dict[str, list[bytes]]:
    """The evidence sections: one line per claim (its id, kind, strength, origins), in
    the order `EvidenceIndex.claims` walks them, and one line per conflict.

    Claims naming the same sources share one `Evidence` (every quote of a source does),
    so the part of the line after the claim's id and kind is encoded once for each.
    """
    evidence = EvidenceIndex(dossier)
    of_sources = evidence.of_sources
    tails: dict[int, str] = {}
    lines: list[str] = []

    def line(claim_id: str, kind: str, sources: tuple[str, ...]) -> None:
        found = of_sources(sources)
        tail = tails.get(id(found))
        if tail is None:
            tail = tails[id(found)] = safe_json(_ENCODE(plain_evidence(found)))[1:]
        # Ids are slugs (a-z, 0-9, -; a role's adds #role-N): nothing in them needs escaping.
        lines.append(f'{{"claim": "{claim_id}", "kind": "{kind}", {tail}')

    with long_lived():
        for person in dossier.people:
            line(person.id, "person", person.sources)
            for number, role in enumerate(person.roles, start=1):
                line(f"{person.id}{ROLE_MARK}{number}", "role", role.sources)
        for record in (*dossier.labs, *dossier.models, *dossier.events):
            line(record.id, record.kind_name, record.sources)
        for source in dossier.sources:
            for quote in source.quotes:
                line(quote.id, "quote", (source.id,))
        claims = BETWEEN_RECORDS.decode().join(lines).encode("utf-8", "surrogatepass")
        conflicts = _lines(plain_conflict(c) for c in evidence.conflicts())
    return {"evidence": [claims], "conflicts": [conflicts]}


def to_json_bytes(dossier: Dossier) -> bytes:
    """The whole dossier as one JSON document in UTF-8; each quote carries its `source`'s id."""
    runs = {
        "people": [record_run(dossier.people)],
        "labs": [record_run(dossier.labs)],
        "models": [record_run(dossier.models)],
        "events": [record_run(dossier.events)],
        "sources": [record_run(dossier.sources)],
        "quotes": [record_run(dossier.quotes)],
        **evidence_runs(dossier),
    }
    return b"".join(json_chunks(runs))


def to_json(dossier: Dossier) -> str:
    return to_json_bytes(dossier).decode("utf-8", "surrogatepass")


def export_text(dossier: Dossier, options) -> str:
    return to_json(dossier)
