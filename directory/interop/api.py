"""The open, read-only Open Referral UK API at /api: anyone may read the published directory.

Views parse a request and call the queries in `directory.interop.queries`; the shapes come
from `directory.interop.oruk`. Errors are JSON, never our HTML pages.
"""

import uuid

from flask import Blueprint, Response, abort, jsonify, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from directory.extensions import csrf
from directory.interop import oruk, queries
from directory.interop.openapi import openapi_document
from directory.search.store import IndexUnavailable

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
        "openapi_url": url_for("api.openapi", _external=True),
    })


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(url_for("api.index", _external=True).rstrip("/")))


@bp.get("/services")
def services():
    page, per_page = _paging()
    query = queries.ServiceQuery(
        text=request.args.get("search", "").strip()[:200] or None,
        taxonomy_term_id=_uuid("taxonomy_term_id"),
        taxonomy_id=_uuid("taxonomy_id"),
        minimum_age=_integer("minimum_age", 0, 150),
        maximum_age=_integer("maximum_age", 0, 150),
        day=_day(),
        start_time=_time("start_time"),
        end_time=_time("end_time"),
    )
    try:
        found, total = queries.published_page(query, page, per_page)
    except IndexUnavailable:
        abort(503, "Searching is not working just now. Try again in a few minutes, "
                   "or leave out the 'search' parameter.")
    return jsonify(oruk.page_json([oruk.service_summary_json(s) for s in found],
                                  total, page, per_page))


@bp.get("/services/<uuid:service_id>")
def service(service_id: uuid.UUID):
    found = queries.full_public_service(service_id)
    if found is None:
        abort(404, "There is no published service with that id.")
    return jsonify(oruk.service_json(found))


@bp.get("/service_at_locations")
def service_at_locations():
    page, per_page = _paging()
    proximity = _integer("proximity", 1, 1_000_000)
    postcode = request.args.get("postcode", "").strip()[:10] or None
    if proximity and not postcode:
        raise BadParameter("proximity", "needs a postcode to measure from")
    links, total = queries.service_at_locations_page(postcode, proximity, page, per_page)
    return jsonify(oruk.page_json([oruk.service_at_location_json(link) for link in links],
                                  total, page, per_page))


@bp.get("/taxonomies")
def taxonomies():
    page, per_page = _paging()
    items = [oruk.taxonomy_json(key) for key in oruk.EXPOSED_TAXONOMIES]
    return jsonify(_page_of(items, page, per_page))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    page, per_page = _paging()
    wanted = _uuid("taxonomy_id")
    items = [oruk.term_json(key, term) for key, term in queries.exposed_terms()
             if wanted is None or oruk.taxonomy_id(key) == str(wanted)]
    return jsonify(_page_of(items, page, per_page))


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


def _page_of(items: list, page: int, per_page: int) -> dict:
    start = (page - 1) * per_page
    return oruk.page_json(items[start:start + per_page], len(items), page, per_page)


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
