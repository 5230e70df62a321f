"""The OpenAPI 3.0 document for the Open Referral UK API, served at /api/openapi.json."""

from directory.interop import oruk

UUID = {"type": "string", "format": "uuid"}


def _parameter(name: str, description: str, schema: dict, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path",
            "description": description, "schema": schema}


PAGING = [
    _parameter("page", "Which page, from 1.", {"type": "integer", "minimum": 1,
                                                "maximum": 1_000_000}),
    _parameter("per_page", "How many items a page holds (at most 200; 50 if not given).",
               {"type": "integer", "minimum": 1, "maximum": 200}),
]

SERVICE_FILTERS = [
    _parameter("search", "Words to look for, as on the site's search page (everyday words "
               "and small misspellings are understood); results come best match first.",
               {"type": "string"}),
    _parameter("taxonomy_term_id", "Only services with this pathway, client group, stage or "
               "area.", UUID),
    _parameter("taxonomy_id", "Only services with a term from this taxonomy.", UUID),
    _parameter("minimum_age", "Only services someone this old may use: their minimum age is "
               "this or lower, or they have none.", {"type": "integer", "minimum": 0,
                                                     "maximum": 150}),
    _parameter("maximum_age", "Only services someone this old may use: their maximum age is "
               "this or higher, or they have none.", {"type": "integer", "minimum": 0,
                                                      "maximum": 150}),
    _parameter("day", "Only services open on this day (MO, TU, WE, TH, FR, SA, SU).",
               {"type": "string", "enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}),
    _parameter("start_time", "Only services open after this time (HH:MM), on `day` if given.",
               {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}),
    _parameter("end_time", "Only services open before this time (HH:MM), on `day` if given.",
               {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}),
]

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


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = {"$ref": "#/components/schemas/Error"}


def _get(summary: str, parameters: list, ok: dict, *errors: int) -> dict:
    responses = {"200": _json("Found", ok)}
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
        "paths": {
            "/": _get("Which standard this API follows", [], {
                "type": "object", "required": ["version", "profile", "openapi_url"],
                "properties": {"version": {"type": "string"}, "profile": {"type": "string"},
                               "openapi_url": {"type": "string"}}}),
            "/services": _get("Published services, a page at a time",
                              SERVICE_FILTERS + PAGING, _page_of(service), 400),
            "/services/{id}": _get(
                "One published service, with its organisation, places, opening times, "
                "contacts and taxonomy terms",
                [_parameter("id", "The service's id.", UUID, "path")], service, 404),
            "/service_at_locations": _get(
                "Where published services are offered",
                [_parameter("postcode", "Only places with this postcode, or near it with "
                            "`proximity`. A postcode or its first part (NR1).",
                            {"type": "string", "maxLength": 10}),
                 _parameter("proximity", "With `postcode`: only places within this many "
                            "metres of it.", {"type": "integer", "minimum": 1,
                                              "maximum": 1_000_000})] + PAGING,
                _page_of(OBJECT), 400),
            "/taxonomies": _get("The taxonomies services are described with", PAGING,
                                _page_of(OBJECT), 400),
            "/taxonomy_terms": _get(
                "Pathways, client groups and stages",
                [_parameter("taxonomy_id", "Only terms of this taxonomy.", UUID)] + PAGING,
                _page_of(OBJECT), 400),
        },
        "components": {"schemas": {
            "Service": {"type": "object", "required": ["id", "name", "status", "url"],
                        "properties": {"id": UUID, "name": {"type": "string"},
                                       "status": {"type": "string"},
                                       "url": {"type": "string"}},
                        "additionalProperties": True},
            "Error": {"type": "object", "required": ["code", "message"],
                      "properties": {"code": {"type": "integer"},
                                     "message": {"type": "string"}}},
        }},
    }
