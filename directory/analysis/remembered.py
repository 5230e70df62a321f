"""The board's slow results, remembered per process until the data they come from changes.

Each result is keyed on a cheap fingerprint of exactly what it is computed from
(`data.listings_state`, and for funding-dependent counts `data.funding_ending_state`), so a
remembered result is never stale: any change to a listing gives a new key, and every worker
computes the same result from the same fingerprint. What the board decides (triage, need
weights, the register) is never part of a remembered result: it is read fresh on each page.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

from flask import current_app

from directory.analysis import data
from directory.analysis.data import collection_paused
from directory.analysis.overlaps import Cluster, find_overlaps
from directory.analysis.records import ServiceState

KEPT = 16  # results kept per app: a few kinds, each for the last states seen


class Results:
    """A small least-recently-used store of results, safe to share between threads."""

    def __init__(self, kept: int = KEPT):
        self.kept = kept
        self._results: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, compute: Callable):
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        # Computed outside the lock: two threads may both compute a new key, which is only
        # wasted work, never a wrong answer.
        with collection_paused():
            result = compute()
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.kept:
                self._results.popitem(last=False)
        return result


def _results() -> Results:
    """One store per app, so two apps in one process (tests) never share results."""
    return current_app.extensions.setdefault("board_results", Results())


def gap_counts(funding_ending_by: date | None = None) -> dict[tuple[str, ...], dict]:
    """`data.gap_counts`, remembered. Read-only: callers must not change it."""
    key = ("gap_counts", data.listings_state(),
           funding_ending_by and data.funding_ending_state(funding_ending_by))
    return _results().get(key, lambda: data.gap_counts(funding_ending_by))


def overlaps() -> list[Cluster]:
    """Every likely overlap (clusters only: the board's decisions are applied by callers)."""
    clusters = _results().get(
        ("overlaps", data.listings_state()),
        lambda: tuple(find_overlaps(data.service_facts(), data.taxonomy(), data.area_names())))
    return list(clusters)


def service_states() -> list[ServiceState]:
    states = _results().get(("service_states", data.listings_state()),
                            lambda: tuple(data.service_states()))
    return list(states)
