"""The v1-compatible API at /api/v1, as Open Referral UK's ServiceFinder uses it.

A contract test: the requests are built the way the client builds them, ported line by line
from its source (OpenReferralUK/ServiceFinder at d7020e53aecaef436b8fcb5be2375cea02dc5eb4:
src/settings/settings.js `API_directions` and `Query_direction`, src/functions/
GeneralFunctions.js `getQuery`/`getInteractedElements`, which escape the query twice), and
every field the client reads is checked (src/components/…: Results/ResultsContent.jsx,
ResultModal/*.jsx, Services/*.jsx, searchMethod/* and personaProfile/* components).
"""

import json
from urllib.parse import quote

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import ClientGroup, Location, Pathway, Service, ServiceStatus, Stage

API = "/api/v1"


def encode_uri(text: str) -> str:
    """JavaScript's encodeURI."""
    return quote(text, safe=";,/?:@&=+$-_.!~*'()#")


# settings.js API_directions.get (the gender address really ends in a space).
STARTUP = {
    "needs": "/taxonomies/?per_page=500&vocabulary=esdNeeds",
    "circumstances": "/taxonomies/?per_page=500&vocabulary=esdCircumstances",
    "serviceTypes": "/taxonomies/?per_page=500&vocabulary=esdServiceTypes",
    "gender": "/taxonomies/?vocabulary=esdCircumstances&per_page=500&parent_id=circumstance:191 ",
}


def query_direction(circumstances=(), coverage="", day=(), maximum_age="", minimum_age="",
                    end_time=(), need=(), page="", per_page="", postcode="", proximity="",
                    start_time=(), taxonomy_id="", text="", vocabulary="") -> str:
    """settings.js Query_direction, then getInteractedElements' second encodeURI."""
    url = f"{API}/services/?"
    url += "".join(f"circumstance={c}&" for c in circumstances if c)
    url += f"coverage={coverage}&" if coverage else ""
    url += "".join(f"day={d}&" for d in day if d)
    url += "".join(f"endTime={t}&" for t in end_time if t)
    url += f"maximum_age={maximum_age}&" if maximum_age != "" else ""
    url += f"minimum_age={minimum_age}&" if minimum_age != "" else ""
    url += "".join(f"need={n}&" for n in need if n)
    url += f"page={page}&" if page != "" else ""
    url += f"per_page={per_page}&" if per_page != "" else ""
    url += f"postcode={postcode}&" if postcode else ""
    url += f"proximity={proximity * 1609:g}&" if proximity != "" else ""  # miles, as metres
    url += "".join(f"startTime={t}&" for t in start_time if t)
    url += f"taxonomy_id={taxonomy_id}&" if taxonomy_id else ""
    url += f"text={text}&" if text else ""
    url += f"vocabulary={vocabulary}&" if vocabulary else ""
    return encode_uri(encode_uri(url))


def get(client, url: str) -> dict:
    response = client.get(encode_uri(url) if " " in url else url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def check_page(body: dict, page: int = 1) -> list[dict]:
    """What ResultsContent.jsx and the taxonomy components read of a page."""
    assert isinstance(body["totalElements"], int)
    assert isinstance(body["totalPages"], int) and body["totalPages"] >= 1
    assert body["number"] == page
    assert isinstance(body["content"], list)
    return body["content"]


def check_term(term: dict) -> None:
    """searchMethod/functions.js and the Needs/Circumstances/Type components: id, name and
    parent (null, or an object with its own id and parent)."""
    assert isinstance(term["id"], str) and isinstance(term["name"], str) and term["name"]
    assert term["parent"] is None or {"id", "parent"} <= set(term["parent"])


def check_service(service: dict) -> None:
    """ResultModal/*.jsx and Services/*.jsx: every field they read, with the type they read
    it as (postal_code.replace, description.length, contacts.map, …)."""
    assert isinstance(service["id"], str) and service["name"]
    assert isinstance(service["description"], str)
    assert isinstance(service.get("email") or "", str)
    for contact in service["contacts"]:
        assert all(isinstance(phone["number"], str) for phone in contact["phones"])
    assert service["service_at_locations"], "Maps-infoService reads the first place"
    for link in service["service_at_locations"]:
        addresses = link["location"]["physical_addresses"]
        assert addresses, "Maps-infoService reads the first address"
        for address in addresses:
            assert all(isinstance(address[name], str)
                       for name in ("address_1", "city", "postal_code"))


@pytest.fixture(scope="module")
def vocabularies(shared_demo_app):
    client = shared_demo_app.test_client()
    return {name: check_page(get(client, API + url)) for name, url in STARTUP.items()}


def test_the_startup_requests_give_our_pathways_client_groups_and_stages(shared_demo_app,
                                                                         vocabularies):
    with shared_demo_app.app_context():
        expected = {
            "needs": [t.name for t in db.session.scalars(
                select(Pathway).where(~Pathway.retired).order_by(Pathway.position))],
            "circumstances": [t.name for t in db.session.scalars(
                select(ClientGroup).where(~ClientGroup.retired).order_by(
                    ClientGroup.position))],
            "serviceTypes": [t.name for t in db.session.scalars(
                select(Stage).where(~Stage.retired).order_by(Stage.position))],
        }
    for name, names in expected.items():
        assert [t["name"] for t in vocabularies[name]] == names
        for term in vocabularies[name]:
            check_term(term)
    assert vocabularies["gender"] == []  # nothing under a parent: our terms are one level


def published_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(db.func.count()).select_from(Service).where(
            Service.status == ServiceStatus.PUBLISHED))


