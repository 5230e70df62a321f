"""Times: stored in UTC, shown on the clock people in Norfolk read."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Europe/London")


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_time(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(LOCAL_TIME)
