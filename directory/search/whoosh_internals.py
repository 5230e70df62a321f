"""The one place that reaches into Whoosh's private parts (its per-document codec reader,
block matchers, the index's segment list, caches kept on searchers and readers).

Whoosh 2.7.4 is unmaintained and these parts are not promised to stay, so this module checks
the installed version when imported: a different version stops the app with a plain error
instead of wrong search results. Every other module of the search package goes through here.
"""

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

SUPPORTED_VERSION = (2, 7, 4)


class WhooshVersionError(RuntimeError):
    """The installed Whoosh is not the version whose internals this module knows."""


def check_version(version: tuple | None = None) -> None:
    version = whoosh.__version__ if version is None else version
    if tuple(version) != SUPPORTED_VERSION:
        wanted = ".".join(map(str, SUPPORTED_VERSION))
        found = ".".join(map(str, version))
        raise WhooshVersionError(
            f"the search needs Whoosh {wanted} (it uses its internals), but Whoosh {found} "
            f"is installed: install whoosh=={wanted}")


check_version()

# Field lengths are stored as one byte each; this turns every byte into its length at once.
BYTE_LENGTHS = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float64)


def cache_on(obj, name: str, default=None):
    """A cache kept on a searcher or segment reader (so it lives as long as that index
    version): `default` is stored the first time."""
    return obj.__dict__.setdefault(name, default)


def cached(obj, name: str):
    """What `cache_on` stored on this searcher or reader, or None."""
    return obj.__dict__.get(name)


def segments(index) -> list:
    """The index's segments (Whoosh keeps no public list)."""
    return index._segments()


def live_docnums(reader) -> np.ndarray:
    """A segment's documents that are not deleted, without a Python step per document when
    the segment says which are deleted (after an edit, the first search of a new searcher
    builds this for every segment)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:
        return np.fromiter(reader.all_doc_ids(), dtype=np.int64)
    live = np.ones(count, dtype=bool)
    if reader.has_deletions():
        live[np.fromiter(perdoc.deleted_docs(), dtype=np.int64)] = False
    return np.flatnonzero(live)


def leaf_postings(reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of a term in one segment, deleted documents included (the caller
    drops them). Reads whole blocks; other codecs are read one posting at a time."""
    try:
        if (fieldname, text) not in reader:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    ids, weights = [], []
    if isinstance(matcher, W3LeafMatcher):
        while True:
            matcher._read_ids()
            matcher._read_weights()
            ids.append(np.asarray(matcher._ids, dtype=np.int64))
            weights.append(np.asarray(matcher._weights, dtype=np.float64))
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
        return np.concatenate(ids), np.concatenate(weights)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def leaf_lengths(reader, fieldname: str) -> np.ndarray:
    """Every document's length in one field of one segment, read in one go."""
    count = reader.doc_count_all()
    lengths = np.zeros(count, dtype=np.uint8)
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc else None
    if column is not None and hasattr(column, "_basepos"):
        stored = min(column._count, count)
        raw = column._dbfile.get(column._basepos, stored)
        lengths[:stored] = np.frombuffer(raw, dtype=np.uint8)
        return BYTE_LENGTHS[lengths]
    return np.array([reader.doc_field_length(d, fieldname, 0) or 0 for d in range(count)],
                    dtype=np.float64)
