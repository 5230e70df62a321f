"""The Open Referral UK API: what another directory reading ours would see."""

import json

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Location, Pathway, Service, ServiceStatus
from tests.conftest import make_app
from tests.helpers import api_pages, text_of
from tests.helpers import page as html_page
from tests.oruk_schemas import page_shape_errors, response_errors


def all_pages(client, url: str) -> list[dict]:
    return api_pages(client, url)


def test_index_names_the_standard_and_the_openapi_document(demo_client):
    response = demo_client.get("/api/")
    body = response.get_json()
    assert body["version"] == "3.0"
    assert body["profile"]
    document = demo_client.get(body["openapi_url"].replace("http://localhost", "")).get_json()
    assert document["openapi"].startswith("3.")
    assert {"/services", "/services/{id}", "/service_at_locations", "/taxonomies",
            "/taxonomy_terms"} <= set(document["paths"])


def test_every_service_page_and_every_service_validates_against_the_oruk_schemas(demo_client):
    pages = all_pages(demo_client, "/api/services")
    listed = [item for page in pages for item in page["contents"]]
    for page in pages:
        assert response_errors(page, "/services") + page_shape_errors(page) == []
    assert len(listed) == pages[0]["total_items"] > 100
    for item in listed:
        service = demo_client.get(f"/api/services/{item['id']}").get_json()
        assert response_errors(service, "/services/{id}") == [], item["name"]


def test_locations_taxonomies_and_terms_validate(demo_client):
    for page in all_pages(demo_client, "/api/service_at_locations"):
        assert response_errors(page, "/service_at_locations") + page_shape_errors(page) == []
    taxonomies = demo_client.get("/api/taxonomies").get_json()
    assert response_errors(taxonomies, "/taxonomies") + page_shape_errors(taxonomies) == []
    assert [t["name"] for t in taxonomies["contents"]] == [
        "Rehabilitation pathways", "Who it is for", "Stage"]
    for page in all_pages(demo_client, "/api/taxonomy_terms"):
        assert response_errors(page, "/taxonomy_terms") + page_shape_errors(page) == []
    pathway_id = taxonomies["contents"][0]["id"]
    pathways = demo_client.get(f"/api/taxonomy_terms?taxonomy_id={pathway_id}").get_json()
    assert "Accommodation" in [t["name"] for t in pathways["contents"]]
    assert {t["taxonomy"] for t in pathways["contents"]} == {"pathway"}


def test_a_service_shows_its_organisation_places_times_contacts_and_terms(demo_client):
    with demo_client.application.app_context():
        service = db.session.scalars(
            select(Service).where(Service.status == ServiceStatus.PUBLISHED,
                                  Service.schedule.any(), Service.service_at_locations.any(),
                                  Service.phone != "")
        ).first()
        expected = (service.name, service.organisation.name, len(service.schedule),
                    {p.name for p in service.pathways}, service.phone)
    body = demo_client.get(f"/api/services/{service.id}").get_json()
    assert (body["name"], body["organization"]["name"]) == expected[:2]
    assert len(body["schedules"]) == expected[2]
    assert {a["taxonomy_term"]["name"] for a in body["attributes"]
            if a["taxonomy_term"]["taxonomy"] == "pathway"} == expected[3]
    assert body["contacts"][0]["phones"][0]["number"] == expected[4]
    assert body["service_at_locations"][0]["location"]["name"]


def test_funding_is_for_the_board_not_the_public_api(demo_client):
    from directory.interop.exporting import export_text

    with demo_client.application.app_context():
        funded = db.session.scalars(select(Service).where(
            Service.status == ServiceStatus.PUBLISHED, Service.funding.any())).first()
        exported = {s["id"]: s for s in json.loads(export_text("json"))["contents"]}
    assert "funding" not in demo_client.get(f"/api/services/{funded.id}").get_json()
    assert exported[str(funded.id)]["funding"][0]["source"] == funded.funding[0].funder


