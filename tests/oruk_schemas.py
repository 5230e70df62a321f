"""Check API responses against the vendored Open Referral UK schemas (tests/data)."""

import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "data" / "oruk-schemas"


def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        contents = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(
            contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def errors(instance, schema_name: str) -> list[str]:
    """Every way `instance` breaks the named schema, as readable lines (empty when valid)."""
    schema = REGISTRY.contents(schema_name)
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(instance)]


def page_errors(page: dict, item_schema: str) -> list[str]:
    found = errors(page, "page.json")
    for index, item in enumerate(page.get("contents", [])):
        found += [f"contents/{index}/{line}" for line in errors(item, item_schema)]
    return found
