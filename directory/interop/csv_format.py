"""Our CSV format (docs/import-csv.md), both ways: one row per service, with extra rows for
its further places and funders. Reading turns rows into the HSDS 3.0 objects `oruk` reads, so
CSV and JSON imports are checked by the same code."""

import csv
import io
import re

from directory.interop import oruk
from directory.interop.oruk import EXTENSION, STATUS_TO_ORUK
from directory.interop.reading import Problem
from directory.listings.csv_output import unquoted_cell, write_records
from directory.models import Service, ServiceStatus
from directory.models.listing import BYDAY

SERVICE_COLUMNS = [
    "service_id", "name", "status", "summary", "description", "url", "email", "phone", "cost",
    "eligibility", "minimum_age", "maximum_age", "languages", "accessibility", "keywords",
    "access", "last_checked_on", "opening_times", "pathways", "client_groups", "stages", "areas",
    "alternate_name", "contact_name", "contact_title", "cost_options", "required_documents",
]
ORGANISATION_COLUMNS = [
    "organisation_id", "organisation_name", "organisation_description", "organisation_url",
    "organisation_email", "organisation_phone",
]
LOCATION_COLUMNS = [
    "location_id", "location_name", "location_address", "location_postcode",
    "location_latitude", "location_longitude", "location_hide_address",
    "location_opening_times",
]
FUNDING_COLUMNS = ["funder", "funding_amount_per_year", "funding_start_date", "funding_end_date"]
COLUMNS = SERVICE_COLUMNS + ORGANISATION_COLUMNS + LOCATION_COLUMNS + FUNDING_COLUMNS
REQUIRED_COLUMNS = ["service_id", "name", "organisation_id", "organisation_name"]
LIST_SEPARATOR = ";"
# Cost options and required documents are free text that may hold ";": one a line in the
# cell, and a cost option's parts (option, amount, currency, description) split by " | ".
LINE_SEPARATOR = "\n"
PART_SEPARATOR = " | "
COST_PARTS = ("option", "amount", "currency", "amount_description")
OPENING = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*(.*)$")
TAXONOMY_COLUMNS = {"pathways": "pathway", "client_groups": "client_group", "stages": "stage"}


# ---- ours -> CSV ----------------------------------------------------------------------------


def rows_for(service: Service) -> list[dict]:
    """The rows for one service: the first holds everything, later ones one more place or
    funder each."""
    first = {**_service_cells(service), **_organisation_cells(service.organisation)}
    places = [{**_location_cells(link.location),
               "location_opening_times": _opening_times(link.schedule_rows)}
              for link in service.service_at_locations]
    funders = [_funding_cells(funding) for funding in service.funding]
    rows = []
    for index in range(max(1, len(places), len(funders))):
        row = dict(first) if index == 0 else {"service_id": str(service.id)}
        row.update(places[index] if index < len(places) else {})
        row.update(funders[index] if index < len(funders) else {})
        rows.append(row)
    return rows


def _joined(values) -> str:
    return LIST_SEPARATOR.join(values)


def _service_cells(service: Service) -> dict:
    access = [name for name, on in zip(oruk.ACCESS_METHODS, (
        service.self_referral, service.professional_referral, service.drop_in), strict=True) if on]
    return {
        "service_id": str(service.id), "name": service.name, "status": service.status,
        "summary": service.summary, "description": service.description, "url": service.url,
        "email": service.email, "phone": service.phone, "cost": service.cost,
        "eligibility": service.eligibility,
        "minimum_age": "" if service.minimum_age is None else service.minimum_age,
        "maximum_age": "" if service.maximum_age is None else service.maximum_age,
        "languages": _joined(service.languages), "accessibility": service.accessibility,
        "keywords": _joined(service.keywords), "access": _joined(access),
        "last_checked_on": service.last_checked_on.isoformat() if service.last_checked_on else "",
        "opening_times": _opening_times(service.schedule),
        "pathways": _joined(t.slug for t in service.pathways),
        "client_groups": _joined(t.slug for t in service.client_groups),
        "stages": _joined(t.slug for t in service.stages),
        "areas": _joined(t.slug for t in service.areas),
        "alternate_name": service.alternate_name, "contact_name": service.contact_name,
        "contact_title": service.contact_title,
        "cost_options": LINE_SEPARATOR.join(
            PART_SEPARATOR.join(_cost_part(option.get(part)) for part in COST_PARTS)
            for option in service.cost_options or []),
        "required_documents": LINE_SEPARATOR.join(service.required_documents or []),
    }


