"""The one mapping between our listings and Open Referral UK (the UK profile of HSDS 3.0).

The API and the export write with `service_json` and friends; the import reads with
`read_service`. Keeping both directions here is what makes an export import back unchanged.

Fields HSDS has no place for travel in a `rehabilitation_pathways` object on the service (and
on locations and funding); HSDS allows extra properties, and other readers can ignore it.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from flask import url_for

from directory.geography import find_place
from directory.models import TAXONOMIES, Location, Organisation, Service, ServiceStatus
from directory.models.listing import BYDAY

VERSION = "3.0"
PROFILE = "https://openreferraluk.org/"
EXTENSION = "rehabilitation_pathways"
# Fixed namespace: ids we derive (taxonomies, attributes, addresses) stay the same everywhere.
NAMESPACE = uuid.UUID("0f7e4c62-8d1a-4b5e-9a37-6c2b1d9e8f40")

# Our taxonomies that the API shows as HSDS taxonomies: key -> (name, description).
EXPOSED_TAXONOMIES = {
    "pathway": ("Rehabilitation pathways",
                "The parts of life where people leaving prison may need help."),
    "client_group": ("Who it is for", "Groups of people a service is for."),
    "stage": ("Stage", "Stage of the journey through the justice system."),
}
ACCESS_METHODS = ("self-referral", "professional-referral", "drop-in")
STATUS_TO_ORUK = {
    ServiceStatus.PUBLISHED: "active",
    ServiceStatus.DRAFT: "inactive",
    ServiceStatus.ARCHIVED: "defunct",
}
ORUK_TO_STATUS = {
    "active": ServiceStatus.PUBLISHED,
    "inactive": ServiceStatus.DRAFT,
    "temporarily closed": ServiceStatus.DRAFT,
    "defunct": ServiceStatus.ARCHIVED,
}


def derived_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def taxonomy_id(key: str) -> str:
    return derived_id("taxonomy", key)


def _without_empty(values: dict) -> dict:
    """Drop empty optional fields: HSDS types them (a number, an e-mail), so "" or None would
    not validate."""
    return {k: v for k, v in values.items() if v not in (None, "", [])}


# ---- ours -> Open Referral UK ---------------------------------------------------------------


def taxonomy_json(key: str, terms: list | None = None) -> dict:
    """A taxonomy; with `terms`, the tree shape the UK profile gives /taxonomies/{id}: the
    taxonomy holding its terms (ours are one level deep)."""
    name, description = EXPOSED_TAXONOMIES[key]
    return _without_empty({
        "id": taxonomy_id(key), "name": name, "description": description, "version": "1",
        "taxonomy_terms": [term_json(key, term, with_taxonomy=False) for term in terms or []],
    })


def term_json(key: str, term, with_taxonomy: bool = True) -> dict:
    return _without_empty({
        "id": str(term.id),
        "code": term.slug,
        "name": term.name,
        "term": term.name,  # the UK profile's name for it
        "description": term.description or term.name,  # the standard requires one
        "taxonomy": key,
        "taxonomy_id": taxonomy_id(key),
        "taxonomy_detail": taxonomy_json(key) if with_taxonomy else None,
    })


def service_terms(service: Service) -> list[tuple[str, object]]:
    return [(key, term) for key in EXPOSED_TAXONOMIES
            for term in getattr(service, _attribute(key))]


def _attribute(key: str) -> str:
    return TAXONOMIES[key][2]


def organisation_json(organisation: Organisation) -> dict:
    return _without_empty({
        "id": str(organisation.id),
        "name": organisation.name,
        "description": organisation.description or organisation.name,
        "email": organisation.email,
        "website": organisation.url,
        "phones": _phones(organisation.id, organisation.phone),
    })


def organisation_full_json(organisation: Organisation, services: list[Service],
                           full_services: bool) -> dict:
    """The organisation-first tree: an organisation holding its listed services (whole, with
    `full_services`) and the places they are offered at."""
    data = organisation_json(organisation)
    places = {link.location.id: link.location for service in services if full_services
              for link in service.service_at_locations}
    data.update(_without_empty({
        "services": [service_json(s) if full_services else service_summary_json(s,
                                                                                nested=False)
                     for s in services],
        "locations": [location_json(place) for place in places.values()],
    }))
    return data


def _phones(owner_id, number: str) -> list[dict]:
    return [{"id": derived_id("phone", owner_id), "number": number}] if number else []


def service_url(service: Service) -> str:
    """The service's own web site, or failing that its page here (the profile requires one)."""
    return service.url or url_for("public.service", service_id=service.id, _external=True)


