"""Full-text search of published services (Whoosh), forgiving misspellings and plain words.

- `schema` and `synonyms`: what is indexed and how words are analysed and widened;
- `documents`, `store`, `indexing`, `sync`: the index as a projection of the database,
  kept in step on every commit and caught up on start;
- `query` and `engine`: from typed text to a page of results with counts per filter option;
- `log`: the unmet-demand log.

Views call `find_services`; nothing outside this package talks to Whoosh, and inside it only
`whoosh_internals` touches Whoosh's private parts (it checks the Whoosh version on import).
"""

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date

from flask import Flask, current_app
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from whoosh import query as wq

from directory import clock
from directory.extensions import db
from directory.finder.opening_hours import london_now
from directory.listings import catalogue
from directory.models import Area
from directory.places import geography
from directory.search import engine, indexing, sync, understanding
from directory.search import log as search_log
from directory.search import synonyms as synonyms_file
from directory.search.query import clean
from directory.search.schema import STOP_WORDS
from directory.search.store import IndexUnavailable, SearchIndex
from directory.search.sync import INDEX_LATER, note_bulk_written

# What other packages use; they import it from here, never from the modules inside.
__all__ = [
    "GENERAL_ADVICE_TAG", "INDEX_LATER", "SORTS", "IndexUnavailable", "ResultPage",
    "SearchPage", "clean", "find_services", "general_advice_services", "init_app",
    "note_bulk_written", "ranked_ids", "record_search", "state",
]

logger = logging.getLogger(__name__)

SORTS = ("relevance", "name")
GENERAL_ADVICE_TAG = "general-advice"


class SearchState:
    """The index and synonyms of one app, and when it last compared itself with the DB."""

    def __init__(self, app: Flask):
        path = app.config["SEARCH_INDEX_DIR"]
        self.index = SearchIndex(None if path == ":memory:" else path,
                                 lock_timeout=app.config["SEARCH_LOCK_TIMEOUT"])
        self.synonyms = synonyms_file.load(app.config.get("SEARCH_SYNONYMS_FILE"))
        self.check_every = app.config["SEARCH_RECONCILE_SECONDS"]
        self.checked_at = float("-inf")
        self._catching_up = threading.Lock()
        tidy = str(app.config.get("SEARCH_TIDY_SECONDS", "off"))
        self.tidy_after = None if tidy == "off" else float(tidy)
        self._tidy_pending = threading.Lock()
        self.purged_on: date | None = None

    def catch_up(self) -> str:
        """Catch up with the database unless another thread of this process already is."""
        if not self._catching_up.acquire(blocking=False):
            return "busy"
        try:
            self.checked_at = time.monotonic()
            with Session(db.engine) as session:
                return indexing.catch_up(self.index, session)
        except IndexUnavailable as error:
            logger.warning("search index not caught up: %s", error)
            return "unavailable"
        finally:
            self._catching_up.release()

    def repair_soon(self) -> None:
        """A commit could not be written to the index (e.g. it stayed busy): catch up at
        the next chance, the background tidy or this process's next search."""
        self.checked_at = float("-inf")

    def tidy_soon(self, app: Flask) -> None:
        """Merge the small segments edits leave a moment after an edit, off any request's
        path: one waiting tidy covers every edit made before it runs."""
        if self.tidy_after is None or not self._tidy_pending.acquire(blocking=False):
            return
        threading.Thread(target=self._tidy_later, args=(app,), daemon=True).start()

    def _tidy_later(self, app: Flask) -> None:
        time.sleep(self.tidy_after)
        self._tidy_pending.release()
        try:
            with app.app_context():
                if self.checked_at == float("-inf"):
                    self.catch_up()
                with Session(db.engine) as session:
                    indexing.tidy(self.index, session)
        except Exception:  # the index stays correct, only less tidy; the next edit retries
            logger.exception("could not tidy the search index")

    def keep_current(self) -> None:
        """Changes made on another app server reach this one's index within
        SEARCH_RECONCILE_SECONDS: a cheap comparison, and work only when they differ."""
        if time.monotonic() - self.checked_at >= self.check_every:
            self.catch_up()


