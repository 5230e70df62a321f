"""Plain data the analysis works on, read from the database by `directory.analysis.data`."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

# The three ways the provision map can split each pathway.
DIMENSIONS = ("area", "client_group", "stage")
DIMENSION_LABELS = {"area": "District", "client_group": "Who it is for", "stage": "Stage"}


@dataclass(frozen=True)
class Term:
    id: uuid.UUID
    slug: str
    name: str


@dataclass(frozen=True)
class Taxonomy:
    """The active terms, in the board's order. Districts exclude the county-wide area."""

    pathways: tuple[Term, ...]
    districts: tuple[Term, ...]
    client_groups: tuple[Term, ...]
    stages: tuple[Term, ...]

    def terms(self, dimension: str) -> tuple[Term, ...]:
        return {
            "area": self.districts,
            "client_group": self.client_groups,
            "stage": self.stages,
        }[dimension]

    def terms_of(self, name: str) -> tuple[Term, ...]:
        """Terms by taxonomy name: "pathway" as well as the map's three dimensions."""
        return self.pathways if name == "pathway" else self.terms(name)

    def by_id(self) -> dict[uuid.UUID, Term]:
        return {
            term.id: term
            for terms in (self.pathways, self.districts, self.client_groups, self.stages)
            for term in terms
        }


@dataclass(frozen=True)
class ProvisionCounts:
    """Published services per pathway and column of one dimension, counted in SQL.

    For districts, `cells` include the county-wide services and `apart` counts those;
    for client groups `apart` counts services open to anyone (no group given);
    for stages `apart` counts services with no stage given."""

    cells: Mapping[tuple[uuid.UUID, uuid.UUID], int]
    apart: Mapping[uuid.UUID, int]
    totals: Mapping[uuid.UUID, int]


@dataclass(frozen=True)
class ServiceFacts:
    """What overlap detection and gap counting need to know about one published service."""

    id: uuid.UUID
    name: str
    organisation: str
    text: str
    pathways: frozenset[uuid.UUID]
    # Districts the service names itself, never county-wide: a county-wide phone line is a
    # different kind of service from a local one, so never part of a local overlap.
    districts: frozenset[uuid.UUID]
    client_groups: frozenset[uuid.UUID]
    stages: frozenset[uuid.UUID]
    version: int = 1
    updated_at: datetime | None = None
    county_wide: bool = False  # covers every district (gap counts count it in each)

    @property
    def mark(self) -> tuple:
        """Moves with any edit to the service (its version is the ORM's version counter,
        which every update moves) or its organisation's name (`data.service_marks` reads the
        same from the database)."""
        return self.version, self.organisation

    @property
    def links(self) -> int:
        """How many link rows tie it to terms, as far as these facts tell (county-wide areas
        count once): `remembered` checks the links that moved are those of the services it
        read again."""
        return (len(self.pathways) + len(self.districts) + len(self.client_groups)
                + len(self.stages) + self.county_wide)


@dataclass(frozen=True)
class FundingFacts:
    """One service's funding, as the board sees it."""

    service_id: uuid.UUID
    service_name: str
    organisation: str
    funder: str
    amount_per_year: Decimal | None
    end_date: date | None
    pathways: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class PlaceFacts:
    """A place to mark on a map (a prison)."""

    name: str
    latitude: float | None
    longitude: float | None
    slug: str = ""


@dataclass(frozen=True)
class SearchCount:
    """How often one search was made, and the most results it ever found."""

    query: str
    searches: int
    most_results: int


@dataclass(frozen=True)
class ServiceState:
    """A service's status and dates, for what changed between meetings and overdue reviews."""

    id: uuid.UUID
    name: str
    organisation: str
    status: str
    created_at: datetime | None
    updated_at: datetime | None
    last_checked_on: date | None
    pathways: frozenset[uuid.UUID] = field(default=frozenset())
    version: int = 1

    @property
    def mark(self) -> tuple:
        """As `ServiceFacts.mark`."""
        return self.version, self.organisation

    @property
    def links(self) -> int:
        return len(self.pathways)
