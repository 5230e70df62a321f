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

import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from directory.extensions import db
from directory.interop import file_contents, oruk, reading, shapes, tabular
from directory.interop.mapping import TermResolver
from directory.interop.new_rows import NewPlace, NewRows
from directory.interop.reading import Problem, ServiceRecord
from directory.listings import audit
from directory.listings.catalogue import LISTING_DETAILS
from directory.listings.values import apply, set_changed
from directory.models import (
    Funding,
    Location,
    Organisation,
    ScheduleRow,
    Service,
    ServiceAtLocation,
)
from directory.search import INDEX_LATER

FORMATS = ("json", "oruk-v1", "csv")
# Records checked and written at a time: bounds the memory an import needs.
BATCH = 500
# JSON files bigger than this are read a record at a time (`import_path`).
STREAM_ABOVE = 8 * 1024 * 1024
# Uploads bigger than this are refused before reading, naming the command to use: they would
# not finish within a web request (see benchmarks/interop.py for the rate).
LARGEST_UPLOAD = 2 * 1024 * 1024
# What files uploaded or given to `flask import` are marked as coming from.
FILES = "files"


@dataclass
class ImportReport:
    dry_run: bool = False
    shape: str = ""  # "This file holds organizations: …"
    index_later: bool = False  # too big to index at commit: the search catch-up does it
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
        shape = [self.shape] if self.shape else []
        if self.errors:
            return ([f"Nothing was imported: {len(self.errors)} problem(s) in the file."]
                    + shape + [f"  - {problem}" for problem in self.errors] + self.notes)
        verb = "Would create" if self.dry_run else "Created"
        lines = [f"{verb} {len(self.created)}, "
                 f"{'would update' if self.dry_run else 'updated'} {len(self.updated)}, "
                 f"left {len(self.unchanged)} unchanged, rejected 0.", *shape]
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
    contents = file_contents.read(data, filename, file_format, report.errors, report.notes)
    return import_contents(contents, report, mapping_files, source)


def import_path(path: Path, file_format: str | None = None, dry_run: bool = False,
                mapping_files: list[Path] | None = None, source: str = FILES,
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """A file (or a folder holding the HSDS tabular package) on the server. A big JSON file
    is read a record at a time, so its size is limited by the disk, not the memory.
    `progress(done, total)` is told how far through the file the import is, in bytes."""
    if path.is_dir():
        return import_file(tabular.zipped_folder(path), path.name, file_format, dry_run,
                           mapping_files, source)
    size = path.stat().st_size
    with path.open("rb") as handle:
        start = handle.read(4)
        handle.seek(0)
        if size > STREAM_ABOVE and file_format in (None, "json", "oruk-v1") \
                and not tabular.is_package(start):
            report = ImportReport(dry_run=dry_run)
            contents = shapes.stream_json(handle, report.errors, report.notes)
            if contents is not None:
                return import_contents(
                    contents, report, mapping_files, source,
                    progress and (lambda _count: progress(handle.tell(), size)))
        data = handle.read()
    report = import_file(data, path.name, file_format, dry_run, mapping_files, source)
    if progress:
        progress(size, size)
    return report


def import_contents(contents: shapes.FileContents | None, report: ImportReport,
                    mapping_files: list[Path] | None = None, source: str = FILES,
                    progress: Callable[[int], None] | None = None) -> ImportReport:
    """Check and save what a file or feed holds, all or nothing, a batch at a time: each
    batch is written (inside the one transaction) and let go of, so a file of any size needs
    the memory of one batch. Once anything is wrong the rest is only checked, then all of it
    is rolled back. `progress` is told how many records each batch held."""
    resolver = TermResolver.load(mapping_files or [], report.errors)
    if contents is None:
        return report
    seen_ids: dict[str, str] = {}
    try:
        for batch in _batches(contents.each(), BATCH):
            records, organisations = _read_batch(batch, report, seen_ids)
            if not report.errors:
                _apply(records, organisations, resolver, report, source)
                db.session.flush()
                audit.write_pending(db.session)
                db.session.expunge_all()  # written: let go of it
            if progress:
                progress(len(batch))
    except SQLAlchemyError as error:
        db.session.rollback()
        report.errors.append(Problem("database", "save", f"was refused: {error.orig or error}"))
    report.shape = contents.described()
    if not (contents.services or contents.organisations or report.errors):
        report.errors.append(Problem("file", contents.shape or "services",
                                     "has no services in it"))
    report.notes += resolver.notes()
    if report.errors or report.dry_run:
        db.session.rollback()
        return report
    report.index_later = contents.services > BATCH
    if report.index_later:
        db.session.info[INDEX_LATER] = True
        report.notes.append("Big import: the search index catches up after it, not during "
                            "it (flask import does it next; the site within "
                            "SEARCH_RECONCILE_SECONDS).")
    db.session.commit()
    return report


def _batches(items: Iterable, size: int) -> Iterator[list]:
    items = iter(items)
    while batch := list(itertools.islice(items, size)):
        yield batch


def _read_batch(batch, report: ImportReport, seen_ids: dict[str, str]
                ) -> tuple[list[ServiceRecord], list[tuple[str, str, dict]]]:
    problems = report.errors
    records = [reading.read_service(item, label, problems)
               for kind, label, item in batch if kind == "service"]
    organisations = [reading.read_organisation_only(item, label, problems)
                     for kind, label, item in batch if kind == "organization"]
    _check_duplicates(records, problems, seen_ids)
    return ([record for record in records if record is not None],
            [organisation for organisation in organisations if organisation is not None])


def _check_duplicates(records: list[ServiceRecord | None], problems: list[Problem],
                      seen: dict[str, str]) -> None:
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
    *LISTING_DETAILS, selectinload(Service.funding),
    selectinload(Service.service_at_locations).joinedload(ServiceAtLocation.location),
]


