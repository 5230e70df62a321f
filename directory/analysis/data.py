"""The one place the board's analysis reads the database. Every function returns plain data
(`directory.analysis.records`) counted with GROUP BY in SQL, in a fixed number of queries."""

import gc
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import Select, String, Subquery, and_, cast, exists, func, literal, or_, select
from sqlalchemy.orm import aliased, selectinload

from directory.analysis.records import (
    FundingFacts,
    PlaceFacts,
    ProvisionCounts,
    SearchCount,
    ServiceFacts,
    ServiceState,
    Taxonomy,
    Term,
)
from directory.extensions import db
from directory.listings.catalogue import ServiceFilters, apply_filters, with_listing_details
from directory.models import (
    Area,
    ClientGroup,
    Funding,
    GapDismissal,
    GapEntry,
    Meeting,
    NeedWeight,
    Organisation,
    OverlapTriage,
    PackSnapshot,
    Pathway,
    Prison,
    SearchLog,
    Service,
    ServiceStatus,
    Stage,
)
from directory.models.taxonomy import (
    TAXONOMIES,
    service_areas,
    service_client_groups,
    service_pathways,
    service_stages,
)

ALL_PUBLISHED = ServiceFilters()  # no filter: every published service


@contextmanager
def collection_paused():
    """Reading every service makes tens of thousands of small objects and no reference
    cycles; meanwhile Python's cycle collector would walk every live object (the board's
    remembered results too) again and again: up to half the time at 10k services.
    Collection resumes after, unless something else had paused it. Also a decorator."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def taxonomy() -> Taxonomy:
    def terms(model, *where) -> tuple[Term, ...]:
        rows = db.session.execute(
            select(model.id, model.slug, model.name)
            .where(~model.retired, *where)
            .order_by(model.position, model.name)
        )
        return tuple(Term(*row) for row in rows)

    return Taxonomy(
        pathways=terms(Pathway),
        districts=terms(Area, Area.county_wide.is_(False)),
        client_groups=terms(ClientGroup),
        stages=terms(Stage),
    )


def funding_ends_by(horizon: date) -> Select:
    """Ids of services whose every funding ends on or before `horizon`: at risk.
    One GROUP BY over funding (an open-ended funding counts as never ending)."""
    never = date.max
    ends = func.max(func.coalesce(Funding.end_date, never))
    return select(Funding.service_id).group_by(Funding.service_id).having(ends <= horizon)


def only_published(query: Select, filters: ServiceFilters = ALL_PUBLISHED,
                   funding_ending_by: date | None = None) -> Select:
    """Narrow a select that has Service in its FROM to published services matching the
    map's filters, as the catalogue filters them. `funding_ending_by` keeps only the services
    whose funding all ends by then (to see which gaps would open if it stops)."""
    query = query.where(Service.status == ServiceStatus.PUBLISHED)
    if funding_ending_by is not None:
        query = query.where(Service.id.in_(funding_ends_by(funding_ending_by)))
    return apply_filters(query, filters)


def district_coverage() -> Subquery:
    """(service_id, term_id) for every district a service covers: its own districts, and every
    district when it covers the whole county. A plain join (no UNION) so the database can
    flatten it into the outer query; a service naming a district and the county comes out
    twice, so counts over it use COUNT(DISTINCT)."""
    named = aliased(Area)
    district = aliased(Area)
    return (
        select(service_areas.c.service_id, district.id.label("term_id"))
        .join(named, named.id == service_areas.c.term_id)
        .join(district, and_(district.county_wide.is_(False),
                             or_(named.county_wide.is_(True), district.id == named.id)))
        .subquery("coverage")
    )


def local_areas() -> Select:
    """(service_id, term_id) for the districts a service names, leaving out county-wide."""
    return (
        select(service_areas.c.service_id, service_areas.c.term_id)
        .join(Area, Area.id == service_areas.c.term_id)
        .where(Area.county_wide.is_(False))
        .subquery("local_areas")
    )


def _links(dimension: str):
    if dimension == "area":
        return district_coverage()
    return {"pathway": service_pathways, "client_group": service_client_groups,
            "stage": service_stages}[dimension]


def combo_counts(dimensions: tuple[str, ...], filters: ServiceFilters = ALL_PUBLISHED,
                 funding_ending_by: date | None = None) -> dict[tuple, int]:
    """Published services per combination of terms, e.g. ("pathway", "area", "stage") gives
    {(pathway id, district id, stage id): services}. One GROUP BY query."""
    links = [_links(name).alias(f"link_{name}") for name in dimensions]
    query = select(*(link.c.term_id for link in links),
                   func.count(func.distinct(Service.id))).select_from(Service)
    for link in links:
        query = query.join(link, link.c.service_id == Service.id)
    query = only_published(query, filters, funding_ending_by)
    rows = db.session.execute(query.group_by(*(link.c.term_id for link in links)))
    return {tuple(row[:-1]): row[-1] for row in rows}


def _apart_counts(dimension: str, filters: ServiceFilters) -> dict[uuid.UUID, int]:
    sp = service_pathways
    query = only_published(
        select(sp.c.term_id, func.count(func.distinct(sp.c.service_id)))
        .select_from(Service).join(sp, sp.c.service_id == Service.id),
        filters)
    if dimension == "area":
        query = query.join(service_areas, service_areas.c.service_id == sp.c.service_id).join(
            Area, and_(Area.id == service_areas.c.term_id, Area.county_wide.is_(True)))
    else:
        link = _links(dimension)
        query = query.where(~exists().where(link.c.service_id == sp.c.service_id))
    return dict(db.session.execute(query.group_by(sp.c.term_id)).all())


def provision_counts(dimension: str, filters: ServiceFilters = ALL_PUBLISHED) -> ProvisionCounts:
    return ProvisionCounts(
        cells=combo_counts(("pathway", dimension), filters),
        apart=_apart_counts(dimension, filters),
        totals={key[0]: n for key, n in combo_counts(("pathway",), filters).items()},
    )


def need_weights() -> dict[tuple[uuid.UUID, uuid.UUID], float]:
    rows = db.session.execute(select(NeedWeight.pathway_id, NeedWeight.area_id, NeedWeight.weight))
    return {(p, a): w for p, a, w in rows}


def _as_text(column):
    """An id column read as text: turning 100,000 link rows into UUID objects one by one is
    most of the cost of reading every service's terms, and a few dozen terms are enough."""
    return cast(column, String)


