"""A listing's values compared one way, wherever they come from (a form, a snapshot in the
history, an imported file): setting only what differs keeps an unchanged record's version,
so the board, the search index and other editors see no change that was not made."""

from collections.abc import Iterable, Mapping
from datetime import date, time
from decimal import Decimal

# A service's own fields, by kind: the edit form, saving, restoring and the history all use
# these (its terms, locations, opening times and funding are set apart).
TEXT_FIELDS = ("name", "summary", "description", "cost", "eligibility", "accessibility",
               "phone", "email", "url")
AGE_FIELDS = ("minimum_age", "maximum_age")
LIST_FIELDS = ("languages", "keywords")
ACCESS_FIELDS = ("self_referral", "professional_referral", "drop_in")
SERVICE_FIELDS = TEXT_FIELDS + AGE_FIELDS + LIST_FIELDS + ACCESS_FIELDS


def set_changed(obj, values: Mapping) -> bool:
    """Set the attributes whose values differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def _day(value) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def schedule_rows(rows: Iterable[tuple]) -> list[tuple]:
    """Opening times as sorted (weekday, opens, closes, note), times typed."""
    return sorted((int(day), _time(opens), _time(closes), note or "")
                  for day, opens, closes, note in rows)


def funding_rows(rows: Iterable[tuple]) -> list[tuple]:
    """Funding as sorted (funder, amount a year, start, end): amounts as Decimal, so a form's
    Decimal, the seed's whole pounds and a file's float compare alike; dates typed."""
    typed = [(funder or "", None if amount is None else Decimal(str(amount)), _day(start),
              _day(end)) for funder, amount, start, end in rows]
    return sorted(typed, key=lambda r: (r[0], r[1] is None, r[1] or 0, r[2] or date.min,
                                        r[3] or date.min))


def schedule_of(service) -> list[tuple]:
    return schedule_rows((r.weekday, r.opens_at, r.closes_at, r.note) for r in service.schedule)


def funding_of(service) -> list[tuple]:
    return funding_rows((f.funder, f.amount_per_year, f.start_date, f.end_date)
                        for f in service.funding)
