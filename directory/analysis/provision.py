"""The provision map: pathways down the side, districts (or client groups, or stages) across."""

import math
from dataclasses import dataclass

from directory.analysis.records import DIMENSION_LABELS, ProvisionCounts, Taxonomy, Term

# What the column shown apart holds, per dimension.
APART_LABELS = {
    "area": "County-wide",
    "client_group": "Anyone (no group given)",
    "stage": "No stage given",
}
SHADE_LEVELS = 4  # app-shade-1 .. app-shade-4; app-shade-0 is "none"


@dataclass(frozen=True)
class ShadeBand:
    level: int
    low: int
    high: int

    @property
    def label(self) -> str:
        if self.low == self.high:
            return "None" if self.low == 0 else str(self.low)
        return f"{self.low} to {self.high}"


@dataclass(frozen=True)
class MapCell:
    column: Term
    count: int
    shade: int


@dataclass(frozen=True)
class MapRow:
    pathway: Term
    cells: tuple[MapCell, ...]
    apart: int
    total: int


@dataclass(frozen=True)
class ProvisionMap:
    dimension: str
    columns: tuple[Term, ...]
    rows: tuple[MapRow, ...]
    bands: tuple[ShadeBand, ...]

    @property
    def dimension_label(self) -> str:
        return DIMENSION_LABELS[self.dimension]

    @property
    def apart_label(self) -> str:
        return APART_LABELS[self.dimension]


def shade_bands(highest: int) -> tuple[ShadeBand, ...]:
    """Split 1..highest into up to four even bands; 0 always has its own (lightest) band."""
    bands = [ShadeBand(0, 0, 0)]
    levels = min(SHADE_LEVELS, highest)
    low = 1
    for level in range(1, levels + 1):
        high = math.ceil(highest * level / levels)
        bands.append(ShadeBand(level, low, high))
        low = high + 1
    return tuple(bands)


def shade_of(count: int, bands: tuple[ShadeBand, ...]) -> int:
    for band in bands:
        if band.low <= count <= band.high:
            return band.level
    return bands[-1].level


def provision_map(taxonomy: Taxonomy, dimension: str, counts: ProvisionCounts) -> ProvisionMap:
    columns = taxonomy.terms(dimension)
    highest = max((counts.cells.get((p.id, c.id), 0)
                   for p in taxonomy.pathways for c in columns), default=0)
    bands = shade_bands(highest)
    rows = tuple(
        MapRow(
            pathway=pathway,
            cells=tuple(
                MapCell(column, n, shade_of(n, bands))
                for column in columns
                for n in (counts.cells.get((pathway.id, column.id), 0),)
            ),
            apart=counts.apart.get(pathway.id, 0),
            total=counts.totals.get(pathway.id, 0),
        )
        for pathway in taxonomy.pathways
    )
    return ProvisionMap(dimension, columns, rows, bands)


def map_table(provision: ProvisionMap) -> list[list]:
    """The map as rows for a CSV download, header first."""
    header = ["Pathway", *(c.name for c in provision.columns), provision.apart_label,
              "All services"]
    return [header] + [
        [row.pathway.name, *(cell.count for cell in row.cells), row.apart, row.total]
        for row in provision.rows
    ]
