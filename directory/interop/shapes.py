"""Which shape a file has, said in words, and the services (and organisations) in it.

Open Referral UK / HSDS 3.0 publishes the same listings in several shapes; each is turned into
HSDS service objects (each with its organisation and places) for `reading.read_service`:

- a list or page of services (/services, /services/{id});
- organisations holding their services, and their places (/organizations, /organizations/{id});
- service_at_locations, each holding a service and a place (/service_at_locations);
- the older ORUK v1 pages ({"content": [...]});
- the HSDS tabular package: services.csv, organizations.csv, locations.csv, … (see `tabular`).

A service may name its organisation only by `organization_id`: the organisation is then taken
from elsewhere in the file, or from the directory when the file does not have it.
"""

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import ijson

from directory.interop.oruk_v1 import NO_PLACE
from directory.interop.reading import Problem

ORGANISATION_KEYS = {"website", "legal_status", "tax_status", "year_incorporated",
                     "parent_organization_id", "organization_identifiers", "services"}


@dataclass
class FileContents:
    """What a file holds, read one object at a time (a big file is never held whole): each
    item is ("service" or "organization", label, object). Organisations come as items of their
    own only when they have no services in the file (so later files can refer to them)."""

    shape: str = ""  # "services", "organizations", "service_at_locations", …
    items: Iterable[tuple[str, str, dict]] = ()
    services: int = 0
    organisations: int = 0
    owners: set = field(default_factory=set)

    @classmethod
    def of_services(cls, shape: str, services: Iterable[tuple[str, dict]]) -> "FileContents":
        return cls(shape, (("service", label, item) for label, item in services))

    def each(self) -> Iterator[tuple[str, str, dict]]:
        for kind, label, item in self.items:
            if kind == "service":
                self.services += 1
                if isinstance(item, dict):
                    self.owners.add(_id_of(item.get("organization"))
                                    or str(item.get("organization_id")))
            else:
                self.organisations += 1
            yield kind, label, item

    def described(self) -> str:
        services = _count(self.services, "service")
        if self.shape == "organizations":
            return (f"This file holds organizations: "
                    f"{_count(self.organisations + len(self.owners), 'organization')}"
                    f" with {services} between them.")
        return f"This file holds {self.shape}: {services}."


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def _id_of(item) -> str:
    value = item.get("id") if isinstance(item, dict) else None
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def label_for(kind: str, index: int, item) -> str:
    if isinstance(item, dict) and _id_of(item):
        name = item.get("name") if isinstance(item.get("name"), str) else ""
        return f"{kind} {index} (id {_id_of(item)}{', ' + name[:60] if name else ''})"
    return f"{kind} {index}"


def kind_of(item) -> str:
    """What one object in a file is: "service", "organization" or "service_at_location"."""
    if not isinstance(item, dict):
        return "service"
    if isinstance(item.get("service"), dict) or (
            "service_id" in item and "location_id" in item and "name" not in item):
        return "service_at_location"
    if "status" not in item and "organization" not in item and "organization_id" not in item \
            and ORGANISATION_KEYS & item.keys():
        return "organization"
    return "service"


def contents_of(items: Iterable, problems: list[Problem]) -> FileContents:
    """The services in a list (or stream) of one kind of object: the first one's kind."""
    whole = _whole_organisations(items) if isinstance(items, list) else {}
    items = iter(items)
    first = next(items, None)
    if first is None:
        return FileContents("services")
    items = itertools.chain([first], items)
    kind = kind_of(first)
    if kind == "organization":
        return FileContents("organizations", _from_organisations(items))
    if kind == "service_at_location":
        return FileContents.of_services("service_at_locations",
                                        _from_service_at_locations(items, problems))
    return FileContents.of_services("services", _filled(
        ((label_for("service", index, item), item) for index, item in enumerate(items, start=1)),
        whole))


