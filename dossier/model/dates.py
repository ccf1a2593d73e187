"""Partial and approximate dates: the EDTF subset a dossier uses.

Accepted forms: `2025`, `2025-04`, `2025-04-29`, a season `2025-21`..`2025-24`
(spring, summer, autumn, winter), each optionally followed by `~` (approximate),
`?` (uncertain) or `%` (both). Dates order by their first day, except that a year or
a season comes after the dated events of that period (see `PartialDate.sort_key`), and
display at their own precision; a day is never invented.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dossier.model.frozen import plain_record

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<qualifier>[~?%])?$")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Northern-hemisphere meteorological seasons: first month of each, and its length.
SEASONS = {21: ("spring", 3), 22: ("summer", 6), 23: ("autumn", 9), 24: ("winter", 12)}


# (year, month, day, season) → `PartialDate.sort_key`: the key depends on nothing else.
_SORT_KEYS: dict[tuple, tuple[dt.date, dt.date, dt.date]] = {}
_MAX_SORT_KEYS = 100_000


class DateError(ValueError):
    """A date that is not in the accepted EDTF subset; the message says why."""


@plain_record
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        return "year"

    @property
    def earliest(self) -> dt.date:
        """The first day this date may mean."""
        if self.season is not None:
            return dt.date(self.year, SEASONS[self.season][1], 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day this date may mean."""
        if self.day is not None:
            return self.earliest
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        if self.season is not None:
            first = SEASONS[self.season][1]
            end = dt.date(self.year, first, 1) + dt.timedelta(days=92)
            return end.replace(day=1) - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    @property
    def sort_key(self) -> tuple[dt.date, dt.date, dt.date]:
        """A day or a month orders by its first day; a date known only to its year or its
        season (`imprecise`) by its last day, so that "2025" comes after the dated events
        of 2025 it may follow, never before them as its first day would put it. At the
        same place the more precise date comes first ("31 Dec 2025", "2025"; "1 Apr
        2025", "Apr 2025"): the second day mirrors the earliest one, later first. Days
        all, so that a key compares with any (date, date) default.

        Made once per distinct date: a timeline of 50,000 events sorts on a few
        thousand dates, and the key's three days cost ten times the look-up."""
        place = (self.year, self.month, self.day, self.season)
        key = _SORT_KEYS.get(place)
        if key is None:
            anchor = self.latest if self.imprecise else self.earliest
            mirrored = dt.date.fromordinal(dt.date.max.toordinal() - self.earliest.toordinal() + 1)
            key = (anchor, mirrored, self.latest)
            if len(_SORT_KEYS) >= _MAX_SORT_KEYS:  # a hostile dossier of a million dates
                _SORT_KEYS.clear()
            _SORT_KEYS[place] = key
        return key

    @property
    def imprecise(self) -> bool:
        """Known only to its year or its season: listed after the dated events of that
        period, and marked so (`timeline_label`)."""
        return self.precision in ("year", "season")

    def timeline_label(self) -> str:
        """The date as a timeline lists it: `display()`, and for a year or a season the
        note that the month is not given ("2025 · month not given")."""
        return f"{self.display()} · month not given" if self.imprecise else self.display()

    @property
    def month_key(self) -> tuple[int, int]:
        """(year, month) of the earliest day, for per-month density counts."""
        first = self.earliest
        return (first.year, first.month)

    def __str__(self) -> str:
        return self.edtf

    @property
    def edtf(self) -> str:
        text = f"{self.year:04d}"
        if self.season is not None:
            text += f"-{self.season:02d}"
        elif self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        if self.approximate and self.uncertain:
            text += "%"
        elif self.approximate:
            text += "~"
        elif self.uncertain:
            text += "?"
        return text

    def display(self) -> str:
        """Human form at the date's own precision: '29 Apr 2025', '~ Jun 2025', 'autumn 2025'."""
        if self.day is not None:
            text = f"{self.day} {MONTHS[self.month - 1]} {self.year}"  # type: ignore[index]
        elif self.month is not None:
            text = f"{MONTHS[self.month - 1]} {self.year}"
        elif self.season is not None:
            text = f"{SEASONS[self.season][0]} {self.year}"
        else:
            text = str(self.year)
        if self.approximate:
            text = "~ " + text
        if self.uncertain:
            text += "?"
        return text


def date_span(start: PartialDate | None, end: PartialDate | None) -> str:
    """A role's or a period's dates at their own precision, "…" for an end not given
    ("2023-04 – …" reads "since April 2023"; a "?" would say the date is uncertain);
    "" when it has neither."""
    if not (start or end):
        return ""
    return " – ".join(date.display() if date else "…" for date in (start, end))


def parse_date(value: object) -> PartialDate:
    """Parse a YAML date value: an EDTF string, a bare year, or a `datetime.date`.

    PyYAML-style loaders turn an unquoted `2025-04-29` into a `date` and `2025` into an
    `int`; both are accepted. Raises DateError with a message fit for the author.
    """
    if isinstance(value, bool):
        raise DateError(f"expected a date like 2025-04-29, 2025-04 or 2025, got {value!r}")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise DateError(f"expected a date like 2025-04-29, 2025-04 or 2025, got {type(value).__name__}")
    text = value.strip()
    match = _PATTERN.match(text)
    if not match:
        raise DateError(
            f"'{text}' is not a date: write 2025-04-29, 2025-04, 2025, a season 2025-21..24, "
            "optionally followed by ~ (approximate) or ? (uncertain)"
        )
    year = int(match["year"])
    qualifier = match["qualifier"] or ""
    approximate = qualifier in "~%" and qualifier != ""
    uncertain = qualifier in "?%" and qualifier != ""
    if year == 0:
        raise DateError(f"'{text}': year 0000 does not exist")
    if match["month"] is None:
        return PartialDate(year, approximate=approximate, uncertain=uncertain)
    middle = int(match["month"])
    if 21 <= middle <= 24:
        if match["day"] is not None:
            raise DateError(f"'{text}': a season ({middle}) cannot have a day")
        return PartialDate(year, season=middle, approximate=approximate, uncertain=uncertain)
    if not 1 <= middle <= 12:
        raise DateError(f"'{text}': month {middle} does not exist (01-12, or 21-24 for a season)")
    if match["day"] is None:
        return PartialDate(year, middle, approximate=approximate, uncertain=uncertain)
    day = int(match["day"])
    last = calendar.monthrange(year, middle)[1]
    if not 1 <= day <= last:
        raise DateError(f"'{text}': {MONTHS[middle - 1]} {year} has no day {day} (it has {last})")
    return PartialDate(year, middle, day, approximate=approximate, uncertain=uncertain)
