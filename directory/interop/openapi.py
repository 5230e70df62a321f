"""The OpenAPI 3.0 document for the Open Referral UK API, served at /api/openapi.json."""

from directory.interop import oruk

UUID = {"type": "string", "format": "uuid"}


def _parameter(name: str, description: str, schema: dict, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path",
            "description": description, "schema": schema}


def _flag(name: str, description: str) -> dict:
    return _parameter(name, description, {"type": "boolean"})


PAGING = [
    _parameter("page", "Which page, from 1.", {"type": "integer", "minimum": 1,
                                                "maximum": 1_000_000}),
    _parameter("per_page", "How many items a page holds (at most 200; 50 if not given).",
               {"type": "integer", "minimum": 1, "maximum": 200}),
    _parameter("format", "`json` (the default): a page. `ndjson`: every item, one JSON object "
               "a line, without paging.", {"type": "string", "enum": ["json", "ndjson"]}),
]
SEARCH = _parameter("search", "Words to look for.", {"type": "string"})
TIME = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}

SERVICE_FILTERS = [
    _parameter("search", "Words to look for, as on the site's search page (everyday words "
               "and small misspellings are understood); results come best match first.",
               {"type": "string"}),
    _parameter("taxonomy_term_id", "Only services with this pathway, client group, stage or "
               "area.", UUID),
    _parameter("taxonomy_id", "Only services with a term from this taxonomy.", UUID),
    _parameter("organization_id", "Only services this organisation provides.", UUID),
    _parameter("modified_after", "Only services changed at or after this moment (ISO 8601, "
               "like 2025-03-31T09:30:00Z; without an offset it is UTC).",
               {"type": "string", "format": "date-time"}),
    _parameter("minimum_age", "Only services someone this old may use: their minimum age is "
               "this or lower, or they have none.", {"type": "integer", "minimum": 0,
                                                     "maximum": 150}),
    _parameter("maximum_age", "Only services someone this old may use: their maximum age is "
               "this or higher, or they have none.", {"type": "integer", "minimum": 0,
                                                      "maximum": 150}),
    _parameter("day", "Only services open on this day (MO, TU, WE, TH, FR, SA, SU).",
               {"type": "string", "enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}),
    _parameter("start_time", "Only services open after this time (HH:MM), on `day` if given.",
               TIME),
    _parameter("end_time", "Only services open before this time (HH:MM), on `day` if given.",
               TIME),
    _parameter("postcode", "A postcode or its first part (NR1). Without `proximity`: services "
               "offered at a place with that postcode, or whose area takes it in. Never "
               "matches a refuge's address.", {"type": "string", "maxLength": 10}),
    _parameter("proximity", "With `postcode`: only places within this many metres of it, "
               "nearest first.", {"type": "integer", "minimum": 1, "maximum": 1_000_000}),
    _flag("full", "Give each service whole (places, opening times, contacts, terms), as "
          "/services/{id} does."),
]
MINIMAL = _flag("minimal", "Give each service as just its id, name, status and "
                "last_modified, to see what changed.")
FULL_SERVICE = _flag("full_service", "Give the organisation's services whole, with the places "
                     "they are offered at.")
TERM_FILTERS = [
    SEARCH,
    _parameter("taxonomy_id", "Only terms of this taxonomy.", UUID),
    _flag("top_only", "Only terms at the top of their taxonomy (all of ours are)."),
    _parameter("parent_id", "Only terms under this one (ours have none under them).", UUID),
]
ID = _parameter("id", "The id.", UUID, "path")

OBJECT = {"type": "object", "additionalProperties": True}


def _page_of(item: dict) -> dict:
    return {
        "type": "object",
        "required": ["total_items", "total_pages", "page_number", "size", "first_page",
                     "last_page", "empty", "contents"],
        "properties": {
            "total_items": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer"},
            "size": {"type": "integer"},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": item},
        },
    }


def _json(description: str, schema: dict, lines: bool = False) -> dict:
    content = {"application/json": {"schema": schema}}
    if lines:
        content["application/x-ndjson"] = {"schema": {"type": "string"}}
    return {"description": description, "content": content}


ERROR = {"$ref": "#/components/schemas/Error"}


# HSDS 3.0's API reference makes these required and every other endpoint optional; the
# official validator checks required ones at its level 1 and "Optional"-tagged ones at level 2.
REQUIRED_PATHS = ("/", "/services", "/services/{id}")


def _tagged(paths: dict) -> dict:
    for path, item in paths.items():
        item["get"]["tags"] = ["Required" if path in REQUIRED_PATHS else "Optional"]
    return paths


def _get(summary: str, parameters: list, ok: dict, *errors: int) -> dict:
    responses = {"200": _json("Found", ok, lines=any(p["name"] == "format"
                                                      for p in parameters))}
    for code in errors:
        responses[str(code)] = _json({400: "A parameter is not valid",
                                      404: "Not found"}[code], ERROR)
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def openapi_document(base_url: str) -> dict:
    service = {"$ref": "#/components/schemas/Service"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Rehabilitation Pathways: Open Referral UK API",
            "version": oruk.VERSION,
            "description": "Published services for people leaving prison, people with a "
                           "criminal record and their families, in the Open Referral UK "
                           "profile of HSDS 3.0. Read-only and open to anyone.",
        },
        "servers": [{"url": base_url}],
        "paths": _tagged({
            "/": _get("Which standard this API follows", [], {
                "type": "object", "required": ["version", "profile", "openapi_url"],
                "properties": {"version": {"type": "string"}, "profile": {"type": "string"},
                               "openapi_url": {"type": "string"}}}),
            "/services": _get("Published services, a page at a time",
                              SERVICE_FILTERS + [MINIMAL] + PAGING, _page_of(service), 400),
            "/services/{id}": _get(
                "One published service, with its organisation, places, opening times, "
                "contacts and taxonomy terms", [ID], service, 404),
            "/service_at_locations": _get(
                "Where published services are offered, with the same filters as /services",
                SERVICE_FILTERS + PAGING, _page_of(OBJECT), 400),
            "/service_at_locations/{id}": _get(
                "One place a service is offered, with the whole service", [ID], OBJECT, 404),
            "/organizations": _get(
                "Organisations with published services",
                [SEARCH, FULL_SERVICE,
                 _flag("full", "Give each organisation with its services.")] + PAGING,
                _page_of(OBJECT), 400),
            "/organizations/{id}": _get(
                "One organisation, with its published services", [ID, FULL_SERVICE],
                OBJECT, 400, 404),
            "/taxonomies": _get("The taxonomies services are described with",
                                [SEARCH] + PAGING, _page_of(OBJECT), 400),
            "/taxonomies/{id}": _get("One taxonomy, with its terms", [ID], OBJECT, 404),
            "/taxonomy_terms": _get("Pathways, client groups and stages",
                                    TERM_FILTERS + PAGING, _page_of(OBJECT), 400),
            "/taxonomy_terms/{id}": _get("One taxonomy term", [ID], OBJECT, 404),
        }),
        "components": {"schemas": {
            "Service": {"type": "object", "required": ["id", "name", "status"],
                        "properties": {"id": UUID, "name": {"type": "string"},
                                       "status": {"type": "string"},
                                       "url": {"type": "string"}},
                        "additionalProperties": True},
            "Error": {"type": "object", "required": ["code", "message"],
                      "properties": {"code": {"type": "integer"},
                                     "message": {"type": "string"}}},
        }},
    }
