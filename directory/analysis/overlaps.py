"""Likely overlaps: pairs of services in the same pathway for the same people, in the same
place and at the same stage, whose descriptions are alike (TF-IDF cosine with sparse
matrices). One entry per pair, so the board decides on each pair on its own.

A "cell" is pathway × area × client group × stage. Services for anyone share the cell of
"anyone"; they are not put with services that name a group."""

import functools
import hashlib
import re
import threading
import uuid
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from directory.analysis.combinations import combinations, decoded, per_row_product
from directory.analysis.gaps import lower_first
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


# Stages in a sentence about two services ("both in the community on licence"): the
# taxonomy's names carry a second half for people searching ("... or an order") that would
# make the sentence hard to read. A stage not listed here is named as the taxonomy names it.
STAGE_WORDS = {
    "before-court": "before court",
    "in-custody": "in prison",
    "release": "leaving prison",
    "community": "in the community on licence",
    "after-sentence": "after their sentence ends",
}


@dataclass(frozen=True)
class Wording:
    """What a pair needs to name the places, people and stages it shares: the cells and their
    terms' names, and which cells each pair shares, kept once for every pair."""

    cells: "Cells"
    names: dict
    stages: dict  # stage id: (place in the journey, plain words)
    shared: sparse.csr_matrix  # row n: the cells pair n shares

    def shared_by(self, row: int) -> np.ndarray:
        bounds = self.shared.indptr
        return self.shared.indices[bounds[row]:bounds[row + 1]]


@dataclass(eq=False)  # not frozen: a frozen init costs ~50 ms over 50,000 pairs
class Pair:
    """Two services that look like the same help: in the same pathway, district, client group
    and stage (`wording.shared_by(row)`: the cells they share), with alike descriptions."""

    first: ServiceFacts
    second: ServiceFacts
    pathway: Term  # the first of the pathways they share, in the board's order
    similarity: float  # the cosine of their descriptions' TF-IDF vectors
    row: int  # this pair's row in `wording.shared`
    wording: Wording
    key: str  # names the pair for the board's decisions: see `pair_key`

    @property
    def members(self) -> tuple[ServiceFacts, ServiceFacts]:
        return self.first, self.second

    @functools.cached_property
    def fingerprint(self) -> str:
        """Changes when either listing changes, so a decision on the pair no longer holds."""
        parts = sorted(f"{m.id}:{m.version}:{m.updated_at}" for m in self.members)
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]

    def _shared(self, part: int) -> tuple[str, ...]:
        cells, names = self.wording.cells, self.wording.names
        shared = self.wording.shared_by(self.row)
        ids = {cells.ids[term] for term in cells.terms[shared, part].tolist()}
        if part == 3:
            stages = self.wording.stages
            return tuple(stages[i][1] if i in stages else lower_first(names.get(i, "?"))
                         for i in sorted(ids, key=lambda i: stages.get(i, (99,))[0]))
        found = sorted(names.get(i, "?") for i in ids)
        return tuple(found if part < 2 else map(lower_first, found))

    @functools.cached_property
    def pathways(self) -> tuple[str, ...]:
        return self._shared(0)

    @functools.cached_property
    def areas(self) -> tuple[str, ...]:
        return self._shared(1)

    @functools.cached_property
    def client_groups(self) -> tuple[str, ...]:
        return self._shared(2)

    @functools.cached_property
    def stages(self) -> tuple[str, ...]:
        """In plain words, in the order of the journey."""
        return self._shared(3)

    @property
    def names(self) -> str:
        return f"{self.first.name} and {self.second.name}"

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)

    @property
    def reason(self) -> str:
        """In words: "both accommodation services for men in Norwich, both in the community on
        licence; their descriptions are 62% alike". Other pathways they share come after, as
        pathway names hold "and" themselves."""
        others = tuple(lower_first(p) for p in self.pathways if p != self.pathway.name)
        return (
            f"both {lower_first(self.pathway.name)} services for "
            f"{_names(self.client_groups)} in {_names(self.areas)}, "
            f"both {_names(self.stages)}"
            + (f"; also both {'; '.join(others)} services" if others else "")
            + f"; their descriptions are {self.percent}% alike"
        )

    @property
    def sentence(self) -> str:
        """The reason on its own: "Both accommodation services …"."""
        return "B" + self.reason[1:]

    @property
    def summary(self) -> str:
        """"X and Y: both accommodation services for men in Norwich, …"."""
        return f"{self.names}: {self.reason}"


