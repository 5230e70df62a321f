"""Services × combinations of their terms, as numpy arrays: the shared machinery of overlap
cells and gap counts. Terms are numbered once (`index`), so a combination of terms is one
integer code and counting them is one `np.unique`, with no Python loop per service."""

import uuid
from collections.abc import Sequence

import numpy as np


def numbered_terms(term_sets: Sequence[frozenset[uuid.UUID]],
                   index: dict[uuid.UUID, int]) -> tuple[np.ndarray, np.ndarray]:
    """(row, term number) for every term of every row's set; a new term gets the next
    number in `index`. Thousands of rows share a few hundred distinct sets, so each
    distinct set is numbered once and the rows gather from them."""
    distinct: dict[frozenset, int] = {}
    set_of_row = np.fromiter((distinct.setdefault(terms, len(distinct)) for terms in term_sets),
                             np.int64, len(term_sets))
    numbers = [index.setdefault(term_id, len(index)) for terms in distinct for term_id in terms]
    lengths = np.array([len(terms) for terms in distinct], dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    repeats = lengths[set_of_row]
    rows = np.repeat(np.arange(len(term_sets)), repeats)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    return rows, np.array(numbers, dtype=np.int64)[np.repeat(starts[set_of_row], repeats)
                                                   + within]


def per_row_product(rows: np.ndarray, values: np.ndarray, other_rows: np.ndarray,
                    other: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pairing, within each row, of a value with an `other` value (below `base`),
    coded as value × base + other: the cross product row by row, without a Python loop.
    `other_rows` must be sorted."""
    other_counts = np.bincount(other_rows, minlength=rows.max(initial=-1) + 1)
    other_starts = np.cumsum(other_counts) - other_counts
    repeats = other_counts[rows]
    product_rows = np.repeat(rows, repeats)
    offsets = np.arange(len(product_rows)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    codes = np.repeat(values, repeats) * base + other[other_starts[product_rows] + offsets]
    return product_rows, codes


def combined(numbered: Sequence[tuple[np.ndarray, np.ndarray]],
             base: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, combination code) for every combination, within each row, of one term from
    each of the `numbered` dimensions (as `numbered_terms` gives them)."""
    rows, codes = numbered[0]
    for other_rows, other in numbered[1:]:
        rows, codes = per_row_product(rows, codes, other_rows, other, base)
    return rows, codes


def combinations(term_sets: Sequence[Sequence[frozenset[uuid.UUID]]]
                 ) -> tuple[np.ndarray, np.ndarray, int, tuple[uuid.UUID, ...]]:
    """For parallel lists of term sets (one list per dimension, one set per row): every
    (row, combination code) pair, the base the codes are written in, and the term ids by
    number. A row with an empty set in any dimension has no combination."""
    index: dict[uuid.UUID, int] = {}
    numbered = [numbered_terms(sets, index) for sets in term_sets]
    base = max(len(index), 1)
    return (*combined(numbered, base), base, tuple(index))


def decoded(codes: np.ndarray, base: int, parts: int) -> np.ndarray:
    """Combination codes back to term numbers: one row per code, one column per part."""
    return np.column_stack([codes // base ** (parts - 1 - part) % base
                            for part in range(parts)]).reshape(len(codes), parts)
