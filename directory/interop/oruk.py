"""The one mapping between our listings and Open Referral UK (the UK profile of HSDS 3.0).

The API and the export write with `service_json` and friends; the import reads with
`reading.read_service`, which uses the names and constants here: that is what makes an export
import back unchanged.

Fields HSDS has no place for travel in a `rehabilitation_pathways` object on the service (and
on locations and funding); HSDS allows extra properties, and other readers can ignore it.
"""

import uuid
from datetime import UTC, datetime

from directory.models import TAXONOMIES, Location, Organisation, Service, ServiceStatus
from directory.models.listing import BYDAY
from directory.places.geography import find_place
from directory.setup.links import external_url

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
    return service.url or external_url("public.service", service_id=service.id)


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
        "alternate_name": service.alternate_name,
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
        "cost_options": [_cost_option_json(service, index, option)
                         for index, option in enumerate(service.cost_options or [])],
        "required_documents": [
            {"id": derived_id("required_document", service.id, index),
             "service_id": str(service.id), "document": document}
            for index, document in enumerate(service.required_documents or [])
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
    """One contact: who to ask for (name and job title, kept from imports) and how. Without a
    person's name, the profile's name for the contact is the service's own."""
    if not (service.phone or service.email or service.contact_name):
        return []
    return [_without_empty({
        "id": derived_id("contact", service.id),
        "service_id": str(service.id),
        "name": service.contact_name or service.name,
        "title": service.contact_title if service.contact_name else None,
        "email": service.email,
        "phones": _phones(derived_id("contact", service.id), service.phone),
    })]


def _cost_option_json(service: Service, index: int, option: dict) -> dict:
    """A price kept from an import, as HSDS writes it (currency in lower case, as the UK
    profile expects "gbp")."""
    return _without_empty({
        "id": derived_id("cost_option", service.id, index),
        "service_id": str(service.id),
        "option": option.get("option"),
        "amount": option.get("amount"),
        "currency": (option.get("currency") or "").lower(),
        "amount_description": option.get("amount_description"),
    })


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


def _place_schedule_json(link, index: int, row: dict) -> dict:
    """Opening times at one place, when they differ from the service's own."""
    return _without_empty({
        "id": derived_id("schedule", link.id, index),
        "service_at_location_id": str(link.id),
        "freq": "WEEKLY",
        "byday": BYDAY[row["weekday"]],
        "opens_at": row["opens_at"],
        "closes_at": row["closes_at"],
        "notes": row.get("note"),
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
    data = _without_empty({
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "schedules": [_place_schedule_json(link, index, row)
                      for index, row in enumerate(link.schedule or [])],
        "location": location_json(link.location),
    })
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
