"""Open Referral UK / HSDS 3.0 -> ours: one service object read and checked, field by field,
into a `ServiceRecord` the import then matches to the database. Every problem is named by record
and field, in words a council officer can act on. (Writing is in `oruk`.)"""

import re
from dataclasses import dataclass, field
from datetime import date, time

from directory.interop.oruk import EXTENSION, ORUK_TO_STATUS
from directory.listings import limits
from directory.listings.values import TERM_FIELDS, ServiceValues
from directory.models import ServiceStatus
from directory.models.listing import BYDAY
from directory.setup.input_hygiene import without_nul


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
    # Opening times at this place, when the file gives them for the place.
    schedule: list[tuple[int, time, time, str]] = field(default_factory=list)


@dataclass
class ServiceRecord:
    """One service read from a file, checked, not yet matched to the database."""

    label: str
    source_id: str
    organisation_source_id: str
    # None when the file names the organisation only by id: one already in the directory.
    organisation: dict | None
    values: dict
    locations: list[LocationRecord] = field(default_factory=list)
    schedule: list[tuple[int, time, time, str]] = field(default_factory=list)
    funding: list[tuple] = field(default_factory=list)
    terms: list[TermReference] = field(default_factory=list)
    area_names: list[str] = field(default_factory=list)
    # The file's own ids for schedule and funding rows, by their content, so that an import
    # into an empty directory keeps them.
    row_ids: dict[tuple, str] = field(default_factory=dict)

    def service_values(self, terms: dict[str, list], **own) -> ServiceValues:
        """What the file says its service should hold, for `values.apply`: `terms` are ours
        for the file's, by kind (the import's mapping finds them); `own` adds to or overrides
        its fields. Places are left to the import, which makes the ones that are new."""
        return ServiceValues(
            own={**self.values, **own},
            terms={attr: [term.id for term in terms.get(kind, [])]
                   for attr, kind in TERM_FIELDS.items()},
            schedule=self.schedule, funding=self.funding)


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
        value = without_nul(value).strip()  # as the forms do
        if max_length and len(value) > max_length:
            self.problem(name, f"is {len(value):,} characters long; the most it can have is "
                         f"{max_length:,} (the same as when typed into the site)")
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
        oldest = limits.OLDEST_AGE
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= oldest:
            self.problem(name, f"should be a whole number from 0 to {oldest}, not {value!r}")
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


def read_service(data, label: str, problems: list[Problem]) -> ServiceRecord | None:
    """Check one HSDS 3.0 service object and turn it into a ServiceRecord."""
    reader = FieldReader(data, label, problems)
    before = len(problems)
    source_id = reader.text("id", limits.SOURCE_ID, required=True)
    given = reader.data.get("organization")
    organisation = reader.child("organization", given or {})
    organisation_id = (organisation.text("id", limits.SOURCE_ID)
                       or reader.text("organization_id", limits.SOURCE_ID)) or None
    if not organisation_id:
        reader.problem("organization.id", "is missing: every service needs its organisation")
    record = ServiceRecord(
        label=label,
        source_id=source_id,
        organisation_source_id=organisation_id or "",
        organisation=_read_organisation(organisation) if given else None,
        values=_read_service_values(reader, source_id),
    )
    record.locations = _read_locations(reader)
    record.schedule = _read_schedule(reader, record.row_ids)
    record.funding = _read_funding(reader, record.row_ids)
    record.terms = _read_terms(reader)
    record.area_names = [
        area.text("name", limits.LOCATION["name"])
        or area.text("service_area", limits.LOCATION["name"])
        for index, item in enumerate(reader.objects("service_areas"))
        for area in [reader.child("service_areas", item, index)]
    ]
    return record if len(problems) == before else None


def read_organisation_only(data, label: str, problems: list[Problem]
                           ) -> tuple[str, str, dict] | None:
    """An organisation that has no services in the file: (label, id, values)."""
    reader = FieldReader(data, label, problems)
    before = len(problems)
    source_id = reader.text("id", limits.SOURCE_ID, required=True)
    values = _read_organisation(reader)
    return (label, source_id, values) if len(problems) == before else None


def _read_organisation(reader: FieldReader) -> dict:
    phones = reader.objects("phones")
    return {
        "name": reader.text("name", limits.ORGANISATION["name"], required=True),
        "description": reader.text("description", limits.ORGANISATION["description"]),
        "email": reader.email("email", limits.ORGANISATION["email"]),
        "url": reader.web_address("website", limits.ORGANISATION["url"])
        or reader.web_address("url", limits.ORGANISATION["url"]),
        "phone": (reader.child("phones", phones[0], 0).text(
            "number", limits.ORGANISATION["phone"]) if phones else ""),
    }