def state() -> SearchState:
    return current_app.extensions["search"]


class ResultPage(Pagination):
    """One page of search results, for the same pagination macro as every list."""

    def _query_items(self):
        return self._query_args["items"]

    def _query_count(self):
        return self._query_args["total"]


@dataclass
class Narrowing:
    """A group or stage typed, offered as a filter ("for women")."""

    label: str
    facet: str
    slug: str


@dataclass
class SearchPage:
    results: ResultPage
    counts: dict[str, dict] = field(default_factory=dict)
    suggestion: str | None = None
    snippets: dict = field(default_factory=dict)
    available: bool = True
    # What was read from the text: the place (its district's name) and the rest.
    understood: understanding.Understood | None = None
    place_name: str | None = None
    # When nothing matched everything typed: what the results shown do match.
    partial: list[str] | None = None
    narrowings: list[Narrowing] = field(default_factory=list)
    # With a postcode: service id -> "about 3 miles".
    distances: dict = field(default_factory=dict)
    # What is wrong with the "Town or postcode" typed, if anything.
    near_problem: str | None = None
    place_from_near: bool = False


def _choices(filters: catalogue.ServiceFilters) -> tuple[dict, dict]:
    chosen = {name: getattr(filters, name) for name in ("pathway", "area", "client_group",
                                                        "stage") if getattr(filters, name)}
    if filters.self_referral:
        chosen["self_referral"] = True
    options = {name: sorted(slugs) for name, slugs in catalogue.active_slugs().items()}
    options["self_referral"] = [True]
    return chosen, options


def understand(text: str, options: dict,
               area_names: dict[str, str]) -> understanding.Understood:
    """Read the place, groups and stages in typed text (only those in use here)."""
    def district_of(outcode: geography.Outcode) -> str | None:
        names = outcode.districts_among(area_names)
        return area_names[names[0]] if names else None

    allowed = {"place": set(options.get("area", ())), "group": set(options["client_group"]),
               "stage": set(options["stage"])}
    return understanding.understand(text, understanding.vocabulary(), district_of, allowed)


def _narrowings(understood: understanding.Understood, chosen: dict) -> list[Narrowing]:
    offers = understanding.vocabulary().offers
    found = []
    for facet, kind, slugs in (("client_group", "group", understood.groups),
                               ("stage", "stage", understood.stages)):
        if facet not in chosen:
            found += [Narrowing(offers[(kind, slug)], facet, slug) for slug in slugs]
    return found


NOT_A_PLACE = "Enter a town or village in Norfolk, like Thetford, or a postcode, like NR2 4AB"


def find_services(text: str, filters: catalogue.ServiceFilters, sort: str = "relevance",
                  page: int = 1, near: str = "", open_now: bool = False) -> SearchPage:
    """Search published services; never raises for any text a person can type. A place or
    postcode typed becomes the area filter unless an area was chosen; `near` (the "Town or
    postcode" box) becomes it whatever was chosen. `open_now`: only services open now."""
    search = state()
    search.keep_current()
    per_page = current_app.config["SERVICES_PER_PAGE"]
    chosen, options = _choices(filters)
    areas = {area.name: area.slug for area in catalogue.active_terms(Area)}
    understood = understand(text, options, areas)
    near_problem = None
    if near.strip():
        understood.place = understand(near, options, areas).place
        if understood.place:
            chosen.pop("area", None)
        else:
            near_problem = NOT_A_PLACE
    place_name = None
    if understood.place and "area" not in chosen:
        chosen["area"] = understood.place.district
        place_name = {slug: name for name, slug in areas.items()}[understood.place.district]
    elif understood.place:
        understood.place = None
    only = catalogue.open_service_ids(london_now()) if open_now else None
    try:
        with search.index.searcher() as searcher:
            outcome = engine.run(searcher, search.synonyms, text, chosen, options,
                                 sort if sort in SORTS else "relevance", page, per_page,
                                 understood, only)
    except IndexUnavailable as error:
        logger.error("search index unavailable: %s", error)
        return SearchPage(ResultPage(page=page, per_page=per_page, error_out=False,
                                     items=[], total=0), available=False)
    services = catalogue.services_in_order(outcome.ids)
    # engine.snippet escapes the text (Whoosh's HtmlFormatter; tested): only our <mark> tags
    # are markup.
    snippets = {
        s.id: Markup(engine.snippet(s.description, outcome.highlight))  # noqa: S704  # nosec B704
        for s in services
    }
    return SearchPage(
        ResultPage(page=page, per_page=per_page, error_out=False, items=services,
                   total=outcome.total),
        outcome.counts, outcome.suggestion, snippets,
        understood=understood, place_name=place_name, partial=outcome.partial,
        narrowings=_narrowings(understood, chosen), near_problem=near_problem,
        place_from_near=bool(near.strip()) and understood.place is not None,
        distances={uuid.UUID(i): geography.about_miles(m) for i, m in outcome.miles.items()},
    )


