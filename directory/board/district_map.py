"""The districts drawn as outlines for the board's maps: read from GeoJSON once per process,
projected to a flat picture, simplified to what a screen or an A4 page can show, and kept as
SVG path data. The server puts the paths into the page as inline SVG (no JavaScript, no map
tiles, nothing fetched from another site)."""

import functools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BOUNDARIES = Path(__file__).with_name("boundaries") / "norfolk_districts.geojson"
# Who made the boundaries, as their licence asks to be credited wherever the map is shown.
CREDIT = ("District boundaries: UK-GeoJSON by Martin Chorley (CC BY 4.0). Contains Ordnance "
          "Survey data © Crown copyright and database right 2014. Contains National Statistics "
          "data © Crown copyright and database right.")
WIDTH = 600  # the picture's width in SVG units; its height follows the county's shape
# How far (in SVG units) a simplified outline may stray from the real one: the big map is
# shown about 600 pixels wide, the small ones about half that.
TOLERANCE = 0.8
SMALL_TOLERANCE = 1.6
LABEL_GRID = 40  # points tried across a district to find room for its number
PLACE_ROOM = 3  # a number keeps this much further from a prison's mark than from an edge


@dataclass(frozen=True, eq=False)
class DistrictShape:
    name: str
    path: str  # SVG path data
    largest: np.ndarray  # the outline of its biggest part, where its number goes


@dataclass(frozen=True)
class Outline:
    width: int
    height: int
    shapes: dict[str, DistrictShape]  # by district name folded to lower case
    west: float
    north: float
    scale: float
    squash: float  # cosine of the middle latitude: a degree east is shorter than one north

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        return (round((longitude - self.west) * self.squash * self.scale, 1),
                round((self.north - latitude) * self.scale, 1))

    def shape(self, district_name: str) -> DistrictShape | None:
        return self.shapes.get(district_name.casefold())