def service_minimal_json(service: Service) -> dict:
    """`minimal=true`: just enough to see what changed (the schema also needs name and
    status)."""
    return {"id": str(service.id), "name": service.name,
            "status": STATUS_TO_ORUK[service.status],
            "last_modified": _timestamp(service.updated_at)}


def service_summary_json(service: Service, nested: bool = True) -> dict:
    """A service as the list endpoints show it: its own fields and (unless it is already
    inside it) its organisation."""
    organisation = service.organisation
    return _without_empty({
        "id": str(service.id),
        "organization_id": str(organisation.id),
        "name": service.name,
        "description": service.description,
        "url": service_url(service),
        "email": service.email,
        "status": STATUS_TO_ORUK[service.status],
        "fees": service.cost,
        "fees_description": service.cost,
        "eligibility_description": service.eligibility,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_checked_on.isoformat() if service.last_checked_on else None,
        "last_modified": _timestamp(service.updated_at),
        "organization": organisation_json(organisation) if nested else None,
    })


def _timestamp(moment: datetime | None) -> str | None:
    """RFC 3339 needs an offset; SQLite hands our UTC times back without one."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def service_json(service: Service, with_funding: bool = False) -> dict:
    """Everything about one published service, as /services/{id} and the export give it.
    Funding (who pays, how much, until when) is the board's business: the public site never
    shows it, so only the export for signed-in members carries it."""
    data = service_summary_json(service)
    data.update(_without_empty({
        "phones": _phones(service.id, service.phone),
        "contacts": _contacts(service),
        "schedules": [_schedule_json(service, row) for row in service.schedule],
        "service_areas": [_service_area_json(service, area) for area in service.areas],
        "service_at_locations": [
            service_at_location_json(link, with_service=False)
            for link in service.service_at_locations
        ],
        "languages": [
            {"id": derived_id("language", service.id, name), "service_id": str(service.id),
             "name": name}
            for name in service.languages
        ],
        "funding": ([_funding_json(service, funding) for funding in service.funding]
                    if with_funding else []),
        "attributes": [
            {"id": derived_id("attribute", service.id, term.id), "link_id": str(service.id),
             "link_type": "service", "link_entity": "service",
             "taxonomy_term_id": str(term.id), "taxonomy_term": term_json(key, term)}
            for key, term in service_terms(service)
        ],
    }))
    # Always there, even when empty: it tells our import the file is one of ours.
    data[EXTENSION] = _without_empty({
        "summary": service.summary,
        "accessibility": service.accessibility,
        "keywords": list(service.keywords),
        "access": [name for name, on in zip(ACCESS_METHODS, _access_flags(service), strict=True)
                   if on],
    })
    return data


def _access_flags(service: Service) -> tuple[bool, bool, bool]:
    return (service.self_referral, service.professional_referral, service.drop_in)


def _contacts(service: Service) -> list[dict]:
    if not (service.phone or service.email):
        return []
    return [_without_empty({
        "id": derived_id("contact", service.id),
        "service_id": str(service.id),
        "name": service.name,
        "email": service.email,
        "phones": _phones(derived_id("contact", service.id), service.phone),
    })]


def _schedule_json(service: Service, row) -> dict:
    return _without_empty({
        "id": str(row.id),
        "service_id": str(service.id),
        "freq": "WEEKLY",
        "byday": BYDAY[row.weekday],
        "opens_at": row.opens_at.strftime("%H:%M"),
        "closes_at": row.closes_at.strftime("%H:%M"),
        "notes": row.note,
    })


def _service_area_json(service: Service, area) -> dict:
    return {"id": derived_id("service_area", service.id, area.id), "service_id": str(service.id),
            "name": area.name, "service_area": area.name, "extent_type": "text",
            "extent": area.slug}


def _funding_json(service: Service, funding) -> dict:
    return {
        "id": str(funding.id),
        "service_id": str(service.id),
        "source": funding.funder,
        EXTENSION: _without_empty({
            "amount_per_year": (None if funding.amount_per_year is None
                                else float(funding.amount_per_year)),
            "start_date": funding.start_date.isoformat() if funding.start_date else None,
            "end_date": funding.end_date.isoformat() if funding.end_date else None,
        }),
    }


def location_json(location: Location) -> dict:
    """A place. A refuge's street, postcode and map position never leave this function.

    HSDS addresses need every part (street, town, county, postcode); a place we cannot give
    them for (a refuge, or one imported without a postcode) has no `addresses` and says
    where it is in words instead. The extension carries that text so our import reads it back.
    """
    address = None if location.hide_address else _address_json(location)
    where = location.public_address if address is None else None
    return _without_empty({
        "id": str(location.id),
        "location_type": "physical",
        "name": location.name,
        "description": None if where is None else _hidden_address_note(location, where),
        "latitude": None if location.hide_address else location.latitude,
        "longitude": None if location.hide_address else location.longitude,
        "addresses": [address] if address else [],
        EXTENSION: _without_empty({"hide_address": location.hide_address or None,
                                   "address": where}) or None,
    })


def _address_json(location: Location) -> dict | None:
    street, _, town = (part.strip() for part in location.address.rpartition(","))
    if not (location.postcode and town):
        return None
    place = find_place(location.postcode).outcode
    return {
        "id": derived_id("address", location.id),
        "location_id": str(location.id),
        "address_1": street or location.name,
        "city": town,
        # UK addresses have a county where others have a state or province.
        "state_province": place.county if place else town,
        "postal_code": location.postcode,
        "country": "GB",
        "address_type": "physical",
    }


def _hidden_address_note(location: Location, where: str) -> str:
    if location.hide_address:
        return (f"In {where}. " if where else "") + (
            "The full address is not published, to keep people safe.")
    return where


def service_at_location_json(link, with_service: bool = True, full: bool = False) -> dict:
    """Where a service is offered; `full` gives the whole service rather than its summary."""
    data = {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location_json(link.location),
    }
    if with_service:
        data["service"] = (service_json(link.service) if full
                           else service_summary_json(link.service))
    return data


def service_at_location_detail_json(link) -> dict:
    """/service_at_locations/{id}. Both standards' OpenAPI documents give this path the
    service schema, which needs `name` and `status`: so it carries those of the service too,
    and meets the service-at-location schema as well."""
    data = service_at_location_json(link, full=True)
    data.update({"name": f"{link.service.name} at {link.location.name}",
                 "status": STATUS_TO_ORUK[link.service.status]})
    return data


def page_json(contents: list, total: int, page: int, per_page: int) -> dict:
    """The paged wrapper every ORUK list endpoint returns."""
    total_pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# ---- Open Referral UK -> ours ---------------------------------------------------------------


@dataclass
class Problem:
    """Something wrong in an imported file, named by record and field."""

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.field}: {self.message}"


@dataclass
class TermReference:
    taxonomy: str
    term_id: str
    code: str
    name: str


@dataclass
class LocationRecord:
    source_id: str
    name: str
    address: str
    postcode: str
    latitude: float | None
    longitude: float | None
    hide_address: bool
    link_id: str = ""


@dataclass
class ServiceRecord:
    """One service read from a file, checked, not yet matched to the database."""

    label: str
    source_id: str
    organisation_source_id: str
    organisation: dict
    values: dict
    locations: list[LocationRecord] = field(default_factory=list)
    schedule: list[tuple[int, time, time, str]] = field(default_factory=list)
    funding: list[tuple] = field(default_factory=list)
    terms: list[TermReference] = field(default_factory=list)
    area_names: list[str] = field(default_factory=list)
    # The file's own ids for schedule and funding rows, by their content, so that an import
    # into an empty directory keeps them.
    row_ids: dict[tuple, str] = field(default_factory=dict)


class FieldReader:
    """Reads typed fields from one JSON object, noting every problem instead of stopping."""

    def __init__(self, data, label: str, problems: list[Problem]):
        self.label = label
        self.problems = problems
        if not isinstance(data, dict):
            self.problem("record", f"should be an object, not {type(data).__name__}")
            data = {}
        self.data = data

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.label, name, message))

    def text(self, name: str, max_length: int | None = None, required: bool = False) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.problem(name, "is missing")
            return ""
        if isinstance(value, int) and not isinstance(value, bool) and name.endswith("id"):
            value = str(value)  # some systems number their records
        if not isinstance(value, str):
            self.problem(name, f"should be text, not {type(value).__name__}")
            return ""
        value = value.strip()
        if max_length and len(value) > max_length:
            self.problem(name, f"is {len(value)} characters long; the most we keep is {max_length}")
        return value

    def web_address(self, name: str, max_length: int | None) -> str:
        value = self.text(name, max_length)
        if value and not re.match(r"^https?://[^\s/]+\S*$", value):
            self.problem(name, f"should be a web address starting https://, not {value!r}")
        return value

    def email(self, name: str, max_length: int | None) -> str:
        value = self.text(name, max_length)
        if value and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value):
            self.problem(name, f"should be an email address like name@example.org, not {value!r}")
        return value

    def integer(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 150:
            self.problem(name, f"should be a whole number from 0 to 150, not {value!r}")
            return None
        return value

    def number(self, name: str, low: float, high: float) -> float | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
        if isinstance(value, bool) or number is None or not low <= number <= high:
            self.problem(name, f"should be a number from {low} to {high}, not {value!r}")
            return None
        return number

    def date(self, name: str) -> date | None:
        value = self.text(name)
        if not value:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            self.problem(name, f"should be a date like 2025-03-31, not {value!r}")
            return None

    def time(self, name: str) -> time | None:
        value = self.text(name, required=True)
        try:
            return time.fromisoformat(value.rstrip("Z")[:8]) if value else None
        except ValueError:
            self.problem(name, f"should be a time like 09:30, not {value!r}")
            return None

    def objects(self, name: str) -> list[dict]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(name, f"should be a list, not {type(value).__name__}")
            return []
        return value

    def child(self, name: str, item, index: int | None = None) -> "FieldReader":
        where = f"{name}[{index}]" if index is not None else name
        return FieldReader(item, f"{self.label}, {where}", self.problems)


def column_length(model, name: str) -> int | None:
    return getattr(model.__table__.c[name].type, "length", None)


def read_service(data, label: str, problems: list[Problem]) -> ServiceRecord | None:
    """Check one HSDS 3.0 service object and turn it into a ServiceRecord."""
    reader = FieldReader(data, label, problems)
    before = len(problems)
    source_id = reader.text("id", 200, required=True)
    organisation = reader.child("organization", reader.data.get("organization") or {})
    organisation_id = (organisation.text("id", 200)
                       or reader.text("organization_id", 200)) or None
    if not organisation_id:
        reader.problem("organization.id", "is missing: every service needs its organisation")
    record = ServiceRecord(
        label=label,
        source_id=source_id,
        organisation_source_id=organisation_id or "",
        organisation=_read_organisation(organisation),
        values=_read_service_values(reader, source_id),
    )
    record.locations = _read_locations(reader)
    record.schedule = _read_schedule(reader, record.row_ids)
    record.funding = _read_funding(reader, record.row_ids)
    record.terms = _read_terms(reader)
    record.area_names = [
        area.text("name", 200) or area.text("service_area", 200)
        for index, item in enumerate(reader.objects("service_areas"))
        for area in [reader.child("service_areas", item, index)]
    ]
    return record if len(problems) == before else None


def _read_organisation(reader: FieldReader) -> dict:
    phones = reader.objects("phones")
    return {
        "name": reader.text("name", column_length(Organisation, "name"), required=True),
        "description": reader.text("description"),
        "email": reader.email("email", column_length(Organisation, "email")),
        "url": reader.web_address("website", column_length(Organisation, "url"))
        or reader.web_address("url", column_length(Organisation, "url")),
        "phone": (reader.child("phones", phones[0], 0).text(
            "number", column_length(Organisation, "phone")) if phones else ""),
    }


def _read_service_values(reader: FieldReader, source_id: str) -> dict:
    def text(name, *fallbacks, column=None):
        length = column_length(Service, column or name)
        for candidate in (name, *fallbacks):
            value = reader.text(candidate, length)
            if value:
                return value
        return ""

    extension = reader.child(EXTENSION, reader.data.get(EXTENSION) or {})
    status = reader.text("status") or "active"
    if status not in ORUK_TO_STATUS:
        reader.problem("status", f"should be one of {', '.join(ORUK_TO_STATUS)}, not {status!r}")
    access = extension.data.get("access") or []
    url = reader.web_address("url", column_length(Service, "url"))
    if url.rstrip("/").endswith(f"/services/{source_id}"):
        url = ""  # our own page, given only because the profile needs a url
    values = {
        "name": text("name"),
        "summary": extension.text("summary", column_length(Service, "summary")),
        "description": reader.text("description"),
        "status": ORUK_TO_STATUS.get(status, ServiceStatus.DRAFT),
        "url": url,
        "email": reader.email("email", column_length(Service, "email")),
        "phone": _first_phone(reader),
        "cost": text("fees_description", "fees", column="cost"),
        "eligibility": reader.text("eligibility_description"),
        "minimum_age": reader.integer("minimum_age"),
        "maximum_age": reader.integer("maximum_age"),
        "last_checked_on": reader.date("assured_date"),
        "accessibility": extension.text("accessibility"),
        "keywords": _text_list(extension, "keywords"),
        "languages": [lang.get("name") for lang in reader.objects("languages")
                      if isinstance(lang, dict) and isinstance(lang.get("name"), str)],
        "self_referral": "self-referral" in access,
        "professional_referral": "professional-referral" in access,
        "drop_in": "drop-in" in access,
    }
    if not values["name"]:
        reader.problem("name", "is missing")
    if EXTENSION not in reader.data:
        values["summary"] = first_sentence(values["description"],
                                           column_length(Service, "summary"))
    return values


def first_sentence(text: str, limit: int) -> str:
    """A summary for lists, for data from elsewhere that has only a long description."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def _text_list(reader: FieldReader, name: str) -> list[str]:
    value = reader.data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        reader.problem(name, "should be a list of words")
        return []
    return value


