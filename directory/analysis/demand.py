"""Unmet demand: what people searched for and found little or nothing, grouped by the
pathway their words suggest."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from directory.analysis.records import SearchCount, Term

# Our own small word lists, one place (issue 3's search synonyms may replace them later).
PATHWAY_WORDS_FILE = Path(__file__).with_name("pathway_words.yaml")
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class DemandGroup:
    pathway: Term | None  # None: the words suggest no pathway
    searches: tuple[SearchCount, ...]

    @property
    def total(self) -> int:
        return sum(s.searches for s in self.searches)


def load_pathway_words(path: Path = PATHWAY_WORDS_FILE) -> dict[str, frozenset[str]]:
    data = yaml.safe_load(path.read_text())
    return {slug: frozenset(w.lower() for w in words) for slug, words in data.items()}


def suggested_pathway(query: str, pathways: tuple[Term, ...],
                      words_by_slug: Mapping[str, frozenset[str]]) -> Term | None:
    """The pathway sharing most words with the query (its own name's words count too)."""
    query_words = set(WORD.findall(query.lower()))
    best, best_hits = None, 0
    for pathway in pathways:
        vocabulary = words_by_slug.get(pathway.slug, frozenset()) | {
            w for w in WORD.findall(pathway.name.lower()) if len(w) > 3}
        hits = len(query_words & vocabulary)
        if hits > best_hits:
            best, best_hits = pathway, hits
    return best


def group_by_pathway(searches: list[SearchCount], pathways: tuple[Term, ...],
                     words_by_slug: Mapping[str, frozenset[str]]) -> list[DemandGroup]:
    """Groups most searched first; searches suggesting no pathway come last."""
    grouped: dict[Term | None, list[SearchCount]] = {}
    for search in searches:
        grouped.setdefault(suggested_pathway(search.query, pathways, words_by_slug),
                           []).append(search)
    groups = [DemandGroup(p, tuple(s)) for p, s in grouped.items()]
    return sorted(groups, key=lambda g: (g.pathway is None, -g.total,
                                         g.pathway.name if g.pathway else ""))
