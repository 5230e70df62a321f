"""'Open now' is read from schedule rows in Norfolk's own time, summer and winter."""

from datetime import UTC, datetime, time
from types import SimpleNamespace

from directory.opening_hours import LONDON, is_open_at


def row(day, opens, closes):
    return SimpleNamespace(weekday=day, opens_at=time(*opens), closes_at=time(*closes))


WEEKDAYS_9_TO_5 = [row(day, (9, 0), (17, 0)) for day in range(5)]


def at(*parts, tz=LONDON):
    return datetime(*parts, tzinfo=tz)


def test_open_during_hours_and_closed_outside():
    assert is_open_at(WEEKDAYS_9_TO_5, at(2026, 11, 25, 9, 0))  # a Wednesday
    assert is_open_at(WEEKDAYS_9_TO_5, at(2026, 11, 25, 16, 59))
    assert not is_open_at(WEEKDAYS_9_TO_5, at(2026, 11, 25, 17, 0))
    assert not is_open_at(WEEKDAYS_9_TO_5, at(2026, 11, 25, 8, 59))
    assert not is_open_at(WEEKDAYS_9_TO_5, at(2026, 11, 28, 12, 0))  # a Saturday


def test_utc_times_are_turned_into_london_time_in_summer():
    # 08:30 UTC on a July Wednesday is 09:30 in London (BST).
    assert is_open_at(WEEKDAYS_9_TO_5, datetime(2026, 7, 1, 8, 30, tzinfo=UTC))
    # 16:30 UTC is 17:30 in London: closed.
    assert not is_open_at(WEEKDAYS_9_TO_5, datetime(2026, 7, 1, 16, 30, tzinfo=UTC))


def test_a_night_shelter_is_open_past_midnight():
    friday_night = [row(4, (20, 0), (8, 0))]
    assert is_open_at(friday_night, at(2026, 11, 27, 23, 0))
    assert is_open_at(friday_night, at(2026, 11, 28, 7, 59))  # Saturday morning
    assert not is_open_at(friday_night, at(2026, 11, 28, 8, 0))
    assert not is_open_at(friday_night, at(2026, 11, 27, 7, 0))  # Friday morning


def test_until_midnight_and_no_schedule():
    assert is_open_at([row(2, (18, 0), (0, 0))], at(2026, 11, 25, 23, 59))
    assert not is_open_at([], at(2026, 11, 25, 12, 0))

