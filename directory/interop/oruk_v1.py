"""The older Open Referral UK v1 shapes, for clients that still speak it (ServiceFinder).

Written from the same listings, by the same rules, as the 3.0 shapes in `oruk`: only
published services, a refuge by its town only. The mapping is in docs/oruk-v1.md; the import
reads these shapes back (`importing.from_oruk_v1`).
"""

from directory.interop import oruk
from directory.models import Location, Service
from directory.models.listing import BYDAY, WEEKDAYS

VERSION = "1.0"
# The name of the stand-in place a service with no building gets (see `_no_place`); the import
# leaves it out.
NO_PLACE = "No building to visit"
# v1 vocabulary -> our taxonomy. Our own names, and the ESD names ServiceFinder asks for.
VOCABULARIES = {
    "pathway": "pathway", "esdNeeds": "pathway",
    "client_group": "client_group", "esdCircumstances": "client_group",
    "stage": "stage", "esdServiceTypes": "stage",
}


def page_json(content: list, total: int, page: int, per_page: int) -> dict:
    """v1 pages, numbered from 1 as ServiceFinder counts them."""
    total_pages = max(1, -(-total // per_page))
    return {
        "totalElements": total,
        "totalPages": total_pages,
        "number": page,
        "size": per_page,
        "numberOfElements": len(content),
        "first": page == 1,
        "last": page >= total_pages,
        "content": content,
    }


def term_json(key: str, term) -> dict:
    """Our terms are one level deep, so none has a parent."""
    return {"id": str(term.id), "name": term.name, "vocabulary": key, "parent": None}


def service_json(service: Service) -> dict:
    return {
        "id": str(service.id),
        "name": service.name,
        "alternate_name": service.alternate_name,
        "description": service.description or service.summary,
        "url": oruk.service_url(service),
        "email": service.email,
        "status": oruk.STATUS_TO_ORUK[service.status],
        "fees": service.cost,
        "assured_date": (service.last_checked_on.isoformat() if service.last_checked_on
                         else None),
        "organization": _organisation_json(service.organisation),
        "contacts": _contacts(service),
        "languages": [{"id": oruk.derived_id("language", service.id, name), "language": name}
                      for name in service.languages],
        "service_at_locations": [
            {"id": str(link.id), "location": _location_json(link.location),
             "regular_schedules": [_schedule_json(row, oruk.derived_id("schedule", link.id, n))
                                   for n, row in enumerate(link.schedule_rows)]}
            for link in service.service_at_locations
        ] or [_no_place(service)],
        "regular_schedules": [_schedule_json(row, str(row.id)) for row in service.schedule],
        "cost_options": [
            {"id": oruk.derived_id("cost_option", service.id, index),
             "option": option.get("option", ""), "amount": option.get("amount"),
             "currency": option.get("currency", ""),
             "amount_description": option.get("amount_description", "")}
            for index, option in enumerate(service.cost_options or [])],
        "required_documents": [
            {"id": oruk.derived_id("required_document", service.id, index), "document": text}
            for index, text in enumerate(service.required_documents or [])],
        "eligibilitys": [{
            "id": oruk.derived_id("eligibility", service.id),
            "eligibility": service.eligibility,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
        }],
        "service_taxonomys": [
            {"id": oruk.derived_id("attribute", service.id, term.id),
             "taxonomy": term_json(key, term)}
            for key, term in oruk.service_terms(service)
        ],
        "service_areas": [{"id": oruk.derived_id("service_area", service.id, area.id),
                           "service_area": area.name} for area in service.areas],
        "links": [],
        "reviews": [],
    }


def _organisation_json(organisation) -> dict:
    return {"id": str(organisation.id), "name": organisation.name,
            "description": organisation.description, "email": organisation.email,
            "url": organisation.url, "website": organisation.url}


def _contacts(service: Service) -> list[dict]:
    """Who to ask for (a person's name and job title, when kept) and the phone number."""
    if not (service.phone or service.contact_name):
        return []
    contact_id = oruk.derived_id("contact", service.id)
    return [{"id": contact_id, "name": service.contact_name or service.name,
             "title": service.contact_title if service.contact_name else "",
             "phones": [{"id": oruk.derived_id("phone", contact_id), "number": service.phone}]
             if service.phone else []}]


def _schedule_json(row, row_id: str) -> dict:
    return {"id": row_id, "weekday": WEEKDAYS[row.weekday], "byday": BYDAY[row.weekday],
            "opens_at": row.opens_at.strftime("%H:%M"),
            "closes_at": row.closes_at.strftime("%H:%M"), "description": row.note}


def _location_json(location: Location) -> dict:
    """As in 3.0, a refuge's street, postcode and map position never leave: its address is
    its town, and its postcode is empty (ServiceFinder reads one on every address)."""
    street, _, town = (part.strip() for part in location.address.rpartition(","))
    hidden = location.hide_address
    address = {
        "id": oruk.derived_id("address", location.id),
        "address_1": "" if hidden else street or location.name,
        "city": location.public_address if hidden else town or street,
        "postal_code": "" if hidden else location.postcode,
        "country": "GB",
    }
    return {
        "id": str(location.id),
        "name": location.name,
        "latitude": None if hidden else location.latitude,
        "longitude": None if hidden else location.longitude,
        "physical_addresses": [address],
    }


def _no_place(service: Service) -> dict:
    """A service with no building to visit (by phone, online, in a prison) still gets one
    address-like entry: ServiceFinder shows an error page for a service without one. It says
    where the service is available instead."""
    where = ", ".join(area.name for area in service.areas) or "Ask the service"
    place_id = oruk.derived_id("no-place", service.id)
    return {"id": place_id, "location": {
        "id": place_id, "name": NO_PLACE,
        "physical_addresses": [{"id": oruk.derived_id("address", place_id),
                                "address_1": "No building to visit. ", "city": where,
                                "postal_code": "", "country": "GB"}],
    }}
