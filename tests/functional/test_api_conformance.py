"""Open Referral UK conformance: every endpoint and parameter of the upstream OpenAPI documents
is served, and every answer meets the upstream schemas (tests/data/oruk-schemas), on every page
and every id, with and without filters."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Organisation, Pathway, Service, ServiceStatus
from directory.places.geography import distance_miles, find_place
from tests.helpers import api_pages
from tests.oruk_schemas import DATA, STANDARDS, openapi, page_shape_errors, response_errors

NIL = "00000000-0000-0000-0000-000000000000"


def _upstream_parameters() -> dict[str, set[str]]:
    """Path -> parameter names, over HSDS 3.0, the UK profile's OpenAPI document and the
    profile's changes to HSDS (uk-profile/profile/openapi.json)."""
    documents = [openapi(standard) for standard in STANDARDS]
    documents.append(json.loads((DATA / "uk-profile" / "profile" / "openapi.json").read_text()))
    found: dict[str, set[str]] = {}
    for document in documents:
        shared = document.get("components", {}).get("parameters", {})
        for path, item in document["paths"].items():
            names = found.setdefault(path, set())
            for parameter in ((item or {}).get("get") or {}).get("parameters", []):
                if "$ref" in parameter:
                    parameter = shared.get(parameter["$ref"].rsplit("/", 1)[-1],
                                           openapi("hsds-3.0")["components"]["parameters"]
                                           .get(parameter["$ref"].rsplit("/", 1)[-1], {}))
                names.add(parameter["name"])
    return found


def test_every_upstream_endpoint_and_parameter_is_in_our_document(demo_client):
    ours = demo_client.get("/api/openapi.json").get_json()["paths"]
    upstream = _upstream_parameters()
    assert {"/organizations", "/organizations/{id}", "/service_at_locations/{id}",
            "/taxonomies/{id}", "/taxonomy_terms/{id}"} <= set(upstream)
    for path, names in upstream.items():
        assert path in ours, path
        documented = {p["name"] for p in ours[path]["get"]["parameters"]}
        assert names - {"id"} <= documented, (path, names - documented)


def all_pages(client, path: str, query: str = "", per_page: int = 20) -> list[dict]:
    return api_pages(client, f"/api{path}?{query}", per_page)


LISTS = [
    ("/services", ""), ("/services", "full=true"), ("/services", "minimal=true"),
    ("/services", "search=housing"), ("/services", "postcode=NR1"),
    ("/services", "postcode=NR2&proximity=5000"), ("/services", "day=MO&start_time=09:00"),
    ("/services", "minimum_age=18&maximum_age=25"),
    ("/services", "modified_after=2000-01-01T00:00:00Z"),
    ("/service_at_locations", ""), ("/service_at_locations", "full=true"),
    ("/service_at_locations", "search=debt"), ("/service_at_locations", "postcode=NR1"),
    ("/service_at_locations", "postcode=NR1&proximity=3000&day=TU"),
    ("/organizations", ""), ("/organizations", "full=true"),
    ("/organizations", "full_service=true"), ("/organizations", "search=norfolk"),
    ("/taxonomies", ""), ("/taxonomies", "search=stage"),
    ("/taxonomy_terms", ""), ("/taxonomy_terms", "search=a"), ("/taxonomy_terms", "top_only=true"),
]


@pytest.mark.parametrize("path, query", LISTS)
def test_every_page_of_every_list_meets_both_standards(demo_client, path, query):
    pages = all_pages(demo_client, path, query)
    ids = [item["id"] for page in pages for item in page["contents"]]
    assert ids, "each of these should find something in the demo data"
    for page in pages:
        assert response_errors(page, path) + page_shape_errors(page) == []
    assert len(ids) == len(set(ids)) == pages[0]["total_items"]


@pytest.mark.parametrize("path, query", [
    ("/services", ""), ("/service_at_locations", ""), ("/organizations", ""),
    ("/organizations", "full_service=true"), ("/taxonomies", ""), ("/taxonomy_terms", ""),
])
def test_every_id_of_every_list_has_an_answer_meeting_both_standards(demo_client, path, query):
    ids = [item["id"] for page in all_pages(demo_client, path, per_page=200)
           for item in page["contents"]]
    for item_id in ids:
        response = demo_client.get(f"/api{path}/{item_id}?{query}")
        assert response.status_code == 200
        body = response.get_json()
        assert body["id"] == item_id
        assert response_errors(body, f"{path}/{{id}}") == [], item_id


@pytest.mark.parametrize("path", ["/services", "/service_at_locations", "/organizations",
                                  "/taxonomies", "/taxonomy_terms"])
