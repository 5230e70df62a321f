"""Listing queries and operations used by every side of the site.

Views stay thin: they parse a request, call one of these, and render.
"""

import uuid
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import selectinload

from directory import clock
from directory.extensions import db
from directory.formatting import short_time
from directory.models import (
    TAXONOMIES,
    Area,
    ClientGroup,
    Organisation,
    Pathway,
    ScheduleRow,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Stage,
)
from directory.models.listing import WEEKDAYS
from directory.models.taxonomy import service_pathways


@dataclass(frozen=True)
class ServiceFilters:
    """What a person narrowed a list of services down to. Slugs, never ids, so URLs read well."""

    pathway: str | None = None
    area: str | None = None
    client_group: str | None = None
    stage: str | None = None
    self_referral: bool = False

    @classmethod
    def from_args(cls, args, **fixed) -> "ServiceFilters":
        """Read filters from query parameters; unknown or retired slugs are ignored."""
        known = active_slugs()
        values = {}
        for name in ("pathway", "area", "client_group", "stage"):
            slug = (args.get(name) or "").strip()
            values[name] = slug if slug in known[name] else None
        values["self_referral"] = args.get("self_referral") in ("1", "on", "yes", "true")
        return replace(cls(**values), **fixed)

    def as_args(self) -> dict:
        """Query parameters that reproduce these filters."""
        args = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value:
                args[field.name] = "1" if value is True else value
        return args

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "pathway")


def active_slugs() -> dict[str, set[str]]:
    """The slugs a filter may use, per taxonomy, in one query (every listing page asks)."""
    found = {name: set() for name in TAXONOMIES}
    every = union_all(*(
        select(literal(name).label("taxonomy"), model.slug).where(~model.retired)
        for name, (model, _table, _attr) in TAXONOMIES.items()
    ))
    for name, slug in db.session.execute(every):
        found[name].add(slug)
    return found


def active_terms(model) -> list:
    """Terms of one taxonomy that the public can see, in the board's order."""
    return list(db.session.scalars(select(model).where(~model.retired).order_by(model.position)))


def apply_filters(query: Select, filters: ServiceFilters) -> Select:
    """Narrow a select of services. County-wide services count in every district;
    services for no particular group count for every group."""
    if filters.pathway:
        query = query.where(Service.pathways.any(Pathway.slug == filters.pathway))
    if filters.area:
        query = query.where(
            Service.areas.any(or_(Area.slug == filters.area, Area.county_wide.is_(True)))
        )
    if filters.client_group:
        query = query.where(
            or_(
                Service.client_groups.any(ClientGroup.slug == filters.client_group),
                ~Service.client_groups.any(),
            )
        )
    if filters.stage:
        query = query.where(Service.stages.any(Stage.slug == filters.stage))
    if filters.self_referral:
        query = query.where(or_(Service.self_referral.is_(True), Service.drop_in.is_(True)))
    return query


# What a list of services shows, loaded in a fixed number of queries (no N+1).
LISTING_DETAILS = (
    selectinload(Service.organisation),
    selectinload(Service.pathways),
    selectinload(Service.areas),
    selectinload(Service.client_groups),
    selectinload(Service.stages),
    selectinload(Service.schedule),
)


def with_listing_details(query: Select) -> Select:
    """Load what a list of services shows in a fixed number of queries (no N+1)."""
    return query.options(*LISTING_DETAILS)


def publicly_listed() -> ColumnElement[bool]:
    """The one rule for which services the public may see, everywhere: pages, search (the
    index's documents and its results), the finder, shortlists, the API and exports.
    A service is listed when it is published and an admin has not hidden its organisation
    (an editor's proposed organisation stays hidden until an admin checks and shows it)."""
    return and_(Service.status == ServiceStatus.PUBLISHED,
                Service.organisation.has(Organisation.hidden.is_(False)))


def published_services(filters: ServiceFilters = ServiceFilters()) -> Select:
    """Published services by name (text searches go through `directory.search`)."""
    query = select(Service).where(publicly_listed())
    return with_listing_details(apply_filters(query, filters)).order_by(Service.name, Service.id)


