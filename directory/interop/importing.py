"""Load listings from other directories: Open Referral UK / HSDS 3.0 JSON, the older ORUK v1
paged JSON, and our CSV (docs/import-csv.md).

All or nothing: every record is checked first and every problem is named by record and field;
nothing is written unless the whole file is good, and then in one transaction. Re-importing a
file changes nothing: records are matched by the id they had in the file (`source_id`).

Every imported record remembers its `source` (files, or one feed). An import may change only
records from its own source: a file that reuses the id of a service, place or organisation made
here (say, from our public API) or brought by a feed is refused, naming each one, instead of
moving it to another organisation.
"""

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from directory.extensions import db
from directory.input_hygiene import without_nul
from directory.interop import csv_format, oruk, reading
from directory.interop.mapping import TermResolver
from directory.interop.reading import Problem, ServiceRecord
from directory.models import (
    TAXONOMIES,
    Funding,
    Location,
    Organisation,
    ScheduleRow,
    Service,
    ServiceAtLocation,
)

FORMATS = ("json", "oruk-v1", "csv")
# What files uploaded or given to `flask import` are marked as coming from.
FILES = "files"


@dataclass
class ImportReport:
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Organisations and places: {"created": [names], "updated": [names]}
    organisations: dict[str, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": []})
    places: dict[str, list[str]] = field(default_factory=lambda: {"created": [], "updated": []})

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The report in plain words, for the command line."""
        if self.errors:
            return ([f"Nothing was imported: {len(self.errors)} problem(s) in the file."]
                    + [f"  - {problem}" for problem in self.errors] + self.notes)
        verb = "Would create" if self.dry_run else "Created"
        lines = [f"{verb} {len(self.created)}, "
                 f"{'would update' if self.dry_run else 'updated'} {len(self.updated)}, "
                 f"left {len(self.unchanged)} unchanged, rejected 0."]
        for kind, changes in (("organisations", self.organisations), ("places", self.places)):
            lines.append(f"{kind.capitalize()}: {verb.lower()} {len(changes['created'])}, "
                         f"{'would update' if self.dry_run else 'updated'} "
                         f"{len(changes['updated'])}.")
        lines += [f"  + service: {name}" for name in self.created]
        lines += [f"  ~ service: {name}" for name in self.updated]
        for kind, changes in (("organisation", self.organisations), ("place", self.places)):
            lines += [f"  + {kind}: {name}" for name in changes["created"]]
            lines += [f"  ~ {kind}: {name}" for name in changes["updated"]]
        return lines + self.notes


def import_file(data: bytes, filename: str = "", file_format: str | None = None,
                dry_run: bool = False, mapping_files: list[Path] | None = None,
                source: str = FILES) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    resolver = TermResolver.load(mapping_files or [], report.errors)
    records = read_records(data, filename, file_format, report)
    if report.errors:
        return report
    try:
        _apply(records, resolver, report, source)
        report.notes += resolver.notes()
        db.session.flush()
    except SQLAlchemyError as error:
        db.session.rollback()
        report.errors.append(Problem("database", "save", f"was refused: {error.orig or error}"))
        return report
    if report.errors:  # records of another source it would have changed
        db.session.rollback()
        return report
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


# ---- reading --------------------------------------------------------------------------------


def read_records(data: bytes, filename: str, file_format: str | None,
                 report: ImportReport) -> list[ServiceRecord]:
    problems = report.errors
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(Problem("file", f"byte {error.start}", "is not UTF-8 text; save the "
                                "file as UTF-8 JSON or CSV"))
        return []
    text = without_nul(text)  # as the forms do
    file_format = file_format or _guess_format(text, filename)
    if file_format == "csv":
        objects = csv_format.read_csv(text, problems)
    else:
        objects = _json_services(text, file_format, report)
    records = [reading.read_service(item, label, problems) for label, item in objects]
    _check_duplicates(records, problems)
    if not objects and not problems:
        problems.append(Problem("file", "services", "has no services in it"))
    return [record for record in records if record is not None]


def _guess_format(text: str, filename: str) -> str:
    if filename.lower().endswith(".csv"):
        return "csv"
    if text.lstrip()[:1] in ("{", "["):
        return "json"
    return "csv"


def _json_services(text: str, file_format: str, report: ImportReport) -> list[tuple[str, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        report.errors.append(Problem(
            "file", f"line {error.lineno} column {error.colno}",
            f"is not valid JSON ({error.msg}); the file may be cut short or not JSON at all"))
        return []
    except RecursionError:
        report.errors.append(Problem(
            "file", "nesting", "has lists or objects inside each other too many levels deep to "
            "be an Open Referral file; check it is the file you meant to import"))
        return []
    if isinstance(data, dict) and ("content" in data or file_format == "oruk-v1"):
        return _oruk_v1_services(data, report)
    if isinstance(data, dict) and "contents" in data:
        data = data["contents"]
    elif isinstance(data, dict) and "id" in data:
        data = [data]
    if not isinstance(data, list):
        report.errors.append(Problem("file", "top level", "should be a list of services or a "
                                     "page of them ({\"contents\": [...]})"))
        return []
    return [(_label(index, item), item) for index, item in enumerate(data, start=1)]


def _label(index: int, item) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
        name = item.get("name") if isinstance(item.get("name"), str) else ""
        return f"service {index} (id {item['id']}{', ' + name[:60] if name else ''})"
    return f"service {index}"


def _oruk_v1_services(data: dict, report: ImportReport) -> list[tuple[str, dict]]:
    content = data.get("content")
    if not isinstance(content, list):
        report.errors.append(Problem("file", "content", "should be a list of services"))
        return []
    pages = data.get("totalPages")
    if isinstance(pages, int) and pages > 1:
        report.notes.append(f"This file is page {data.get('number', '?')} of {pages}: import "
                            "the other pages too.")
    return [(_label(index, item), from_oruk_v1(item) if isinstance(item, dict) else item)
            for index, item in enumerate(content, start=1)]


def from_oruk_v1(service: dict) -> dict:
    """An ORUK v1 service (regular_schedules, service_taxonomys, eligibilitys, …) in the
    shape of HSDS 3.0, so one reader checks both."""
    eligibility = next((e for e in service.get("eligibilitys") or [] if isinstance(e, dict)), {})
    organisation = dict(service.get("organization") or {})
    organisation.setdefault("website", organisation.get("url", ""))
    return {
        **{key: service.get(key) for key in ("id", "name", "description", "url", "email",
                                             "status", "fees", "assured_date")},
        "minimum_age": service.get("minimum_age", eligibility.get("minimum_age")),
        "maximum_age": service.get("maximum_age", eligibility.get("maximum_age")),
        "organization": organisation,
        "contacts": service.get("contacts") or [],
        "service_at_locations": service.get("service_at_locations") or [],
        "schedules": [
            {**row, "byday": row.get("byday") or _v1_day(row.get("weekday"))}
            for row in service.get("regular_schedules") or [] if isinstance(row, dict)
        ],
        "languages": [{"name": lang.get("language")} for lang in service.get("languages") or []
                      if isinstance(lang, dict)],
        "funding": service.get("fundings") or [],
        "attributes": [
            {"taxonomy_term": {"id": (link.get("taxonomy") or {}).get("id"),
                               "name": (link.get("taxonomy") or {}).get("name"),
                               "taxonomy": (link.get("taxonomy") or {}).get("vocabulary")}}
            for link in service.get("service_taxonomys") or [] if isinstance(link, dict)
        ],
        "service_areas": [{"name": area.get("service_area")}
                          for area in service.get("service_areas") or []
                          if isinstance(area, dict)],
    }


def _v1_day(weekday) -> str:
    from directory.models.listing import BYDAY, WEEKDAYS

    names = [day.lower() for day in WEEKDAYS]
    if isinstance(weekday, str) and weekday.lower() in names:
        return BYDAY[names.index(weekday.lower())]
    if isinstance(weekday, int) and 1 <= weekday <= 7:
        return BYDAY[weekday - 1]
    return str(weekday or "")


def _check_duplicates(records: list[ServiceRecord | None], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for record in records:
        if record is None or not record.source_id:
            continue
        if record.source_id in seen:
            problems.append(Problem(record.label, "id", f"is used twice: {seen[record.source_id]}"
                                    " has the same id"))
        seen.setdefault(record.source_id, record.label)


# ---- writing --------------------------------------------------------------------------------


# What an existing service brings along, loaded in one go so that nothing loads per record.
SERVICE_DETAILS = [
    selectinload(Service.organisation), selectinload(Service.pathways),
    selectinload(Service.areas), selectinload(Service.client_groups),
    selectinload(Service.stages), selectinload(Service.schedule),
    selectinload(Service.funding),
    selectinload(Service.service_at_locations).joinedload(ServiceAtLocation.location),
]


class KnownRows:
    """The rows an import may touch, loaded up front in a few queries, plus the rows it
    creates: matching a record never queries the database (no N+1). Rows of another source
    are found too when the file uses their ids, so that changing them can be refused."""

    def __init__(self, records: list[ServiceRecord], source: str):
        self.source = source
        self.services = self._by_key(Service, {r.source_id for r in records}, SERVICE_DETAILS)
        self.organisations = self._by_key(
            Organisation, {r.organisation_source_id for r in records}, [])
        place_ids = [own for r in records for p in r.locations
                     if (own := _own_id(p.source_id))]
        organisation_ids = list({o.id for o in self.organisations.values()})
        self.locations = {loc.id: loc for loc in db.session.scalars(select(Location).where(
            or_(Location.id.in_(place_ids), Location.organisation_id.in_(organisation_ids))))}
        row_ids = [own for r in records
                   for file_id in [*r.row_ids.values(), *(p.link_id for p in r.locations)]
                   if (own := _own_id(file_id))]
        self.taken_ids = {row_id for model in (ScheduleRow, Funding, ServiceAtLocation)
                          for row_id in db.session.scalars(
                              select(model.id).where(model.id.in_(row_ids)))}

    def _by_key(self, model, keys: set[str], options: list) -> dict:
        own_ids = [own for key in keys if (own := _own_id(key))]
        rows = db.session.scalars(select(model).options(*options).where(or_(
            and_(model.source == self.source, model.source_id.in_(keys)),
            model.id.in_(own_ids)))).unique().all()
        found = {str(row.id): row for row in rows}
        # An earlier import's source id wins over one of our own ids.
        found.update({row.source_id: row for row in rows
                      if row.source_id and row.source == self.source})
        return found

    def find_or_new(self, model, source_id: str):
        """The row imported from `source_id` before, or one exported with that id, or a new
        row (keeping the file's id when it is a UUID, so links stay the same)."""
        rows = self.services if model is Service else self.organisations
        if source_id in rows:
            return rows[source_id], False
        own_id = _own_id(source_id)
        row = model(id=own_id if own_id and own_id not in self.taken_ids else uuid.uuid4(),
                    source_id=source_id, source=self.source)
        db.session.add(row)
        rows[source_id] = row
        return row, True

    def kept_id(self, file_id: str | None) -> uuid.UUID:
        """The file's id for a new row when it is a UUID nobody here uses yet, else a new
        one."""
        own_id = _own_id(file_id or "")
        if own_id is None or own_id in self.taken_ids:
            return uuid.uuid4()
        self.taken_ids.add(own_id)
        return own_id


class Changes:
    """Names every organisation and place the import creates or changes, once each, and
    refuses changes to rows of another source."""

    def __init__(self, report: ImportReport, source: str):
        self.report, self.source = report, source
        self.named: set[tuple[str, uuid.UUID]] = set()

    def note(self, kind: str, row, is_new: bool, changed: bool, label: str, name: str,
             was: str = "") -> None:
        """`was`: the row's name before the import touched it."""
        if not (is_new or changed) or (kind, row.id) in self.named:
            return
        self.named.add((kind, row.id))
        if not is_new:
            self.refuse_if_foreign(kind, row, label, was or name)
        if kind != "service":
            getattr(self.report, f"{kind}s")["created" if is_new else "updated"].append(name)

    def refuse_if_foreign(self, kind: str, row, label: str, name: str) -> None:
        if row.source == self.source:
            return
        self.report.errors.append(Problem(
            label, f"{'location' if kind == 'place' else kind} id",
            f"is the id of the {kind} “{name}”, which {_origin(row.source)}. An import can "
            f"change only records that came from the same place. Give the {kind} its own id "
            f"in the file, or change that {kind} in this directory."))


def _origin(source: str | None) -> str:
    if source is None:
        return "was made in this directory"
    if source.startswith("feed:"):
        return f"comes from the feed “{source.removeprefix('feed:')}”"
    return f"came from {source}"


def _apply(records: list[ServiceRecord], resolver: TermResolver, report: ImportReport,
           source: str) -> None:
    known = KnownRows(records, source)
    changes = Changes(report, source)
    organisations: dict[str, Organisation] = {}
    for record in records:
        if record.organisation_source_id not in organisations:
            organisations[record.organisation_source_id] = _organisation_for(
                record, known, changes)
        organisation = organisations[record.organisation_source_id]
        service, is_new = known.find_or_new(Service, record.source_id)
        was = "" if is_new else f"{service.name} ({service.organisation.name})"
        changed = _set_changed(service, organisation=organisation, **_values(record, service))
        changed |= _sync_terms(service, record, resolver)
        changed |= _sync_places(service, organisation, record, resolver, known, changes)
        changed |= _sync_schedule(service, record, known)
        changed |= _sync_funding(service, record, known)
        name = f"{service.name} ({organisation.name})"
        changes.note("service", service, is_new, changed, record.label, name, was)
        if is_new:
            report.created.append(name)
        elif changed:
            report.updated.append(name)
        else:
            report.unchanged.append(name)


def _set_changed(obj, **values) -> bool:
    """Set only what differs, so an unchanged record keeps its version; say if anything did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _own_id(source_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(source_id)
    except (ValueError, AttributeError, TypeError):
        return None


def _organisation_for(record: ServiceRecord, known: KnownRows,
                      changes: Changes) -> Organisation:
    organisation, is_new = known.find_or_new(Organisation, record.organisation_source_id)
    values = dict(record.organisation)
    if values["description"] == values["name"]:
        values["description"] = ""  # the profile needs a description, so the name stands in
    was = organisation.name
    changed = _set_changed(organisation, **values)
    changes.note("organisation", organisation, is_new, changed, record.label, organisation.name,
                 was)
    return organisation


def _values(record: ServiceRecord, service: Service) -> dict:
    values = dict(record.values)
    if values["last_checked_on"] is None:
        values["last_checked_on"] = service.last_checked_on  # keep the board's own checks
    return values


def _sync_terms(service: Service, record: ServiceRecord, resolver: TermResolver) -> bool:
    wanted = resolver.terms_for(record)
    changed = False
    for key, (_model, _table, attr) in TAXONOMIES.items():
        terms = sorted(wanted.get(key, []), key=lambda term: (term.position, term.slug))
        if {term.id for term in getattr(service, attr)} != {term.id for term in terms}:
            setattr(service, attr, terms)
            changed = True
    return changed


def _sync_places(service: Service, organisation: Organisation, record: ServiceRecord,
                 resolver: TermResolver, known: KnownRows, changes: Changes) -> bool:
    located = [_location_for(organisation, place, known) for place in record.locations]
    for location, is_new, changed, was in located:
        changes.note("place", location, is_new, changed, record.label,
                     f"{location.name} ({organisation.name})", was)
    link_ids = {location.id: place.link_id
                for (location, *_), place in zip(located, record.locations, strict=True)}
    wanted = [location for location, *_ in located]
    for name in resolver.unmatched_areas(record):
        area_place, is_new = _area_place_for(organisation, name, known)
        changes.note("place", area_place, is_new, False, record.label,
                     f"{area_place.name} ({organisation.name})")
        wanted.append(area_place)
    wanted = list(dict.fromkeys(wanted))
    current = [link.location for link in service.service_at_locations]
    if [loc.id for loc in current] == [loc.id for loc in wanted]:
        return False
    service.service_at_locations = [
        ServiceAtLocation(id=known.kept_id(link_ids.get(loc.id)), location=loc)
        for loc in wanted]
    return True


def _place_key(organisation: Organisation, known: KnownRows) -> str:
    """What a place's id is derived from when the file's id for it is not a UUID. Places from
    files keep the ids they were given before sources were kept apart."""
    key = str(organisation.source_id or organisation.id)
    return key if known.source == FILES else f"{known.source}:{key}"


def _location_for(organisation: Organisation, place: reading.LocationRecord,
                  known: KnownRows) -> tuple[Location, bool, bool, str]:
    location_id = _own_id(place.source_id) or uuid.UUID(
        oruk.derived_id("location", _place_key(organisation, known), place.source_id))
    location = known.locations.get(location_id)
    is_new = location is None
    was = "" if is_new else f"{location.name} ({location.organisation.name})"
    if is_new:
        location = known.locations[location_id] = Location(
            id=location_id, organisation=organisation, source=known.source)
        db.session.add(location)
    values = {"organisation": organisation, "name": place.name, "address": place.address,
              "postcode": place.postcode, "latitude": place.latitude,
              "longitude": place.longitude, "hide_address": place.hide_address}
    if place.hide_address and location.hide_address:
        # An export holds only a refuge's town: never let it wipe the full address we keep.
        values = {"organisation": organisation, "name": place.name}
    return location, is_new, _set_changed(location, **values) and not is_new, was


def _area_place_for(organisation: Organisation, area_name: str,
                    known: KnownRows) -> tuple[Location, bool]:
    """A service area outside our own areas (say "Dyfed-Powys") is kept as a named place, so
    people can see where the service works, without pretending it is in one of our districts."""
    location_id = uuid.UUID(oruk.derived_id("area-place", organisation.id, area_name.lower()))
    location = known.locations.get(location_id)
    if location is not None:
        return location, False
    location = known.locations[location_id] = Location(
        id=location_id, organisation=organisation, name=area_name, address="", postcode="",
        source=known.source)
    db.session.add(location)
    return location, True


def _sync_schedule(service: Service, record: ServiceRecord, known: KnownRows) -> bool:
    current = sorted((r.weekday, r.opens_at, r.closes_at, r.note) for r in service.schedule)
    if current == sorted(record.schedule):
        return False
    service.schedule = [
        ScheduleRow(id=known.kept_id(record.row_ids.get(("schedule", row))),
                    weekday=row[0], opens_at=row[1], closes_at=row[2], note=row[3])
        for row in record.schedule]
    return True


def _sync_funding(service: Service, record: ServiceRecord, known: KnownRows) -> bool:
    current = [(f.funder, None if f.amount_per_year is None else float(f.amount_per_year),
                f.start_date, f.end_date) for f in service.funding]
    if sorted(current, key=str) == sorted(record.funding, key=str):
        return False
    service.funding = [
        Funding(id=known.kept_id(record.row_ids.get(("funding", row))), funder=row[0],
                amount_per_year=row[1], start_date=row[2], end_date=row[3])
        for row in record.funding]
    return True
