"""Finding every form the app has, by walking app.url_map as a signed-in admin."""

import uuid
from dataclasses import dataclass, field
from itertools import product

from sqlalchemy import select

from directory.extensions import db
from tests.helpers import make_user, page, sign_in_as

SKIPPED_FIELD_TYPES = {"submit", "button", "image", "reset", "file"}


@dataclass
class Form:
    url: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → choices ([] = free text)
    hidden: dict[str, str] = field(default_factory=dict)


def signed_in_admin(app):
    """A test client signed in as a fresh admin of every organisation."""
    from directory.models import Organisation

    with app.app_context():
        organisations = db.session.scalars(select(Organisation)).all()
        user = make_user(f"admin-{uuid.uuid4().hex[:8]}@example.org", "admin", organisations)
        client = app.test_client()
        sign_in_as(client, user)
    return client


def post_rules(app) -> list:
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]


def example_ids(app) -> list[str]:
    """Ids of real rows of every table with a UUID key, to fill in <uuid:…> parts of URLs."""
    ids = []
    with app.app_context():
        for mapper in db.Model.registry.mappers:
            key = mapper.primary_key[0]
            if isinstance(key.type, db.Uuid):
                ids += [str(row) for row in db.session.scalars(select(key).limit(1))]
    return ids


def urls_for(rule, ids: list[str]) -> list[str]:
    """Every way to fill the rule's parts: real ids for <uuid:…>, each choice of <any(…)>."""
    choices = []
    for argument in rule.arguments:
        converter = rule._converters[argument]
        kind = converter.__class__.__name__
        choices.append(ids if kind == "UUIDConverter" else sorted(converter.items)
                       if kind == "AnyConverter" else [1] if kind == "IntegerConverter"
                       else ["x"])
    names = list(rule.arguments)
    return [rule.build(dict(zip(names, combo, strict=True)), append_unknown=False)[1]
            for combo in product(*choices)]


def forms_on(client, rule, ids: list[str]) -> list[Form]:
    """The POST forms whose target is this rule, found on the first page that shows one."""
    for url in urls_for(rule, ids):
        response = client.get(url)
        if response.status_code != 200:
            continue
        found = [parse_form(form, url) for form in page(response).select("form")
                 if form.get("method", "get").lower() == "post"
                 and form.get("action", url) in ("", url)]
        if found:
            return found
    return []


def parse_form(form, url: str) -> Form:
    result = Form(url)
    for element in form.select("input, textarea, select"):
        name, kind = element.get("name"), (element.get("type") or "text").lower()
        if not name or kind in SKIPPED_FIELD_TYPES:
            continue
        if kind == "hidden":
            result.hidden[name] = element.get("value", "")
        elif element.name == "select":
            result.fields[name] = [o.get("value", o.text) for o in element.select("option")]
        elif kind in ("checkbox", "radio"):
            result.fields.setdefault(name, []).append(element.get("value", "on"))
        else:
            result.fields[name] = []
    return result
