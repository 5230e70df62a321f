"""Keeping people safe on pages about domestic abuse and sex work: where Exit this page goes,
and listing programmes for people who harm apart from support for people being hurt."""

from flask import current_app
from sqlalchemy import ColumnElement, and_, exists, or_, select

from directory.extensions import db
from directory.listings import catalogue
from directory.models import ClientGroup, Organisation, Pathway, Service
from directory.models.listing import (
    EXIT_THIS_PAGE_GROUPS,
    EXIT_THIS_PAGE_PATHWAYS,
    PEOPLE_WHO_HARM,
)

STOP_HURTING_HEADING = "If you want to stop hurting someone"


def organisation_needs_exit(organisation: Organisation) -> bool:
    """An organisation that provides support about abuse or sex work: its own page and all
    its services' pages offer Exit this page (people follow links between them)."""
    return bool(db.session.scalar(select(exists().where(
        Service.organisation_id == organisation.id, catalogue.publicly_listed(),
        or_(Service.pathways.any(Pathway.slug.in_(EXIT_THIS_PAGE_PATHWAYS)),
            Service.client_groups.any(ClientGroup.slug.in_(EXIT_THIS_PAGE_GROUPS)))))))


def service_needs_exit(service: Service) -> bool:
    return service.shows_exit_this_page or organisation_needs_exit(service.organisation)


def any_needs_exit(services) -> bool:
    return any(service.shows_exit_this_page for service in services)


def split_for_people_who_harm(items, service_of=lambda item: item) -> tuple[list, list]:
    """(support, programmes for people who harm), each in the order given."""
    support, harm = [], []
    for item in items:
        (harm if service_of(item).is_for_people_who_harm else support).append(item)
    return support, harm


def for_people_who_harm() -> ColumnElement[bool]:
    """The SQL form of Service.is_for_people_who_harm."""
    return and_(Service.client_groups.any(ClientGroup.slug == PEOPLE_WHO_HARM),
                ~Service.client_groups.any(ClientGroup.slug.in_(EXIT_THIS_PAGE_GROUPS)))


def pathway_listing(filters: catalogue.ServiceFilters, page: int):
    """A pathway's services a page at a time, less the programmes for people who harm, and
    those programmes (all of them: there are few; the page shows them apart on page 1)."""
    query = catalogue.published_services(filters)
    support = db.paginate(query.where(~for_people_who_harm()), page=page,
                          per_page=current_app.config["SERVICES_PER_PAGE"], error_out=False)
    return support, list(db.session.scalars(query.where(for_people_who_harm())))