def _term_lists(link, *where) -> Select:
    """(service id, its term ids joined by commas), both as text, one row per service."""
    return (select(_as_text(link.c.service_id),
                   func.aggregate_strings(_as_text(link.c.term_id), ","))
            .where(*where).group_by(link.c.service_id))


def _grouped(rows, ids: dict[str, uuid.UUID]) -> dict[str, frozenset]:
    """(service id, joined term ids) rows as each service's set of term UUIDs, keyed by the
    service id as text. Services with the same terms share one set (thousands of services,
    a few hundred combinations); `ids` remembers each term's UUID across calls."""
    sets: dict[str, frozenset] = {}

    def term_set(joined: str) -> frozenset:
        found = sets.get(joined)
        if found is None:
            found = sets[joined] = frozenset(
                ids.get(key) or ids.setdefault(key, uuid.UUID(key)) for key in joined.split(","))
        return found

    return {service_key: term_set(joined) for service_key, joined in rows}


def _term_sets(link, ids: dict[str, uuid.UUID], *where) -> dict[str, frozenset]:
    """Each published service's terms in one link table."""
    return _grouped(db.session.execute(only_published(
        _term_lists(link).join(Service, Service.id == link.c.service_id)).where(*where)), ids)


def in_name_order(records: Iterable) -> list:
    """Services' facts or states by name, then id: the same order on SQLite and PostgreSQL
    (their collations differ)."""
    return sorted(records, key=lambda r: (r.name, r.id.hex))


def service_marks() -> dict[str, tuple[tuple, bool]]:
    """Every service's mark (`ServiceFacts.mark`, `ServiceState.mark`) and whether it is
    published, keyed by its id's hex. Any edit to a service moves its mark, so what was read
    of a service whose mark has not moved still holds (see `remembered`)."""
    rows = db.session.execute(
        select(_as_text(Service.id), Service.version, Organisation.name,
               Service.status == ServiceStatus.PUBLISHED)
        .join(Organisation))
    # Ids as 32 hex digits (`UUID.hex`) on both databases: PostgreSQL's text has hyphens.
    return {key.replace("-", ""): ((version, organisation), bool(published))
            for key, version, organisation, published in rows}


