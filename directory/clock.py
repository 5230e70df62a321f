"""Times: stored in UTC, shown on the clock people in Norfolk read."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

LOCAL_TIME = ZoneInfo("Europe/London")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_time(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(LOCAL_TIME)


def now() -> datetime:
    """The current time in Norfolk. Tests set the app's `CLOCK` config to a fixed moment."""
    set_clock = current_app.config.get("CLOCK") if has_app_context() else None
    moment = set_clock() if set_clock else datetime.now(LOCAL_TIME)
    return moment.astimezone(LOCAL_TIME)


def today() -> date:
    """Today's date: the server's, or the day of the app's `CLOCK` when a test sets one, so
    a test that sets the time sets the date with it."""
    set_clock = current_app.config.get("CLOCK") if has_app_context() else None
    return set_clock().astimezone(LOCAL_TIME).date() if set_clock else date.today()