def _first_phone(reader: FieldReader) -> str:
    length = column_length(Service, "phone")
    for holder in [reader.data, *reader.objects("contacts")]:
        phones = holder.get("phones") if isinstance(holder, dict) else None
        if phones and isinstance(phones, list):
            return reader.child("phones", phones[0], 0).text("number", length)
    return ""


def _read_locations(reader: FieldReader) -> list[LocationRecord]:
    locations = []
    for index, item in enumerate(reader.objects("service_at_locations")):
        link = reader.child("service_at_locations", item, index)
        place = link.child("location", link.data.get("location") or {})
        source_id = place.text("id", 200) or link.text("location_id", 200)
        if not source_id:
            place.problem("id", "is missing")
        addresses = place.objects("addresses") or place.objects("physical_addresses")
        address = place.child("addresses", addresses[0], 0) if addresses else None
        street = address.text("address_1") if address else ""
        town = address.text("city") if address else ""
        extension = place.data.get(EXTENSION) or {}
        if not address and isinstance(extension, dict) and isinstance(
                extension.get("address"), str):
            town = extension["address"].strip()  # ours, for a place we give no address for
        locations.append(LocationRecord(
            source_id=source_id,
            name=place.text("name", column_length(Location, "name"))
            or ", ".join(part for part in (street, town) if part) or "Unnamed place",
            address=", ".join(part for part in (street, town) if part),
            postcode=address.text("postal_code", column_length(Location, "postcode"))
            if address else "",
            latitude=place.number("latitude", -90, 90),
            longitude=place.number("longitude", -180, 180),
            hide_address=bool(isinstance(extension, dict) and extension.get("hide_address")),
            link_id=link.text("id", 200),
        ))
        if len(locations[-1].address) > column_length(Location, "address"):
            place.problem("addresses", "the address is too long to keep")
    return locations