@collection_paused()
def service_facts(only: Collection[str] | None = None) -> list[ServiceFacts]:
    """Every published service with its terms, in six queries whatever the number; or only
    the services whose ids' hex is in `only`. In name order."""
    ids: dict[str, uuid.UUID] = {}
    chosen = () if only is None else (Service.id.in_([uuid.UUID(key) for key in only]),)
    links = {name: _term_sets(link, ids, *chosen) for name, link in (
        ("pathways", service_pathways), ("districts", local_areas()),
        ("client_groups", service_client_groups), ("stages", service_stages))}
    county_wide = set(db.session.scalars(only_published(
        select(_as_text(service_areas.c.service_id))
        .join(Area, and_(Area.id == service_areas.c.term_id, Area.county_wide.is_(True)))
        .join(Service, Service.id == service_areas.c.service_id)).where(*chosen)))
    rows = db.session.execute(
        select(_as_text(Service.id), Service.id, Service.name, Organisation.name,
               Service.summary, Service.description, Service.keywords, Service.version,
               Service.updated_at)
        .join(Organisation).where(Service.status == ServiceStatus.PUBLISHED, *chosen)
    )
    empty = frozenset()
    return in_name_order([
        ServiceFacts(
            id=sid, name=name, organisation=org,
            text=" ".join([name, summary, description, *(keywords or [])]),
            pathways=links["pathways"].get(key, empty),
            districts=links["districts"].get(key, empty),
            client_groups=links["client_groups"].get(key, empty),
            stages=links["stages"].get(key, empty),
            county_wide=key in county_wide, version=version, updated_at=updated_at,
        )
        for key, sid, name, org, summary, description, keywords, version, updated_at in rows
    ])


@collection_paused()
def funding_facts(ending_between: tuple[date, date] | None = None) -> list[FundingFacts]:
    """Funding of published services, with each service's pathway names (two queries).
    With `ending_between`, only funding that ends on one of those days (both included):
    at scale most funding ends later, and reading it all is most of the funding page."""
    ending = (Funding.end_date.between(*ending_between),) if ending_between else ()
    names = defaultdict(list)
    for service_key, pathway in db.session.execute(only_published(
        select(_as_text(service_pathways.c.service_id), Pathway.name)
        .join(Pathway, Pathway.id == service_pathways.c.term_id)
        .join(Service, Service.id == service_pathways.c.service_id)
        .where(Service.id.in_(select(Funding.service_id).where(*ending)))
        .order_by(Pathway.position)
    )):
        names[service_key].append(pathway)
    rows = db.session.execute(
        select(_as_text(Service.id), Service.id, Service.name, Organisation.name,
               Funding.funder, Funding.amount_per_year, Funding.end_date)
        .join(Service, Service.id == Funding.service_id).join(Organisation)
        .where(Service.status == ServiceStatus.PUBLISHED, *ending)
        .order_by(Funding.end_date, Service.name)
    )
    return [FundingFacts(*row[1:], pathways=tuple(names[row[0]])) for row in rows]


def search_counts(since: date, until: date, most_results: int) -> list[SearchCount]:
    """Searches in the period that never found more than `most_results` results."""
    words = func.lower(func.trim(SearchLog.query))
    rows = db.session.execute(
        select(words, func.count(), func.max(SearchLog.result_count))
        .where(SearchLog.searched_on.between(since, until), words != "")
        .group_by(words)
        .having(func.max(SearchLog.result_count) <= most_results)
        .order_by(func.count().desc(), words)
    )
    return [SearchCount(*row) for row in rows]


def cell_services(pathway_id: uuid.UUID, dimension: str, term_id: uuid.UUID | None,
                  filters: ServiceFilters = ALL_PUBLISHED) -> list[Service]:
    """The services behind one cell of the provision map (term None: the column apart)."""
    sp = service_pathways
    query = only_published(select(Service), filters).where(
        exists().where(sp.c.service_id == Service.id, sp.c.term_id == pathway_id))
    if term_id is not None:
        link = _links(dimension)
        query = query.where(
            exists().where(link.c.service_id == Service.id, link.c.term_id == term_id))
    elif dimension == "area":
        query = query.where(Service.areas.any(Area.county_wide.is_(True)))
    else:
        link = _links(dimension)
        query = query.where(~exists().where(link.c.service_id == Service.id))
    return list(db.session.scalars(with_listing_details(query).order_by(Service.name)))


def area_names() -> dict[uuid.UUID, str]:
    """Every area's name, the county-wide one included (overlaps name it)."""
    return dict(db.session.execute(select(Area.id, Area.name)).all())


def overlap_decisions() -> dict[str, tuple[str, str, str]]:
    rows = db.session.execute(select(OverlapTriage.cluster_key, OverlapTriage.fingerprint,
                                     OverlapTriage.decision, OverlapTriage.reason))
    return {key: (fingerprint, decision, reason) for key, fingerprint, decision, reason in rows}