class KnownRows:
    """The rows an import may touch, loaded up front in a few queries, plus the rows it
    creates: matching a record never queries the database (no N+1). Rows of another source
    are found too when the file uses their ids, so that changing them can be refused."""

    def __init__(self, records: list[ServiceRecord], source: str,
                 organisation_keys: list[str] = ()):
        self.source = source
        self.services = self._by_key(Service, {r.source_id for r in records}, SERVICE_DETAILS)
        self.organisations = self._by_key(
            Organisation, {r.organisation_source_id for r in records} | set(organisation_keys),
            [])
        self.locations: dict = {}  # load_places, once the organisations are known
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

    def load_places(self, place_ids: set[uuid.UUID]) -> None:
        """The places a batch names, by id: only those, never all of an organisation's (which
        made each batch of a big import slower than the one before)."""
        wanted = list(place_ids - set(self.locations))
        self.locations.update({loc.id: loc for loc in db.session.scalars(
            select(Location).where(Location.id.in_(wanted)))} if wanted else {})

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


def _apply(records: list[ServiceRecord], organisation_records: list[tuple[str, str, dict]],
           resolver: TermResolver, report: ImportReport, source: str) -> None:
    """Organisations first (through the ORM: there are few), then each service: a new one
    as plain rows written in bulk, one already here through the ORM."""
    known = KnownRows(records, source, [key for _label, key, _values in organisation_records])
    changes = Changes(report, source)
    new_rows = NewRows(source)
    organisations: dict[str, Organisation] = {
        key: _organisation_for(label, key, values, known, changes)
        for label, key, values in organisation_records}
    for record in records:
        key = record.organisation_source_id
        if key not in organisations:
            organisations[key] = _organisation_for(record.label, key, record.organisation,
                                                   known, changes)
    db.session.flush()  # the organisations: the rows written in bulk point at them
    known.load_places({
        place_id for record in records
        if (organisation := organisations[record.organisation_source_id]) is not None
        for place_id in [*(_place_id(organisation, place, known) for place in record.locations),
                         *(_area_place_id(organisation, name) for name in record.area_names
                           if name)]})
    with db.session.no_autoflush:  # new places are written after the loop
        for record in records:
            organisation = organisations[record.organisation_source_id]
            if organisation is None:
                continue
            if record.source_id in known.services:
                _update_service(record, organisation, resolver, known, changes, new_rows)
            else:
                report.created.append(
                    _new_service(record, organisation, resolver, known, changes, new_rows))
    new_rows.write_places()
    db.session.flush()
    new_rows.write_services()


