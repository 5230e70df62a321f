"""Funding at risk: provision whose funding ends within a chosen number of months."""

import calendar
from datetime import date

from directory.analysis.records import FundingFacts


def months_ahead(today: date, months: int) -> date:
    """The same day `months` later (or the month's last day when it has fewer days)."""
    month_index = today.month - 1 + months
    year, month = today.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def at_risk(funding: list[FundingFacts], today: date, horizon: date) -> list[FundingFacts]:
    """Funding that ends between today and the horizon (both included), soonest first.
    Funding with no end date is not at risk; funding that already ended is not listed here."""
    return sorted(
        (f for f in funding if f.end_date is not None and today <= f.end_date <= horizon),
        key=lambda f: (f.end_date, f.service_name),
    )


def total_per_year(funding: list[FundingFacts]) -> int:
    return int(sum(f.amount_per_year or 0 for f in funding))
