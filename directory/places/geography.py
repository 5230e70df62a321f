"""Postcodes and distances for "near me", from a local file of outcode centres.

No postcode is sent anywhere: `seed/norfolk_outcodes.csv` gives the approximate centre of each
Norfolk postcode district, which is all "about 3 miles" needs.
"""

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

OUTCODES_FILE = Path(__file__).resolve().parents[2] / "seed" / "norfolk_outcodes.csv"
EARTH_RADIUS_MILES = 3958.8
# A UK postcode: the outward code ("NR2") then, optionally, the inward code ("4AB").
OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
FULL_POSTCODE = re.compile(rf"^({OUTWARD})([0-9][A-Z]{{2}})$")
OUTCODE_ONLY = re.compile(rf"^({OUTWARD})$")
# Short forms the source file uses for district names.
DISTRICT_ALIASES = {"KL&WN": "King's Lynn and West Norfolk"}

ENTER_POSTCODE = "Enter a postcode, like NR2 4AB, or the first part, like NR2"
NOT_A_POSTCODE = "Enter a real postcode, like NR2 4AB, or the first part, like NR2"
NOT_NORFOLK = "{postcode} is not a Norfolk postcode. We only list support in Norfolk"


@dataclass(frozen=True)
class Outcode:
    """The centre of one postcode district and the districts it may be in."""

    code: str
    latitude: float
    longitude: float
    place: str
    county: str
    district_text: str

    @property
    def mostly_outside_norfolk(self) -> bool:
        return self.county != "Norfolk"

    def districts_among(self, names) -> list[str]:
        """Which of these district names the source file gives, first-named first."""
        text = _fold(self.district_text)
        found = [(text.find(_fold(name)), name) for name in names if _fold(name) in text]
        return [name for _position, name in sorted(found)]


@dataclass(frozen=True)
class PlaceLookup:
    """What a typed postcode told us: a place, or a problem to show the person."""

    postcode: str
    outcode: Outcode | None = None
    problem: str | None = None
    # A real postcode, but not one in Norfolk (the finder then shows national services).
    outside: bool = False


def _fold(text: str) -> str:
    """Compare names ignoring case and curly apostrophes."""
    return text.replace("\u2019", "'").casefold()


@cache
def outcodes() -> dict[str, Outcode]:
    """Read once per process; the file is small (about 50 rows)."""
    with OUTCODES_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = {}
    for row in rows:
        districts = row["district_approx"]
        for short, full in DISTRICT_ALIASES.items():
            districts = districts.replace(short, full)
        table[row["outcode"]] = Outcode(
            code=row["outcode"],
            latitude=float(row["lat"]),
            longitude=float(row["lon"]),
            place=row["place"],
            county=row["county"],
            district_text=districts,
        )
    return table


def tidy_postcode(text: str | None) -> tuple[str, str] | None:
    """("NR2 4AB", "NR2") from "nr24ab", "NR2 4AB" or " nr2 4ab "; ("NR2", "NR2") from "nr2";
    None if it cannot be a postcode."""
    squashed = re.sub(r"\s+", "", text or "").upper()
    if match := FULL_POSTCODE.match(squashed):
        return f"{match[1]} {match[2]}", match[1]
    if match := OUTCODE_ONLY.match(squashed):
        return match[1], match[1]
    return None


def find_place(text: str | None) -> PlaceLookup:
    typed = (text or "").strip()[:20]
    if not typed:
        return PlaceLookup(typed, problem=ENTER_POSTCODE)
    tidied = tidy_postcode(typed)
    if tidied is None:
        return PlaceLookup(typed, problem=NOT_A_POSTCODE)
    postcode, outward = tidied
    outcode = outcodes().get(outward)
    if outcode is None:
        return PlaceLookup(postcode, problem=NOT_NORFOLK.format(postcode=postcode), outside=True)
    return PlaceLookup(postcode, outcode=outcode)


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): plenty for "about N miles" within one county."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


def about_miles(miles: float) -> str:
    """Rounded, because outcode centres are only approximate."""
    if miles < 1:
        return "less than 1 mile"
    whole = round(miles)
    return f"about {whole} mile" + ("" if whole == 1 else "s")


def location_point(location) -> tuple[float, float] | None:
    """Where a place to visit is: its own coordinates, else its postcode district's centre.
    Never for a refuge: a distance from a few postcodes would give its address away."""
    if location.hide_address:
        return None
    if location.latitude is not None and location.longitude is not None:
        return location.latitude, location.longitude
    place = find_place(location.postcode) if location.postcode else None
    if place and place.outcode:
        return place.outcode.latitude, place.outcode.longitude
    return None
