"""Opening times read the way people say them."""

from datetime import time
from types import SimpleNamespace

from directory.formatting import short_time
from directory.listings.catalogue import opening_times


def row(day, opens, closes, note=""):
    return SimpleNamespace(weekday=day, opens_at=time(*opens), closes_at=time(*closes), note=note)


def test_weekdays_with_the_same_hours_are_one_line():
    rows = [row(d, (9, 0), (17, 0)) for d in range(5)] + [row(5, (10, 0), (12, 30), "Drop-in")]
    assert opening_times(rows) == [
        ("Monday to Friday", "9am to 5pm"),
        ("Saturday", "10am to 12:30pm (Drop-in)"),
    ]


def test_days_apart_are_listed_apart():
    rows = [row(0, (9, 0), (12, 0)), row(2, (9, 0), (12, 0)), row(3, (9, 0), (12, 0))]
    assert opening_times(rows) == [("Monday, Wednesday and Thursday", "9am to 12 noon")]


def test_times_are_short_and_plain():
    assert short_time(time(9, 0)) == "9am"
    assert short_time(time(12, 0)) == "12 noon"
    assert short_time(time(17, 30)) == "5:30pm"
    assert short_time(time(0, 0)) == "12am"
