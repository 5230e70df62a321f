"""What a person's words say besides the help they need: where (a Norfolk place or a
postcode) and who or when (a woman, a son in prison, leaving prison next week).

Places and people are read from data files beside this module (`places.yaml`,
`people.yaml`), so they can be changed without touching code. What is understood here is
taken out of the words the services must match: "money help gorleston" looks for money help
in Great Yarmouth, not for services that mention Gorleston.
"""

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from directory.places import geography

HERE = Path(__file__).resolve().parent
PLACES_FILE = HERE / "places.yaml"
PEOPLE_FILE = HERE / "people.yaml"
TOKEN = re.compile(r"\w+(?:['’]\w+)?")
# Small words skipped inside a phrase: "my son is in prison" is "son in prison".
GLUE = frozenset(("my", "is", "are", "am", "the", "a", "an", "our", "his", "her", "their",
                  "me", "i", "im"))
LONGEST_PHRASE = 6
# Only the start of a very long text is read (the search itself uses its first 16 words).
MAX_TOKENS = 40


@dataclass(frozen=True)
class Place:
    typed: str
    district: str  # the area's slug
    outcode: geography.Outcode | None = None  # when a postcode was typed

    @property
    def is_postcode(self) -> bool:
        return self.outcode is not None


@dataclass(frozen=True)
class Meaning:
    kind: str  # "place", "group" or "stage"
    slug: str


@dataclass
class Understood:
    words: str  # what is left to match against the services' words
    place: Place | None = None
    groups: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    # Words read as a group or stage, as typed (searched for when nothing else was typed).
    person_words: list[str] = field(default_factory=list)
    # The text as typed without the place, for "search all of Norfolk".
    without_place: str = ""

    @property
    def about_someone(self) -> bool:
        return bool(self.groups or self.stages)


def key_of(text: str) -> tuple[str, ...]:
    """A phrase as it is compared: lower case, no apostrophes or hyphens, no small words."""
    words = [t.replace("'", "").replace("’", "") for t in TOKEN.findall(text.lower())]
    return tuple(w for w in words if w not in GLUE)


@dataclass(frozen=True)
class Vocabulary:
    """The places and people words of the data files, by phrase."""

    phrases: dict[tuple[str, ...], Meaning]
    offers: dict[tuple[str, str], str]  # (kind, slug) -> "for women"
    district_names: dict[str, str]

    def words(self) -> frozenset[str]:
        """Every single word the files know (the search log keeps these)."""
        return frozenset(w for phrase in self.phrases for w in phrase)


def parse(places: dict, people: dict) -> Vocabulary:
    phrases: dict[tuple[str, ...], Meaning] = {}
    names = {}
    for slug, district in (places.get("districts") or {}).items():
        names[slug] = str(district.get("name") or slug)
        for place in district.get("places") or []:
            if key := key_of(str(place)):
                phrases[key] = Meaning("place", slug)
    offers = {}
    for kind, section in (("group", "groups"), ("stage", "stages")):
        for slug, entry in (people.get(section) or {}).items():
            offers[(kind, slug)] = str(entry.get("offer") or slug)
            for word in entry.get("words") or []:
                if key := key_of(str(word)):
                    phrases.setdefault(key, Meaning(kind, slug))
    return Vocabulary(phrases, offers, names)


@cache
def vocabulary(places_file: Path = PLACES_FILE, people_file: Path = PEOPLE_FILE) -> Vocabulary:
    def read(path: Path) -> dict:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return parse(read(places_file), read(people_file))


def _postcode_at(tokens: list[str], start: int) -> tuple[int, geography.Outcode] | None:
    """A Norfolk postcode ("nr30 2aa", "nr302aa") or outcode ("nr30") at tokens[start]:
    how many tokens it takes and its outcode. Postcodes elsewhere are only words."""
    for size in (2, 1):
        tidied = geography.tidy_postcode("".join(tokens[start:start + size]))
        if tidied and len(tokens[start:start + size]) == size:
            outcode = geography.outcodes().get(tidied[1])
            if outcode and (size == 1 or tidied[0] != tidied[1]):
                return size, outcode
    return None


def understand(text: str, known: Vocabulary, district_of_outcode=None,
               allowed: dict[str, set[str]] | None = None) -> Understood:
    """Split typed text into a place, groups and stages, and the words left to match.
    `district_of_outcode(outcode)` gives the area slug of a postcode (None: not understood);
    `allowed` the slugs in use per kind ("place", "group", "stage"): others stay words.
    The first place typed wins; later ones stay words."""
    matches = list(itertools.islice(TOKEN.finditer(text), MAX_TOKENS))
    tokens = [m.group(0) for m in matches]
    keys = [t.lower().replace("'", "").replace("’", "") for t in tokens]
    understood = Understood("", without_place=text)
    left = []
    position = 0
    while position < len(tokens):
        reader = _Reader(keys, tokens, known, understood, district_of_outcode, allowed)
        taken, was_place = reader.meaning_at(position)
        if taken:
            if was_place:
                start, end = matches[position].start(), matches[position + taken - 1].end()
                understood.without_place = " ".join((text[:start] + text[end:]).split())
            position += taken
            continue
        left.append(tokens[position])
        position += 1
    understood.words = " ".join(left)
    return understood


@dataclass
class _Reader:
    keys: list[str]
    tokens: list[str]
    known: Vocabulary
    understood: Understood
    district_of_outcode: object
    allowed: dict[str, set[str]] | None

    def usable(self, meaning: Meaning) -> bool:
        if meaning.kind == "place" and self.understood.place is not None:
            return False
        return self.allowed is None or meaning.slug in self.allowed.get(meaning.kind, ())

    def meaning_at(self, position: int) -> tuple[int, bool]:
        """How many tokens from `position` mean a place, group or stage (0: none), and
        whether it was the place; notes what they mean."""
        understood = self.understood
        if understood.place is None and self.district_of_outcode is not None:
            found = _postcode_at(self.keys, position)
            district = self.district_of_outcode(found[1]) if found else None
            if district:
                size, outcode = found
                understood.place = Place(" ".join(self.tokens[position:position + size])
                                         .upper(), district, outcode)
                return size, True
        if self.keys[position] in GLUE:
            return 0, False
        for end, phrase in self._phrases_from(position):
            meaning = self.known.phrases.get(phrase)
            if meaning is None or not self.usable(meaning):
                continue
            typed = " ".join(self.tokens[position:position + end])
            if meaning.kind == "place":
                understood.place = Place(typed, meaning.slug)
                return end, True
            chosen = understood.groups if meaning.kind == "group" else understood.stages
            if meaning.slug not in chosen:
                chosen.append(meaning.slug)
            understood.person_words.append(typed)
            return end, False
        return 0, False

    def _phrases_from(self, position: int):
        """(tokens taken, phrase key) from `position`, longest first; small words inside a
        phrase are skipped, never at its end."""
        found = []
        phrase = []
        for index in range(position, min(len(self.keys), position + LONGEST_PHRASE + 3)):
            if self.keys[index] in GLUE:
                continue
            phrase.append(self.keys[index])
            found.append((index - position + 1, tuple(phrase)))
        return reversed(found)