def simplified(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker: keep the points that stray more than `tolerance` from the line
    between the points kept either side of them (a closed ring keeps its first point)."""
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = points[first], points[last]
        between = points[first + 1:last]
        direction = end - start
        length = math.hypot(*direction)
        if length == 0:
            distances = np.hypot(*(between - start).T)
        else:
            offset = between - start
            distances = np.abs(direction[0] * offset[:, 1] - direction[1] * offset[:, 0]) / length
        farthest = int(np.argmax(distances))
        if distances[farthest] > tolerance:
            middle = first + 1 + farthest
            keep[middle] = True
            stack += [(first, middle), (middle, last)]
    return points[keep]


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _path_data(rings: Iterable[np.ndarray]) -> str:
    return " ".join(
        "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z" for ring in rings)


def _inside(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Which points are inside the ring (even-odd rule, all points at once)."""
    x, y = points[:, 0:1], points[:, 1:2]
    x1, y1 = ring[:-1, 0], ring[:-1, 1]
    x2, y2 = ring[1:, 0], ring[1:, 1]
    crosses = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return ((crosses & (x < at_x)).sum(axis=1) % 2) == 1


def _distance_to_edge(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    start, end = ring[:-1], ring[1:]
    segment = end - start
    length2 = np.maximum((segment ** 2).sum(axis=1), 1e-9)
    along = ((points[:, None, :] - start) * segment).sum(axis=2) / length2
    nearest = start + np.clip(along, 0, 1)[:, :, None] * segment
    return np.hypot(*(points[:, None, :] - nearest).transpose(2, 0, 1)).min(axis=1)


def label_point(ring: np.ndarray, avoid: tuple[tuple[float, float], ...] = ()
                ) -> tuple[float, float]:
    """The point of a grid over the ring that is farthest inside it, and from the places
    marked on the map: room for a number, even in a district shaped like a horseshoe
    (Broadland wraps round Norwich), that does not cover a prison's mark."""
    (left, top), (right, bottom) = ring.min(axis=0), ring.max(axis=0)
    xs, ys = np.meshgrid(np.linspace(left, right, LABEL_GRID), np.linspace(top, bottom, LABEL_GRID))
    grid = np.column_stack([xs.ravel(), ys.ravel()])
    grid = grid[_inside(grid, ring)]
    if not len(grid):
        return tuple(ring.mean(axis=0).round(1))
    room = _distance_to_edge(grid, ring)
    if avoid:
        from_places = np.hypot(*(grid[:, None, :] - np.array(avoid)).transpose(2, 0, 1))
        room = np.minimum(room, from_places.min(axis=1) - PLACE_ROOM)
    best = grid[int(np.argmax(room))]
    return (round(float(best[0]), 1), round(float(best[1]), 1))


@functools.cache
def _label_points(source: Path, tolerance: float,
                  avoid: tuple[tuple[float, float], ...]) -> dict[str, tuple[float, float]]:
    return {key: label_point(shape.largest, avoid)
            for key, shape in outline(source, tolerance).shapes.items()}


@functools.cache
def outline(source: Path = BOUNDARIES, tolerance: float = TOLERANCE) -> Outline:
    features = json.loads(source.read_text())["features"]
    everything = np.array([point for f in features for polygon in _polygons(f["geometry"])
                           for ring in polygon for point in ring])
    (west, south), (east, north) = everything.min(axis=0), everything.max(axis=0)
    squash = math.cos(math.radians((north + south) / 2))
    scale = WIDTH / ((east - west) * squash)
    base = Outline(WIDTH, math.ceil((north - south) * scale), {}, west, north, scale, squash)

    def projected(ring) -> np.ndarray:
        lonlat = np.asarray(ring)
        return np.column_stack([(lonlat[:, 0] - west) * squash * scale,
                                (north - lonlat[:, 1]) * scale]).round(1)

    shapes = {}
    for feature in features:
        rings = [simplified(projected(ring), tolerance)
                 for polygon in _polygons(feature["geometry"]) for ring in polygon]
        rings = [ring for ring in rings if len(ring) > 3]
        largest = max(rings, key=lambda r: np.ptp(r[:, 0]) * np.ptp(r[:, 1]))
        name = feature["properties"]["name"]
        shapes[name.casefold()] = DistrictShape(name, _path_data(rings), largest)
    return Outline(base.width, base.height, shapes, west, north, scale, squash)


# The shades of the provision map's table (app-shade-1..4 in app.css), written into the SVG
# as presentation attributes: the PDF renderer does not apply page CSS inside an SVG, and the
# page's CSS still overrides them for focus and hover.
SHADE_FILLS = {1: "#bfd8d7", 2: "#80b0ae", 3: "#00625e", 4: "#003b38"}
DARK_SHADES = frozenset({3, 4})  # white numbers on these


@dataclass(frozen=True)
class DistrictMark:
    """One district on one map: its outline, its number, its shade and where it links to."""

    name: str
    path: str
    label_at: tuple[float, float]
    count: int
    shade: int
    href: str | None

    @property
    def text_fill(self) -> str:
        return "#ffffff" if self.shade in DARK_SHADES else "#0b0c0c"


@dataclass(frozen=True)
class PlaceMark:
    name: str
    at: tuple[float, float]


@dataclass(frozen=True)
class DistrictMap:
    width: int
    height: int
    districts: tuple[DistrictMark, ...]
    places: tuple[PlaceMark, ...]
    unmapped: tuple[str, ...]  # districts with no outline in the boundaries file
    fills = SHADE_FILLS


def district_map(cells: Sequence, href: Callable, places: Iterable = (), small: bool = False,
                 source: Path = BOUNDARIES) -> DistrictMap:
    """A map of one row of the provision map: `cells` have a column (a district Term), a count
    and a shade; `href(term)` is where its district links; `places` have a name, a latitude
    and a longitude (the prisons)."""
    tolerance = SMALL_TOLERANCE if small else TOLERANCE
    drawn = outline(source, tolerance)
    place_marks = tuple(PlaceMark(p.name, drawn.point(p.longitude, p.latitude)) for p in places
                        if p.latitude is not None and p.longitude is not None)
    labels = _label_points(source, tolerance, tuple(p.at for p in place_marks))
    marks, unmapped = [], []
    for cell in cells:
        shape = drawn.shape(cell.column.name)
        if shape is None:
            unmapped.append(cell.column.name)
            continue
        marks.append(DistrictMark(cell.column.name, shape.path,
                                  labels[cell.column.name.casefold()], cell.count, cell.shade,
                                  href(cell.column)))
    return DistrictMap(drawn.width, drawn.height, tuple(marks), place_marks, tuple(unmapped))
