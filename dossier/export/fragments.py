"""What one dossier file contributes to the JSON export, and the export joined from them.

A `Fragment` holds one file's records as a run of JSON lines (made by `record_run`, as
`to_json` makes them), its sources' quotes as another, and what is needed to put them
in `to_json`'s order without the records themselves: each event's date as a sort key.

`join_sections` reproduces how `load.assemble` lists records, given that no id occurs
twice (then `assemble` drops nothing; the caller checks it): files in the order
`discover` gives, records in file order, events then sorted by date, stably, and each
source's quotes after the quotes of the sources before it.
"""

from __future__ import annotations

from typing import NamedTuple

from dossier.export.jsondoc import BETWEEN_RECORDS, SECTIONS, record_run
from dossier.model.records import Event, Record

EventKey = tuple[int, int, int]  # the ordinals of PartialDate.sort_key's days: the same order


class Fragment(NamedTuple):
    # A named tuple rather than a frozen dataclass: a warm export restores 15,000 of
    # them, and a tuple is made several times faster.
    section: str  # "people", "labs", "models", "events" or "sources"
    records: int  # how many lines `lines` holds
    lines: bytes  # the file's records, in file order (see `dossier.export.jsondoc.record_run`)
    quote_lines: bytes = b""  # the quotes of its sources, in order
    event_keys: tuple[EventKey, ...] = ()  # one per record when section is "events"
    archives: tuple[str, ...] = ()  # `text` of its sources: archived copies the checks read

    @classmethod
    def of(cls, section: str, records: list[Record]) -> Fragment:
        quotes = [q for r in records for q in getattr(r, "quotes", ())]
        return cls(
            section=section,
            records=len(records),
            lines=record_run(records),
            quote_lines=record_run(quotes),
            event_keys=tuple(event_key(r) for r in records if isinstance(r, Event)),
            archives=tuple(r.text for r in records if getattr(r, "text", "")),  # type: ignore[union-attr]
        )

    def is_consistent(self) -> bool:
        """Whether the parts fit together (a check on what comes back from the cache)."""
        if self.section not in SECTIONS or self.section == "quotes" or not isinstance(self.records, int):
            return False
        if self.section != "events":
            return (self.records > 0) == bool(self.lines) and not self.event_keys
        # Events are split back into lines to be sorted: one key for each.
        lines = self.lines.count(BETWEEN_RECORDS) + 1 if self.lines else 0
        return lines == self.records == len(self.event_keys)


def event_key(event: Event) -> EventKey:
    return tuple(day.toordinal() for day in event.date.sort_key)  # type: ignore[return-value]


def join_sections(fragments: list[Fragment]) -> dict[str, list[bytes]]:
    """Each section's runs of lines in `to_json`'s order, for `dossier.export.jsondoc.json_chunks`."""
    sections: dict[str, list[bytes]] = {name: [] for name in SECTIONS}
    events: list[tuple[EventKey, bytes]] = []
    for fragment in fragments:
        if fragment.section == "events":
            if fragment.lines:
                events.extend(zip(fragment.event_keys, fragment.lines.split(BETWEEN_RECORDS), strict=True))
        else:
            sections[fragment.section].append(fragment.lines)
        sections["quotes"].append(fragment.quote_lines)
    events.sort(key=_first)  # stable, as assemble's sort of the events by date
    sections["events"] = [line for _, line in events]
    return sections


def _first(pair: tuple[EventKey, bytes]) -> EventKey:
    return pair[0]
