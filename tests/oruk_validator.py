"""The official Open Referral UK validator's checks, re-implemented from its source
(OpenReferralUK/oruk-validator at 8cbf722927b22c8ab5b37f34519fe075c72a1ebf, C#), run through a
Flask test client instead of over HTTP.

What it does, and where in the validator each step comes from:

1. Discovery (OpenApiDiscoveryService.DiscoverOpenApiUrlAsync): GET the base URL itself; read
   `version` from the JSON; strip "HSDS-UK-" and "V", parse a number; the spec is
   `https://openreferraluk.org/specifications/{n:0.0}/openapi.json`. No version but an
   `openapi_url`: that document. Anything else: the 1.0 spec.
2. Endpoints (OpenApiValidationService.GroupEndpointsByDependencies / TestEndpointsAsync):
   every GET in the spec, grouped by root path (/services/{id} -> /services); in each group the
   collection endpoints first, then the ones with a path parameter.
3. Lists (TestPaginatedEndpointAsync): an endpoint with a `page` query parameter is asked for
   page 1 (no other parameters), then, from its `total_pages`, the middle page
   (total_pages // 2, when there are more than 2) and the last page. Each answer is validated
   against the spec's 200 schema. An empty first page is a warning and stops there.
4. Ids (ExtractIdsFromResponse / TestSingleEndpointWithIdSubstitutionAsync): the ids in the
   `contents` of the group's first successful list answer; up to 10 of them (a random 10 when
   there are more) are substituted into each path-parameter endpoint, and each answer
   validated. No ids: "NO_IDS_AVAILABLE", a warning.
5. Levels (OpenReferralUKValidationResponseMapper): endpoints tagged "Optional" in the spec are
   Level 2 ("Validation will not fail"); the rest Level 1. A non-2xx answer fails a Level 1
   endpoint and is a warning on a Level 2 one. `isValid` is false if any endpoint failed.

The spec: openreferraluk.org is not reachable from the tests, so the ORUK 3.0 profile's OpenAPI
document is read from the vendored copy (uk-profile/schema/openapi.json) and tagged as HSDS 3.0's
API reference has the endpoints: `/`, `/services` and `/services/{id}` required, every other one
optional; HSDS 3.0's `/organizations` endpoints (which the profile leaves out) are added, also
optional.
"""

import copy
import random
import re
from dataclasses import dataclass, field

from tests.oruk_schemas import openapi, response_errors

SPECIFICATION_BASE = "https://openreferraluk.org/specifications/"
REQUIRED = ("/", "/services", "/services/{id}")


@dataclass
class EndpointResult:
    path: str
    optional: bool
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors) and not self.optional

    @property
    def passed(self) -> bool:
        return not self.errors and not self.warnings


@dataclass
class ValidationReport:
    spec_url: str
    profile_reason: str
    endpoints: list[EndpointResult]

    @property
    def is_valid(self) -> bool:
        return not any(endpoint.failed for endpoint in self.endpoints)

    def level(self, number: int) -> list[EndpointResult]:
        return [e for e in self.endpoints if e.optional == (number == 2)]

    def level_passes(self, number: int) -> bool:
        return all(endpoint.passed for endpoint in self.level(number))

    def problems(self) -> list[str]:
        return [f"{e.path}: {line}" for e in self.endpoints for line in e.errors + e.warnings]


def version_number(version: str) -> float | None:
    """ExtractVersionNumber: "HSDS-UK-3.0", "V3", "3.0", "3.1" -> 3.0, 3.0, 3.0, 3.1."""
    text = re.sub("HSDS-UK-", "", version, flags=re.IGNORECASE)
    text = text.replace("V", "").replace("v", "").strip()
    try:
        return float(text)
    except ValueError:
        return None


def discover(client, base_url: str) -> tuple[str, str]:
    response = client.get(base_url)
    default = f"{SPECIFICATION_BASE}1.0/openapi.json"
    if response.status_code >= 400:
        return default, "Defaulted to HSDS-UK 1.0 (base URL request failed)"
    body = response.get_json(silent=True)
    if not isinstance(body, dict):
        return default, "Defaulted to HSDS-UK 1.0 (failed to parse base URL response)"
    number = version_number(str(body.get("version") or ""))
    if number is not None:
        return (f"{SPECIFICATION_BASE}{number:.1f}/openapi.json",
                f"Standard version {body['version']} read from '/' endpoint")
    for name in ("openapi_url", "openapiUrl", "open_api_url"):
        if body.get(name):
            return body[name], "OpenAPI URL read from '/' endpoint (openapi_url field)"
    return default, "Defaulted to HSDS-UK 1.0 (no version or openapi_url found)"


