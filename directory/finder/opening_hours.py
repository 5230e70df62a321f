"""Is a service open, and when does it next open or close? Read from its schedule rows, in
Norfolk's local time."""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from directory import clock
from directory.formatting import short_time
from directory.models.listing import WEEKDAYS

LONDON = ZoneInfo("Europe/London")
DAY = 24 * 60
WEEK = 7 * DAY


def london_now() -> datetime:
    """The current time in Norfolk (directory.clock.now, where tests set it)."""
    return clock.now()


@dataclass(frozen=True)
class OpeningState:
    """"Open now, closes 4pm" or "Closed now. Opens Tuesday 9am"."""

    open: bool
    text: str


def is_open_at(schedule, moment: datetime) -> bool:
    """True if any row covers this moment. A row that closes at or before it opens runs past
    midnight (a night shelter open 8pm to 8am), so it also covers the next morning."""
    state = opening_state(schedule, moment)
    return state is not None and state.open


def opening_state(schedule, moment: datetime) -> OpeningState | None:
    """Whether the service is open at `moment` and when that changes; None without a schedule.
    Rows that touch (9am to 12 noon, 12 noon to 5pm) count as one opening; a row's note
    ("Second Tuesday of the month") goes with it, since it may change the answer."""
    periods = _week_periods(schedule)
    if not periods:
        return None
    local = moment.astimezone(LONDON) if moment.tzinfo else moment
    now = local.weekday() * DAY + local.hour * 60 + local.minute
    for start, end, notes in periods:
        if start <= now < end:
            if end - start >= WEEK:
                return OpeningState(True, "Open 24 hours" + _noted(notes))
            return OpeningState(
                True, f"Open now, closes {_when(end, now, closing=True)}{_noted(notes)}")
    start, _end, notes = min(period for period in periods if period[0] > now)
    return OpeningState(False, f"Closed now. Opens {_when(start, now)}{_noted(notes)}")


def _noted(notes: tuple[str, ...]) -> str:
    return f" ({'; '.join(notes)})" if notes else ""


def _week_periods(schedule) -> list[tuple[int, int, tuple[str, ...]]]:
    """Opening periods in minutes from Monday 00:00, merged, repeated for last and next week
    so that Sunday night runs into Monday morning."""
    periods = []
    for row in schedule:
        start = row.weekday * DAY + row.opens_at.hour * 60 + row.opens_at.minute
        end = row.weekday * DAY + row.closes_at.hour * 60 + row.closes_at.minute
        if row.closes_at == time(0) or row.closes_at <= row.opens_at:
            end += DAY  # until midnight, or overnight into the next morning
        note = (getattr(row, "note", "") or "").strip()
        periods.extend((start + shift, end + shift, note) for shift in (-WEEK, 0, WEEK))
    merged: list[list] = []
    for start, end, note in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, []])
        if note and note not in merged[-1][2]:
            merged[-1][2].append(note)
    return [(start, end, tuple(notes)) for start, end, notes in merged]


def _when(minute: int, now: int, closing: bool = False) -> str:
    """"4pm", "8am tomorrow", "Tuesday 9am", "today 2pm" for a minute of the week."""
    days_ahead = minute // DAY - now // DAY
    clock = time((minute % DAY) // 60, minute % 60)
    if closing and clock == time(0) and days_ahead == 1:
        return "at midnight"
    hour = short_time(clock)
    if days_ahead == 0:
        return hour if closing else f"today {hour}"
    if days_ahead == 1:
        return f"{hour} tomorrow" if closing else f"tomorrow {hour}"
    day = WEEKDAYS[(minute // DAY) % 7]
    return f"next {day} {hour}" if days_ahead >= 7 else f"{day} {hour}"