def _read_schedule(reader: FieldReader, row_ids: dict) -> list[tuple[int, time, time, str]]:
    rows = []
    for index, item in enumerate(reader.objects("schedules")):
        schedule = reader.child("schedules", item, index)
        days = [day.strip().upper()[-2:] for day in schedule.text("byday").split(",")
                if day.strip()]
        opens, closes = schedule.time("opens_at"), schedule.time("closes_at")
        unknown = [day for day in days if day not in BYDAY]
        if unknown or not days:
            schedule.problem("byday", "should list days as MO,TU,WE,TH,FR,SA,SU")
            continue
        if opens and closes and closes <= opens:
            schedule.problem("closes_at", "should be later than opens_at")
        note = schedule.text("notes", 200) or schedule.text("description", 200)
        if opens and closes:
            rows.extend((BYDAY.index(day), opens, closes, note) for day in days)
            if len(days) == 1 and isinstance(item.get("id"), str):
                row_ids[("schedule", rows[-1])] = item["id"]
    return rows


def _read_funding(reader: FieldReader, row_ids: dict) -> list[tuple]:
    funding = []
    for index, item in enumerate(reader.objects("funding")):
        entry = reader.child("funding", item, index)
        source = entry.text("source", 200, required=True)
        extension = entry.child(EXTENSION, entry.data.get(EXTENSION) or {})
        start, end = extension.date("start_date"), extension.date("end_date")
        if not (start or end):
            start, end = _contract_dates(source)
        amount = extension.number("amount_per_year", 0, 10**10)
        funding.append((source, amount, start, end))
        if isinstance(item.get("id"), str):
            row_ids[("funding", funding[-1])] = item["id"]
    return funding


def _contract_dates(source: str) -> tuple[date | None, date | None]:
    """The MoJ catalogue writes contract dates into the text: "(contract X, 2021-06-26 to
    2026-12-31)". A contract that ends soon is a gap in waiting, so keep them as dates."""
    match = re.search(r"(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})", source)
    if not match:
        return None, None
    try:
        return date.fromisoformat(match[1]), date.fromisoformat(match[2])
    except ValueError:
        return None, None


def _read_terms(reader: FieldReader) -> list[TermReference]:
    terms = []
    for index, item in enumerate(reader.objects("attributes")):
        attribute = reader.child("attributes", item, index)
        term = attribute.child("taxonomy_term", attribute.data.get("taxonomy_term") or {})
        name = term.text("name") or term.text("term")
        if not name and not term.text("code"):
            term.problem("name", "is missing")
            continue
        taxonomy = term.text("taxonomy")
        detail = term.data.get("taxonomy_detail")
        if not taxonomy and isinstance(detail, dict):
            taxonomy = str(detail.get("name") or "")
        terms.append(TermReference(taxonomy=taxonomy, term_id=term.text("id"),
                                   code=term.text("code"), name=name))
    return terms
