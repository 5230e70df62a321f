"""Is a service open at a given moment? Read from its schedule rows, in Norfolk's local time."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

LONDON = ZoneInfo("Europe/London")


def london_now() -> datetime:
    """The current time in Norfolk. Tests set the app's `CLOCK` config to a fixed moment."""
    clock = current_app.config.get("CLOCK")
    moment = clock() if clock else datetime.now(LONDON)
    return moment.astimezone(LONDON)


def is_open_at(schedule, moment: datetime) -> bool:
    """True if any row covers this moment. A row that closes at or before it opens runs past
    midnight (a night shelter open 8pm to 8am), so it also covers the next morning."""
    local = moment.astimezone(LONDON) if moment.tzinfo else moment
    today, now = local.weekday(), local.time()
    yesterday = (local - timedelta(days=1)).weekday()
    for row in schedule:
        overnight = row.closes_at <= row.opens_at and row.closes_at != time(0)
        if row.weekday == today and _covers(row.opens_at, row.closes_at, now, overnight):
            return True
        if overnight and row.weekday == yesterday and now < row.closes_at:
            return True
    return False


def _covers(opens_at: time, closes_at: time, now: time, overnight: bool) -> bool:
    if overnight:
        return now >= opens_at
    if closes_at == time(0):  # "until midnight"
        return now >= opens_at
    return opens_at <= now < closes_at
