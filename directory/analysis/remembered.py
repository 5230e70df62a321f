"""The board's slow results, remembered per process until the data they come from changes.

Each result is keyed on a cheap fingerprint of exactly what it is computed from
(`data.listings_state`, and for funding-dependent counts `data.funding_ending_state`), so a
remembered result is never stale: any change to a listing gives a new key, and every worker
computes the same result from the same fingerprint. What the board decides (triage, need
weights, the register) is never part of a remembered result: it is read fresh on each page.
"""

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

from flask import current_app

from directory.analysis import data
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


@contextmanager
def collection_paused():
    """Building a result makes tens of thousands of small objects and no reference cycles;
    meanwhile Python's cycle collector would walk every live object (the remembered results
    too) again and again: a fifth of a cold meeting pack at 10k services. Collection resumes
    after, unless something else had paused it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
