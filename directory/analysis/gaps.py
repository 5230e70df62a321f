"""Gaps: combinations of pathway, district, client group and stage with no published service.

A gap is ranked by evidence that it matters here: how many comparable combinations do have
services (other pathways in the same place and stage, or other districts for the same people),
times the need weight the board set for the pathway and district. A combination that nobody
provides anywhere comparable is not ranked: there is no evidence for it in the directory.
A gap inside a bigger gap (no drug help before court in Breckland, when there is no drug help
in Breckland at all) is folded into the bigger one, so each gap is listed once.
Client groups count only when a service names them: a service "for anyone" does not fill a
gap for women (the demo data's G2 relies on this).
"""

import hashlib
import itertools
import uuid
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import mean

import numpy as np

from directory.analysis.combinations import combined, decoded, numbered_terms
from directory.analysis.records import ServiceFacts, Taxonomy, Term

# Combination -> (heading, the dimension compared with to find evidence).
GAP_KINDS = {
    ("pathway", "area"): ("Pathways missing from a district", "pathway"),
    ("pathway", "area", "stage"): ("Within a pathway: a stage missing in a district", "pathway"),
    ("pathway", "area", "client_group"): ("Within a pathway: a group missing in a district",
                                          "pathway"),
    ("area", "client_group", "stage"): ("A group with nothing at a stage in a district, in any "
                                        "pathway", "area"),
    ("pathway", "stage"): ("Pathways with nothing at a stage anywhere", "pathway"),
    ("pathway", "client_group"): ("Pathways with nothing for a group anywhere", "pathway"),
}
PLURALS = {"pathway": "pathways", "area": "districts"}
Weights = Mapping[tuple[uuid.UUID, uuid.UUID], float]


@dataclass(frozen=True)
class Gap:
    kind: tuple[str, ...]
    terms: tuple[Term, ...]
    with_provision: int
    compared: int
    weight: float
    score: float

    @property
    def key(self) -> tuple:
        return (self.kind, tuple(term.id for term in self.terms))

    @property
    def term(self) -> dict[str, Term]:
        return dict(zip(self.kind, self.terms, strict=True))

    @property
    def label(self) -> str:
        return " × ".join(term.name for term in self.terms)

    @property
    def key_text(self) -> str:
        """The gap's key as one string, for links and the board's "not a gap" decisions."""
        return ".".join(self.kind) + ":" + ".".join(str(term.id) for term in self.terms)

    @property
    def pathway(self) -> Term | None:
        return self.term.get("pathway")

    @property
    def title(self) -> str:
        """What is missing and where, in words: "No drugs and alcohol services in Breckland
        (before court or instead of court)"."""
        terms = self.term
        what = f"No {lower_first(terms['pathway'].name)} services" if "pathway" in terms \
            else "Nothing in any pathway"
        return f"{what} {_where(terms)}{_for_whom(terms)}"

    @property
    def evidence_in_short(self) -> str:
        """The evidence without repeating the place: "All 8 other pathways have one"."""
        return self.reason.split(" a service")[0] + " one"

    @property
    def reason(self) -> str:
        """The evidence in words: "5 of the 6 other districts have a service for women
        (leaving prison and the first weeks)"."""
        terms = self.term
        if GAP_KINDS[self.kind][1] == "area":
            compared = "districts"
            which = "" if "pathway" in terms else " in any pathway"
            where = ""
        else:
            compared, which, where = "pathways", "", " " + _where(terms)
        if self.compared == 1:
            how_many, compared = "The one", compared[:-1]
        elif self.with_provision == self.compared:
            how_many = f"All {self.compared}"
        else:
            how_many = f"{self.with_provision} of the {self.compared}"
        text = (f"{how_many} other {compared} "
                f"{'has' if self.with_provision == 1 else 'have'} a service{which}{where}"
                f"{_for_whom(terms)}")
        if self.weight != 1:
            text += f"; the board's need weight here is {self.weight:g}"
        return text