def test_only_published_services_appear(demo_client):
    with demo_client.application.app_context():
        hidden = db.session.scalars(
            select(Service).where(Service.status != ServiceStatus.PUBLISHED)).all()
        published = db.session.scalar(
            select(db.func.count()).select_from(Service)
            .where(Service.status == ServiceStatus.PUBLISHED))
    assert hidden, "the demo data should have a draft or archived service"
    listed = {item["id"] for page in all_pages(demo_client, "/api/services")
              for item in page["contents"]}
    assert len(listed) == published
    for service in hidden:
        assert str(service.id) not in listed
        response = demo_client.get(f"/api/services/{service.id}")
        assert response.status_code == 404
        assert response.get_json()["code"] == 404


SECRET = {"address": "12 Hidden Lane, Cromer", "postcode": "NR27 9QX",
          "latitude": 52.93117, "longitude": 1.30155}


@pytest.fixture
def refuge_client(demo_app):
    """The demo data with a refuge whose full address is in the database, as an editor
    would type it: the API must still show only the town."""
    with demo_app.app_context():
        refuge = db.session.scalars(
            select(Location).where(Location.hide_address).order_by(Location.name)).first()
        for name, value in SECRET.items():
            setattr(refuge, name, value)
        db.session.commit()
        demo_app.config["REFUGE_ID"] = str(refuge.id)
    return demo_app.test_client()


def test_a_refuge_address_never_leaves_the_api(refuge_client):
    texts = [json.dumps(page) for page in all_pages(refuge_client, "/api/service_at_locations")]
    texts += [json.dumps(refuge_client.get(f"/api/services/{item['id']}").get_json())
              for page in all_pages(refuge_client, "/api/services") for item in page["contents"]]
    everything = "\n".join(texts)
    assert refuge_client.application.config["REFUGE_ID"] in everything  # listed, by town
    assert "Cromer" in everything
    for secret in ("Hidden Lane", "NR27 9QX", "52.93117", "1.30155"):
        assert secret not in everything


def test_postcode_and_distance_searches_cannot_find_a_refuge(refuge_client):
    refuge_id = refuge_client.application.config["REFUGE_ID"]
    for query in ("postcode=NR27 9QX", "postcode=NR27", "postcode=NR27&proximity=1000000",
                  "postcode=NR2&proximity=1000000"):
        body = refuge_client.get(f"/api/service_at_locations?{query}&per_page=200").get_json()
        assert refuge_id not in {link["location_id"] for link in body["contents"]}


def test_postcode_and_proximity_find_places_nearby(demo_client):
    near = demo_client.get("/api/service_at_locations?postcode=NR1&per_page=200").get_json()
    assert near["total_items"] > 0
    assert all(link["location"]["addresses"][0]["postal_code"].split()[0] == "NR1"
               for link in near["contents"])
    close = demo_client.get("/api/service_at_locations?postcode=NR1&proximity=3000"
                            "&per_page=200").get_json()
    wide = demo_client.get("/api/service_at_locations?postcode=NR1&proximity=100000"
                           "&per_page=200").get_json()
    assert 0 < close["total_items"] < wide["total_items"]
    nowhere = demo_client.get("/api/service_at_locations?postcode=ZZ9&proximity=5000").get_json()
    assert nowhere["empty"] is True


def test_filters_narrow_the_services(demo_client):
    with demo_client.application.app_context():
        accommodation = db.session.scalar(select(Pathway).where(Pathway.slug == "accommodation"))
        with_pathway = {str(s.id) for s in db.session.scalars(
            select(Service).where(Service.status == ServiceStatus.PUBLISHED,
                                  Service.pathways.any(Pathway.id == accommodation.id)))}
    found = {item["id"] for page in all_pages(
        demo_client, f"/api/services?taxonomy_term_id={accommodation.id}")
        for item in page["contents"]}
    assert found == with_pathway
    everyone = demo_client.get("/api/services").get_json()["total_items"]
    on_sunday = demo_client.get("/api/services?day=SU").get_json()["total_items"]
    evenings = demo_client.get("/api/services?start_time=18:00").get_json()["total_items"]
    assert 0 <= on_sunday < everyone and evenings < everyone
    young = demo_client.get("/api/services?minimum_age=16&maximum_age=17").get_json()
    for item in young["contents"]:
        assert item.get("minimum_age", 0) <= 16 and item.get("maximum_age", 150) >= 17
    assert young["total_items"] < everyone
    search = demo_client.get("/api/services?search=debt").get_json()
    assert 0 < search["total_items"] < everyone