def _opening_times(rows) -> str:
    return _joined(f"{BYDAY[row.weekday]} {row.opens_at:%H:%M}-{row.closes_at:%H:%M}"
                   + (f" {row.note}" if row.note else "") for row in rows)


def _cost_part(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _organisation_cells(organisation) -> dict:
    return {
        "organisation_id": str(organisation.id), "organisation_name": organisation.name,
        "organisation_description": organisation.description,
        "organisation_url": organisation.url, "organisation_email": organisation.email,
        "organisation_phone": organisation.phone,
    }


def _location_cells(location) -> dict:
    """As in the API: a refuge is given by its town only."""
    shown = oruk.location_json(location)
    return {
        "location_id": str(location.id), "location_name": location.name,
        "location_address": location.public_address if location.hide_address
        else location.address,
        "location_postcode": "" if location.hide_address else location.postcode,
        "location_latitude": shown.get("latitude", ""),
        "location_longitude": shown.get("longitude", ""),
        "location_hide_address": "yes" if location.hide_address else "",
    }


def _funding_cells(funding) -> dict:
    return {
        "funder": funding.funder,
        "funding_amount_per_year": "" if funding.amount_per_year is None
        else f"{funding.amount_per_year:f}",
        "funding_start_date": funding.start_date.isoformat() if funding.start_date else "",
        "funding_end_date": funding.end_date.isoformat() if funding.end_date else "",
    }


def write_csv(services: list[Service], stream) -> None:
    write_records(stream, COLUMNS, (row for service in services for row in rows_for(service)))


# ---- CSV -> HSDS 3.0 objects ----------------------------------------------------------------


def read_csv(text: str, problems: list[Problem]) -> list[tuple[str, dict]]:
    """(label, HSDS 3.0 service object) for each service in the file."""
    reader = csv.DictReader(io.StringIO(text))
    services: dict[str, tuple[str, dict]] = {}
    try:
        missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            problems.append(Problem("file", "header", "is missing the columns "
                                    + ", ".join(missing)
                                    + " (see docs/import-csv.md for the format)"))
            return []
        for number, row in enumerate(reader, start=2):
            _add_row(services, number, row, problems)
    except csv.Error as error:
        problems.append(Problem("file", f"line {reader.line_num}",
                                f"is not readable CSV ({error}); is it a CSV file?"))
    return list(services.values())


def _add_row(services: dict, number: int, row: dict, problems: list[Problem]) -> None:
    if None in row:
        problems.append(Problem(f"row {number}", "columns", "has more cells than the header"))
    cells = {key: unquoted_cell((value or "").strip()) for key, value in row.items() if key}
    service_id = cells.get("service_id", "")
    if not service_id:
        problems.append(Problem(f"row {number}", "service_id", "is missing"))
        return
    label = f"row {number} (service {service_id})"
    if service_id not in services:
        services[service_id] = (label, _service_object(cells, label, problems))
    else:
        _check_repeat(cells, services[service_id][0], label, problems)
    service = services[service_id][1]
    if cells.get("location_id") or cells.get("location_name"):
        service["service_at_locations"].append(_location_object(cells, label, problems))
    if cells.get("funder"):
        service["funding"].append(_funding_object(cells))


def _check_repeat(cells: dict, first_label: str, label: str, problems: list[Problem]) -> None:
    """A later row of a service only adds a place or a funder; service columns stay empty."""
    for name in SERVICE_COLUMNS[1:] + ORGANISATION_COLUMNS:
        if cells.get(name):
            problems.append(Problem(label, name, f"should be empty: {first_label} already "
                                    "describes this service (later rows add places and funders)"))


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def _service_object(cells: dict, label: str, problems: list[Problem]) -> dict:
    status = cells.get("status") or ServiceStatus.PUBLISHED
    return {
        "id": cells["service_id"], "name": cells.get("name", ""),
        "status": STATUS_TO_ORUK.get(status, status),
        "description": cells.get("description", ""), "url": cells.get("url", ""),
        "email": cells.get("email", ""),
        "phones": [{"number": cells["phone"]}] if cells.get("phone") else [],
        "fees_description": cells.get("cost", ""),
        "eligibility_description": cells.get("eligibility", ""),
        "minimum_age": cells.get("minimum_age", ""), "maximum_age": cells.get("maximum_age", ""),
        "assured_date": cells.get("last_checked_on", ""),
        "languages": [{"name": name} for name in _split(cells.get("languages", ""))],
        "schedules": _schedules(cells.get("opening_times", ""), label, problems),
        "attributes": [
            {"taxonomy_term": {"taxonomy": key, "code": value, "name": value}}
            for column, key in TAXONOMY_COLUMNS.items() for value in _split(cells.get(column, ""))
        ],
        "service_areas": [{"name": value} for value in _split(cells.get("areas", ""))],
        "alternate_name": cells.get("alternate_name", ""),
        "contacts": ([{"name": cells["contact_name"], "title": cells.get("contact_title", "")}]
                     if cells.get("contact_name") else []),
        "cost_options": [dict(zip(COST_PARTS, [*line.split(PART_SEPARATOR.strip()), "", "", ""]
                                  [:4], strict=True))
                         for line in _lines(cells.get("cost_options", ""))],
        "required_documents": [{"document": line}
                               for line in _lines(cells.get("required_documents", ""))],
        "organization": {
            "id": cells.get("organisation_id", ""), "name": cells.get("organisation_name", ""),
            "description": cells.get("organisation_description", ""),
            "website": cells.get("organisation_url", ""),
            "email": cells.get("organisation_email", ""),
            "phones": ([{"number": cells["organisation_phone"]}]
                       if cells.get("organisation_phone") else []),
        },
        "service_at_locations": [],
        "funding": [],
        EXTENSION: {
            "summary": cells.get("summary", ""), "accessibility": cells.get("accessibility", ""),
            "keywords": _split(cells.get("keywords", "")),
            "access": _access(cells.get("access", ""), label, problems),
        },
    }


def _access(value: str, label: str, problems: list[Problem]) -> list[str]:
    methods = _split(value)
    for method in methods:
        if method not in oruk.ACCESS_METHODS:
            problems.append(Problem(label, "access", f"{method!r} should be one of "
                                    + ", ".join(oruk.ACCESS_METHODS)))
    return methods


def _schedules(value: str, label: str, problems: list[Problem],
               column: str = "opening_times") -> list[dict]:
    schedules = []
    for part in _split(value):
        match = OPENING.match(part)
        if not match:
            problems.append(Problem(label, column, f"{part!r} should look like "
                                    "'MO 09:00-17:00' (a day, opening and closing times, a note)"))
            continue
        day, opens, closes, note = match.groups()
        schedules.append({"byday": day, "opens_at": opens.zfill(5), "closes_at": closes.zfill(5),
                          "notes": note})
    return schedules


def _location_object(cells: dict, label: str, problems: list[Problem]) -> dict:
    street, _, town = cells.get("location_address", "").rpartition(",")
    return {
        "schedules": _schedules(cells.get("location_opening_times", ""), label, problems,
                                "location_opening_times"),
        "location": {
            "id": cells.get("location_id") or cells.get("location_name", ""),
            "name": cells.get("location_name", ""),
            "latitude": cells.get("location_latitude", ""),
            "longitude": cells.get("location_longitude", ""),
            "addresses": [{"address_1": street.strip(), "city": town.strip(),
                           "postal_code": cells.get("location_postcode", "")}],
            EXTENSION: {"hide_address": cells.get("location_hide_address", "").lower()
                        in ("yes", "true", "1")},
        }
    }


def _funding_object(cells: dict) -> dict:
    return {"source": cells["funder"], EXTENSION: {
        "amount_per_year": cells.get("funding_amount_per_year", ""),
        "start_date": cells.get("funding_start_date", ""),
        "end_date": cells.get("funding_end_date", ""),
    }}