def test_an_unknown_id_is_a_json_404(demo_client, path):
    response = demo_client.get(f"/api{path}/{NIL}")
    assert response.status_code == 404 and response.get_json()["code"] == 404
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("query", ["full=maybe", "format=xml", "modified_after=yesterday",
                                   "organization_id=42", "minimal=2"])
def test_bad_values_of_the_new_parameters_are_refused_in_json(demo_client, query):
    response = demo_client.get(f"/api/services?{query}")
    assert response.status_code == 400 and query.split("=")[0] in response.get_json()["message"]


# ---- each parameter does what it says -------------------------------------------------------


def ids_of(client, path: str, query: str = "") -> list[str]:
    return [item["id"] for page in all_pages(client, path, query, per_page=200)
            for item in page["contents"]]


def test_modified_after_gives_only_what_changed_since(demo_app):
    client = demo_app.test_client()
    later = datetime.now(UTC) + timedelta(days=30)
    with demo_app.app_context():
        changed = db.session.scalars(select(Service).where(
            Service.status == ServiceStatus.PUBLISHED).order_by(Service.name)).first()
        changed.updated_at = later
        db.session.commit()
        changed_id = str(changed.id)
    since = (later - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids_of(client, "/services", f"modified_after={since}") == [changed_id]
    assert ids_of(client, "/services", f"modified_after={since[:10]}") == [changed_id]
    links = all_pages(client, "/service_at_locations", f"modified_after={since}")
    assert {link["service_id"] for page in links for link in page["contents"]} <= {changed_id}
    assert len(ids_of(client, "/services", "modified_after=2000-01-01")) > 100


def test_organization_id_gives_that_organisations_services(demo_client):
    with demo_client.application.app_context():
        organisation = db.session.scalars(select(Organisation).join(Service).where(
            Service.status == ServiceStatus.PUBLISHED).order_by(Organisation.name)).first()
        expected = {str(s.id) for s in organisation.services
                    if s.status == ServiceStatus.PUBLISHED}
    assert set(ids_of(demo_client, "/services", f"organization_id={organisation.id}")) == (
        expected)
    links = all_pages(demo_client, "/service_at_locations",
                      f"organization_id={organisation.id}")
    assert {link["service_id"] for page in links for link in page["contents"]} <= expected
    assert ids_of(demo_client, "/services", f"organization_id={NIL}") == []


def _places(client, service_id: str) -> list[dict]:
    body = client.get(f"/api/services/{service_id}").get_json()
    return [link["location"] for link in body.get("service_at_locations", [])]


def test_postcode_and_proximity_on_services_find_the_nearest_first(demo_client):
    centre = find_place("NR2").outcode
    near = ids_of(demo_client, "/services", "postcode=NR2&proximity=3000")
    wide = ids_of(demo_client, "/services", "postcode=NR2&proximity=60000")
    everyone = ids_of(demo_client, "/services")
    assert 0 < len(near) < len(wide) <= len(everyone)
    nearest = []
    for service_id in near:
        distances = [distance_miles(centre.latitude, centre.longitude, place["latitude"],
                                    place["longitude"]) * 1609.344
                     for place in _places(demo_client, service_id) if "latitude" in place]
        assert min(distances) <= 3000
        nearest.append(min(distances))
    assert nearest == sorted(nearest)


def test_a_postcode_on_services_finds_places_there_and_services_covering_it(demo_client):
    in_nr1 = ids_of(demo_client, "/services", "postcode=NR1")
    everyone = ids_of(demo_client, "/services")
    assert 0 < len(in_nr1) < len(everyone)
    with demo_client.application.app_context():
        for service_id in in_nr1:
            service = db.session.get(Service, uuid.UUID(service_id))
            at_place = any(link.location.postcode.startswith("NR1 ")
                           and not link.location.hide_address
                           for link in service.service_at_locations)
            covering = any(area.county_wide or area.name == "Norwich" for area in service.areas)
            assert at_place or covering, service.name


def test_service_at_locations_take_the_service_filters(demo_client):
    every_link = all_pages(demo_client, "/service_at_locations", per_page=200)
    total = every_link[0]["total_items"]
    searched = all_pages(demo_client, "/service_at_locations", "search=debt", per_page=200)
    found = {link["service_id"] for page in searched for link in page["contents"]}
    assert 0 < searched[0]["total_items"] < total
    assert found <= set(ids_of(demo_client, "/services", "search=debt"))
    with demo_client.application.app_context():
        accommodation = db.session.scalar(select(Pathway).where(Pathway.slug == "accommodation"))
    filtered = {
        "taxonomy_term_id": f"taxonomy_term_id={accommodation.id}",
        "age": "minimum_age=16&maximum_age=17",
        "time": "day=SU",
    }
    for name, query in filtered.items():
        pages = all_pages(demo_client, "/service_at_locations", query, per_page=200)
        services = {link["service_id"] for page in pages for link in page["contents"]}
        assert pages[0]["total_items"] < total, name
        assert services <= set(ids_of(demo_client, "/services", query)), name


def test_taxonomy_terms_search_top_only_and_parent_id(demo_client):
    every = ids_of(demo_client, "/taxonomy_terms")
    searched = all_pages(demo_client, "/taxonomy_terms", "search=accommodation")
    assert [t["name"] for t in searched[0]["contents"]] == ["Accommodation"]
    assert ids_of(demo_client, "/taxonomy_terms", "top_only=true") == every
    assert ids_of(demo_client, "/taxonomy_terms", f"parent_id={every[0]}") == []
    stage = all_pages(demo_client, "/taxonomies", "search=stage")[0]["contents"]
    assert [t["name"] for t in stage] == ["Stage"]
    stages = ids_of(demo_client, "/taxonomy_terms", f"taxonomy_id={stage[0]['id']}")
    assert 0 < len(stages) < len(every)


def test_full_minimal_and_tree_shapes(demo_client):
    summary = demo_client.get("/api/services?per_page=200").get_json()["contents"]
    full = demo_client.get("/api/services?per_page=200&full=true").get_json()["contents"]
    minimal = demo_client.get("/api/services?per_page=200&minimal=true").get_json()["contents"]
    assert [s["id"] for s in summary] == [s["id"] for s in full] == [s["id"] for s in minimal]
    assert not any("service_at_locations" in s for s in summary)
    assert full == [demo_client.get(f"/api/services/{s['id']}").get_json() for s in full]
    assert {tuple(sorted(s)) for s in minimal} == {("id", "last_modified", "name", "status")}

    link = demo_client.get("/api/service_at_locations?full=true&per_page=1").get_json()
    service = link["contents"][0]["service"]
    assert service == demo_client.get(f"/api/services/{service['id']}").get_json()

    organisations = demo_client.get("/api/organizations?per_page=200").get_json()["contents"]
    assert not any("services" in o for o in organisations)
    trees = demo_client.get("/api/organizations?full_service=true&per_page=200").get_json()
    with demo_client.application.app_context():
        published = db.session.scalar(select(db.func.count()).select_from(Service).where(
            Service.status == ServiceStatus.PUBLISHED))
    assert sum(len(o["services"]) for o in trees["contents"]) == published
    assert any("service_at_locations" in s for o in trees["contents"] for s in o["services"])
    shallow = demo_client.get("/api/organizations?full=true&per_page=200").get_json()
    assert not any("service_at_locations" in s for o in shallow["contents"]
                   for s in o["services"])

    pathways = demo_client.get("/api/taxonomies").get_json()["contents"][0]
    tree = demo_client.get(f"/api/taxonomies/{pathways['id']}").get_json()
    assert "Accommodation" in [term["name"] for term in tree["taxonomy_terms"]]


@pytest.mark.parametrize("path, item_path", [("/services", "/services"),
                                             ("/service_at_locations", "/service_at_locations"),
                                             ("/organizations", "/organizations"),
                                             ("/taxonomy_terms", "/taxonomy_terms")])
def test_ndjson_gives_every_item_a_line_without_paging(demo_client, path, item_path):
    response = demo_client.get(f"/api{path}?format=ndjson")
    assert response.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [item["id"] for item in lines] == ids_of(demo_client, path)
    page = {"contents": lines}
    assert response_errors(page, item_path) == []


def test_a_hidden_organisation_is_hidden_from_every_endpoint(demo_app):
    client = demo_app.test_client()
    with demo_app.app_context():
        organisation = db.session.scalars(select(Organisation).join(Service).where(
            Service.status == ServiceStatus.PUBLISHED).order_by(Organisation.name)).first()
        services = {str(s.id) for s in organisation.services}
        organisation_id = str(organisation.id)
        assert organisation_id in ids_of(client, "/organizations")
        organisation.hidden = True
        db.session.commit()
    assert organisation_id not in ids_of(client, "/organizations")
    assert client.get(f"/api/organizations/{organisation_id}").status_code == 404
    assert not services & set(ids_of(client, "/services"))
    links = all_pages(client, "/service_at_locations", per_page=200)
    assert not services & {link["service_id"] for page in links for link in page["contents"]}
    v1 = client.get("/api/v1/services/?per_page=200").get_json()["content"]
    v1 += client.get("/api/v1/services/?per_page=200&page=2").get_json()["content"]
    assert not services & {service["id"] for service in v1}
    for service_id in services:
        assert client.get(f"/api/v1/services/{service_id}").status_code == 404
