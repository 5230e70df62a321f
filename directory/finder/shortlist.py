"""A shortlist of services for one person, kept in the URL (and mirrored in one cookie).

No account: the list is just service ids, `/shortlist?services=<id>,<id>`, so it can be
bookmarked, printed or sent as a link.
"""

import uuid

import segno
from markupsafe import Markup
from sqlalchemy import Select

from directory.extensions import db
from directory.listings import catalogue
from directory.models import Service

# One printed A4 page holds about this many services.
MAX_SERVICES = 12
COOKIE_NAME = "shortlist"


def parse_ids(text: str | None) -> list[uuid.UUID]:
    """Service ids from "<id>,<id>": bad ones skipped, repeats dropped, order kept."""
    ids: list[uuid.UUID] = []
    for part in (text or "").split(",")[: MAX_SERVICES * 4]:
        try:
            service_id = uuid.UUID(part.strip())
        except ValueError:
            continue
        if service_id not in ids:
            ids.append(service_id)
    return ids[:MAX_SERVICES]


def format_ids(ids: list[uuid.UUID]) -> str:
    return ",".join(str(service_id) for service_id in ids)


def with_added(ids: list[uuid.UUID], new_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """New services go at the end; a full list keeps what it has."""
    combined = list(ids)
    for service_id in new_ids:
        if service_id not in combined and len(combined) < MAX_SERVICES:
            combined.append(service_id)
    return combined


def without(ids: list[uuid.UUID], gone: list[uuid.UUID]) -> list[uuid.UUID]:
    return [service_id for service_id in ids if service_id not in gone]


def shortlisted_services(ids: list[uuid.UUID]) -> list[Service]:
    """The published services on the list, in the list's order (withdrawn ones drop out)."""
    if not ids:
        return []
    query: Select = catalogue.with_visit_details(
        catalogue.published_services().where(Service.id.in_(ids)))
    by_id = {service.id: service for service in db.session.scalars(query)}
    return [by_id[service_id] for service_id in ids if service_id in by_id]


def qr_code_svg(url: str) -> Markup:
    """A QR code that opens `url`, as inline SVG made here (no outside requests). Medium error
    correction survives a crumpled or photocopied sheet."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=3, border=4, svgclass="app-qr-code", lineclass=None,
                          title="QR code that opens this list")
    labelled = svg.replace(
        "<svg ", '<svg role="img" aria-label="QR code that opens this list" focusable="false" ', 1)
    # segno's SVG is only path data and our own title: nothing from the URL or a user.
    return Markup(labelled)  # noqa: S704  # nosec B704
