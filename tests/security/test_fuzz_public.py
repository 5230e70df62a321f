"""Whatever people type or put in a link, public pages answer without a server error."""

from itertools import product
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import page

# Any text, including control characters, NUL, emoji, right-to-left marks and lone quotes.
ANY_TEXT = st.text(max_size=200)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FILTER_NAMES = ["area", "client_group", "stage", "pathway", "page", "access", "sort", "q"]


def assert_answered(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]


@FUZZ
@given(query=ANY_TEXT)
def test_any_search_text_is_answered(demo_client, query):
    response = demo_client.get("/search?" + urlencode({"q": query}))
    assert_answered(response)
    if response.status_code == 200 and query.strip() and "\x00" not in query:
        assert page(response).select_one("h1") is not None


@FUZZ
@given(filters=st.lists(st.tuples(st.sampled_from(FILTER_NAMES), ANY_TEXT), max_size=8),
       where=st.sampled_from(["/search", "/pathways/accommodation", "/pathways/domestic-abuse"]))
def test_any_filters_are_answered(demo_client, filters, where):
    assert_answered(demo_client.get(where + "?" + urlencode(filters)))


@FUZZ
@given(kind=st.sampled_from(["pathways", "services", "organisations"]), key=ANY_TEXT)
def test_any_pathway_service_or_organisation_address_is_answered(demo_client, kind, key):
    response = demo_client.get(f"/{kind}/" + quote(key, safe=""))
    assert_answered(response)
    assert response.status_code in (200, 301, 308, 404, 405)


@FUZZ
@given(raw=st.binary(max_size=120))
def test_any_bytes_in_the_query_string_are_answered(demo_client, raw):
    # As a WSGI server hands raw bytes over: one byte per character.
    query = raw.decode("latin-1")
    assert_answered(demo_client.get("/search", environ_overrides={"QUERY_STRING": query}))


def test_huge_and_nul_queries_are_answered(demo_client):
    for query in ["\x00", "a\x00b", "%" * 5000, "_" * 3000, "\\", "' OR 1=1 --", "é" * 10000]:
        assert_answered(demo_client.get("/search?" + urlencode({"q": query})))
    assert demo_client.get("/search?q=hou%00sing&area=nor%00wich").status_code == 200


def test_a_nul_in_an_address_is_not_found(demo_client):
    for address in ["/pathways/accommo%00dation", "/organisations/%00", "/services/a%00"]:
        assert demo_client.get(address).status_code == 404


def public_pages_and_their_fields(client, app) -> dict[str, list[str]]:
    """Every page anyone can open (walking app.url_map), with the names its forms send."""
    from tests.security.forms import parse_form

    pages = {}
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            for url in fixed_choice_urls(rule):
                response = client.get(url)
                if response.status_code < 400:  # redirects too: the finder's results page
                    forms = [parse_form(form, url) for form in page(response).select("form")]
                    pages[url] = sorted({name for form in forms for name in form.fields})
    return pages


def fixed_choice_urls(rule) -> list[str]:
    """The rule's URLs when it has no arguments or only <any(…)> ones (the finder's steps)."""
    choices = [sorted(getattr(rule._converters[a], "items", [])) for a in rule.arguments]
    if not all(choices):
        return []
    names = list(rule.arguments)
    return [rule.build(dict(zip(names, combo, strict=True)), append_unknown=False)[1]
            for combo in product(*choices)]


def test_every_public_page_survives_any_query(shared_demo_app, demo_client):
    pages = public_pages_and_their_fields(demo_client, shared_demo_app)
    assert "/search" in pages and "/" in pages
    # Any page may be sent any form's fields, the way a hand-edited link would.
    names = sorted({name for fields in pages.values() for name in fields} | {"q", "page", "x"})

    @FUZZ
    @given(data=st.data())
    def open_with_anything(data):
        url = data.draw(st.sampled_from(sorted(pages)))
        query = data.draw(st.lists(st.tuples(st.sampled_from(names), ANY_TEXT), max_size=8))
        assert_answered(demo_client.get(url + "?" + urlencode(query)))

    open_with_anything()


# Names Flask's url_for takes for itself, and the name of a page's own address part: a link
# that sends them must not reach url_for as arguments (a 500 before).
RESERVED_NAMES = ["_anchor", "_method", "_external", "_scheme", "slug", "service_id",
                  "organisation_id", "step"]
HUGE_PAGES = ["99999999999999999999", "-99999999999999999999", "1e400", "9" * 400]


def status_or_error(client, url: str) -> str:
    """"answered", or the server error (tests raise what would be a 500)."""
    try:
        status = client.get(url).status_code
    except Exception as error:  # noqa: BLE001  (any of them is the failure being looked for)
        return repr(error)[:120]
    return "answered" if status < 500 else str(status)


def every_page_with_a_query(app, client) -> list[str]:
    """Every GET page anyone can open, plus one pathway, service, organisation and prison."""
    from sqlalchemy import select

    from directory.extensions import db
    from directory.models import Organisation, Prison, Service

    urls = list(public_pages_and_their_fields(client, app))
    with app.app_context():
        urls += ["/pathways/accommodation",
                 f"/services/{db.session.scalar(select(Service.id).limit(1))}",
                 f"/organisations/{db.session.scalar(select(Organisation.id).limit(1))}",
                 f"/prisons/{db.session.scalar(select(Prison.slug).limit(1))}",
                 "/api/services", "/api/organizations", "/api/service_at_locations",
                 "/api/taxonomies", "/api/taxonomy_terms"]
    return urls


def test_reserved_names_and_huge_page_numbers_are_answered(shared_demo_app, demo_client):
    wrong = []
    for url in every_page_with_a_query(shared_demo_app, demo_client):
        queries = [{name: "x"} for name in RESERVED_NAMES] + [
            {"page": page, "per_page": page} for page in HUGE_PAGES]
        for query in queries:
            answer = status_or_error(demo_client, url + "?" + urlencode(query))
            if answer != "answered":
                wrong.append((url, query, answer))
    assert wrong == []


def test_reserved_names_and_huge_page_numbers_on_signed_in_pages(shared_demo_app):
    from flask import url_for

    from tests.helpers import make_user, sign_in_as

    client = shared_demo_app.test_client()
    with shared_demo_app.app_context():
        from sqlalchemy import select

        from directory.extensions import db
        from directory.models import User

        user = db.session.scalar(select(User).where(User.email == "fuzz-admin@example.org"))
        sign_in_as(client, user or make_user("fuzz-admin@example.org", "admin"))
    with shared_demo_app.test_request_context():
        urls = [url_for(rule.endpoint) for rule in shared_demo_app.url_map.iter_rules()
                if rule.endpoint.startswith(("admin.", "board.", "data_"))
                and "GET" in rule.methods and not rule.arguments]
    wrong = []
    for url in urls:
        for query in [{name: "x"} for name in RESERVED_NAMES] + [{"page": HUGE_PAGES[0]}]:
            answer = status_or_error(client, url + "?" + urlencode(query))
            if answer != "answered":
                wrong.append((url, query, answer))
    assert wrong == []
