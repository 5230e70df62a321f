"""Turn services in the database into search documents. The database is the truth;
the index only ever holds what these functions derive from it."""

import uuid
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.listings.catalogue import publicly_listed, with_listing_details, with_visit_details
from directory.models import Service
from directory.places import geography
from directory.search.schema import COUNTY_WIDE, FOR_ANYONE

BATCH_SIZE = 500


def _slugs(terms, empty_marker: str | None = None) -> str:
    slugs = [t.slug for t in terms if not t.retired]
    if not slugs and empty_marker:
        slugs = [empty_marker]
    return ",".join(slugs)


def _names(terms) -> str:
    return " ".join(t.name for t in terms if not t.retired)


def service_document(service: Service) -> dict:
    areas = _slugs(service.areas)
    if any(a.county_wide and not a.retired for a in service.areas):
        areas = ",".join(filter(None, [areas, COUNTY_WIDE]))
    keywords = " ".join(k.replace("-", " ") for k in service.keywords or [])
    places = " ".join(
        [_names(service.areas)] + [loc.public_address or loc.name for loc in service.locations]
    )
    description = " ".join(
        filter(None, [service.summary, service.description, service.eligibility])
    )
    document = {
        "id": str(service.id),
        "version": service.version,
        "name_sort": service.name.casefold(),
        "name": service.name,
        "organisation": service.organisation.name,
        "pathway": _names(service.pathways),
        "keywords": keywords,
        "audience": _names(service.client_groups) + " " + _names(service.stages),
        "places": places,
        "description": description,
        "pathway_slug": _slugs(service.pathways),
        "area_slug": areas,
        "client_group_slug": _slugs(service.client_groups, FOR_ANYONE),
        "stage_slug": _slugs(service.stages),
        "tag": ",".join(service.keywords or []),
        "self_referral": bool(service.self_referral or service.drop_in),
        "points": [list(point) for point in map(geography.location_point, service.locations)
                   if point],
    }
    document["spelling"] = " ".join(
        document[f] for f in ("name", "organisation", "pathway", "keywords", "audience",
                              "places", "description")
    )
    return document


def _published(session: Session, ids: Iterable[uuid.UUID] | None = None):
    query = with_visit_details(with_listing_details(
        select(Service).where(publicly_listed())
    )).order_by(Service.id)
    if ids is not None:
        query = query.where(Service.id.in_(list(ids)))
    return query


def published_documents(
    session: Session, ids: Iterable[uuid.UUID] | None = None
) -> Iterator[dict]:
    """Documents of published services (all of them, or those among `ids`), in batches
    so that a large directory never sits in memory at once."""
    if ids is not None:
        ids = list(ids)
        for start in range(0, len(ids), BATCH_SIZE):
            batch = session.scalars(_published(session, ids[start:start + BATCH_SIZE]))
            yield from (service_document(s) for s in batch)
            session.expunge_all()
        return
    last_id = None
    while True:
        query = _published(session)
        if last_id is not None:
            query = query.where(Service.id > last_id)
        batch = list(session.scalars(query.limit(BATCH_SIZE)))
        if not batch:
            return
        yield from (service_document(s) for s in batch)
        last_id = batch[-1].id
        session.expunge_all()