def services_in_order(ids: list) -> list[Service]:
    """Published services with these ids, in the order given (a search's ranking).
    Ids no longer published are skipped: the database, not the index, has the last word."""
    if not ids:
        return []
    wanted = [uuid.UUID(str(i)) for i in ids]
    query = with_listing_details(select(Service).where(Service.id.in_(wanted), publicly_listed()))
    found = {service.id: service for service in db.session.scalars(query)}
    return [found[i] for i in wanted if i in found]


def open_service_ids(moment) -> set[str]:
    """Ids of published services open at this moment (from their opening times)."""
    from directory.finder.opening_hours import is_open_at

    query = select(Service).where(publicly_listed(), Service.schedule.any()).options(
        selectinload(Service.schedule))
    return {str(s.id) for s in db.session.scalars(query) if is_open_at(s.schedule, moment)}


def published_in_pathways(filters: ServiceFilters, pathway_slugs) -> Select:
    """Published services in any of several pathways (a person's "critical pathways"),
    narrowed by the other filters, with what a visit needs: places and opening times."""
    query = published_services(replace(filters, pathway=None)).where(
        Service.pathways.any(Pathway.slug.in_(list(pathway_slugs)))
    )
    return with_visit_details(query)


def with_visit_details(query: Select) -> Select:
    """Also load where and when each service is open, for distances, "open now" and print."""
    return query.options(
        selectinload(Service.schedule),
        selectinload(Service.service_at_locations).joinedload(ServiceAtLocation.location),
    )


def pathway_counts() -> dict[uuid.UUID, int]:
    """Published services per pathway, in one query."""
    rows = db.session.execute(
        select(service_pathways.c.term_id, func.count())
        .join(Service, Service.id == service_pathways.c.service_id)
        .where(publicly_listed())
        .group_by(service_pathways.c.term_id)
    )
    return dict(rows.all())


def get_public_service(service_id: uuid.UUID) -> Service | None:
    query = (
        select(Service)
        .where(Service.id == service_id, publicly_listed())
        .options(
            *LISTING_DETAILS,
            selectinload(Service.service_at_locations).joinedload(ServiceAtLocation.location),
        )
    )
    return db.session.scalar(query)


def get_public_organisation(organisation_id: uuid.UUID) -> Organisation | None:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.hidden:
        return None
    return organisation


def organisation_services(organisation: Organisation) -> list[Service]:
    query = published_services().where(Service.organisation_id == organisation.id)
    return list(db.session.scalars(query))


def review_due_before(today: date | None = None) -> date:
    """Listings last checked before this date are overdue for review."""
    today = today or clock.today()
    return today - timedelta(days=current_app.config["REVIEW_AFTER_DAYS"])


def is_overdue(service: Service, today: date | None = None, due: date | None = None) -> bool:
    """`due`, when given, is `review_due_before(today)` worked out once for many services."""
    due = due or review_due_before(today)
    return service.last_checked_on is None or service.last_checked_on < due


def opening_times(schedule: list[ScheduleRow]) -> list[tuple[str, str]]:
    """Group schedule rows into readable lines: ("Monday to Friday", "9am to 5pm")."""
    days_by_hours: dict[str, list[int]] = {}
    for row in schedule:
        hours = f"{short_time(row.opens_at)} to {short_time(row.closes_at)}"
        if row.note:
            hours += f" ({row.note})"
        days_by_hours.setdefault(hours, []).append(row.weekday)
    ordered = sorted(days_by_hours.items(), key=lambda item: min(item[1]))
    return [(_day_range(sorted(set(days))), hours) for hours, days in ordered]


def _day_range(days: list[int]) -> str:
    """[0, 1, 2, 3, 4, 6] -> "Monday to Friday, Sunday"."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][1] + 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    parts = []
    for first, last in runs:
        if first == last:
            parts.append(WEEKDAYS[first])
        elif last == first + 1:
            parts.append(f"{WEEKDAYS[first]} and {WEEKDAYS[last]}")
        else:
            parts.append(f"{WEEKDAYS[first]} to {WEEKDAYS[last]}")
    return ", ".join(parts)
