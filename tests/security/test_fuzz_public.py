"""Whatever people type or put in a link, public pages answer without a server error."""

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