def pair_key(pathway: str, first: str, second: str) -> str:
    """Names a pair by its pathway and its two services' ids (as text), in either order: the
    same key as a cluster of these two had, so the board's decisions on those still hold."""
    ids = f"{first},{second}" if first < second else f"{second},{first}"
    return hashlib.sha256(f"{pathway}:{ids}".encode()).hexdigest()[:40]


def _names(names: tuple[str, ...]) -> str:
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 2]


# Every word ever seen gets a number once, so the cached counts below can be put together
# without looking words up again.
_WORD_NUMBERS: dict[str, int] = {}
_NUMBERING = threading.Lock()


@functools.lru_cache(maxsize=50_000)
def term_counts(text: str) -> tuple[np.ndarray, np.ndarray]:
    """A description's word numbers and how often each comes, in the order they first come.
    Cached by the text itself: a listing is only read again once it changes."""
    counted = Counter(words(text))
    with _NUMBERING:
        numbers = [_WORD_NUMBERS.setdefault(w, len(_WORD_NUMBERS)) for w in counted]
    return np.array(numbers, dtype=np.int64), np.array(list(counted.values()), dtype=np.float64)


@dataclass(frozen=True)
class Vectors:
    """Unit-length TF-IDF vectors, one sparse row per text, so a dot product is the cosine.
    `ranks` gives each stored word's place in its row, most telling first."""

    matrix: sparse.csr_matrix
    vocabulary: tuple[str, ...]
    ranks: np.ndarray


def tfidf_matrix(texts: list[str]) -> Vectors:
    counted = [term_counts(text) for text in texts]
    rows = np.repeat(np.arange(len(texts)), [len(numbers) for numbers, _n in counted])
    numbers = np.concatenate([numbers for numbers, _n in counted] or [np.zeros(0, np.int64)])
    counts = np.concatenate([n for _numbers, n in counted] or [np.zeros(0)])
    used, columns = np.unique(numbers, return_inverse=True)
    words_by_number = {number: word for word, number in _WORD_NUMBERS.items()}
    vocabulary = [words_by_number[number] for number in used.tolist()]
    documents = np.bincount(columns, minlength=len(vocabulary))
    idf = 1 + np.log((1 + len(texts)) / (1 + documents))
    weights = (1 + np.log(counts)) * idf[columns]
    # The most telling words are enough to compare, and keep comparing fast at scale;
    # a stable sort keeps the first-come word when two weigh the same.
    order = np.lexsort((-weights, rows))
    rows, columns, weights = rows[order], columns[order], weights[order]
    starts = np.searchsorted(rows, rows)  # where each entry's row begins
    ranks = np.arange(len(rows)) - starts
    kept = ranks < TERMS_KEPT
    rows, columns, weights, ranks = rows[kept], columns[kept], weights[kept], ranks[kept]
    lengths = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(texts)))
    weights = weights / np.where(lengths > 0, lengths, 1.0)[rows]
    # Stored by row then column, as sparse products expect; the ranks move with them.
    by_column = np.lexsort((columns, rows))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(texts)))])
    matrix = sparse.csr_matrix((weights[by_column], columns[by_column], indptr),
                               shape=(len(texts), len(vocabulary)))
    return Vectors(matrix, tuple(vocabulary), ranks[by_column])


def tfidf_vectors(texts: list[str]) -> list[dict[str, float]]:
    """The same vectors as plain {word: weight} dicts, most telling word first."""
    vectors = tfidf_matrix(texts)
    matrix = vectors.matrix
    found = []
    for row in range(matrix.shape[0]):
        part = slice(matrix.indptr[row], matrix.indptr[row + 1])
        entries = sorted(zip(vectors.ranks[part], matrix.indices[part], matrix.data[part],
                             strict=True))
        found.append({vectors.vocabulary[column]: float(value)
                      for _rank, column, value in entries})
    return found


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(word, 0.0) for word, value in a.items())


