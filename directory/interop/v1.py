"""A v1-compatible Open Referral UK API at /api/v1, beside the 3.0 one at /api, for clients
that still speak v1 (Open Referral UK's ServiceFinder). Point such a client's API address at
https://<this site>/api/v1.

v1 clients are forgiving and so is this: trailing slashes are accepted, a too-large
`per_page` is cut to the most we give, and a value that cannot be read is left out rather
than refused. docs/oruk-v1.md maps every v1 parameter and field to ours.
"""

import re
import uuid
from datetime import time
from urllib.parse import unquote

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import or_, select
from werkzeug.exceptions import HTTPException

from directory.extensions import csrf, db
from directory.interop import oruk_v1, queries
from directory.interop.api import MAX_PER_PAGE, allow_any_origin, http_error
from directory.models import Area
from directory.models.listing import BYDAY, WEEKDAYS
from directory.search import IndexUnavailable

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.after_request(allow_any_origin)
bp.register_error_handler(HTTPException, http_error)

DEFAULT_PER_PAGE = 10  # ServiceFinder's own page size
ESCAPED = re.compile(r"%[0-9A-Fa-f]{2}")


@bp.get("/", strict_slashes=False)
def index():
    return jsonify({"version": oruk_v1.VERSION})


@bp.get("/services/", strict_slashes=False)
def services():
    page, per_page = _paging()
    try:
        found, total = queries.published_page(_service_query(), page, per_page, full=True)
    except IndexUnavailable:
        abort(503, "Searching is not working just now. Try again in a few minutes, "
                   "or leave out the 'text' parameter.")
    return jsonify(oruk_v1.page_json([oruk_v1.service_json(s) for s in found], total, page,
                                     per_page))


@bp.get("/services/<service_id>/", strict_slashes=False)
def service(service_id: str):
    found = queries.full_public_service(_id(service_id) or uuid.UUID(int=0))
    if found is None:
        abort(404, "There is no published service with that id.")
    return jsonify(oruk_v1.service_json(found))


@bp.get("/taxonomies/", strict_slashes=False)
def taxonomies():
    page, per_page = _paging()
    vocabulary = _value("vocabulary")
    keys = ([oruk_v1.VOCABULARIES[vocabulary]] if vocabulary in oruk_v1.VOCABULARIES
            else [] if vocabulary else list(dict.fromkeys(oruk_v1.VOCABULARIES.values())))
    # Our terms are one level deep: nothing is under a parent.
    terms = [] if _value("parent_id") else [
        oruk_v1.term_json(key, term) for key, term in queries.exposed_terms() if key in keys]
    start = (page - 1) * per_page
    return jsonify(oruk_v1.page_json(terms[start:start + per_page], len(terms), page,
                                     per_page))


def _service_query() -> queries.ServiceQuery:
    groups = [_ids("need"), _ids("circumstance"), _ids("taxonomy_id"), _coverage()]
    proximity = _number("proximity")
    postcode = _value("postcode", 10)
    return queries.ServiceQuery(
        text=_value("text", 200),
        postcode=postcode,
        proximity=min(int(proximity), 1_000_000) if proximity and postcode else None,
        minimum_age=_whole("minimum_age"),
        maximum_age=_whole("maximum_age"),
        term_groups=tuple(group for group in groups if group),
        openings=_openings(),
    )


def _value(name: str, longest: int = 200) -> str | None:
    """One parameter, tidied. ServiceFinder escapes its query string twice, so a value that
    still holds %-escapes after the first unescaping is unescaped once more."""
    value = request.args.get(name, "")
    if ESCAPED.search(value):
        value = unquote(value)
    return value.strip()[:longest] or None


def _values(name: str) -> list[str]:
    return [unquote(v).strip() if ESCAPED.search(v) else v.strip()
            for v in request.args.getlist(name) if v.strip()]


def _id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None


def _ids(name: str) -> frozenset[uuid.UUID]:
    """Term ids; one we do not have (ServiceFinder's own "need:67", say) matches nothing."""
    return frozenset(_id(v) or uuid.UUID(int=0) for v in _values(name))


def _coverage() -> frozenset[uuid.UUID]:
    """`coverage`: an area by its id, slug or name; county-wide services cover every area."""
    wanted = _value("coverage")
    if not wanted:
        return frozenset()
    found = db.session.scalars(select(Area.id).where(~Area.retired, or_(
        Area.slug == wanted, Area.name.ilike(wanted), Area.county_wide.is_(True),
        Area.id == (_id(wanted) or uuid.UUID(int=0)))))
    return frozenset(found) | {uuid.UUID(int=0)}


def _openings() -> tuple:
    """ServiceFinder sends day, startTime and endTime once per chosen slot, in step."""
    days, starts, ends = _values("day"), _values("startTime"), _values("endTime")
    windows = []
    for index in range(max(len(days), len(starts), len(ends))):
        day = _day(days[index]) if index < len(days) else None
        start = _time(starts[index]) if index < len(starts) else None
        end = _time(ends[index]) if index < len(ends) else None
        if day is not None or start or end:
            windows.append((day, start, end))
    return tuple(windows)


def _day(text: str) -> int | None:
    names = [name.upper() for name in WEEKDAYS]
    text = text.upper()
    return BYDAY.index(text) if text in BYDAY else names.index(text) if text in names else None


def _time(text: str) -> time | None:
    try:
        return time.fromisoformat(text[:5])
    except ValueError:
        return None


def _number(name: str) -> float | None:
    try:
        number = float(_value(name) or "")
    except ValueError:
        return None
    return number if number > 0 else None


def _whole(name: str) -> int | None:
    number = _number(name)
    return int(number) if number is not None and number <= 150 else None


def _paging() -> tuple[int, int]:
    page = int(min(_number("page") or 1, 1_000_000))
    per_page = int(min(_number("per_page") or DEFAULT_PER_PAGE, MAX_PER_PAGE))
    return max(page, 1), max(per_page, 1)