@collection_paused()
def service_states(only: Collection[str] | None = None) -> list[ServiceState]:
    """Every service, whatever its status, with its pathways (two queries); or only those
    whose ids' hex is in `only`. In name order."""
    sp = service_pathways
    ids = None if only is None else [uuid.UUID(key) for key in only]
    chosen, linked = ((), ()) if ids is None else ((Service.id.in_(ids),),
                                                    (sp.c.service_id.in_(ids),))
    pathways = _grouped(db.session.execute(_term_lists(sp, *linked)), {})
    rows = db.session.execute(
        select(_as_text(Service.id), Service.id, Service.name, Organisation.name,
               Service.status, Service.created_at, Service.updated_at, Service.last_checked_on,
               Service.version)
        .join(Organisation).where(*chosen)
    )
    empty = frozenset()
    return in_name_order(ServiceState(*row[1:8], pathways=pathways.get(row[0], empty),
                                      version=row[8]) for row in rows)


def register_entries() -> list[GapEntry]:
    return list(db.session.scalars(
        select(GapEntry).options(selectinload(GapEntry.pathway), selectinload(GapEntry.history))
        .join(Pathway).order_by(Pathway.position, GapEntry.created_at)
    ))


def listings_state() -> tuple:
    """A cheap fingerprint of everything the board's analysis reads from the listings: it
    changes whenever a service, an organisation, a term or a link between them does. Any
    edit to a service bumps its version and updated_at (a link edit too: see
    `directory.models.listing.mark_relinked`); adding or deleting one moves the count and
    max(created_at). The link counts are a second net for links written without the ORM.
    A dozen aggregate queries, whatever the number of services."""
    services = db.session.execute(select(
        func.count(), func.coalesce(func.sum(Service.version), 0),
        func.max(Service.updated_at), func.max(Service.created_at))).one()
    organisations = db.session.execute(select(
        func.count(), func.max(Organisation.updated_at))).one()
    terms, links = [], []
    for model, table, _attr in TAXONOMIES.values():
        county_wide = model.county_wide if model is Area else literal(False)
        terms += db.session.execute(
            select(model.id, model.slug, model.name, model.position, model.retired,
                   county_wide).order_by(model.id)).all()
        links.append(db.session.scalar(select(func.count()).select_from(table)))
    return (tuple(services), tuple(organisations), tuple(map(tuple, terms)), tuple(links))


def funding_ending_ids(horizon: date) -> frozenset[uuid.UUID]:
    """The published services whose every funding ends by `horizon`."""
    return frozenset(db.session.scalars(
        only_published(select(Service.id), funding_ending_by=horizon)))


def prison_places() -> list[PlaceFacts]:
    """The prisons in the county's districts, to mark on the board's maps."""
    rows = db.session.execute(
        select(Prison.name, Prison.latitude, Prison.longitude, Prison.slug)
        .where(Prison.area_id.is_not(None)).order_by(Prison.name))
    return [PlaceFacts(*row) for row in rows]


def gap_dismissals() -> dict[str, GapDismissal]:
    """The board's "not a gap" decisions, by gap key."""
    return {d.gap_key: d for d in db.session.scalars(select(GapDismissal))}


def funding_ends_on(horizon: date) -> dict[uuid.UUID, date]:
    """The published services whose every funding ends by `horizon`, with the day the last
    of it ends (before today for funding that has already ended)."""
    ends = func.max(func.coalesce(Funding.end_date, date.max))
    return dict(db.session.execute(only_published(
        select(Funding.service_id, ends).join(Service, Service.id == Funding.service_id)
        .group_by(Funding.service_id).having(ends <= horizon))).all())


def funding_ended_before(day: date) -> list[FundingFacts]:
    """Services still listed whose every funding ended before `day`: the last funding of each,
    soonest ended first."""
    ended = funding_ends_on(day - timedelta(days=1))
    last = {}
    for facts in funding_facts((date(1900, 1, 1), day - timedelta(days=1))):
        if facts.service_id in ended and facts.end_date == ended[facts.service_id]:
            last.setdefault(facts.service_id, facts)
    return sorted(last.values(), key=lambda f: (f.end_date, f.service_name))


def saved_packs(until: date, last: int = 8) -> list[tuple[date, dict]]:
    """The saved packs of meetings held by `until`, oldest first: the last few."""
    rows = db.session.execute(
        select(Meeting.held_on, PackSnapshot.content).join(PackSnapshot)
        .where(Meeting.held_on <= until).order_by(Meeting.held_on.desc()).limit(last)).all()
    return [(held_on, content) for held_on, content in reversed(rows)]
