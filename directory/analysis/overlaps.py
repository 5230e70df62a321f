"""Likely overlaps: services in the same pathway for the same people, in the same place and
at the same stage, whose descriptions are alike (TF-IDF cosine, standard library only).

A "cell" is pathway × area × client group × stage. Services for anyone share the cell of
"anyone"; they are not put with services that name a group."""

import hashlib
import itertools
import math
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from directory.analysis.records import ServiceFacts, Taxonomy, Term

# Two descriptions at least this alike (cosine of TF-IDF vectors) make a likely overlap.
SIMILARITY_THRESHOLD = 0.3
TERMS_KEPT = 40  # per description, most telling first
BLOCKING_WORDS = 8  # services are compared only if they share one of these
ANYONE = uuid.UUID(int=0)  # stands for "no client group given" in a cell
STOP_WORDS_TEXT = """a an and are as at be by can for from get has have help helps here how if
in into is it its of on or our out people person service services support that the their them
they this to up us we who will with you your"""
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Cluster:
    pathway: Term
    members: tuple[ServiceFacts, ...]
    areas: tuple[str, ...]
    client_groups: tuple[str, ...]
    stages: tuple[str, ...]
    similarity: float  # the lowest likeness that links the cluster together

    @property
    def key(self) -> str:
        """Names the cluster: its pathway and members."""
        ids = ",".join(sorted(str(m.id) for m in self.members))
        return hashlib.sha256(f"{self.pathway.id}:{ids}".encode()).hexdigest()[:40]

    @property
    def fingerprint(self) -> str:
        """Changes when any member's listing changes, so a decision on it no longer holds."""
        parts = sorted(f"{m.id}:{m.version}:{m.updated_at}" for m in self.members)
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]

    @property
    def reason(self) -> str:
        return (
            f"{len(self.members)} services in {self.pathway.name} for "
            f"{_names(self.client_groups)} in {_names(self.areas)} at "
            f"{_names(self.stages).lower()}; their descriptions are at least "
            f"{round(self.similarity * 100)}% alike"
        )


def _names(names: tuple[str, ...]) -> str:
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 2]


def tfidf_vectors(texts: list[str]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors, so a dot product is the cosine."""
    counted = [Counter(words(text)) for text in texts]
    documents = Counter(word for counts in counted for word in counts)
    total = len(texts)
    vectors = []
    for counts in counted:
        vector = {w: (1 + math.log(n)) * (1 + math.log((1 + total) / (1 + documents[w])))
                  for w, n in counts.items()}
        # The most telling words are enough to compare, and keep comparing fast at scale.
        vector = dict(sorted(vector.items(), key=lambda item: -item[1])[:TERMS_KEPT])
        length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({w: v / length for w, v in vector.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(word, 0.0) for word, value in a.items())


def cells_of(service: ServiceFacts) -> Iterable[tuple]:
    groups = service.client_groups or {ANYONE}
    return itertools.product(service.pathways, service.districts, groups, service.stages)


def candidate_pairs(services: list[ServiceFacts],
                    vectors: list[dict[str, float]]) -> set[tuple[int, int]]:
    """Pairs of services (by index) sharing a cell and one of their most telling words.
    Alike descriptions share their rarest words, so this loses almost nothing and keeps a
    busy cell (hundreds of services "for anyone" in the community) from comparing every pair."""
    by_cell = defaultdict(list)
    for index, (service, vector) in enumerate(zip(services, vectors, strict=True)):
        for cell in cells_of(service):
            for word in itertools.islice(vector, BLOCKING_WORDS):
                by_cell[(cell, word)].append(index)
    return {pair for members in by_cell.values() if len(members) > 1
            for pair in itertools.combinations(members, 2)}


def find_overlaps(services: list[ServiceFacts], taxonomy: Taxonomy, area_names: dict,
                  threshold: float = SIMILARITY_THRESHOLD) -> list[Cluster]:
    """Clusters of alike services per pathway, the most alike first."""
    vectors = tfidf_vectors([s.text for s in services])
    links = defaultdict(list)  # pathway id -> [(similarity, i, j, shared cells)]
    for i, j in candidate_pairs(services, vectors):
        similarity = cosine(vectors[i], vectors[j])
        if similarity >= threshold:
            shared = set(cells_of(services[i])) & set(cells_of(services[j]))
            for pathway_id in {cell[0] for cell in shared}:
                links[pathway_id].append(
                    (similarity, i, j, {cell for cell in shared if cell[0] == pathway_id}))
    names = {**{t.id: t.name for t in taxonomy.by_id().values()}, **area_names,
             ANYONE: "anyone"}
    pathways = {p.id: p for p in taxonomy.pathways}
    clusters = [
        cluster
        for pathway_id, pathway_links in links.items() if pathway_id in pathways
        for cluster in _clusters(pathways[pathway_id], pathway_links, services, names)
    ]
    return sorted(clusters, key=lambda c: (-c.similarity, -len(c.members), c.pathway.name))


def _clusters(pathway: Term, links: list, services: list[ServiceFacts],
              names: dict) -> list[Cluster]:
    """Join linked services into groups (union-find), most alike links first."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    for _similarity, i, j, _cells in links:
        parent[root(i)] = root(j)
    groups = defaultdict(lambda: {"members": set(), "cells": set(), "similarity": 1.0})
    for similarity, i, j, cells in links:
        group = groups[root(i)]
        group["members"] |= {i, j}
        group["cells"] |= cells
        group["similarity"] = min(group["similarity"], similarity)
    return [
        Cluster(
            pathway=pathway,
            members=tuple(sorted((services[i] for i in group["members"]), key=lambda s: s.name)),
            areas=_ordered(names, {c[1] for c in group["cells"]}),
            client_groups=_ordered(names, {c[2] for c in group["cells"]}),
            stages=_ordered(names, {c[3] for c in group["cells"]}),
            similarity=round(group["similarity"], 3),
        )
        for group in groups.values()
    ]


def _ordered(names: dict, ids: set) -> tuple[str, ...]:
    return tuple(sorted(names.get(i, "?") for i in ids))


def triage_state(cluster: Cluster, decisions: dict[str, tuple[str, str, str]]) -> str | None:
    """The board's decision on a cluster, if it still holds: decisions map a cluster key to
    (fingerprint, decision, reason). None when undecided or when a listing has changed."""
    decided = decisions.get(cluster.key)
    if decided is None or decided[0] != cluster.fingerprint:
        return None
    return decided[1]
