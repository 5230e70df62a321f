"""Queries the API and the export need, built on the catalogue's published-listing queries."""

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from directory import search
from directory.extensions import db
from directory.interop.oruk import EXPOSED_TAXONOMIES, taxonomy_id
from directory.listings.catalogue import (
    active_terms,
    get_public_service,
    publicly_listed,
    published_services,
    services_in_order,
    with_visit_details,
)
from directory.models import (
    TAXONOMIES,
    Area,
    Location,
    Organisation,
    ScheduleRow,
    Service,
    ServiceAtLocation,
)
from directory.places.geography import distance_miles, find_place

METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class ServiceQuery:
    """The API's filters on /services and /service_at_locations (the OpenAPI document says
    what each means). They combine: a result meets every one given."""

    text: str | None = None
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: datetime | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    day: int | None = None
    start_time: time | None = None
    end_time: time | None = None
    postcode: str | None = None
    proximity: int | None = None
    # For the v1 API: each group is "any of these terms" (a service for no particular client
    # group counts for every group, as on the site); `openings` is "open in any of these
    # (day, from, until) windows".
    term_groups: tuple[frozenset[uuid.UUID], ...] = ()
    openings: tuple[tuple[int | None, time | None, time | None], ...] = ()


def published_page(query: ServiceQuery, page: int, per_page: int,
                   full: bool = False) -> tuple[list[Service], int]:
    """One page of published services: by name; with `text`, best match first as the search
    page finds them; with `proximity`, nearest first. Raises IndexUnavailable when a text
    search cannot be answered. `full` loads everything a whole service shows."""
    statement = published_services().where(*_conditions(query))
    if query.postcode and not query.proximity:
        statement = statement.where(or_(
            Service.service_at_locations.any(ServiceAtLocation.location.has(and_(
                Location.hide_address.is_(False), _postcode_is(query.postcode)))),
            *_covering(query.postcode)))
    if not (query.text or query.proximity):
        if full:
            statement = with_visit_details(statement)
        pagination = db.paginate(statement, page=page, per_page=per_page, error_out=False)
        return list(pagination.items), pagination.total or 0
    ids = list(db.session.scalars(statement.with_only_columns(Service.id)))
    if query.proximity:
        ids = _nearest_first(ids, query.postcode, query.proximity)
    if query.text:
        eligible = set(ids)
        ids = [i for i in map(uuid.UUID, search.ranked_ids(query.text)) if i in eligible]
    first = (page - 1) * per_page
    return _services_with_ids(ids[first:first + per_page], full), len(ids)


def _services_with_ids(ids: list[uuid.UUID], full: bool) -> list[Service]:
    if not full:
        return services_in_order(ids)
    found = {service.id: service for service in db.session.scalars(
        with_visit_details(published_services().where(Service.id.in_(ids))))}
    return [found[i] for i in ids if i in found]


def _covering(postcode: str) -> list:
    """Services whose area takes in the postcode's district (county-wide ones cover every
    district), as the finder reads a postcode. A postcode we cannot place matches none."""
    place = find_place(postcode).outcode
    if place is None:
        return []
    districts = {area.name: area.slug for area in active_terms(Area) if not area.county_wide}
    names = place.districts_among(districts)
    return [Service.areas.any(or_(Area.slug.in_([districts[n] for n in names]),
                                  Area.county_wide.is_(True)))]


def _nearest_first(service_ids: list[uuid.UUID], postcode: str | None,
                   metres: int) -> list[uuid.UUID]:
    """The services among these with a public place within `metres`, nearest first."""
    centre = _centre_of(postcode) if postcode else None
    if centre is None or not service_ids:
        return []
    places = db.session.execute(
        select(ServiceAtLocation.service_id, Location.latitude, Location.longitude)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(service_ids), Location.hide_address.is_(False),
               Location.latitude.is_not(None), Location.longitude.is_not(None)))
    nearest: dict[uuid.UUID, float] = {}
    for service_id, latitude, longitude in places:
        distance = distance_miles(*centre, latitude, longitude) * METRES_PER_MILE
        if distance <= metres and distance < nearest.get(service_id, math.inf):
            nearest[service_id] = distance
    return sorted(nearest, key=lambda service_id: (nearest[service_id], str(service_id)))


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
    if query.organization_id:
        conditions.append(Service.organisation_id == query.organization_id)
    if query.modified_after:
        conditions.append(Service.updated_at >= query.modified_after)
    if query.minimum_age is not None:
        conditions.append(or_(Service.minimum_age.is_(None),
                              Service.minimum_age <= query.minimum_age))
    if query.maximum_age is not None:
        conditions.append(or_(Service.maximum_age.is_(None),
                              Service.maximum_age >= query.maximum_age))
    if query.day is not None or query.start_time or query.end_time:
        conditions.append(_open_during(query.day, query.start_time, query.end_time))
    if query.openings:
        conditions.append(or_(*(_open_during(*window) for window in query.openings)))
    conditions.extend(_any_of_terms(group) for group in query.term_groups)
    return conditions