def ranked_ids(text: str) -> list[str]:
    """Ids of published services for the text, best first, understood and ranked as on
    the search page (the API's `search` parameter). Raises IndexUnavailable when the
    index cannot be read."""
    search = state()
    search.keep_current()
    chosen, options = _choices(catalogue.ServiceFilters())
    understood = understand(text, options,
                            {area.name: area.slug for area in catalogue.active_terms(Area)})
    if understood.place:
        chosen["area"] = understood.place.district
    with search.index.searcher() as searcher:
        return engine.ranked_ids(searcher, search.synonyms, text, chosen, understood)


def record_search(text: str, filters: catalogue.ServiceFilters, found: SearchPage) -> None:
    """Log a search for the unmet-demand report: once per search, not once per page, and
    only the words the directory knows. The first search logged each day (per process)
    deletes searches past the retention period first."""
    if found.results.page != 1:
        return
    search = state()
    today = clock.today()
    if search.purged_on != today:
        search.purged_on = today
        search_log.purge_quietly(current_app.config["SEARCH_LOG_RETENTION_DAYS"], today)
    try:
        with search.index.searcher() as searcher:
            search_log.record(text, filters.as_args(), found.results.total, today,
                              knows=known_word_test(searcher.reader(), search.synonyms))
    except IndexUnavailable:
        search_log.record(text, filters.as_args(), found.results.total, today,
                          knows=known_word_test(None, search.synonyms))


def known_word_test(reader, synonyms: synonyms_file.Synonyms):
    """Whether a word is one the directory knows: in a listing (the index's spelling
    words), the synonyms file, the places and people files, or a Norfolk postcode district."""
    listed = synonyms.words | understanding.vocabulary().words() | STOP_WORDS

    def knows(word: str) -> bool:
        word = word.replace("’", "'")
        return (word in listed or word.replace("'", "") in listed
                or word.upper() in geography.outcodes()
                or (reader is not None and reader.doc_frequency("spelling", word) > 0))
    return knows


def general_advice_services() -> list:
    """Services tagged as general advice: offered when a search finds nothing."""
    try:
        with state().index.searcher() as searcher:
            ids = [hit["id"] for hit in searcher.search(
                wq.Term("tag", GENERAL_ADVICE_TAG), limit=10, sortedby="name_sort")]
    except IndexUnavailable:
        return []
    return catalogue.services_in_order(ids)


def init_app(app: Flask) -> None:
    from directory.search.cli import search_cli

    app.extensions["search"] = SearchState(app)
    sync.listen()
    app.cli.add_command(search_cli)
    mode = app.config.get("SEARCH_CATCH_UP_ON_START") or ("off" if app.testing else "background")
    if mode == "now":
        with app.app_context():
            state().catch_up()
    elif mode == "background":
        # A big rebuild must not hold up the server starting; searches meanwhile use the
        # index as it is.
        threading.Thread(target=_catch_up_in_background, args=(app,), daemon=True).start()


def _catch_up_in_background(app: Flask) -> None:
    with app.app_context():
        try:
            result = state().catch_up()
            logger.info("search index on start: %s", result)
        except SQLAlchemyError as error:  # e.g. not migrated yet: the next search retries
            logger.warning("search index could not catch up on start: %s", error)
        except Exception:
            logger.exception("search index could not catch up on start")
