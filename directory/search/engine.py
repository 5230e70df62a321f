"""Run a search on the index: text, filters with counts per option, order and one page.

Each concept typed (a word with its synonyms and corrections, or a known phrase) is scored
over every document at once as arrays; services matching every concept are the results,
ranked by how well they fit who and when was typed, then by BM25F. When none match every
concept, the best partial matches are shown with the concepts they do match. Filters and
counts are masks (cached per index version), so a page needs a few array operations
however many options the filter panel shows.
"""

from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from directory.places import geography
from directory.search import whoosh_internals as internals
from directory.search.query import BuiltQuery, Concept, QueryBuilder
from directory.search.schema import ANALYZER, COUNTY_WIDE, FOR_ANYONE
from directory.search.scoring import ArrayScorer, Scores
from directory.search.synonyms import Synonyms
from directory.search.understanding import TOKEN, Understood

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
    # When nothing matched every concept: the concepts the results shown do match.
    partial: list[str] | None = None
    # With a postcode: service id -> miles to its nearest place to visit (refuges never).
    miles: dict[str, float] = field(default_factory=dict)


def _mask(searcher, key, query: wq.Query) -> np.ndarray:
    """The documents a query allows, as a mask over the searcher's documents, kept per
    searcher (so per index version)."""
    cache = internals.cache_on(searcher, "_filter_docs", {})
    if key not in cache:
        mask = np.zeros(searcher.doc_count_all(), dtype=bool)
        mask[list(searcher.docs_for_query(query))] = True
        cache[key] = mask
    return cache[key]


def _docs(searcher, facet: str, value) -> np.ndarray:
    """The documents one filter option allows."""
    return _mask(searcher, (facet, value), filter_query(facet, value))


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


def fit(searcher, understood: Understood) -> np.ndarray:
    """Per document: +1 for each group or stage typed that it is for, -1 for each it is
    explicitly not for (only for other groups, only at other stages), else 0."""
    score = np.zeros(searcher.doc_count_all(), dtype=np.int16)
    if not understood.about_someone:
        return score
    anyone = _mask(searcher, ("fit", "anyone"), wq.Term("client_group_slug", FOR_ANYONE))
    for group in understood.groups:
        wanted = _mask(searcher, ("fit", "group", group), wq.Term("client_group_slug", group))
        score += wanted
        score -= ~(wanted | anyone)
    if understood.stages:
        staged = _mask(searcher, ("fit", "staged"), wq.Every("stage_slug"))
        for stage in understood.stages:
            wanted = _mask(searcher, ("fit", "stage", stage), wq.Term("stage_slug", stage))
            score += wanted
            score -= staged & ~wanted
    return score


def people_concept(understood: Understood) -> Concept:
    """When only who or when was typed ("i get out next week"): services for them."""
    terms = [wq.Term("client_group_slug", g) for g in understood.groups]
    terms += [wq.Term("stage_slug", s) for s in understood.stages]
    return Concept(" ".join(understood.person_words),
                   wq.Or(terms) if len(terms) > 1 else terms[0])


@dataclass
class Ranking:
    order: np.ndarray  # the allowed documents, best first
    base: np.ndarray  # what the filter counts are over (before the filters)
    partial: list[str] | None = None


def rank(searcher, built: BuiltQuery, understood: Understood, chosen: dict,
         browse: bool, only: np.ndarray | None = None) -> Ranking:
    """Services matching every concept, best first; when none do, those matching all the
    concepts the best partial match matches, saying which.
    `browse`: nothing to match (no words, or only a place): every service.
    `only`: a mask of the documents allowed at all (those open now)."""
    scorer = ArrayScorer.of(searcher)
    if not built.concepts:
        base = scorer.live if browse else scorer.nothing().matched
        if only is not None:
            base = base & only
        return Ranking(np.flatnonzero(_narrow(searcher, base, chosen)), base)
    parts = [scorer.evaluate(concept.query) for concept in built.concepts]
    tier = np.zeros(scorer.size, dtype=np.int16)
    score = np.zeros(scorer.size)
    for part in parts:
        tier += part.matched
        score += part.score
    for extra in built.bonus:
        score += scorer.evaluate(extra).score
    if only is not None:
        tier = np.where(only, tier, 0)
    fits = fit(searcher, understood)
    base, partial = tier == len(parts), None
    allowed = _narrow(searcher, base, chosen)
    if not allowed.any():
        candidates = np.flatnonzero(_narrow(searcher, tier > 0, chosen))
        if len(candidates):
            best = candidates[np.lexsort((-score[candidates], -fits[candidates],
                                          -tier[candidates]))[0]]
            kept = [i for i, part in enumerate(parts) if part.matched[best]]
            base = np.logical_and.reduce([parts[i].matched for i in kept]
                                         + ([only] if only is not None else []))
            partial = [built.concepts[i].label for i in kept]
            allowed = _narrow(searcher, base, chosen)
    docnums = np.flatnonzero(allowed)
    order = docnums[np.lexsort((docnums, -score[docnums], -fits[docnums]))]
    return Ranking(order, base, partial)


def _points(searcher, docnum: int) -> list:
    cache = internals.cache_on(searcher, "_points", {})
    if docnum not in cache:
        cache[docnum] = searcher.stored_fields(docnum).get("points") or []
    return cache[docnum]


