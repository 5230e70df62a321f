"""Queries the API and the export need, built on the catalogue's published-listing queries."""

import uuid
from dataclasses import dataclass
from datetime import time

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import selectinload

from directory import search
from directory.catalogue import (
    active_terms,
    get_public_service,
    publicly_listed,
    published_services,
    services_in_order,
)
from directory.extensions import db
from directory.geography import distance_miles, find_place
from directory.interop.oruk import EXPOSED_TAXONOMIES, taxonomy_id
from directory.models import (
    TAXONOMIES,
    Location,
    ScheduleRow,
    Service,
    ServiceAtLocation,
)

METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class ServiceQuery:
    """The API's filters on /services (see the OpenAPI document for what each means)."""

    text: str | None = None
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    day: int | None = None
    start_time: time | None = None
    end_time: time | None = None


def published_page(query: ServiceQuery, page: int, per_page: int) -> tuple[list[Service], int]:
    """One page of published services by name or, with `text`, by relevance as the search
    page finds them. Raises IndexUnavailable when a text search cannot be answered."""
    if query.text:
        return _searched_page(query, page, per_page)
    statement = published_services().where(*_conditions(query))
    pagination = db.paginate(statement, page=page, per_page=per_page, error_out=False)
    return list(pagination.items), pagination.total or 0


def _searched_page(query: ServiceQuery, page: int, per_page: int) -> tuple[list[Service], int]:
    eligible = set(db.session.scalars(select(Service.id).where(
        publicly_listed(), *_conditions(query))))
    ranked = [i for i in search.ranked_ids(query.text) if uuid.UUID(i) in eligible]
    first = (page - 1) * per_page
    return services_in_order(ranked[first:first + per_page]), len(ranked)


def _conditions(query: ServiceQuery) -> list:
    conditions = []
    if query.taxonomy_term_id:
        conditions.append(or_(*(
            getattr(Service, attr).any(model.id == query.taxonomy_term_id)
            for model, _table, attr in TAXONOMIES.values()
        )))
    if query.taxonomy_id:
        matching = [TAXONOMIES[key] for key in EXPOSED_TAXONOMIES
                    if taxonomy_id(key) == str(query.taxonomy_id)]
        conditions.append(or_(*(getattr(Service, attr).any() for _m, _t, attr in matching))
                          if matching else false())
    if query.minimum_age is not None:
        conditions.append(or_(Service.minimum_age.is_(None),
                              Service.minimum_age <= query.minimum_age))
    if query.maximum_age is not None:
        conditions.append(or_(Service.maximum_age.is_(None),
                              Service.maximum_age >= query.maximum_age))
    opening = []
    if query.day is not None:
        opening.append(ScheduleRow.weekday == query.day)
    if query.start_time:
        opening.append(ScheduleRow.closes_at > query.start_time)
    if query.end_time:
        opening.append(ScheduleRow.opens_at < query.end_time)
    if opening:
        conditions.append(Service.schedule.any(and_(*opening)))
    return conditions


def full_public_service(service_id: uuid.UUID) -> Service | None:
    return get_public_service(service_id)


def all_published_services() -> list[Service]:
    """The whole public directory with everything an export writes, in a fixed number of
    queries."""
    statement = published_services().options(
        selectinload(Service.schedule),
        selectinload(Service.funding),
        selectinload(Service.service_at_locations).joinedload(ServiceAtLocation.location),
    )
    return list(db.session.scalars(statement))


def exposed_terms() -> list[tuple[str, object]]:
    return [(key, term) for key in EXPOSED_TAXONOMIES
            for term in active_terms(TAXONOMIES[key][0])]


def _normalised_postcode(column):
    return func.replace(func.upper(column), " ", "")


def service_at_locations_page(postcode: str | None, proximity: int | None, page: int,
                              per_page: int) -> tuple[list[ServiceAtLocation], int]:
    """Where published services are offered. Filtering by place never considers a refuge,
    so distances cannot be used to find one."""
    statement = (
        select(ServiceAtLocation)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(publicly_listed())
        .options(selectinload(ServiceAtLocation.service).selectinload(Service.organisation))
        .order_by(Service.name, Location.name, ServiceAtLocation.id)
    )
    if postcode or proximity:
        statement = statement.where(Location.hide_address.is_(False))
    if postcode and not proximity:
        statement = statement.where(_postcode_is(postcode))
    if not proximity:
        pagination = db.paginate(statement, page=page, per_page=per_page, error_out=False)
        return list(pagination.items), pagination.total or 0
    nearby = _within(db.session.scalars(statement).all(), _centre_of(postcode), proximity)
    start = (page - 1) * per_page
    return nearby[start:start + per_page], len(nearby)


def _postcode_is(postcode: str):
    """A whole postcode ("NR1 1ZA", any spacing), or its first part ("NR1", not NR10)."""
    compact = postcode.upper().replace(" ", "")
    if len(compact) >= 5:
        return _normalised_postcode(Location.postcode) == compact
    return or_(func.upper(Location.postcode).startswith(f"{compact} ", autoescape=True),
               _normalised_postcode(Location.postcode) == compact)


def _centre_of(postcode: str) -> tuple[float, float] | None:
    """Where a postcode is: the centre of its district from the finder's local list of Norfolk
    outcodes, or else the middle of our own places with that postcode. No outside look-up."""
    place = find_place(postcode)
    if place.outcode is not None:
        return place.outcode.latitude, place.outcode.longitude
    row = db.session.execute(
        select(func.avg(Location.latitude), func.avg(Location.longitude)).where(
            _postcode_is(postcode),
            Location.hide_address.is_(False),
            Location.latitude.is_not(None),
            Location.longitude.is_not(None),
        )
    ).one()
    return None if row[0] is None else (row[0], row[1])


def _within(links: list[ServiceAtLocation], centre, metres: int) -> list[ServiceAtLocation]:
    if centre is None:
        return []
    measured = [
        (distance_miles(*centre, link.location.latitude, link.location.longitude)
         * METRES_PER_MILE, link)
        for link in links
        if link.location.latitude is not None and link.location.longitude is not None
    ]
    return [link for distance, link in sorted(measured, key=lambda pair: pair[0])
            if distance <= metres]
