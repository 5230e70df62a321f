"""How dates, times, counts, phone numbers and web addresses read on a page, in a text
message and in the board's pack: plain functions, registered as Jinja filters by
directory/setup/templating.py and used as they are by the listing and board code."""

from datetime import date, time
from urllib.parse import urlsplit

SITE_NAME = "Rehabilitation Pathways"


def long_date(value: date | None) -> str:
    """25 November 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def short_time(value: time) -> str:
    """9am, 5:30pm, 12 noon."""
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def tel_href(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


def web_url(value: str) -> str:
    """Only http(s) links reach a page: never javascript: or data: from imported data."""
    return value if urlsplit(value.strip()).scheme in ("http", "https") else ""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"