def test_every_service_the_client_can_page_to_opens_with_every_field_it_reads(
        shared_demo_app):
    client = shared_demo_app.test_client()
    first = get(client, query_direction(page=1, per_page=100))
    seen = check_page(first)
    for page in range(2, first["totalPages"] + 1):
        seen += check_page(get(client, query_direction(page=page, per_page=100)), page)
    assert first["totalElements"] == len(seen) == published_count(shared_demo_app)
    for item in seen:
        check_service(item)
        detail = get(client, f"{API}/services/{item['id']}")
        check_service(detail)
        assert detail == item


def ids_found(client, url: str) -> set[str]:
    body = get(client, url)
    return {item["id"] for item in check_page(body)} | (
        set() if body["last"] else {"more pages"})


@pytest.mark.parametrize("flow", ["need", "circumstance", "serviceType", "availability",
                                  "age", "postcode", "text"])
def test_each_search_the_client_makes_narrows_the_results(shared_demo_app, vocabularies,
                                                          flow):
    client = shared_demo_app.test_client()
    everyone = get(client, query_direction(page=1, per_page=10))["totalElements"]
    accommodation = next(t["id"] for t in vocabularies["needs"]
                         if t["name"] == "Accommodation")
    women = next(t["id"] for t in vocabularies["circumstances"] if t["name"] == "Women")
    stage = vocabularies["serviceTypes"][0]["id"]
    url = {
        "need": query_direction(need=[accommodation], page=1, per_page=10),
        "circumstance": query_direction(circumstances=[women], page=1, per_page=10),
        "serviceType": query_direction(taxonomy_id=stage, vocabulary="esdServiceTypes",
                                       page=1, per_page=10),
        # Availability "Monday" at "Morning" (GeneralFunctions.getElements).
        "availability": query_direction(day=["MO"], start_time=["06:00"],
                                        end_time=["14:00"], page=1, per_page=10),
        "age": query_direction(minimum_age="17", maximum_age="17", page=1, per_page=10),
        "postcode": query_direction(postcode="NR2 4AB", proximity=2, page=1, per_page=10),
        "text": query_direction(text="somewhere to live", page=1, per_page=10),
    }[flow]
    body = get(client, url)
    results = check_page(body)
    assert 0 < body["totalElements"] < everyone, flow
    if flow == "text":  # escaped twice by the client, read as typed
        plain = get(client, f"{API}/services/?text=somewhere to live&page=1&per_page=10")
        assert plain["content"] == results
    for service in results:
        check_service(service)


def test_choices_combine_and_several_of_one_kind_mean_any(shared_demo_app, vocabularies):
    client = shared_demo_app.test_client()
    needs = {t["name"]: t["id"] for t in vocabularies["needs"]}
    one = get(client, query_direction(need=[needs["Accommodation"]], per_page=100))
    either = get(client, query_direction(
        need=[needs["Accommodation"], needs["Drugs and alcohol"]], per_page=100))
    narrowed = get(client, query_direction(need=[needs["Accommodation"]], text="women",
                                           per_page=100))
    assert one["totalElements"] < either["totalElements"]
    assert 0 < narrowed["totalElements"] < one["totalElements"]
    assert {s["id"] for s in narrowed["content"]} <= {s["id"] for s in one["content"]}


def test_paging_as_the_client_pages(shared_demo_app):
    client = shared_demo_app.test_client()
    pages = [get(client, query_direction(page=n, per_page=25)) for n in (1, 2, 3)]
    assert [p["number"] for p in pages] == [1, 2, 3]
    ids = [s["id"] for p in pages for s in p["content"]]
    assert len(ids) == len(set(ids)) == 75
    assert pages[0]["totalPages"] == -(-pages[0]["totalElements"] // 25)


def test_too_large_per_page_is_cut_not_refused_and_slashes_are_optional(shared_demo_app):
    client = shared_demo_app.test_client()
    big = get(client, f"{API}/services/?per_page=100000&page=1")
    assert big["size"] == 200 and len(big["content"]) == min(200, big["totalElements"])
    assert get(client, f"{API}/services?per_page=5")["content"] == get(
        client, f"{API}/services/?per_page=5")["content"]
    some = big["content"][0]["id"]
    assert get(client, f"{API}/services/{some}/") == get(client, f"{API}/services/{some}")
    assert get(client, f"{API}/taxonomies?vocabulary=pathway") == get(
        client, f"{API}/taxonomies/?vocabulary=pathway")
    assert get(client, f"{API}")["version"] == "1.0"
    for junk in ("page=abc", "per_page=-3", "minimum_age=old", "proximity=far&postcode=NR2",
                 "need=need:67", "day=Funday"):
        assert isinstance(get(client, f"{API}/services/?{junk}")["content"], list), junk
    missing = client.get(f"{API}/services/not-an-id")
    assert missing.status_code == 404 and missing.is_json
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


def test_a_refuge_address_never_leaves_the_v1_api(demo_app):
    with demo_app.app_context():
        refuge = db.session.scalars(select(Location).where(Location.hide_address)).first()
        refuge.address, refuge.postcode = "12 Hidden Lane, Cromer", "NR27 9QX"
        refuge.latitude, refuge.longitude = 52.93117, 1.30155
        db.session.commit()
        refuge_id = str(refuge.id)
    client = demo_app.test_client()
    pages = [get(client, f"{API}/services/?per_page=200&page={n}") for n in (1, 2)]
    text = json.dumps(pages)
    assert refuge_id in text and "Cromer" in text
    for secret in ("Hidden Lane", "NR27 9QX", "52.93117", "1.30155"):
        assert secret not in text
    near = get(client, query_direction(postcode="NR27 9QX", proximity=50, per_page=200))
    assert refuge_id not in json.dumps(near)
