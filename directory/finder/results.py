"""The finder's results: services in the chosen pathways, grouped by pathway, nearest first."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, or_

from directory import safety
from directory.extensions import db
from directory.finder.journey import Answers, pathway_names
from directory.finder.opening_hours import is_open_at
from directory.listings import catalogue
from directory.models import Area, ClientGroup, Pathway, Prison, Service, Stage
from directory.places import geography, prisons


@dataclass(frozen=True)
class Found:
    """One service in the results, with what this person's answers say about it."""

    service: Service
    miles: float | None
    open_now: bool

    @property
    def distance(self) -> str:
        return geography.about_miles(self.miles) if self.miles is not None else ""


@dataclass
class PathwayGroup:
    pathway: Pathway
    # With a postcode: services with a place to visit, nearest first. Without: every service.
    services: list[Found] = field(default_factory=list)
    # With a postcode: phone-only services, and refuges whose address is private.
    no_distance: list[Found] = field(default_factory=list)
    # Programmes for people who harm, listed after the support for people being hurt.
    stop_hurting: list[Found] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.services) + len(self.no_distance) + len(self.stop_hurting)


@dataclass
class FinderResults:
    groups: list[PathwayGroup]
    prison: Prison | None = None
    # Support at the prison the person is in, wherever the person asking lives.
    at_prison: list[Found] = field(default_factory=list)
    # A postcode outside Norfolk: only services anyone in England can use are listed.
    outside_norfolk: bool = False

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups) + len(self.at_prison)


def matching_services(answers: Answers) -> Select:
    """Published services in the chosen pathways, for the chosen people and time, in the
    chosen area (anywhere in England only, for a postcode outside Norfolk)."""
    query = catalogue.published_in_pathways(answers.filters(), answers.pathways)
    if answers.groups:
        query = query.where(or_(Service.client_groups.any(ClientGroup.slug.in_(answers.groups)),
                                ~Service.client_groups.any()))
    if answers.stages:
        query = query.where(Service.stages.any(Stage.slug.in_(answers.stages)))
    if answers.outside_norfolk:
        query = query.where(Service.areas.any(Area.national.is_(True)))
    return query


def support_at_prison(answers: Answers, prison: Prison) -> list[Service]:
    """For a family: all the family support at that prison. For the person held there: the
    services inside it in the kinds of help they chose."""
    services = prisons.services_at([prison.id])
    if answers.for_families:
        return [s for s in services if prisons.is_for_families(s)]
    chosen = set(answers.pathways)
    return [s for s in services
            if not prisons.is_for_families(s) and chosen & {p.slug for p in s.pathways}]


def find_support(answers: Answers, moment: datetime, open_now_only: bool = False
                 ) -> FinderResults:
    outcode = answers.place.outcode if answers.place else None

    def found(services) -> list[Found]:
        items = [Found(service, nearest_miles(service, outcode) if outcode else None,
                       is_open_at(service.schedule, moment)) for service in services]
        return [item for item in items if item.open_now] if open_now_only else items

    prison = prisons.get_prison(answers.prison) if answers.prison else None
    at_prison = found(support_at_prison(answers, prison)) if prison else []
    shown = {item.service.id for item in at_prison}
    listed = [item for item in found(db.session.scalars(matching_services(answers)))
              if item.service.id not in shown]
    groups = []
    for pathway in pathway_names(answers.pathways):
        in_pathway, stop_hurting = safety.split_for_people_who_harm(
            (item for item in listed if pathway in item.service.pathways),
            service_of=lambda item: item.service)
        group = PathwayGroup(pathway, stop_hurting=stop_hurting)
        if outcode:
            group.services = sorted((i for i in in_pathway if i.miles is not None),
                                    key=lambda item: item.miles)
            group.no_distance = [i for i in in_pathway if i.miles is None]
        else:
            group.services = in_pathway
        groups.append(group)
    return FinderResults(groups, prison, at_prison, answers.outside_norfolk)


def nearest_miles(service: Service, outcode: geography.Outcode) -> float | None:
    """Miles from a postcode district's centre to the service's nearest place to visit."""
    distances = [
        geography.distance_miles(outcode.latitude, outcode.longitude, *point)
        for point in map(geography.location_point, service.locations) if point
    ]
    return min(distances, default=None)
