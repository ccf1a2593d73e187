"""How many events fall in each month: the data behind the timeline's density strip."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from dossier.model.records import Event


def month_span(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from `first` to `last`, both included."""
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_counts(events: Iterable[Event]) -> list[tuple[tuple[int, int], int]]:
    """((year, month), number of events) for every month from the first event's to the last's.

    An event dated only to a year or a season counts in the month where it may begin,
    as the timeline orders it.
    """
    counts = Counter(event.date.month_key for event in events)
    if not counts:
        return []
    return [(month, counts.get(month, 0)) for month in month_span(min(counts), max(counts))]
