"""The board's slow results, remembered per process until the data they come from changes.

Each result is keyed on a cheap fingerprint of exactly what it is computed from
(`data.listings_state`, and for funding-dependent counts the services whose funding ends), so a
remembered result is never stale: any change to a listing gives a new key, and every worker
computes the same result from the same fingerprint. What the board decides (triage, need
weights, the register) is never part of a remembered result: it is read fresh on each page.
"""

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from datetime import date

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from directory.analysis import data, gaps
from directory.analysis.data import collection_paused
from directory.analysis.overlaps import Overlaps, find_overlaps
from directory.analysis.records import ProvisionCounts, ServiceFacts, ServiceState

# Results kept per app: the four kinds for the last two listings states or so. The old ones
# are of no more use once the listings move on; at 10k services one set holds ~15 MB.
KEPT = 8


class Results:
    """A small least-recently-used store of results, safe to share between threads."""

    def __init__(self, kept: int = KEPT):
        self.kept = kept
        self._results: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def latest(self, kind: str) -> tuple[tuple, object] | None:
        """The key and result of the kind (a key's first part) kept most recently."""
        with self._lock:
            return next(((key, result) for key, result in reversed(self._results.items())
                         if key[0] == kind), None)

    def find(self, key: tuple):
        """The result kept for `key`, or MISSING."""
        with self._lock:
            if key not in self._results:
                return MISSING
            self._results.move_to_end(key)
            return self._results[key]

    def put(self, key: tuple, result) -> None:
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.kept:
                self._results.popitem(last=False)

    def get(self, key: tuple, compute: Callable, keep: Callable[[], bool]):
        """The result for `key`, computed if need be; kept only if `keep()` says so after."""
        result = self.find(key)
        if result is MISSING:
            # Computed outside the lock: two threads may both compute a new key, which is
            # only wasted work, never a wrong answer.
            with collection_paused():
                result = compute()
            if keep():
                self.put(key, result)
        return result


MISSING = object()


def _read_once(name: str, read: Callable):
    """`read()`, once per request: a board page asks for the listings' fingerprint and the
    services' marks for each result it shows, and at 10,000 services each read takes tens of
    milliseconds. Forgotten once the request writes or commits (`forget_reads`); outside
    a request, read every time. Whether a result may be kept is always checked afresh."""
    if not has_request_context():
        return read()
    reads = request.environ.setdefault(READS, {})
    if name not in reads:
        reads[name] = read()
    return reads[name]


READS = "directory.board_reads"


def forget_reads(_session=None, _context=None) -> None:
    if has_request_context():
        request.environ.pop(READS, None)


def _listings_state() -> tuple:
    return _read_once("listings_state", data.listings_state)


def _marks(published_only: bool) -> dict[str, tuple]:
    marks = _read_once("service_marks", data.service_marks)
    return {key: mark for key, (mark, published) in marks.items()
            if published or not published_only}


def _remembered(state: tuple, compute: Callable, *key):
    """A result for the listings in `state`, kept only if they did not change while it was
    computed: one made from newer listings must not be filed under the older state (it would
    come back wrong if the listings ever returned to that state, e.g. after a deletion).
    In a request, that is checked once, as the request ends, for every result it made
    (`keep_made`; till then the request reuses them): the pack makes five after an edit,
    and at 10,000 services each check reads the listings' state again (~20 ms)."""
    key = (*key, state)
    if not has_request_context():
        return _store().get(key, compute, keep=lambda: data.listings_state() == state)
    made = request.environ.setdefault(MADE, {})
    if key in made:
        return made[key]
    result = _store().find(key)
    if result is MISSING:
        with collection_paused():
            result = made[key] = compute()
    return result


MADE = "directory.board_results_made"


def keep_made(error: BaseException | None = None) -> None:
    """Keeps the results the request made for the listings as they are now (see
    `_remembered`): none if the request failed, or if the state cannot be read."""
    made = request.environ.pop(MADE, None)
    if not made or error is not None:
        return
    try:
        now = data.listings_state()
    except SQLAlchemyError:  # the request's transaction is broken: keep nothing
        return
    for key, result in made.items():
        if key[-1] == now:
            _store().put(key, result)


def _store() -> Results:
    return current_app.extensions.setdefault("board_results", Results())  # one per app