def lower_first(name: str) -> str:
    """A name inside a sentence: "Women" -> "women", but "IOM" stays."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _where(terms: Mapping[str, Term]) -> str:
    return f"in {terms['area'].name}" if "area" in terms else "anywhere in the county"


def _for_whom(terms: Mapping[str, Term]) -> str:
    text = f" for {lower_first(terms['client_group'].name)}" if "client_group" in terms else ""
    if "stage" in terms:
        text += f" ({lower_first(terms['stage'].name)})"
    return text


FACT_FIELDS = {"pathway": "pathways", "client_group": "client_groups", "stage": "stages"}


def services_matching(terms: Iterable[tuple[str, uuid.UUID]],
                      services: Iterable[ServiceFacts]) -> list[ServiceFacts]:
    """The services with every one of these (dimension, term id) pairs, counted as the gap
    counts count: a county-wide service is in every district."""
    terms = list(terms)

    def has(service: ServiceFacts, name: str, term_id: uuid.UUID) -> bool:
        if name == "area":
            return service.county_wide or term_id in service.districts
        return term_id in getattr(service, FACT_FIELDS[name])

    return [s for s in services if all(has(s, name, term_id) for name, term_id in terms)]


def services_behind(gap: Gap, services: Iterable[ServiceFacts]) -> list[ServiceFacts]:
    """The published services that are a gap's evidence: those with every term of the gap but
    the one it is compared on (other pathways in the same district for the same people, say).
    When one of them changes, or one joins or leaves them, the evidence has changed."""
    vary = GAP_KINDS[gap.kind][1]
    return services_matching(((name, term.id) for name, term in gap.term.items()
                              if name != vary), services)


def evidence_fingerprint(services: Iterable[ServiceFacts]) -> str:
    """Which listings a decision was made on, and which version of each."""
    listed = sorted(f"{s.id}:{s.version}" for s in services)
    return hashlib.sha256("\n".join(listed).encode()).hexdigest()


def by_pathway(found: Mapping[tuple, list[Gap]], taxonomy: Taxonomy,
               set_aside: Container[str] = ()) -> tuple[dict[Term, list[Gap]], list[Gap]]:
    """Every gap under its pathway, most evidence first, and the gaps across pathways (a
    group with nothing at a stage in a district); leaving out those in `set_aside`."""
    pathways: dict[Term, list[Gap]] = {pathway: [] for pathway in taxonomy.pathways}
    across = []
    for gaps in found.values():
        for gap in gaps:
            if gap.key_text in set_aside:
                continue
            pathways.get(gap.pathway, across).append(gap)

    def order(gap: Gap) -> tuple:
        return (-gap.score, len(gap.kind), gap.title)

    return {p: sorted(g, key=order) for p, g in pathways.items()}, sorted(across, key=order)


def _term_sets(services: Sequence[ServiceFacts], districts: Sequence[uuid.UUID],
               name: str) -> list[frozenset]:
    if name == "area":
        everywhere = frozenset(districts)
        return [s.districts | everywhere if s.county_wide else s.districts for s in services]
    return [getattr(s, FACT_FIELDS[name]) for s in services]


def gap_counts(services: Sequence[ServiceFacts], districts: Sequence[uuid.UUID],
               kinds: Iterable[tuple[str, ...]] = tuple(GAP_KINDS)) -> dict[tuple, dict]:
    """Services per combination of terms for each kind, e.g. ("pathway", "area") gives
    {(pathway id, district id): services}, counted as the provision map counts in SQL
    (`data.combo_counts`): a county-wide service counts in every district, and a service
    that names no client group counts for none. Each dimension is numbered once for every
    kind; each kind is one `np.unique`, whatever the number of services."""
    kinds = tuple(kinds)
    index: dict[uuid.UUID, int] = {}
    numbered = {name: numbered_terms(_term_sets(services, districts, name), index)
                for name in dict.fromkeys(name for kind in kinds for name in kind)}
    base, ids = max(len(index), 1), tuple(index)
    counts = {}
    for kind in kinds:
        _rows, codes = combined([numbered[name] for name in kind], base)
        # Each service's terms are sets, so each (service, combination) comes once.
        unique, found = np.unique(codes, return_counts=True)
        counts[kind] = {tuple(ids[n] for n in numbers): count for numbers, count in zip(
            decoded(unique, base, len(kind)).tolist(), found.tolist(), strict=True)}
    return counts


def weight_for(kind: tuple[str, ...], key: tuple, taxonomy: Taxonomy, weights: Weights) -> float:
    """The board's need weight (default 1); averaged over what the combination leaves open."""
    ids = dict(zip(kind, key, strict=True))
    pathways = [ids["pathway"]] if "pathway" in ids else [p.id for p in taxonomy.pathways]
    districts = [ids["area"]] if "area" in ids else [d.id for d in taxonomy.districts]
    return round(mean(weights.get((p, d), 1.0) for p in pathways for d in districts), 3)


def _folded(kind: tuple[str, ...], key: tuple, counts: Mapping[tuple, Mapping]) -> bool:
    """True when a coarser combination is empty too: that gap is reported instead."""
    for dropped in range(len(kind)):
        coarser = kind[:dropped] + kind[dropped + 1:]
        if coarser in counts and not counts[coarser].get(key[:dropped] + key[dropped + 1:]):
            return True
    return False


def gaps_of_kind(kind: tuple[str, ...], taxonomy: Taxonomy, counts: Mapping[tuple, Mapping],
                 weights: Weights) -> list[Gap]:
    cells = counts[kind]
    vary = kind.index(GAP_KINDS[kind][1])
    found = []
    for terms in itertools.product(*(taxonomy.terms_of(name) for name in kind)):
        key = tuple(term.id for term in terms)
        if cells.get(key) or _folded(kind, key, counts):
            continue
        siblings = [key[:vary] + (other.id,) + key[vary + 1:]
                    for other in taxonomy.terms_of(kind[vary]) if other.id != key[vary]]
        with_provision = sum(1 for sibling in siblings if cells.get(sibling))
        if not with_provision:
            continue
        weight = weight_for(kind, key, taxonomy, weights)
        found.append(Gap(kind, terms, with_provision, len(siblings), weight,
                         round(weight * with_provision / len(siblings), 4)))
    return sorted(found, key=lambda gap: (-gap.score, gap.label))


def find_gaps(taxonomy: Taxonomy, counts: Mapping[tuple, Mapping],
              weights: Weights) -> dict[tuple[str, ...], list[Gap]]:
    """Ranked gaps of every kind, most pressing first."""
    return {kind: gaps_of_kind(kind, taxonomy, counts, weights)
            for kind in GAP_KINDS if kind in counts}


def opened_gaps(now: Mapping[tuple, Mapping], ending: Mapping[tuple, Mapping],
                taxonomy: Taxonomy) -> list[tuple[tuple[str, ...], tuple[Term, ...]]]:
    """Combinations whose every service is in `ending` (e.g. their funding ends): they have
    services now and would have none. Counts are of distinct services, so equal means all."""
    by_id = taxonomy.by_id()
    opened = [
        (kind, tuple(by_id[k] for k in key))
        for kind, cells in ending.items()
        for key, count in cells.items()
        if count and now[kind].get(key) == count and all(k in by_id for k in key)
    ]
    return sorted(opened, key=lambda item: (len(item[0]), [t.name for t in item[1]]))
