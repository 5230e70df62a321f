"""A service's values, one way wherever they come from (the edit form, a version in the
history, an imported file, the seed), and the one `apply` that sets them on a service.

Setting only what differs keeps an unchanged record's version, so the board, the search index
and other editors see no change that was not made."""

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from sqlalchemy import select

from directory.extensions import db
from directory.models import TAXONOMIES, Funding, Location, ScheduleRow, ServiceAtLocation

# A service's own fields, by kind: the edit form, saving, restoring and the history all use
# these (its terms, locations, opening times and funding are set apart).
TEXT_FIELDS = ("name", "summary", "description", "cost", "eligibility", "accessibility",
               "phone", "email", "url")
AGE_FIELDS = ("minimum_age", "maximum_age")
LIST_FIELDS = ("languages", "keywords")
ACCESS_FIELDS = ("self_referral", "professional_referral", "drop_in")
SERVICE_FIELDS = TEXT_FIELDS + AGE_FIELDS + LIST_FIELDS + ACCESS_FIELDS
# A service's terms: the attribute that holds them ("pathways", ...) and their kind ("pathway").
TERM_FIELDS = {attr: kind for kind, (_model, _table, attr) in TAXONOMIES.items()}
PARTS = ("locations", "schedule", "funding")


def set_changed(obj, values: Mapping) -> bool:
    """Set the attributes whose values differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


@dataclass
class ServiceValues:
    """What a service should hold. A part left as None is left as the service has it (a
    version saved before that part was kept; an import sets its places itself).

    `own`: its columns by name (`SERVICE_FIELDS` from the form; an import brings more, and
    its organisation). `terms`: term ids by attribute. `locations`: place ids. `schedule`:
    (weekday, opens, closes, note) rows; `funding`: (funder, amount a year, start, end) rows;
    times, dates and amounts as types or as the text the history keeps them in."""

    own: dict = field(default_factory=dict)
    terms: dict[str, list[uuid.UUID]] | None = None
    locations: list[uuid.UUID] | None = None
    schedule: list[tuple] | None = None
    funding: list[tuple] | None = None

    @classmethod
    def from_plain(cls, values: Mapping, own: Iterable[str] = SERVICE_FIELDS
                   ) -> "ServiceValues":
        """From plain data: a version in the history (`audit.snapshot`) or a test's dict.
        Only the keys it holds are set."""
        terms = {attr: as_ids(values[attr]) for attr in TERM_FIELDS if attr in values}
        return cls(
            own={name: values[name] for name in own if name in values},
            terms=terms or None,
            locations=as_ids(values["locations"]) if "locations" in values else None,
            schedule=[tuple(row) for row in values["schedule"]] if "schedule" in values
            else None,
            funding=[tuple(row) for row in values["funding"]] if "funding" in values else None,
        )

    def names(self) -> list[str]:
        """The names of what these values set, as `audit.snapshot` names them."""
        return [*self.own, *(self.terms or {}),
                *(part for part in PARTS if getattr(self, part) is not None)]


def as_ids(ids: Iterable | None) -> list[uuid.UUID]:
    """Ids as a form or the history gives them (text), as UUIDs."""
    return [uuid.UUID(str(i)) for i in ids or ()]


# Says what id a new opening-times or funding row gets: (kind, the row as given) -> id. An
# import keeps the file's ids this way; by default a row gets a new one.
NewId = Callable[[str, tuple], uuid.UUID]


def _new_id(_kind: str, _row: tuple) -> uuid.UUID:
    return uuid.uuid4()


def apply(service, values: ServiceValues, new_id: NewId = _new_id) -> bool:
    """Set on `service` what differs from `values`; say whether anything did. The one way
    a service is written by editing, restoring, importing and seeding (new services from a
    big import are written in bulk: `interop/new_rows.py`)."""
    changed = set_changed(service, values.own)
    for attr, ids in (values.terms or {}).items():
        current = {term.id for term in getattr(service, attr)}
        if set(ids) == current:
            continue
        terms = _terms(TAXONOMIES[TERM_FIELDS[attr]][0], ids)
        if {term.id for term in terms} != current:
            setattr(service, attr, terms)
            changed = True
    if values.locations is not None:
        changed |= _set_locations(service, values.locations)
    for kind, (model, columns, typed) in ROWS.items():
        given = getattr(values, kind)
        if given is not None and _sorted_rows(kind, given) != _rows_of(service, kind):
            setattr(service, kind, [
                model(id=new_id(kind, row), **dict(zip(columns, typed(row), strict=True)))
                for row in given])
            changed = True
    return changed


def _terms(model, ids: list[uuid.UUID]) -> list:
    """The terms with these ids (unknown ids are dropped): from the session when loaded."""
    terms = [db.session.get(model, term_id) for term_id in dict.fromkeys(ids)]
    return [term for term in terms if term is not None]


def _set_locations(service, location_ids: list[uuid.UUID]) -> bool:
    """Links to these places (unknown ones are dropped), keeping the links already there."""
    current = {link.location_id: link for link in service.service_at_locations}
    if set(location_ids) == set(current):
        return False  # a link's place exists (a deleted place takes its links with it)
    existing = set(db.session.scalars(select(Location.id).where(Location.id.in_(location_ids))))
    changed = False
    for location_id, link in current.items():
        if location_id not in existing or location_id not in location_ids:
            service.service_at_locations.remove(link)
            changed = True
    for location_id in dict.fromkeys(location_ids):
        if location_id in existing and location_id not in current:
            service.service_at_locations.append(ServiceAtLocation(location_id=location_id))
            changed = True
    return changed


def _time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def _day(value) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def _schedule_row(row: tuple) -> tuple:
    day, opens, closes, note = row
    return int(day), _time(opens), _time(closes), note or ""


def _funding_row(row: tuple) -> tuple:
    """Amounts as Decimal, so a form's Decimal, the seed's whole pounds and a file's float
    compare alike; dates typed."""
    funder, amount, start, end = row
    return (funder or "", None if amount is None else Decimal(str(amount)), _day(start),
            _day(end))


# A service's rows of each kind: their model, its columns in a row's order, and how a row
# as given (by a form, the history's text, a file, the seed) is typed to be compared.
ROWS = {
    "schedule": (ScheduleRow, ("weekday", "opens_at", "closes_at", "note"), _schedule_row),
    "funding": (Funding, ("funder", "amount_per_year", "start_date", "end_date"), _funding_row),
}


def _sorted_rows(kind: str, rows: Iterable[tuple]) -> list[tuple]:
    """Rows of this kind, typed and in one order (empty values first), to compare."""
    return sorted(map(ROWS[kind][2], rows),
                  key=lambda row: tuple((value is not None, value) for value in row))


def _rows_of(service, kind: str) -> list[tuple]:
    """The service's rows of this kind, as `sorted_rows` gives them."""
    _model, columns, _typed = ROWS[kind]
    return _sorted_rows(kind, (tuple(getattr(row, c) for c in columns)
                              for row in getattr(service, kind)))
