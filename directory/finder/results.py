"""The finder's results: services in the chosen pathways, grouped by pathway, nearest first."""

from dataclasses import dataclass, field
from datetime import datetime

from directory import catalogue, geography, safety
from directory.extensions import db
from directory.finder.journey import Answers, pathway_names
from directory.models import Pathway, Service
from directory.opening_hours import is_open_at


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


def find_support(answers: Answers, moment: datetime, open_now_only: bool = False
                 ) -> list[PathwayGroup]:
    query = catalogue.published_in_pathways(answers.filters(), answers.pathways)
    outcode = answers.place.outcode if answers.place else None
    found = [
        Found(service, nearest_miles(service, outcode) if outcode else None,
              is_open_at(service.schedule, moment))
        for service in db.session.scalars(query)
    ]
    if open_now_only:
        found = [item for item in found if item.open_now]
    groups = []
    for pathway in pathway_names(answers.pathways):
        in_pathway, stop_hurting = safety.split_for_people_who_harm(
            (item for item in found if pathway in item.service.pathways),
            service_of=lambda item: item.service)
        group = PathwayGroup(pathway, stop_hurting=stop_hurting)
        if outcode:
            group.services = sorted((i for i in in_pathway if i.miles is not None),
                                    key=lambda item: item.miles)
            group.no_distance = [i for i in in_pathway if i.miles is None]
        else:
            group.services = in_pathway
        groups.append(group)
    return groups


def nearest_miles(service: Service, outcode: geography.Outcode) -> float | None:
    """Miles from a postcode district's centre to the service's nearest place to visit."""
    distances = [
        geography.distance_miles(outcode.latitude, outcode.longitude, *point)
        for point in map(geography.location_point, service.locations) if point
    ]
    return min(distances, default=None)
