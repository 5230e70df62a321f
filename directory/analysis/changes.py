"""What changed in the directory between two board meetings."""

from dataclasses import dataclass
from datetime import date, datetime

from directory.analysis.records import ServiceState
from directory.models.listing import ServiceStatus


@dataclass(frozen=True)
class Changes:
    new: tuple[ServiceState, ...]
    changed: tuple[ServiceState, ...]
    closed: tuple[ServiceState, ...]


def _day_of(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


def changes_between(services: list[ServiceState], since: date, until: date) -> Changes:
    """New: published and added after `since`; changed: published, added earlier and edited
    after `since`; closed: archived after `since`. All up to and including `until`."""
    def within(moment: datetime | None) -> bool:
        day = _day_of(moment)
        return day is not None and since < day <= until

    new, changed, closed = [], [], []
    for service in services:
        if service.status == ServiceStatus.ARCHIVED and within(service.updated_at):
            closed.append(service)
        elif service.status == ServiceStatus.PUBLISHED and within(service.created_at):
            new.append(service)
        elif service.status == ServiceStatus.PUBLISHED and within(service.updated_at):
            changed.append(service)
    return Changes(tuple(new), tuple(changed), tuple(closed))
