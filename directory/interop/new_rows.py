"""Brand-new services and places from an import, written as plain rows: one INSERT per table
per batch instead of an ORM object (and its unit-of-work bookkeeping) per row. That is what
lets 10,000 services import in well under a minute.

What the session events would have done for ORM objects is done here too, in bulk: the audit
log gets the same "created" entries, and the search index is told which services changed.
Rows that already exist are still changed through the ORM (importing.py), which keeps their
history and versions.
"""

import functools
import uuid
from dataclasses import dataclass

from sqlalchemy import insert, inspect

from directory import search
from directory.extensions import db
from directory.listings import audit
from directory.models import (
    TAXONOMIES,
    Funding,
    Location,
    Organisation,
    ScheduleRow,
    Service,
    ServiceAtLocation,
)


@dataclass(eq=False)
class NewPlace:
    """A place the import creates: what matching and the report read from a Location."""

    id: uuid.UUID
    organisation: Organisation
    row: dict  # as it will be written

    @property
    def name(self) -> str:
        return self.row["name"]

    @property
    def hide_address(self) -> bool:
        return self.row["hide_address"]


def full_row(model, values: dict) -> dict:
    """Every column of `model`, from `values` or the column's default, as an INSERT of the
    ORM object would have it (executemany needs the same keys in every row)."""
    row = {}
    for key, default in _defaults(model):
        if key in values:
            row[key] = values[key]
        elif default is None:
            row[key] = None
        elif default.is_callable:
            row[key] = default.arg(None)
        else:
            row[key] = default.arg
    return row


@functools.cache
def _defaults(model) -> list[tuple[str, object]]:
    return [(attr.key, attr.columns[0].default) for attr in inspect(model).column_attrs]


class NewRows:
    """Collects a batch's new rows, then writes them: places first (existing services may
    link to them), then services and everything that belongs to them."""

    def __init__(self, source: str):
        self.source = source
        self.locations: list[dict] = []
        self.services: list[dict] = []
        self.term_links: dict[str, list[dict]] = {key: [] for key in TAXONOMIES}
        self.links: list[dict] = []
        self.schedule: list[dict] = []
        self.funding: list[dict] = []
        self.snapshots: list[tuple[type, uuid.UUID, dict]] = []

    def place(self, location_id: uuid.UUID, organisation: Organisation, values: dict
              ) -> NewPlace:
        row = full_row(Location, {**values, "id": location_id,
                                  "organisation_id": organisation.id, "source": self.source})
        self.locations.append(row)
        return NewPlace(location_id, organisation, row)

    def service(self, service_id: uuid.UUID, values: dict, terms: dict[str, list],
                links: list[dict], schedule: list[dict], funding: list[dict]) -> None:
        """`links`, `schedule`, `funding`: rows without their service_id."""
        row = full_row(Service, {**values, "id": service_id, "version": 1})
        self.services.append(row)
        for key, key_terms in terms.items():
            self.term_links[key] += [{"service_id": service_id, "term_id": term_id}
                                     for term_id in dict.fromkeys(t.id for t in key_terms)]
        for rows, model, into in ((links, ServiceAtLocation, self.links),
                                  (schedule, ScheduleRow, self.schedule),
                                  (funding, Funding, self.funding)):
            into += [full_row(model, {**item, "service_id": service_id}) for item in rows]
        self.snapshots.append((Service, service_id, audit.new_service_snapshot(
            row, {TAXONOMIES[key][2]: terms.get(key, []) for key in TAXONOMIES},
            [link["location_id"] for link in links], schedule, funding)))

    def write_places(self) -> None:
        if self.locations:
            db.session.execute(insert(Location), self.locations)
            self.snapshots += [(Location, row["id"], audit.row_snapshot(Location, row))
                               for row in self.locations]
            search.note_bulk_written(db.session, set(), {"locations"})

    def write_services(self) -> None:
        if self.services:
            db.session.execute(insert(Service), self.services)
        for key, rows in self.term_links.items():
            if rows:
                db.session.execute(insert(TAXONOMIES[key][1]), rows)
        for model, rows in ((ServiceAtLocation, self.links), (ScheduleRow, self.schedule),
                            (Funding, self.funding)):
            if rows:
                db.session.execute(insert(model), rows)
        audit.write_created(db.session, self.snapshots)
        search.note_bulk_written(db.session, {row["id"] for row in self.services}, set())