def _open_during(day: int | None, start: time | None, end: time | None):
    """Open at some moment between `start` and `end` (on `day` if given)."""
    opening = []
    if day is not None:
        opening.append(ScheduleRow.weekday == day)
    if start:
        opening.append(ScheduleRow.closes_at > start)
    if end:
        opening.append(ScheduleRow.opens_at < end)
    return Service.schedule.any(and_(*opening))


def _any_of_terms(term_ids: frozenset[uuid.UUID]):
    matches = [getattr(Service, attr).any(model.id.in_(term_ids))
               for model, _table, attr in TAXONOMIES.values()]
    client_group = TAXONOMIES["client_group"][0]
    if db.session.scalar(select(func.count()).where(client_group.id.in_(term_ids))):
        matches.append(~Service.client_groups.any())  # for anyone
    return or_(*matches)


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


def service_at_locations_page(query: ServiceQuery, page: int, per_page: int,
                              full: bool = False) -> tuple[list[ServiceAtLocation], int]:
    """Where published services are offered, narrowed by the same filters as /services.
    Filtering by place never considers a refuge, so distances cannot be used to find one."""
    statement = (
        select(ServiceAtLocation)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(publicly_listed(), *_conditions(query))
        .options(joinedload(ServiceAtLocation.location),
                 selectinload(ServiceAtLocation.service).selectinload(Service.organisation))
        .order_by(Service.name, Location.name, ServiceAtLocation.id)
    )
    if full:
        statement = statement.options(
            selectinload(ServiceAtLocation.service).selectinload(Service.schedule),
            selectinload(ServiceAtLocation.service).selectinload(Service.service_at_locations)
            .joinedload(ServiceAtLocation.location))
    if query.postcode or query.proximity:
        statement = statement.where(Location.hide_address.is_(False))
    if query.postcode and not query.proximity:
        statement = statement.where(_postcode_is(query.postcode))
    if not (query.proximity or query.text):
        pagination = db.paginate(statement, page=page, per_page=per_page, error_out=False)
        return list(pagination.items), pagination.total or 0
    links = db.session.scalars(statement).unique().all()
    if query.proximity:
        links = _within(links, _centre_of(query.postcode), query.proximity)
    if query.text:
        rank = {service_id: position for position, service_id in
                enumerate(map(uuid.UUID, search.ranked_ids(query.text)))}
        links = sorted((link for link in links if link.service_id in rank),
                       key=lambda link: rank[link.service_id])
    start = (page - 1) * per_page
    return links[start:start + per_page], len(links)


def public_service_at_location(link_id: uuid.UUID) -> ServiceAtLocation | None:
    return db.session.scalar(
        select(ServiceAtLocation).join(Service, Service.id == ServiceAtLocation.service_id)
        .where(ServiceAtLocation.id == link_id, publicly_listed()))


def organisations_page(text: str | None, page: int,
                       per_page: int) -> tuple[list[Organisation], int]:
    """Organisations with at least one service the public may see, by name."""
    statement = select(Organisation).where(
        Organisation.services.any(publicly_listed())).order_by(Organisation.name,
                                                               Organisation.id)
    if text:
        statement = statement.where(or_(Organisation.name.icontains(text, autoescape=True),
                                        Organisation.description.icontains(text,
                                                                           autoescape=True)))
    pagination = db.paginate(statement, page=page, per_page=per_page, error_out=False)
    return list(pagination.items), pagination.total or 0


def public_organisation(organisation_id: uuid.UUID) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(
        Organisation.id == organisation_id, Organisation.services.any(publicly_listed())))


def listed_services_of(organisations: list[Organisation], full: bool) -> dict:
    """Each organisation's services the public may see, in one query."""
    statement = published_services().where(
        Service.organisation_id.in_([o.id for o in organisations]))
    if full:
        statement = with_visit_details(statement)
    found: dict[uuid.UUID, list[Service]] = {o.id: [] for o in organisations}
    for service in db.session.scalars(statement):
        found[service.organisation_id].append(service)
    return found


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