def api_names(client, url: str) -> list[str]:
    return [item["name"] for page in all_pages(client, url) for item in page["contents"]]


def test_search_understands_everyday_words_and_misspellings_as_the_site_does(demo_client):
    site_first = html_page(demo_client.get("/search?q=benifits")).select_one(
        ".app-result__link")
    api = api_names(demo_client, "/api/services?search=benifits")
    # Same engine as /search: misspelt words find services, best match first.
    assert api and api[0] == text_of(site_first)
    assert api_names(demo_client, "/api/services?search=somewhere%20to%20live")


def test_search_combines_with_the_other_filters(demo_client, shared_demo_app):
    with shared_demo_app.app_context():
        accommodation = db.session.scalar(select(Pathway).where(Pathway.slug == "accommodation"))
        housing = {s.name for s in db.session.scalars(select(Service).where(
            Service.status == ServiceStatus.PUBLISHED,
            Service.pathways.any(Pathway.id == accommodation.id)))}
    searched = api_names(demo_client, "/api/services?search=housing")
    both = api_names(demo_client,
                     f"/api/services?search=housing&taxonomy_term_id={accommodation.id}")
    assert both and set(both) <= housing and set(both) <= set(searched)
    assert [name for name in searched if name in both] == both  # still best match first


def test_search_with_no_index_says_so_and_other_listings_still_work(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the index folder should be")
    client = make_app(tmp_path, SEARCH_INDEX_DIR=str(blocked)).test_client()
    response = client.get("/api/services?search=housing")
    assert response.status_code == 503 and "Searching is not working" in response.get_json()[
        "message"]
    assert client.get("/api/services").status_code == 200


@pytest.mark.parametrize("url, status", [
    ("/api/services?page=0", 400),
    ("/api/services?per_page=100000", 400),
    ("/api/services?taxonomy_term_id=not-an-id", 400),
    ("/api/services?day=Funday", 400),
    ("/api/services?start_time=25:99", 400),
    ("/api/services/00000000-0000-0000-0000-000000000000", 404),
    ("/api/services/not-an-id", 404),
    ("/api/no-such-thing", 404),
    ("/api/service_at_locations?proximity=10", 400),
])
def test_errors_are_json_and_open_to_any_origin(demo_client, url, status):
    response = demo_client.get(url)
    assert response.status_code == status
    assert response.is_json and response.get_json()["code"] == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_writing_is_refused_as_json(demo_client):
    response = demo_client.post("/api/services", json={})
    assert response.status_code == 405 and response.is_json


def test_every_answer_allows_any_origin(demo_client):
    for url in ("/api/", "/api/services", "/api/taxonomies", "/api/openapi.json"):
        assert demo_client.get(url).headers["Access-Control-Allow-Origin"] == "*"


def test_the_api_without_its_slash_answers_there_open_to_any_origin(demo_client):
    response = demo_client.get("/api")
    assert response.status_code == 200 and response.get_json()["version"] == "3.0"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def _empty_values(value, where="") -> list[str]:
    if isinstance(value, dict):
        return [found for key, item in value.items()
                for found in _empty_values(item, f"{where}/{key}")]
    if isinstance(value, list):
        return [found for index, item in enumerate(value)
                for found in _empty_values(item, f"{where}/{index}")]
    return [where] if value in ("", None) else []


def test_empty_fields_are_left_out_not_sent_empty(refuge_client):
    """HSDS types its fields (a web address, an e-mail): "" or null would not be one."""
    bodies = [page for url in ("/api/services", "/api/service_at_locations",
                               "/api/taxonomy_terms") for page in all_pages(refuge_client, url)]
    bodies += [refuge_client.get(f"/api/services/{item['id']}").get_json()
               for item in bodies[0]["contents"]]
    assert [where for body in bodies for where in _empty_values(body)] == []
