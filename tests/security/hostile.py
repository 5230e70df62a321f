"""Listings whose every text field holds an attack, made through the models as an import or an
editor would make them."""

from datetime import time

from sqlalchemy import JSON, String, Text, inspect, select

from directory.extensions import db
from directory.models import (
    Funding,
    Location,
    Organisation,
    Pathway,
    ScheduleRow,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)

# Each payload, if it ran or became markup, would leave a trace the browser test looks for:
# a dialog, an element with an id starting "xss", a javascript: link, window.xssRan.
XSS_PAYLOADS = [
    "<script>window.xssRan=1;alert('xss')</script>",
    '"><img src=x id=xss-img onerror="window.xssRan=1;alert(1)">',
    "'><svg id=xss-svg onload=alert(1)>",
    "javascript:alert(document.domain)",
    "</title><script>alert(1)</script>",
    '<a id=xss-link href="javascript:alert(1)">click me</a>',
    '<iframe id=xss-frame srcdoc="<script>parent.alert(1)</script>"></iframe>',
    "{{ 7*7 }} {% print 'xss' %} ${7*7}",
    '<div id="xss-div" style="position:fixed;inset:0">covered</div>',
    "\u202egnp.exe <b id=xss-bold>bold</b> &lt;escaped&gt; &amp;",
]


def text_columns(model) -> list:
    return [column for column in inspect(model).columns
            if isinstance(column.type, String | Text | JSON) and not column.foreign_keys
            and column.key not in ("status", "source_id")]


def hostile_values(model, payload: str) -> dict:
    """The payload in every text field of the model, cut to fit the column."""
    values = {}
    for column in text_columns(model):
        if isinstance(column.type, JSON):
            values[column.key] = [payload]
        else:
            values[column.key] = payload[: column.type.length or None]
    return values


def add_hostile_listing(payload: str) -> Service:
    """One published organisation, service, location, opening time and funder, all hostile."""
    pathway = db.session.scalars(select(Pathway).order_by(Pathway.position)).first()
    organisation = Organisation(**hostile_values(Organisation, payload))
    service = Service(**hostile_values(Service, payload), organisation=organisation,
                      status=ServiceStatus.PUBLISHED, self_referral=True,
                      pathways=[pathway] if pathway else [])
    location = Location(**hostile_values(Location, payload), organisation=organisation)
    service.service_at_locations.append(ServiceAtLocation(location=location))
    service.schedule.append(ScheduleRow(**hostile_values(ScheduleRow, payload), weekday=0,
                                        opens_at=time(9), closes_at=time(17)))
    service.funding.append(Funding(**hostile_values(Funding, payload)))
    db.session.add(service)
    db.session.commit()
    return service
