"""Queries about prisons as places: which services are delivered inside one, and the support
for families of the people held there."""

from dataclasses import dataclass

from sqlalchemy import select

from directory.extensions import db
from directory.listings import catalogue
from directory.models import Area, ClientGroup, Location, Prison, Service, ServiceAtLocation

# The client group for families and children of people in prison (a taxonomy slug).
FAMILIES = "families"


@dataclass
class PrisonSupport:
    """What a prison's page lists."""

    prison: Prison
    for_families: list[Service]  # visiting help and family support at this prison
    inside: list[Service]  # services for the people held there
    families_anywhere: list[Service]  # family support that is not tied to one prison


def all_prisons() -> list[Prison]:
    return list(db.session.scalars(select(Prison).order_by(Prison.name)))


def get_prison(slug: str) -> Prison | None:
    return db.session.scalar(select(Prison).where(Prison.slug == slug))


def services_at(prison_ids) -> list[Service]:
    """Published services delivered in any of these prisons, by name."""
    query = catalogue.with_visit_details(catalogue.published_services()).where(
        Service.service_at_locations.any(
            ServiceAtLocation.location.has(Location.prison_id.in_(list(prison_ids)))))
    return list(db.session.scalars(query))


def is_for_families(service: Service) -> bool:
    return any(group.slug == FAMILIES for group in service.client_groups)


def family_support_anywhere() -> list[Service]:
    """Published support for families that covers the whole county and no one prison."""
    query = catalogue.published_services().where(
        Service.client_groups.any(ClientGroup.slug == FAMILIES),
        Service.areas.any(Area.county_wide.is_(True)),
        ~Service.service_at_locations.any(
            ServiceAtLocation.location.has(Location.prison_id.is_not(None))))
    return list(db.session.scalars(query))


def prison_support(prison: Prison) -> PrisonSupport:
    services = services_at([prison.id])
    return PrisonSupport(
        prison=prison,
        for_families=[s for s in services if is_for_families(s)],
        inside=[s for s in services if not is_for_families(s)],
        families_anywhere=family_support_anywhere(),
    )