def _new_service(record: ServiceRecord, organisation: Organisation, resolver: TermResolver,
                 known: KnownRows, changes: Changes, new_rows: NewRows) -> str:
    """Collect the rows of a service not in the directory yet; say its name."""
    own_id = _own_id(record.source_id)
    service_id = own_id if own_id and own_id not in known.taken_ids else uuid.uuid4()
    wanted, link_ids, schedules = _wanted_places(organisation, record, resolver, known,
                                                 changes, new_rows)
    new_rows.service(
        service_id,
        {**record.values, "organisation_id": organisation.id, "source_id": record.source_id,
         "source": known.source},
        resolver.terms_for(record),
        [{"id": known.kept_id(link_ids.get(loc.id)), "location_id": loc.id,
          "schedule": schedules.get(loc.id, [])} for loc in wanted],
        [{"id": known.kept_id(record.row_ids.get(("schedule", row))), "weekday": row[0],
          "opens_at": row[1], "closes_at": row[2], "note": row[3]} for row in record.schedule],
        [{"id": known.kept_id(record.row_ids.get(("funding", row))), "funder": row[0],
          "amount_per_year": row[1], "start_date": row[2], "end_date": row[3]}
         for row in record.funding])
    return f"{record.values['name']} ({organisation.name})"


def _update_service(record: ServiceRecord, organisation: Organisation, resolver: TermResolver,
                    known: KnownRows, changes: Changes, new_rows: NewRows) -> None:
    report = changes.report
    service = known.services[record.source_id]
    was = f"{service.name} ({service.organisation.name})"
    # An assured date the file leaves out keeps the board's own checks.
    values = record.service_values(
        resolver.terms_for(record), organisation=organisation,
        last_checked_on=record.values["last_checked_on"] or service.last_checked_on)
    changed = _sync_places(service, organisation, record, resolver, known, changes, new_rows)
    changed |= apply(service, values,
                     lambda kind, row: known.kept_id(record.row_ids.get((kind, row))))
    name = f"{service.name} ({organisation.name})"
    changes.note("service", service, False, changed, record.label, name, was)
    (report.updated if changed else report.unchanged).append(name)


