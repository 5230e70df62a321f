"""Check API responses against the upstream standards, vendored untrimmed in
tests/data/oruk-schemas (see the README there for the commits).

Each response is checked against the schema the standard's own OpenAPI document gives for
that path and a 200 answer, exactly as the official validator does: the Open Referral UK
profile (`uk-profile`) and HSDS 3.0 (`hsds-3.0`). The OpenAPI documents refer to the schemas
by their raw.githubusercontent.com addresses; here those addresses are read from the vendored
copies, so no test goes on the network.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DATA = Path(__file__).parent / "data" / "oruk-schemas"
STANDARDS = ("uk-profile", "hsds-3.0")
# Where each standard's OpenAPI document says its schemas live -> the vendored folder.
PUBLISHED_AT = {
    "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/": "uk-profile",
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/": "hsds-3.0",
}
OPENAPI_URI = "urn:oruk-tests:{}:openapi.json"
FORMATS = FormatChecker()


def _retrieve(uri: str) -> Resource:
    for published, folder in PUBLISHED_AT.items():
        if uri.startswith(published):
            path = DATA / folder / "schema" / uri.removeprefix(published)
            return Resource.from_contents(json.loads(path.read_text()),
                                          default_specification=DRAFT202012)
    if uri.startswith("urn:oruk-tests:"):
        standard = uri.split(":")[2]
        return Resource.from_contents(openapi(standard), default_specification=DRAFT202012)
    raise LookupError(f"not vendored: {uri}")


REGISTRY = Registry(retrieve=_retrieve)


@cache
def openapi(standard: str) -> dict:
    return json.loads((DATA / standard / "schema" / "openapi.json").read_text())


def documented_paths(standard: str) -> list[str]:
    return [path for path, item in openapi(standard)["paths"].items() if item]


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@cache
def _validator(standard: str, path: str) -> Draft202012Validator:
    """The schema the standard's OpenAPI document gives a 200 answer on `path`."""
    pointer = _pointer("paths", path, "get", "responses", "200", "content",
                       "application/json", "schema")
    schema = {"$ref": f"{OPENAPI_URI.format(standard)}#/{pointer}"}
    return Draft202012Validator(schema, registry=REGISTRY, format_checker=FORMATS)


def response_errors(body, path: str, standards=STANDARDS) -> list[str]:
    """Every way one response breaks the standards that document `path` (empty when valid).
    `path` is the template, like "/services/{id}"."""
    found = []
    for standard in standards:
        if not openapi(standard)["paths"].get(path):
            continue
        found += [f"{standard}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in _validator(standard, path).iter_errors(body)]
    return found


def schema_errors(instance, standard: str, schema_file: str) -> list[str]:
    """Every way `instance` breaks one vendored schema file, e.g. ("uk-profile",
    "compiled/service.json")."""
    published = next(url for url, folder in PUBLISHED_AT.items() if folder == standard)
    validator = Draft202012Validator({"$ref": published + schema_file}, registry=REGISTRY,
                                     format_checker=FORMATS)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(instance)]


def page_shape_errors(page: dict) -> list[str]:
    """What the Page schema says in words but not as JSON Schema: every field is there and
    agrees with the others (`size` is the number of items on this page)."""
    fields = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page",
              "empty", "contents")
    found = [f"{name} is missing" for name in fields if name not in page]
    if found:
        return found
    checks = {
        "size": page["size"] == len(page["contents"]),
        "empty": page["empty"] == (not page["contents"]),
        "first_page": page["first_page"] == (page["page_number"] == 1),
        "last_page": page["last_page"] == (page["page_number"] >= page["total_pages"]),
    }
    return [f"{name} does not agree with the page" for name, ok in checks.items() if not ok]
