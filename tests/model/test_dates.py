import datetime as dt
import re

import pytest

from dossier.model.dates import DateError, parse_date


@pytest.mark.parametrize(
    "text, shown, earliest, latest",
    [
        ("2025", "2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025-04", "Apr 2025", dt.date(2025, 4, 1), dt.date(2025, 4, 30)),
        ("2025-04-29", "29 Apr 2025", dt.date(2025, 4, 29), dt.date(2025, 4, 29)),
        ("2025-06~", "~ Jun 2025", dt.date(2025, 6, 1), dt.date(2025, 6, 30)),
        ("2025-21", "spring 2025", dt.date(2025, 3, 1), dt.date(2025, 5, 31)),
        ("2025-23", "autumn 2025", dt.date(2025, 9, 1), dt.date(2025, 11, 30)),
        ("2025-24?", "winter 2025?", dt.date(2025, 12, 1), dt.date(2026, 2, 28)),
        ("2024-02", "Feb 2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_parse_and_display_at_own_precision(text, shown, earliest, latest):
    date = parse_date(text)
    assert date.display() == shown
    assert date.earliest == earliest
    assert date.latest == latest
    assert date.edtf == text


def test_yaml_native_values_are_accepted():
    assert parse_date(2025).display() == "2025"
    assert parse_date(dt.date(2025, 4, 29)).display() == "29 Apr 2025"


@pytest.mark.parametrize(
    "text, message",
    [
        ("2025-02-30", "Feb 2025 has no day 30"),
        ("2025-13", "month 13 does not exist"),
        ("2025-21-01", "a season (21) cannot have a day"),
        ("April 2025", "is not a date"),
        ("25-04-2025", "is not a date"),
        ("0000", "year 0000 does not exist"),
    ],
)
def test_bad_dates_say_why(text, message):
    with pytest.raises(DateError, match=re.escape(message)):
        parse_date(text)


def test_a_vaguer_date_comes_after_the_dated_ones_it_may_follow():
    texts = ["2025-06~", "2025", "2025-04-29", "2025-04", "2025-21", "2024-24", "2025-12-31", "2025-12"]
    ordered = sorted((parse_date(t) for t in texts), key=lambda d: d.sort_key)
    # A day or a month by its first day; a year or a season by its last; at one place,
    # the more precise first.
    assert [d.edtf for d in ordered] == [
        "2024-24", "2025-04", "2025-04-29", "2025-21", "2025-06~", "2025-12", "2025-12-31", "2025",
    ]  # fmt: skip
    assert sorted(map(parse_date, ("2025-04", "2025-04-01")), key=lambda d: d.sort_key)[0].day == 1
    assert [d.timeline_label() for d in map(parse_date, ("2025", "2025-22~", "2025-04"))] == [
        "2025 · month not given", "~ summer 2025 · month not given", "Apr 2025",
    ]  # fmt: skip


def test_same_start_puts_the_more_precise_date_first():
    ordered = sorted((parse_date(t) for t in ["2025-04", "2025-04-01"]), key=lambda d: d.sort_key)
    assert [d.edtf for d in ordered] == ["2025-04-01", "2025-04"]


def test_approximate_and_uncertain_together():
    date = parse_date("2025-04%")
    assert date.approximate and date.uncertain
    assert date.display() == "~ Apr 2025?"