def _from_organisations(items: Iterable) -> Iterator[tuple[str, str, dict]]:
    for index, organisation in enumerate(items, start=1):
        label = label_for("organization", index, organisation)
        services = organisation.get("services") if isinstance(organisation, dict) else None
        if not isinstance(services, list) or not services:
            yield "organization", label, organisation
            continue
        own = {key: value for key, value in organisation.items()
               if key not in ("services", "locations")}
        places = {_id_of(place): place for place in organisation.get("locations") or []
                  if _id_of(place)}
        for number, service in enumerate(services, start=1):
            if isinstance(service, dict):
                service = {**service, "organization": service.get("organization") or own}
                service["service_at_locations"] = _with_places(
                    service.get("service_at_locations"), places)
            yield "service", f"{label}, {label_for('service', number, service)}", service


def _with_places(links, places: dict) -> list:
    """Links that name their place only by `location_id` get the place from the file."""
    if not isinstance(links, list):
        return links
    return [{**link, "location": places[str(link.get("location_id"))]}
            if isinstance(link, dict) and not link.get("location")
            and str(link.get("location_id")) in places else link
            for link in links]


def _from_service_at_locations(items: Iterable, problems: list[Problem]
                               ) -> list[tuple[str, dict]]:
    """Each service once, with every place it is offered at in the file (so these are held
    together, one small object a service)."""
    services: dict[str, tuple[str, dict]] = {}
    for index, link in enumerate(items, start=1):
        label = label_for("service_at_location", index, link)
        service = link.get("service") if isinstance(link, dict) else None
        if not isinstance(service, dict) or not _id_of(service):
            problems.append(Problem(label, "service", "is missing: each service_at_location "
                                    "needs the service it is for, with its id"))
            continue
        place_link = {key: value for key, value in link.items() if key != "service"}
        key = _id_of(service)
        if key not in services:
            services[key] = (f"{label}, service", {**service, "service_at_locations": []})
        services[key][1]["service_at_locations"].append(place_link)
    return list(services.values())


def _whole_organisations(items: list) -> dict[str, dict]:
    return {_id_of(item["organization"]): item["organization"] for item in items
            if isinstance(item, dict) and isinstance(item.get("organization"), dict)
            and _id_of(item["organization"])}


def _filled(services: Iterable[tuple[str, dict]],
            whole: dict[str, dict]) -> Iterator[tuple[str, dict]]:
    """A service that names its organisation only by id gets it from a service of the file
    that holds it whole (in a stream, an earlier one), or else from the directory."""
    for label, item in services:
        if isinstance(item, dict):
            organisation = item.get("organization")
            if isinstance(organisation, dict) and _id_of(organisation):
                whole.setdefault(_id_of(organisation), organisation)
            elif not organisation and str(item.get("organization_id")) in whole:
                item = {**item, "organization": whole[str(item["organization_id"])]}
        yield label, item


def oruk_v1_contents(data: dict, problems: list[Problem], notes: list[str]) -> FileContents | None:
    content = data.get("content")
    if not isinstance(content, list):
        problems.append(Problem("file", "content", "should be a list of services"))
        return None
    pages = data.get("totalPages")
    if isinstance(pages, int) and pages > 1:
        notes.append(f"This file is page {data.get('number', '?')} of {pages}: import "
                     "the other pages too.")
    return FileContents.of_services("services (Open Referral UK version 1)", [
        (label_for("service", index, item), from_oruk_v1(item) if isinstance(item, dict)
         else item) for index, item in enumerate(content, start=1)])