def profile_specification() -> dict:
    """The ORUK 3.0 spec the validator would fetch (see the module's docstring)."""
    spec = copy.deepcopy(openapi("uk-profile"))
    for path in ("/organizations", "/organizations/{id}"):
        spec["paths"][path] = copy.deepcopy(openapi("hsds-3.0")["paths"][path])
    for path, item in spec["paths"].items():
        item["get"]["tags"] = [] if path in REQUIRED else ["Optional"]
    return spec


def _standard_for(spec: dict, path: str) -> tuple[str, ...]:
    """Which vendored document's 200 schema the validator would apply to `path`."""
    return ("uk-profile",) if openapi("uk-profile")["paths"].get(path) else ("hsds-3.0",)


def root_path(path: str) -> str:
    """EndpointInfo.GetRootPath: the segments before the first {parameter}."""
    segments = []
    for segment in [s for s in path.split("/") if s]:
        if segment.startswith("{") and segment.endswith("}"):
            break
        segments.append(segment)
    return "/" + "/".join(segments)


def _has_page_parameter(spec: dict, operation: dict) -> bool:
    shared = spec.get("components", {}).get("parameters", {})
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = shared.get(parameter["$ref"].rsplit("/", 1)[-1], {})
        if parameter.get("name", "").lower() == "page" and parameter.get("in") == "query":
            return True
    return False


def validate(client, base_url: str, spec: dict | None = None,
             seed: int = 0) -> ValidationReport:
    spec_url, reason = discover(client, base_url)
    spec = spec or profile_specification()
    chooser = random.Random(seed)
    groups: dict[str, list[str]] = {}
    for path in spec["paths"]:
        groups.setdefault(root_path(path), []).append(path)
    results = []
    for paths in groups.values():
        ids: list[str] = []
        for path in [p for p in paths if "{" not in p]:
            result, found = _test_collection(client, base_url, spec, path)
            results.append(result)
            ids = ids or found
        for path in [p for p in paths if "{" in p]:
            results.append(_test_with_ids(client, base_url, spec, path, ids, chooser))
    return ValidationReport(spec_url, reason, results)


def _endpoint(spec: dict, path: str) -> EndpointResult:
    tags = spec["paths"][path]["get"].get("tags", [])
    return EndpointResult(path, optional="Optional" in tags)


def _fetch(client, result: EndpointResult, spec: dict, template: str, url: str):
    result.requests.append(url)
    response = client.get(url)
    if not 200 <= response.status_code < 300:
        which = "Optional" if result.optional else "Required"
        line = (f"{which} endpoint GET {template} returned non-success status "
                f"{response.status_code}")
        (result.warnings if result.optional else result.errors).append(line)
        return None
    body = response.get_json(silent=True)
    for line in response_errors(body, template, _standard_for(spec, template)):
        (result.warnings if result.optional else result.errors).append(f"{url}: {line}")
    return body


def _test_collection(client, base_url: str, spec: dict, path: str):
    result = _endpoint(spec, path)
    url = base_url.rstrip("/") + path
    if not _has_page_parameter(spec, spec["paths"][path]["get"]):
        body = _fetch(client, result, spec, path, url)
        return result, _ids(body)
    first = _fetch(client, result, spec, path, f"{url}?page=1")
    if first is None:
        return result, []
    if not first.get("contents"):
        result.warnings.append(f"Paginated endpoint GET {path} returned 0 items")
        return result, []
    total_pages = first.get("total_pages")
    if isinstance(total_pages, int) and total_pages > 1:
        if total_pages > 2:
            _fetch(client, result, spec, path, f"{url}?page={total_pages // 2}")
        _fetch(client, result, spec, path, f"{url}?page={total_pages}")
    return result, _ids(first)


def _ids(body) -> list[str]:
    if not isinstance(body, dict):
        return []
    items = next((body[name] for name in ("data", "items", "results", "content", "contents")
                  if isinstance(body.get(name), list)), None)
    if items is None:
        return [str(body["id"])] if body.get("id") else []
    found = [str(item["id"]) for item in items if isinstance(item, dict) and item.get("id")]
    return list(dict.fromkeys(found))


def _test_with_ids(client, base_url, spec, path, ids, chooser) -> EndpointResult:
    result = _endpoint(spec, path)
    if not ids:
        result.warnings.append("No extracted IDs available for parameter substitution")
        return result
    chosen = ids if len(ids) <= 10 else chooser.sample(ids, 10)
    for item_id in chosen:
        url = base_url.rstrip("/") + re.sub(r"\{[^}]+\}", item_id, path, count=1)
        _fetch(client, result, spec, path, url)
    return result
