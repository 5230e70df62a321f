"""'Open now' is read from schedule rows in Norfolk's own time, summer and winter."""

from datetime import UTC, datetime, time
from types import SimpleNamespace

from directory.finder.opening_hours import LONDON, is_open_at, opening_state


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



def state(schedule, moment):
    found = opening_state(schedule, moment)
    return found.text if found else None


def test_opening_state_says_when_it_closes_or_next_opens():
    wednesday = (2026, 11, 25)
    assert state(WEEKDAYS_9_TO_5, at(*wednesday, 10, 0)) == "Open now, closes 5pm"
    assert state(WEEKDAYS_9_TO_5, at(*wednesday, 7, 0)) == "Closed now. Opens today 9am"
    assert state(WEEKDAYS_9_TO_5, at(*wednesday, 17, 0)) == "Closed now. Opens tomorrow 9am"
    # Friday evening: next open on Monday.
    assert state(WEEKDAYS_9_TO_5, at(2026, 11, 27, 18, 0)) == "Closed now. Opens Monday 9am"
    tuesdays = [row(1, (9, 0), (16, 0))]
    assert state(tuesdays, at(*wednesday, 12, 0)) == "Closed now. Opens Tuesday 9am"
    assert state(tuesdays, at(2026, 11, 24, 12, 0)) == "Open now, closes 4pm"
    assert state(tuesdays, at(2026, 11, 24, 17, 0)) == "Closed now. Opens next Tuesday 9am"


def test_opening_state_joins_rows_and_runs_past_midnight():
    split_day = [row(2, (9, 0), (12, 0)), row(2, (12, 0), (16, 30))]
    assert state(split_day, at(2026, 11, 25, 10, 0)) == "Open now, closes 4:30pm"
    friday_night = [row(4, (20, 0), (8, 0))]
    assert state(friday_night, at(2026, 11, 27, 22, 0)) == "Open now, closes 8am tomorrow"
    evening = [row(2, (18, 0), (0, 0))]
    assert state(evening, at(2026, 11, 25, 19, 0)) == "Open now, closes at midnight"
    # Sunday night into Monday morning wraps round the week.
    sunday_night = [row(6, (22, 0), (6, 0))]
    assert state(sunday_night, at(2026, 11, 30, 5, 0)) == "Open now, closes 6am"
    always = [row(day, (0, 0), (0, 0)) for day in range(7)]
    assert state(always, at(2026, 11, 25, 3, 0)) == "Open 24 hours"
    assert opening_state([], at(2026, 11, 25, 3, 0)) is None


def test_opening_state_keeps_the_rows_note():
    monthly = [SimpleNamespace(weekday=1, opens_at=time(10), closes_at=time(12),
                               note="Second Tuesday of the month")]
    assert (state(monthly, at(2026, 11, 25, 12, 0))
            == "Closed now. Opens Tuesday 10am (Second Tuesday of the month)")
