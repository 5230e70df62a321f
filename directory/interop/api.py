"""The open, read-only Open Referral UK API at /api: anyone may read the published directory.

Views parse a request and call the queries in `directory.interop.queries`; the shapes come
from `directory.interop.oruk`. Errors are JSON, never our HTML pages.
"""

import json
import uuid
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, jsonify, request, stream_with_context
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from directory.extensions import csrf
from directory.interop import oruk, queries
from directory.interop.openapi import openapi_document
from directory.search import IndexUnavailable
from directory.setup.links import external_url

bp = Blueprint("api", __name__, url_prefix="/api")
# Read-only and cookie-free: there is no form to forge.
csrf.exempt(bp)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@bp.after_request
def allow_any_origin(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return _error(400, f"The '{error.name}' parameter {error.message}.")


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return _error(error.code or 500, error.description or error.name)


def _error(code: int, message: str):
    response = jsonify({"code": code, "message": message})
    response.status_code = code
    return response


@bp.get("/", strict_slashes=False)
def index():
    return jsonify({
        "version": oruk.VERSION,
        "profile": oruk.PROFILE,
        "openapi_url": external_url("api.openapi"),
    })


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(external_url("api.index").rstrip("/")))


@bp.get("/services")
def services():
    query, full = _service_query(), _boolean("full")
    minimal = _boolean("minimal")
    if minimal:
        shape = oruk.service_minimal_json
    else:
        shape = oruk.service_json if full else oruk.service_summary_json
    return _listing(lambda page, per_page: _searching(
        queries.published_page, query, page, per_page, full=full), shape)


@bp.get("/services/<uuid:service_id>")
def service(service_id: uuid.UUID):
    found = queries.full_public_service(service_id)
    if found is None:
        abort(404, "There is no published service with that id.")
    return jsonify(oruk.service_json(found))


@bp.get("/service_at_locations")
def service_at_locations():
    query, full = _service_query(), _boolean("full")
    return _listing(lambda page, per_page: _searching(
        queries.service_at_locations_page, query, page, per_page, full=full),
        lambda link: oruk.service_at_location_json(link, full=full))


@bp.get("/service_at_locations/<uuid:link_id>")
def service_at_location(link_id: uuid.UUID):
    found = queries.public_service_at_location(link_id)
    if found is None:
        abort(404, "There is no published service at a place with that id.")
    return jsonify(oruk.service_at_location_detail_json(found))


@bp.get("/organizations")
def organizations():
    full_services, full = _boolean("full_service"), _boolean("full")
    text = _text("search")

    def page_of(page, per_page):
        found, total = queries.organisations_page(text, page, per_page)
        if not (full or full_services):
            return found, total
        services = queries.listed_services_of(found, full_services)
        return [(o, services[o.id]) for o in found], total

    if full or full_services:
        return _listing(page_of, lambda pair: oruk.organisation_full_json(*pair, full_services))
    return _listing(page_of, oruk.organisation_json)


@bp.get("/organizations/<uuid:organisation_id>")
def organization(organisation_id: uuid.UUID):
    found = queries.public_organisation(organisation_id)
    if found is None:
        abort(404, "There is no organisation with published services and that id.")
    full_services = _boolean("full_service")
    services = queries.listed_services_of([found], full_services)[found.id]
    return jsonify(oruk.organisation_full_json(found, services, full_services))


@bp.get("/taxonomies")
def taxonomies():
    text = _text("search")
    keys = [key for key in oruk.EXPOSED_TAXONOMIES
            if not text or _mentions(text, *oruk.EXPOSED_TAXONOMIES[key])]
    return _listing(lambda page, per_page: _slice(keys, page, per_page), oruk.taxonomy_json)


@bp.get("/taxonomies/<uuid:taxonomy_id>")
def taxonomy(taxonomy_id: uuid.UUID):
    key = next((key for key in oruk.EXPOSED_TAXONOMIES
                if oruk.taxonomy_id(key) == str(taxonomy_id)), None)
    if key is None:
        abort(404, "There is no taxonomy with that id.")
    return jsonify(oruk.taxonomy_json(
        key, [term for term_key, term in queries.exposed_terms() if term_key == key]))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    wanted, text, parent = _uuid("taxonomy_id"), _text("search"), _uuid("parent_id")
    # Our terms are one level deep: every term is a top one (so `top_only` changes nothing,
    # but is still checked) and none is under a parent.
    _boolean("top_only")
    terms = [(key, term) for key, term in queries.exposed_terms()
             if (wanted is None or oruk.taxonomy_id(key) == str(wanted))
             and (not text or _mentions(text, term.name, term.description))
             and parent is None]
    return _listing(lambda page, per_page: _slice(terms, page, per_page),
                    lambda pair: oruk.term_json(*pair))