def from_oruk_v1(service: dict) -> dict:
    """An ORUK v1 service (regular_schedules, service_taxonomys, eligibilitys, …) in the
    shape of HSDS 3.0, so one reader checks both."""
    eligibility = next((e for e in service.get("eligibilitys") or [] if isinstance(e, dict)), {})
    organisation = dict(service.get("organization") or {})
    organisation.setdefault("website", organisation.get("url", ""))
    return {
        **{key: service.get(key) for key in ("id", "name", "alternate_name", "description",
                                             "url", "email", "status", "fees", "assured_date",
                                             "cost_options", "required_documents")},
        "minimum_age": service.get("minimum_age", eligibility.get("minimum_age")),
        "maximum_age": service.get("maximum_age", eligibility.get("maximum_age")),
        "organization": organisation,
        "contacts": service.get("contacts") or [],
        "service_at_locations": [
            {**link, "schedules": _v1_schedules(link.get("regular_schedules"))}
            if isinstance(link, dict) else link
            for link in service.get("service_at_locations") or []
            if not _no_place(link)],
        "schedules": _v1_schedules(service.get("regular_schedules")),
        "languages": [{"name": lang.get("language")} for lang in service.get("languages") or []
                      if isinstance(lang, dict)],
        "funding": service.get("fundings") or [],
        "attributes": [
            {"taxonomy_term": {"id": (link.get("taxonomy") or {}).get("id"),
                               "name": (link.get("taxonomy") or {}).get("name"),
                               "taxonomy": (link.get("taxonomy") or {}).get("vocabulary")}}
            for link in service.get("service_taxonomys") or [] if isinstance(link, dict)
        ],
        "service_areas": [{"name": area.get("service_area")}
                          for area in service.get("service_areas") or []
                          if isinstance(area, dict)],
    }


def _no_place(link) -> bool:
    """The stand-in our v1 API gives a service with no building (ServiceFinder needs one
    address on every service): not a place to import."""
    return (isinstance(link, dict) and isinstance(link.get("location"), dict)
            and link["location"].get("name") == NO_PLACE)


def _v1_schedules(rows) -> list:
    """v1 `regular_schedules` as 3.0 `schedules` (a day name where 3.0 has a day code)."""
    return [{**row, "byday": row.get("byday") or _v1_day(row.get("weekday"))}
            for row in rows or [] if isinstance(row, dict)]


def _v1_day(weekday) -> str:
    from directory.models.listing import BYDAY, WEEKDAYS

    names = [day.lower() for day in WEEKDAYS]
    if isinstance(weekday, str) and weekday.lower() in names:
        return BYDAY[names.index(weekday.lower())]
    if isinstance(weekday, int) and 1 <= weekday <= 7:
        return BYDAY[weekday - 1]
    return str(weekday or "")


def stream_json(handle: BinaryIO, problems: list[Problem], notes: list[str]
                ) -> FileContents | None:
    """A big JSON file read one object at a time: a list, a page ({"contents": [...]}) or an
    ORUK v1 page ({"content": [...]}). None when it is none of these (read it whole)."""
    prefix = _items_prefix(handle, problems)
    handle.seek(0)
    if prefix is None:
        return None
    items = _guarded(ijson.items(handle, prefix, use_float=True), problems)
    if prefix == "content.item":
        return FileContents.of_services("services (Open Referral UK version 1)", (
            (label_for("service", index, item),
             from_oruk_v1(item) if isinstance(item, dict) else item)
            for index, item in enumerate(items, start=1)))
    return contents_of(items, problems)


def _items_prefix(handle: BinaryIO, problems: list[Problem]) -> str | None:
    try:
        for prefix, event, value in ijson.parse(handle):
            if prefix == "" and event == "start_array":
                return "item"
            if prefix == "" and event == "map_key" and value in ("contents", "content"):
                return f"{value}.item"
            if prefix == "" and event == "end_map":
                return None
    except ijson.JSONError:
        return None  # read whole, which names the mistake by line and column
    return None


def _guarded(items: Iterable, problems: list[Problem]) -> Iterator:
    """Stop at the first thing that is not JSON, and say where."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except (ijson.JSONError, RecursionError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        problems.append(Problem("file", f"after record {count:,}",
                                f"is not valid JSON ({reason}); the file may be cut short"))
