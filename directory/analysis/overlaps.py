"""Likely overlaps: services in the same pathway for the same people, in the same place and
at the same stage, whose descriptions are alike (TF-IDF cosine with sparse matrices).

A "cell" is pathway × area × client group × stage. Services for anyone share the cell of
"anyone"; they are not put with services that name a group."""

import functools
import hashlib
import re
import threading
import uuid
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

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


@dataclass(frozen=True)
class Cluster:
    pathway: Term
    members: tuple[ServiceFacts, ...]
    areas: tuple[str, ...]
    client_groups: tuple[str, ...]
    stages: tuple[str, ...]
    similarity: float  # the lowest likeness that links the cluster together

    @functools.cached_property
    def key(self) -> str:
        """Names the cluster: its pathway and members."""
        ids = ",".join(sorted(str(m.id) for m in self.members))
        return hashlib.sha256(f"{self.pathway.id}:{ids}".encode()).hexdigest()[:40]

    @functools.cached_property
    def fingerprint(self) -> str:
        """Changes when any member's listing changes, so a decision on it no longer holds."""
        parts = sorted(f"{m.id}:{m.version}:{m.updated_at}" for m in self.members)
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]

    @property
    def reason(self) -> str:
        """In words: "Both accommodation services for men in Norwich, both leaving prison and
        the first weeks; their descriptions are at least 62% alike"."""
        every = "Both" if len(self.members) == 2 else f"All {len(self.members)}"
        return (
            f"{every} {lower_first(self.pathway.name)} services for "
            f"{_names(tuple(map(lower_first, self.client_groups)))} in {_names(self.areas)}, "
            f"{every.split(' ')[0].lower()} {_names(tuple(map(lower_first, self.stages)))}; "
            f"their descriptions are at least {round(self.similarity * 100)}% alike"
        )


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


def find_overlaps(services: list[ServiceFacts], taxonomy: Taxonomy, area_names: dict,
                  threshold: float = SIMILARITY_THRESHOLD) -> list[Cluster]:
    """Clusters of alike services per pathway, the most alike first."""
    if len(services) < 2:
        return []
    vectors, cells = tfidf_matrix([s.text for s in services]), service_cells(services)
    first, second = candidate_pairs(vectors, cells)
    similarity = np.asarray(
        vectors.matrix[first].multiply(vectors.matrix[second]).sum(axis=1)).ravel()
    alike = similarity >= threshold
    links = Links(first[alike], second[alike], similarity[alike],
                  cells.matrix[first[alike]].multiply(cells.matrix[second[alike]]).tocoo())
    names = {**{t.id: t.name for t in taxonomy.by_id().values()}, **area_names,
             ANYONE: "anyone"}
    pathways = {p.id: p for p in taxonomy.pathways}
    clusters = [
        cluster
        for number, pathway_id in enumerate(cells.ids) if pathway_id in pathways
        for cluster in _clusters(pathways[pathway_id], number, links, services, cells, names)
    ]
    return sorted(clusters, key=lambda c: (-c.similarity, -len(c.members), c.pathway.name,
                                           [m.name for m in c.members]))


@dataclass(frozen=True)
class Links:
    """Alike pairs of services (by index), and the cells each pair shares (links × cells)."""

    first: np.ndarray
    second: np.ndarray
    similarity: np.ndarray
    shared: sparse.coo_matrix


def _split_by(groups: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Values put together by group: the distinct groups in order, and each one's values."""
    order = np.argsort(groups, kind="stable")
    groups, values = groups[order], values[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    return groups[starts], np.split(values, starts[1:])


def _clusters(pathway: Term, number: int, links: Links, services: list[ServiceFacts],
              cells: Cells, names: dict) -> list[Cluster]:
    """Join the services linked in one pathway into connected groups (in numpy: at scale a
    pathway has tens of thousands of links)."""
    in_pathway = cells.terms[links.shared.col, 0] == number
    link_of, cell_of = links.shared.row[in_pathway], links.shared.col[in_pathway]
    used = np.unique(link_of)
    if not len(used):
        return []
    first, second = links.first[used], links.second[used]
    graph = sparse.csr_matrix((np.ones(len(used)), (first, second)),
                              shape=(len(services), len(services)))
    _count, group_of = csgraph.connected_components(graph, directed=False)
    # Every group here has a link, so the three splits list the same groups in one order.
    _groups, similarities = _split_by(group_of[first], links.similarity[used])
    linked = np.unique(np.concatenate([first, second]))
    _groups, members = _split_by(group_of[linked], linked)
    width = cells.matrix.shape[1]  # (group, cell) coded as one number to find distinct pairs
    pairs = np.unique(group_of[links.first[link_of]].astype(np.int64) * width + cell_of)
    _groups, group_cells = _split_by(pairs // width, pairs % width)
    return [
        Cluster(
            pathway=pathway,
            members=tuple(sorted((services[i] for i in members[n].tolist()),
                                 key=lambda s: s.name)),
            areas=_ordered(names, cells, group_cells[n], 1),
            client_groups=_ordered(names, cells, group_cells[n], 2),
            stages=_ordered(names, cells, group_cells[n], 3),
            similarity=round(min(1.0, float(similarities[n].min())), 3),
        )
        for n in range(len(similarities))
    ]


def _ordered(names: dict, cells: Cells, group_cells: np.ndarray, part: int) -> tuple[str, ...]:
    ids = {cells.ids[term] for term in cells.terms[group_cells, part].tolist()}
    return tuple(sorted(names.get(i, "?") for i in ids))


def triage_state(cluster: Cluster, decisions: dict[str, tuple[str, str, str]]) -> str | None:
    """The board's decision on a cluster, if it still holds: decisions map a cluster key to
    (fingerprint, decision, reason). None when undecided or when a listing has changed."""
    decided = decisions.get(cluster.key)
    if decided is None or decided[0] != cluster.fingerprint:
        return None
    return decided[1]