@bp.get("/taxonomy_terms/<uuid:term_id>")
def taxonomy_term(term_id: uuid.UUID):
    found = next(((key, term) for key, term in queries.exposed_terms() if term.id == term_id),
                 None)
    if found is None:
        abort(404, "There is no taxonomy term with that id.")
    return jsonify(oruk.term_json(*found))


def _listing(page_of, shape) -> Response:
    """Answer a list endpoint: a page as JSON, or with `format=ndjson` every item, one JSON
    object a line, without paging. `page_of(page, per_page)` gives (items, total)."""
    if _format() == "ndjson":
        return Response(stream_with_context(_every_line(page_of, shape)),
                        mimetype="application/x-ndjson")
    page, per_page = _paging()
    items, total = page_of(page, per_page)
    return jsonify(oruk.page_json([shape(item) for item in items], total, page, per_page))


def _every_line(page_of, shape):
    page = 1
    while True:
        items, total = page_of(page, MAX_PER_PAGE)
        for item in items:
            yield json.dumps(shape(item), separators=(",", ":")) + "\n"
        if page * MAX_PER_PAGE >= total or not items:
            return
        page += 1


def _searching(page_of, query, page: int, per_page: int, **options):
    try:
        return page_of(query, page, per_page, **options)
    except IndexUnavailable:
        abort(503, "Searching is not working just now. Try again in a few minutes, "
                   "or leave out the 'search' parameter.")


def _service_query() -> queries.ServiceQuery:
    proximity = _integer("proximity", 1, 1_000_000)
    postcode = _text("postcode", 10)
    if proximity and not postcode:
        raise BadParameter("proximity", "needs a postcode to measure from")
    return queries.ServiceQuery(
        text=_text("search"),
        taxonomy_term_id=_uuid("taxonomy_term_id"),
        taxonomy_id=_uuid("taxonomy_id"),
        organization_id=_uuid("organization_id"),
        modified_after=_moment("modified_after"),
        minimum_age=_integer("minimum_age", 0, 150),
        maximum_age=_integer("maximum_age", 0, 150),
        day=_day(),
        start_time=_time("start_time"),
        end_time=_time("end_time"),
        postcode=postcode,
        proximity=proximity,
    )


def _slice(items: list, page: int, per_page: int) -> tuple[list, int]:
    start = (page - 1) * per_page
    return items[start:start + per_page], len(items)


def _mentions(text: str, *fields: str) -> bool:
    return any(text.casefold() in (field or "").casefold() for field in fields)


def routing_errors_as_json():
    """Addresses under /api that match no route (or no method) never reach the blueprint, so
    this app-wide hook answers them in JSON rather than with our HTML error pages."""
    error = request.routing_exception
    if not (isinstance(error, HTTPException) and request.path.startswith(bp.url_prefix)):
        return None
    if isinstance(error, RequestRedirect):
        # A browser follows a redirect only if it too may be read from another site.
        return allow_any_origin(error.get_response())
    return allow_any_origin(http_error(error))


def _paging() -> tuple[int, int]:
    page = _integer("page", 1, 1_000_000) or 1
    per_page = _integer("per_page", 1, MAX_PER_PAGE) or DEFAULT_PER_PAGE
    return page, per_page


def _integer(name: str, low: int, high: int) -> int | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise BadParameter(name, f"should be a whole number from {low} to {high}")
    return int(value)


def _text(name: str, longest: int = 200) -> str | None:
    return request.args.get(name, "").strip()[:longest] or None


def _boolean(name: str) -> bool:
    value = request.args.get(name, "").strip().lower()
    if value in ("", "false", "0", "no"):
        return False
    if value in ("true", "1", "yes"):
        return True
    raise BadParameter(name, "should be true or false")


def _format() -> str:
    value = request.args.get("format", "").strip().lower() or "json"
    if value not in ("json", "ndjson"):
        raise BadParameter("format", "should be json or ndjson")
    return value


def _moment(name: str) -> datetime | None:
    """A date or an ISO 8601 date and time; without an offset it is taken as UTC."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        raise BadParameter(name, "should be a date and time like 2025-03-31T09:30:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _uuid(name: str) -> uuid.UUID | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(
            name, "should be an id like 3f7b145d-84af-42d7-8fae-eaca714b02b2") from None


def _day() -> int | None:
    value = request.args.get("day", "").strip().upper()
    if not value:
        return None
    from directory.models.listing import BYDAY, WEEKDAYS

    names = [day.upper() for day in WEEKDAYS]
    if value in BYDAY:
        return BYDAY.index(value)
    if value in names:
        return names.index(value)
    raise BadParameter("day", "should be a day like MO, TU, WE, TH, FR, SA or SU")


def _time(name: str):
    from datetime import time

    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, "should be a time like 09:30") from None
