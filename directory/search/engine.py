"""Run a search on the index: text, filters with counts per option, order and one page.

Matches, scores, filters and counts are arrays over the index's documents (filter masks
cached per index version), so a page needs one array-scored search plus mask arithmetic,
however many options the filter panel shows.
"""

from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from directory.search.query import BuiltQuery, QueryBuilder
from directory.search.schema import ANALYZER, COUNTY_WIDE, FOR_ANYONE
from directory.search.scoring import ArrayScorer, Scores
from directory.search.synonyms import Synonyms

# Below this many results, "Did you mean" also looks at words that are found, but rarely.
FEW_RESULTS = 3


def filter_query(facet: str, value) -> wq.Query:
    """Documents one filter option allows. County-wide services count in every district;
    services for no particular group count for every group."""
    if facet == "self_referral":
        return wq.Term("self_referral", True)
    term = wq.Term(f"{facet}_slug", value)
    if facet == "area":
        return wq.Or([term, wq.Term("area_slug", COUNTY_WIDE)])
    if facet == "client_group":
        return wq.Or([term, wq.Term("client_group_slug", FOR_ANYONE)])
    return term


@dataclass
class Outcome:
    ids: list[str]
    total: int
    counts: dict[str, dict] = field(default_factory=dict)
    suggestion: str | None = None
    highlight: set[str] = field(default_factory=set)


def _docs(searcher, facet: str, value) -> np.ndarray:
    """The documents one filter option allows, as a mask over the searcher's documents."""
    cache = searcher.__dict__.setdefault("_filter_docs", {})
    key = (facet, value)
    if key not in cache:
        mask = np.zeros(searcher.doc_count_all(), dtype=bool)
        mask[list(searcher.docs_for_query(filter_query(facet, value)))] = True
        cache[key] = mask
    return cache[key]


def _narrow(searcher, docs: np.ndarray, chosen: dict, leave_out: str | None = None):
    for facet, value in chosen.items():
        if facet != leave_out:
            docs = docs & _docs(searcher, facet, value)
    return docs


def facet_counts(searcher, matched: np.ndarray, chosen: dict, options: dict) -> dict[str, dict]:
    """For each option: how many results there would be with it chosen instead."""
    counts = {}
    for facet, values in options.items():
        base = _narrow(searcher, matched, chosen, leave_out=facet)
        counts[facet] = {value: int(np.count_nonzero(base & _docs(searcher, facet, value)))
                         for value in values}
    return counts


def _ranked(scores: Scores, allowed: np.ndarray) -> np.ndarray:
    """Allowed matches, best first; equal scores in index order, as Whoosh ranks them."""
    docnums = np.flatnonzero(allowed)
    return docnums[np.lexsort((docnums, -scores.score[docnums]))]


def ranked_ids(searcher, synonyms: Synonyms, text: str) -> list[str]:
    """Every service the text matches, best first (no filters, no page)."""
    built = QueryBuilder(searcher.reader(), synonyms).build(text)
    if built.query is None:
        return []
    scores = ArrayScorer.of(searcher).evaluate(built.query)
    return [searcher.stored_fields(docnum)["id"]
            for docnum in _ranked(scores, scores.matched).tolist()]


def run(searcher, synonyms: Synonyms, text: str, chosen: dict, options: dict,
        sort: str = "relevance", page: int = 1, per_page: int = 20) -> Outcome:
    """`chosen` maps facet -> the one value chosen; `options` facet -> values to count."""
    builder = QueryBuilder(searcher.reader(), synonyms)
    built: BuiltQuery = builder.build(text)
    scorer = ArrayScorer.of(searcher)
    if built.query is None:
        # Nothing typed: browse by filters. Only punctuation or symbols typed: nothing.
        scores = scorer.nothing()
        matched = scores.matched if text.strip() else scorer.live
    else:
        # One pass over every match, as arrays, gives both the ranking and the set to count.
        scores = scorer.evaluate(built.query)
        matched = scores.matched
    allowed = _narrow(searcher, matched, chosen)
    total = int(np.count_nonzero(allowed))
    suggestion = built.suggestion
    if suggestion is None and total < FEW_RESULTS:
        suggestion = builder.suggest(text)
    outcome = Outcome([], total, facet_counts(searcher, matched, chosen, options),
                      suggestion, built.highlight)
    first = (page - 1) * per_page
    if not total or first >= total:
        return outcome
    if built.query is None or sort == "name":
        results = searcher.search(wq.Every(), filter=set(np.flatnonzero(allowed).tolist()),
                                  sortedby="name_sort", limit=first + per_page)
        docnums = [hit.docnum for hit in results[first:first + per_page]]
    else:
        docnums = _ranked(scores, allowed)[first:first + per_page].tolist()
    outcome.ids = [searcher.stored_fields(docnum)["id"] for docnum in docnums]
    return outcome


FRAGMENTER = ContextFragmenter(maxchars=160, surround=60)
FORMATTER = HtmlFormatter(tagname="mark", classname="app-search-match", between=" … ")


def snippet(text: str, terms: set[str]) -> str:
    """An HTML-escaped extract of `text` with the searched words marked, or "" if none."""
    if not text or not terms:
        return ""
    return highlight(text, terms, ANALYZER, FRAGMENTER, FORMATTER, top=2)