# After an edit, services are read again one by one when this many or fewer have changed;
# beyond it, all of them at once is quicker.
REREAD_AT_MOST = 500


def _service_facts(state: tuple) -> tuple[ServiceFacts, ...]:
    return _remembered(state, lambda: _read_facts(state), "service_facts")


def _read_facts(state: tuple) -> tuple[ServiceFacts, ...]:
    """Every published service's facts (links: every link table's rows)."""
    return _read_what_moved("service_facts", state, data.service_facts,
                            lambda: _marks(published_only=True), lambda s: sum(s[3]))


def _read_what_moved(kind: str, state: tuple, read: Callable, marks: Callable,
                     links: Callable) -> tuple:
    """Every service's record of this kind (facts or states). Most edits change one service:
    when the records remembered last were for the same terms, only the services whose mark
    moved (`data.service_marks`, read once per request) are read again (`read(only=…)`), and
    the rest are kept. At 10,000 services that is a third of the time of reading them all,
    and the board's first view waits on it. Only kept results are used: those were checked
    not to straddle an edit. Every link added or removed since (`links(state)` counts the
    rows the records speak of) must be one of those services': a link written without moving
    its service's version (not through the app), or one that went with a deleted service,
    means reading them all."""
    latest = _store().latest(kind)
    last_state = latest[0][-1] if latest else None  # a key is (kind, state)
    if last_state is None or last_state[2] != state[2]:  # the terms changed
        return tuple(read())
    last = {r.id.hex: r for r in latest[1]}
    now = marks()
    stale = [key for key, mark in now.items() if key not in last or last[key].mark != mark]
    if len(stale) > REREAD_AT_MOST:
        return tuple(read())
    fresh = {r.id.hex: r for r in read(only=stale)} if stale else {}
    if links(state) - links(last_state) != (sum(r.links for r in fresh.values())
                                            - sum(last[key].links for key in stale if key in last)):
        return tuple(read())
    return tuple(data.in_name_order(fresh.get(key) or last[key] for key in now
                                    if key in fresh or key not in stale))


def service_facts() -> tuple[ServiceFacts, ...]:
    """Every published service with its terms, text and version. Read-only."""
    return _service_facts(_listings_state())


def gap_counts(funding_ending_by: date | None = None) -> dict[tuple[str, ...], dict]:
    """Services per combination of terms, for every kind of gap; with `funding_ending_by`,
    only the services whose every funding ends by then. Read-only: callers must not change
    it."""
    state = _listings_state()
    ending = None if funding_ending_by is None else data.funding_ending_ids(funding_ending_by)

    def count() -> dict:
        services = _service_facts(state)
        if ending is not None:
            services = [s for s in services if s.id in ending]
        return gaps.gap_counts(services, [d.id for d in data.taxonomy().districts])

    return _remembered(state, count, "gap_counts", ending)


def district_provision() -> ProvisionCounts:
    """Published services per pathway and district, as `data.provision_counts("area")`
    counts them in SQL, from the remembered facts and gap counts (the pack has them)."""
    services = service_facts()
    return ProvisionCounts(
        cells=gap_counts()[("pathway", "area")],
        apart=Counter(p for s in services if s.county_wide for p in s.pathways),
        totals=Counter(p for s in services for p in s.pathways),
    )


def overlaps() -> Overlaps:
    """Every likely overlap, one per pair (the board's decisions are applied by callers)."""
    state = _listings_state()
    return _remembered(state, lambda: find_overlaps(
        list(_service_facts(state)), data.taxonomy(), data.area_names()), "overlaps")


def service_states() -> list[ServiceState]:
    """Every service, whatever its status (links: its pathways, the first link table)."""
    state = _listings_state()
    return list(_remembered(state, lambda: _read_what_moved(
        "service_states", state, data.service_states,
        lambda: _marks(published_only=False), lambda s: s[3][0]), "service_states"))


def init_app(app) -> None:
    """A request's results are kept as it ends; its reads are forgotten once it writes or
    ends a transaction (a commit may carry writes made without the ORM): the session events
    are registered once per process."""
    app.teardown_request(keep_made)
    for name in ("after_flush", "after_transaction_end"):
        if not event.contains(Session, name, forget_reads):
            event.listen(Session, name, forget_reads)