@dataclass(frozen=True)
class Cells:
    """Which cells (pathway × district × client group × stage) each service is in, as a
    sparse services × cells matrix; `terms` holds each cell's four term ids."""

    matrix: sparse.csr_matrix
    terms: np.ndarray  # cells × 4 indexes into `ids`
    ids: tuple[uuid.UUID, ...]


def service_cells(services: list[ServiceFacts]) -> Cells:
    rows, codes, base, ids = combinations([
        [getattr(service, attribute) or default for service in services]
        for attribute, default in (("pathways", ()), ("districts", ()),
                                   ("client_groups", frozenset({ANYONE})), ("stages", ()))
    ])
    unique, column = np.unique(codes, return_inverse=True)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, column.ravel())),
                               shape=(len(services), len(unique)))
    return Cells(matrix, decoded(unique, base, 4), ids)


def candidate_pairs(vectors: Vectors, cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of services (i < j, by index) sharing a cell and one of their most telling
    words. Alike descriptions share their rarest words, so this loses almost nothing and keeps
    a busy cell (hundreds of services "for anyone" in the community) from comparing every pair.
    One sparse product: services × (cell, word) keys, times its transpose."""
    count = cells.matrix.shape[0]
    telling = vectors.ranks < BLOCKING_WORDS
    word_rows = np.repeat(np.arange(count), np.diff(vectors.matrix.indptr))[telling]
    cell_rows = np.repeat(np.arange(count), np.diff(cells.matrix.indptr))
    key_rows, keys = per_row_product(cell_rows, cells.matrix.indices.astype(np.int64),
                                     word_rows, vectors.matrix.indices[telling],
                                     vectors.matrix.shape[1])
    _unique, key_columns = np.unique(keys, return_inverse=True)
    keyed = sparse.csr_matrix((np.ones(len(key_rows)), (key_rows, key_columns.ravel())),
                              shape=(count, len(_unique)))
    shared = sparse.triu(keyed @ keyed.T, k=1).tocoo()
    return shared.row, shared.col


class Overlaps(Sequence):
    """Likely overlaps, the most alike first: a sequence of `Pair`s. At 10,000 services there
    are ~50,000 pairs and the board's first view after an edit waits on finding them, while a
    page shows a few dozen: so a pair is made only when it is asked for, and the pairs' keys
    (`keys`) only when the board has decisions to look up. `in_pathway` and `without` give
    parts of the same pairs, in the same order."""

    def __init__(self, found: "_Found", rows: np.ndarray):
        self._found, self._rows = found, rows  # rows: positions in `found`, in order

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._found.pair(n) for n in self._rows[index].tolist()]
        return self._found.pair(int(self._rows[index]))

    @property
    def keys(self) -> list[str]:
        """Each pair's key (`pair_key`), in order."""
        keys = self._found.keys
        return [keys[n] for n in self._rows.tolist()]

    def find(self, key: str) -> Pair | None:
        return next(iter(self.with_keys({key})), None)

    def with_keys(self, keys: Collection[str]) -> list[Pair]:
        """The pairs with these keys, in order."""
        return [self[n] for n, key in enumerate(self.keys) if key in keys] if keys else []

    def decided(self, decisions: dict[str, tuple[str, str, str]]) -> dict[str, str]:
        """The board's decisions that still hold (see `triage_state`), by pair key."""
        if not decisions:
            return {}
        return {pair.key: state for pair in self.with_keys(decisions)
                if (state := triage_state(pair, decisions))}

    def without(self, keys: Collection[str]) -> "Overlaps":
        """These pairs but those with the given keys."""
        if not keys:
            return self
        return Overlaps(self._found, self._rows[[k not in keys for k in self.keys]])

    def in_pathway(self, pathway_id: uuid.UUID) -> "Overlaps":
        """The pairs named under this pathway (`Pair.pathway`); none for a pathway the pairs
        were not found under."""
        found = self._found
        number = next((n for n, p in enumerate(found.pathways) if p.id == pathway_id), -1)
        return Overlaps(found, self._rows[found.pathway_of[self._rows] == number])

    def per_pathway(self) -> Counter:
        """How many pairs are named under each pathway, by pathway name."""
        counts = np.bincount(self._found.pathway_of[self._rows],
                             minlength=len(self._found.pathways))
        return Counter({p.name: int(n) for p, n in zip(self._found.pathways, counts.tolist(),
                                                      strict=True) if n})


@dataclass(eq=False)
class _Found:
    """What `find_overlaps` worked out, pair by pair in arrays: pair n is services[low[n]] and
    services[high[n]] (services in name order), named under pathways[pathway_of[n]]."""

    services: list[ServiceFacts]
    pathways: tuple[Term, ...]
    low: np.ndarray
    high: np.ndarray
    pathway_of: np.ndarray
    similarity: np.ndarray
    wording: Wording

    def pair(self, n: int) -> Pair:
        first, second = self.services[self.low[n]], self.services[self.high[n]]
        pathway = self.pathways[self.pathway_of[n]]
        return Pair(first=first, second=second, pathway=pathway,
                    similarity=float(self.similarity[n]), row=n, wording=self.wording,
                    key=pair_key(str(pathway.id), str(first.id), str(second.id)))

    @functools.cached_property
    def keys(self) -> list[str]:
        """Every pair's key, by position: each id as text once, in plain lists."""
        ids = [str(s.id) for s in self.services]
        pathways = [str(p.id) for p in self.pathways]
        return [pair_key(pathways[p], ids[low], ids[high]) for low, high, p in zip(
            self.low.tolist(), self.high.tolist(), self.pathway_of.tolist(), strict=True)]


def find_overlaps(services: list[ServiceFacts], taxonomy: Taxonomy, area_names: dict,
                  threshold: float = SIMILARITY_THRESHOLD) -> Overlaps:
    """Every pair of alike services sharing a cell in a pathway, the most alike first: pairs
    come straight from the thresholded similarities, one entry per pair."""
    vectors, cells = tfidf_matrix([s.text for s in services]), service_cells(services)
    first, second = candidate_pairs(vectors, cells)
    similarity = np.asarray(
        vectors.matrix[first].multiply(vectors.matrix[second]).sum(axis=1)).ravel()
    alike = similarity >= threshold
    first, second, similarity = first[alike], second[alike], similarity[alike]
    # Each pair's shared cells, by row; only cells in a pathway the board has count.
    position = {p.id: n for n, p in enumerate(taxonomy.pathways)}
    order_of = np.array([position.get(i, -1) for i in cells.ids], dtype=np.int64)
    shared = cells.matrix[first].multiply(cells.matrix[second]).tocsr()
    shared.data = (order_of[cells.terms[shared.indices, 0]] >= 0).astype(np.float64)
    shared.eliminate_zeros()
    has_cell = np.diff(shared.indptr) > 0
    pathway_of = np.full(len(first), len(position), dtype=np.int64)
    rows = np.repeat(np.arange(len(first)), np.diff(shared.indptr))
    np.minimum.at(pathway_of, rows, order_of[cells.terms[shared.indices, 0]])
    names = {**{t.id: t.name for t in taxonomy.by_id().values()}, **area_names,
             ANYONE: "anyone"}
    wording = Wording(cells, names, {
        s.id: (n, STAGE_WORDS.get(s.slug) or lower_first(s.name))
        for n, s in enumerate(taxonomy.stages)}, shared)
    by_name = np.argsort(np.argsort([s.name for s in services], kind="stable"))
    low = np.minimum(by_name[first], by_name[second])
    high = np.maximum(by_name[first], by_name[second])
    kept = np.flatnonzero(has_cell)
    kept = kept[np.lexsort((high[kept], low[kept], pathway_of[kept],
                            -np.round(similarity[kept], 3)))]
    in_name_order = [services[i] for i in np.argsort(by_name).tolist()]
    return Overlaps(_Found(in_name_order, tuple(taxonomy.pathways), low, high, pathway_of,
                           np.minimum(1.0, similarity).round(3), wording), kept)


def triage_state(pair: Pair, decisions: dict[str, tuple[str, str, str]]) -> str | None:
    """The board's decision on a pair, if it still holds: decisions map a pair key to
    (fingerprint, decision, reason). None when undecided or when either listing has changed."""
    decided = decisions.get(pair.key)
    if decided is None or decided[0] != pair.fingerprint:
        return None
    return decided[1]