def nearest_first(searcher, order: np.ndarray, outcode) -> tuple[np.ndarray, dict]:
    """The same documents nearest first to a postcode district's centre, keeping the order
    among equals; those with no place to visit (phone only, refuges) go last."""
    miles = {}
    distances = np.full(len(order), np.inf)
    for position, docnum in enumerate(order.tolist()):
        points = _points(searcher, docnum)
        if points:
            distances[position] = min(
                geography.distance_miles(outcode.latitude, outcode.longitude, lat, lon)
                for lat, lon in points)
            miles[docnum] = float(distances[position])
    return order[np.argsort(distances, kind="stable")], miles


def id_mask(searcher, ids) -> np.ndarray:
    """The documents of these service ids."""
    mask = np.zeros(searcher.doc_count_all(), dtype=bool)
    if ids:
        mask[list(searcher.docs_for_query(wq.Or([wq.Term("id", i) for i in ids])))] = True
    return mask


def ranked(searcher, synonyms: Synonyms, text: str, chosen: dict,
           understood: Understood | None = None, only: set[str] | None = None):
    """What a search finds before a page is cut: (ranking, built query, builder).
    `only`: service ids allowed at all (None: every one)."""
    understood = understood or Understood(text)
    builder = QueryBuilder(searcher.reader(), synonyms)
    built = builder.build(understood.words,
                          keep_filler=not (understood.place or understood.about_someone))
    if not built.concepts and understood.about_someone:
        built.concepts = [people_concept(understood)]
    browse = not text.strip() or understood.place is not None
    mask = None if only is None else id_mask(searcher, only)
    return rank(searcher, built, understood, chosen, browse, mask), built, builder


def ranked_ids(searcher, synonyms: Synonyms, text: str, chosen: dict | None = None,
               understood: Understood | None = None) -> list[str]:
    """Every service the search page lists for the text, in its order (no page)."""
    understood = understood or Understood(text)
    ranking, built, _builder = ranked(searcher, synonyms, text, chosen or {}, understood)
    if not built.concepts and understood.place is None:
        return []
    order = ranking.order
    if understood.place and understood.place.is_postcode:
        order, _miles = nearest_first(searcher, order, understood.place.outcode)
    return [searcher.stored_fields(docnum)["id"] for docnum in order.tolist()]


def run(searcher, synonyms: Synonyms, text: str, chosen: dict, options: dict,
        sort: str = "relevance", page: int = 1, per_page: int = 20,
        understood: Understood | None = None, only: set[str] | None = None) -> Outcome:
    """`chosen` maps facet -> the one value chosen; `options` facet -> values to count.
    `understood`: the place, groups and stages read from the text (none: all words);
    `only`: service ids allowed at all (those open now; None: every one)."""
    understood = understood or Understood(text)
    ranking, built, builder = ranked(searcher, synonyms, text, chosen, understood, only)
    total = len(ranking.order)
    outcome = Outcome([], total, facet_counts(searcher, ranking.base, chosen, options),
                      None, built.highlight, ranking.partial)
    outcome.suggestion = _better_spelling(searcher, synonyms, builder, built, understood,
                                          chosen, total, text, ranking.partial is not None,
                                          only)
    first = (page - 1) * per_page
    if not total or first >= total:
        return outcome
    order = ranking.order
    if sort == "name" or not built.concepts:
        results = searcher.search(wq.Every(), filter=set(order.tolist()),
                                  sortedby="name_sort", limit=None)
        order = np.array([hit.docnum for hit in results], dtype=np.int64)
    if understood.place and understood.place.is_postcode:
        nearest, miles = nearest_first(searcher, order, understood.place.outcode)
        if sort != "name":
            order = nearest
        outcome.miles = {searcher.stored_fields(d)["id"]: miles[d]
                         for d in order[first:first + per_page].tolist() if d in miles}
    outcome.ids = [searcher.stored_fields(d)["id"]
                   for d in order[first:first + per_page].tolist()]
    return outcome


def _better_spelling(searcher, synonyms, builder, built, understood, chosen, total,
                     text, partial: bool, only) -> str | None:
    """The whole text with misspellings corrected, offered only when it finds more. A word
    found nowhere is already searched with its correction (so that finds no more); only
    when little was found are words found rarely ("hostle") worth a second search."""
    if not (total < FEW_RESULTS or partial) or not understood.words:
        return None
    corrections = {**builder.suggest(understood.words), **built.corrections}
    if not corrections or corrections == built.corrections:
        return None
    words = replace_words(understood.words, corrections)
    again = Understood(words, understood.place, understood.groups, understood.stages,
                       understood.person_words)
    more, _built, _builder = ranked(searcher, synonyms, words, chosen, again, only)
    if more.partial is None and len(more.order) and (partial or len(more.order) > total):
        return replace_words(text, corrections)
    return None


def replace_words(text: str, corrections: dict[str, str]) -> str:
    """`text` with each misspelt word replaced by its correction, everything else kept."""
    return TOKEN.sub(lambda m: corrections.get(m.group(0).lower(), m.group(0)), text)


FRAGMENTER = ContextFragmenter(maxchars=160, surround=60)
FORMATTER = HtmlFormatter(tagname="mark", classname="app-search-match", between=" … ")


def snippet(text: str, terms: set[str]) -> str:
    """An HTML-escaped extract of `text` with the searched words marked, or "" if none."""
    if not text or not terms:
        return ""
    return highlight(text, terms, ANALYZER, FRAGMENTER, FORMATTER, top=2)