def _own_id(source_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(source_id)
    except (ValueError, AttributeError, TypeError):
        return None


def _organisation_for(label: str, key: str, values: dict | None, known: KnownRows,
                      changes: Changes) -> Organisation | None:
    if values is None:  # named by id only: it must be in the directory already
        organisation = known.organisations.get(key)
        if organisation is None:
            changes.report.errors.append(Problem(
                label, "organization_id", f"is {key!r}, which is not in this file or in the "
                "directory. Put the organisation in the file, or import the organisations "
                "first."))
        return organisation
    organisation, is_new = known.find_or_new(Organisation, key)
    values = dict(values)
    if values["description"] == values["name"]:
        values["description"] = ""  # the profile needs a description, so the name stands in
    was = organisation.name
    changed = set_changed(organisation, values)
    changes.note("organisation", organisation, is_new, changed, label, organisation.name, was)
    return organisation


def _sync_places(service: Service, organisation: Organisation, record: ServiceRecord,
                 resolver: TermResolver, known: KnownRows, changes: Changes,
                 new_rows: NewRows) -> bool:
    wanted, link_ids, schedules = _wanted_places(organisation, record, resolver, known,
                                                 changes, new_rows)
    current = [(link.location.id, link.schedule or []) for link in service.service_at_locations]
    if current == [(loc.id, schedules.get(loc.id, [])) for loc in wanted]:
        return False
    # By id: a new place is a plain row, written before this link is flushed.
    service.service_at_locations = [
        ServiceAtLocation(id=known.kept_id(link_ids.get(loc.id)), location_id=loc.id,
                          schedule=schedules.get(loc.id, []))
        for loc in wanted]
    return True


def _wanted_places(organisation: Organisation, record: ServiceRecord, resolver: TermResolver,
                   known: KnownRows, changes: Changes, new_rows: NewRows
                   ) -> tuple[list, dict[uuid.UUID, str], dict[uuid.UUID, list[dict]]]:
    """The places a record's service should be linked to (its own, then the areas that are
    not ours), with the file's link ids and opening times at each, by place id."""
    located = [_location_for(organisation, place, known, new_rows) for place in record.locations]
    for location, is_new, changed, was in located:
        changes.note("place", location, is_new, changed, record.label,
                     f"{location.name} ({organisation.name})", was)
    link_ids = {location.id: place.link_id
                for (location, *_), place in zip(located, record.locations, strict=True)}
    schedules = {location.id: _place_schedule(place)
                 for (location, *_), place in zip(located, record.locations, strict=True)}
    wanted = [location for location, *_ in located]
    for name in resolver.unmatched_areas(record):
        area_place, is_new = _area_place_for(organisation, name, known, new_rows)
        changes.note("place", area_place, is_new, False, record.label,
                     f"{area_place.name} ({organisation.name})")
        wanted.append(area_place)
    return list(dict.fromkeys(wanted)), link_ids, schedules


def _place_schedule(place: reading.LocationRecord) -> list[dict]:
    return [{"weekday": weekday, "opens_at": opens.strftime("%H:%M"),
             "closes_at": closes.strftime("%H:%M"), "note": note}
            for weekday, opens, closes, note in sorted(place.schedule)]


def _place_key(organisation: Organisation, known: KnownRows) -> str:
    """What a place's id is derived from when the file's id for it is not a UUID. Places from
    files keep the ids they were given before sources were kept apart."""
    key = str(organisation.source_id or organisation.id)
    return key if known.source == FILES else f"{known.source}:{key}"


def _place_id(organisation: Organisation, place: reading.LocationRecord,
              known: KnownRows) -> uuid.UUID:
    return _own_id(place.source_id) or uuid.UUID(
        oruk.derived_id("location", _place_key(organisation, known), place.source_id))


def _area_place_id(organisation: Organisation, area_name: str) -> uuid.UUID:
    return uuid.UUID(oruk.derived_id("area-place", organisation.id, area_name.lower()))


def _location_for(organisation: Organisation, place: reading.LocationRecord,
                  known: KnownRows, new_rows: NewRows
                  ) -> tuple[Location | NewPlace, bool, bool, str]:
    location_id = _place_id(organisation, place, known)
    location = known.locations.get(location_id)
    values = {"name": place.name, "address": place.address, "postcode": place.postcode,
              "latitude": place.latitude, "longitude": place.longitude,
              "hide_address": place.hide_address}
    if location is None:
        location = known.locations[location_id] = new_rows.place(location_id, organisation,
                                                                 values)
        return location, True, False, ""
    if place.hide_address and location.hide_address:
        # An export holds only a refuge's town: never let it wipe the full address we keep.
        values = {"name": place.name}
    if isinstance(location, NewPlace):  # made for an earlier record in this batch
        location.row.update(values)
        return location, False, False, ""
    was = f"{location.name} ({location.organisation.name})"
    return location, False, set_changed(location, {"organisation": organisation, **values}), was


def _area_place_for(organisation: Organisation, area_name: str, known: KnownRows,
                    new_rows: NewRows) -> tuple[Location | NewPlace, bool]:
    """A service area outside our own areas (say "Dyfed-Powys") is kept as a named place, so
    people can see where the service works, without pretending it is in one of our districts."""
    location_id = _area_place_id(organisation, area_name)
    location = known.locations.get(location_id)
    if location is not None:
        return location, False
    location = known.locations[location_id] = new_rows.place(
        location_id, organisation, {"name": area_name, "address": "", "postcode": ""})
    return location, True