def _read_service_values(reader: FieldReader, source_id: str) -> dict:
    def text(name, *fallbacks, column=None):
        length = limits.SERVICE[column or name]
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
    url = reader.web_address("url", limits.SERVICE["url"])
    if url.rstrip("/").endswith(f"/services/{source_id}"):
        url = ""  # our own page, given only because the profile needs a url
    values = {
        "name": text("name"),
        "summary": extension.text("summary", limits.SERVICE["summary"]),
        "description": reader.text("description", limits.SERVICE["description"]),
        "status": ORUK_TO_STATUS.get(status, ServiceStatus.DRAFT),
        "url": url,
        "email": reader.email("email", limits.SERVICE["email"]),
        "phone": _first_phone(reader),
        "cost": text("fees_description", "fees", column="cost"),
        "eligibility": reader.text("eligibility_description", limits.SERVICE["eligibility"]),
        "minimum_age": reader.integer("minimum_age"),
        "maximum_age": reader.integer("maximum_age"),
        "last_checked_on": reader.date("assured_date"),
        "accessibility": extension.text("accessibility", limits.SERVICE["accessibility"]),
        "keywords": _text_list(extension, "keywords", extension.data.get("keywords")),
        "languages": _text_list(reader, "languages", [
            lang.get("name") for lang in reader.objects("languages")
            if isinstance(lang, dict) and isinstance(lang.get("name"), str)]),
        "alternate_name": reader.text("alternate_name", limits.SERVICE["alternate_name"]),
        **_contact(reader, reader.data.get("name")),
        "required_documents": [
            document for index, item in enumerate(reader.objects("required_documents"))
            if (document := reader.child("required_documents", item, index).text(
                "document", limits.SERVICE["required_document"]))],
        "cost_options": _cost_options(reader),
        "self_referral": "self-referral" in access,
        "professional_referral": "professional-referral" in access,
        "drop_in": "drop-in" in access,
    }
    if not values["name"]:
        reader.problem("name", "is missing")
    if EXTENSION not in reader.data:
        values["summary"] = first_sentence(values["description"],
                                           limits.SERVICE["summary"])
    return values


def first_sentence(text: str, limit: int) -> str:
    """A summary for lists, for data from elsewhere that has only a long description."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def _text_list(reader: FieldReader, name: str, value) -> list[str]:
    """Words kept as a list (keywords, languages): the form takes them as one line, so the
    same limit applies to them joined."""
    value = value or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        reader.problem(name, "should be a list of words")
        return []
    words = [word for item in value if (word := without_nul(item).strip())]
    length, most = len(", ".join(words)), limits.SERVICE[name]
    if length > most:
        reader.problem(name, f"are {length:,} characters long together; the most is {most:,} "
                       "(the same as when typed into the site)")
    return words


def _contact(reader: FieldReader, service_name) -> dict:
    """Who to ask for: the first contact with a name (not just the service's own name, which
    is what our export and others give where the profile wants a contact's name)."""
    for index, item in enumerate(reader.objects("contacts")):
        contact = reader.child("contacts", item, index)
        name = contact.text("name", limits.SERVICE["contact_name"])
        if name and name != service_name:
            return {"contact_name": name,
                    "contact_title": contact.text("title", limits.SERVICE["contact_title"])}
    return {"contact_name": "", "contact_title": ""}


def _cost_options(reader: FieldReader) -> list[dict]:
    options = []
    for index, item in enumerate(reader.objects("cost_options")):
        option = reader.child("cost_options", item, index)
        kept = {"option": option.text("option", limits.SERVICE["cost"]),
                "amount": option.number("amount", 0, 10**7),
                "currency": option.text("currency", 3).upper(),
                "amount_description": option.text("amount_description", limits.SERVICE["cost"])}
        if any(value not in (None, "") for value in kept.values()):
            options.append({key: value for key, value in kept.items() if value not in (None, "")})
    return options


def _first_phone(reader: FieldReader) -> str:
    length = limits.SERVICE["phone"]
    for holder in [reader.data, *reader.objects("contacts")]:
        phones = holder.get("phones") if isinstance(holder, dict) else None
        if phones and isinstance(phones, list):
            # Quotes round a number (the upstream examples have them) are not part of it.
            return reader.child("phones", phones[0], 0).text("number", length).strip('"\' ')
    return ""


def _read_locations(reader: FieldReader) -> list[LocationRecord]:
    locations = []
    for index, item in enumerate(reader.objects("service_at_locations")):
        link = reader.child("service_at_locations", item, index)
        place = link.child("location", link.data.get("location") or {})
        source_id = (place.text("id", limits.SOURCE_ID)
                     or link.text("location_id", limits.SOURCE_ID))
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
            name=place.text("name", limits.LOCATION["name"])
            or ", ".join(part for part in (street, town) if part) or "Unnamed place",
            address=", ".join(part for part in (street, town) if part),
            postcode=address.text("postal_code", limits.LOCATION["postcode"])
            if address else "",
            latitude=place.number("latitude", -90, 90),
            longitude=place.number("longitude", -180, 180),
            hide_address=bool(isinstance(extension, dict) and extension.get("hide_address")),
            link_id=link.text("id", limits.SOURCE_ID),
            schedule=_read_schedule(link, {}) or _read_schedule(place, {}),
        ))
        if len(locations[-1].address) > limits.LOCATION["address"]:
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
        note = (schedule.text("notes", limits.SCHEDULE_NOTE)
                or schedule.text("description", limits.SCHEDULE_NOTE))
        if opens and closes:
            rows.extend((BYDAY.index(day), opens, closes, note) for day in days)
            if len(days) == 1 and isinstance(item.get("id"), str):
                row_ids[("schedule", rows[-1])] = item["id"]
    return rows


def _read_funding(reader: FieldReader, row_ids: dict) -> list[tuple]:
    funding = []
    for index, item in enumerate(reader.objects("funding")):
        entry = reader.child("funding", item, index)
        source = entry.text("source", limits.FUNDER, required=True)
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
