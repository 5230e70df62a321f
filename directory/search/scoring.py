"""Score a query over every document at once, with arrays instead of Whoosh's matchers.

Whoosh walks a tree of matchers one document at a time in Python, which for a search of
common words (a hundred term clauses over thousands of documents) costs most of a search.
Here each term's postings are read block by block into arrays, and a query's score is the
same BM25F sum Whoosh computes (an Or adds its parts; an And adds them where all match;
boosts multiply), for all documents in a few array operations.

Only the query shapes `query.py` builds are handled (Term, Or, And); anything else goes to
Whoosh's own `docs_for_query`, unscored.
"""

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F

from directory.search import whoosh_internals as internals

MODEL = BM25F()
# Postings kept per searcher, in documents: enough for every word of many searches at 100k
# services, without memory growing for ever in a long-lived worker.
MAX_CACHED_POSTINGS = 5_000_000


class Scores:
    """The documents a query matches (a mask) and their scores, over one searcher."""

    def __init__(self, matched: np.ndarray, score: np.ndarray):
        self.matched = matched
        self.score = score


class ArrayScorer:
    """One per searcher (so per index version): postings and field lengths are read once."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        self._leaves = searcher.leaf_searchers()
        for leaf, offset in self._leaves:
            reader = leaf.reader()
            self.live[offset + internals.live_docnums(reader)] = True
        self._lengths: dict[str, np.ndarray] = {}
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._cached = 0

    @classmethod
    def of(cls, searcher) -> "ArrayScorer":
        scorer = internals.cached(searcher, "_array_scorer")
        if scorer is None:
            scorer = internals.cache_on(searcher, "_array_scorer", cls(searcher))
        return scorer

    def nothing(self) -> Scores:
        return Scores(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    def evaluate(self, query) -> Scores:
        found = self._evaluate(query)
        return found if found is not None else self.nothing()

    def _evaluate(self, query) -> Scores | None:
        """None when the query matches nothing: most clauses of a search of unknown or
        misspelt words, which then cost no arrays at all."""
        if isinstance(query, wq.Term):
            return self._term(query)
        if isinstance(query, (wq.Or, wq.And)):
            parts = [self._evaluate(sub) for sub in query.subqueries]
            if isinstance(query, wq.And) and any(part is None for part in parts):
                return None
            parts = [part for part in parts if part is not None]
            if not parts:
                return None
            if len(query.subqueries) == 1:  # as Whoosh: a compound of one ignores its boost
                return parts[0]
            combine = np.logical_or if isinstance(query, wq.Or) else np.logical_and
            # In place, part by part (each part's arrays are its own): reducing a list would
            # first copy it into one parts x documents array (tens of megabytes at 100,000).
            matched, score = parts[0].matched, parts[0].score
            for part in parts[1:]:
                combine(matched, part.matched, out=matched)
                score += part.score
            if query.boost != 1.0:
                score *= query.boost
            if isinstance(query, wq.And):
                score = np.where(matched, score, 0.0)
            return Scores(matched, score)
        matched = np.zeros(self.size, dtype=bool)
        matched[list(self.searcher.docs_for_query(query))] = True
        return Scores(matched, np.zeros(self.size))

    def _term(self, term: wq.Term) -> Scores | None:
        ids, weights = self._read_postings(term.fieldname, term.text)
        if not len(ids):
            return None
        result = self.nothing()
        result.matched[ids] = True
        field = self.searcher.schema[term.fieldname]
        if field.scorable:
            idf = self.searcher.idf(term.fieldname, term.text)
            average = self.searcher.avg_field_length(term.fieldname) or 1
            lengths = self._field_lengths(term.fieldname)[ids]
            k1, b = MODEL.K1, MODEL.B
            norm = k1 * ((1 - b) + b * lengths / average)
            values = idf * ((weights * (k1 + 1)) / (weights + norm))  # whoosh.scoring.bm25
        else:
            values = weights
        result.score[ids] = values * term.boost
        return result

    def _read_postings(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        key = (fieldname, text)
        if key not in self._postings:
            ids, weights = [], []
            for leaf, offset in self._leaves:
                leaf_ids, leaf_weights = internals.leaf_postings(leaf.reader(), fieldname, text)
                ids.append(leaf_ids + offset)
                weights.append(leaf_weights)
            ids_array = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
            weights_array = np.concatenate(weights) if weights else np.zeros(0)
            keep = self.live[ids_array]
            if self._cached + len(ids_array) > MAX_CACHED_POSTINGS:
                self._postings.clear()
                self._cached = 0
            self._postings[key] = (ids_array[keep], weights_array[keep])
            self._cached += len(ids_array)
        return self._postings[key]

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        if fieldname not in self._lengths:
            parts = []
            for leaf, _offset in self._leaves:
                parts.append(internals.leaf_lengths(leaf.reader(), fieldname))
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0)
        return self._lengths[fieldname]
