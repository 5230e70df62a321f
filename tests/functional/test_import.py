"""Importing listings: real MoJ data, other shapes, and files that are wrong."""

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.interop.importing import import_file
from directory.models import Location, Organisation, Pathway, ScheduleRow, Service
from tests.conftest import make_app
from tests.functional.test_export_import import load_taxonomies_only
from tests.oruk_schemas import response_errors

DATA = Path(__file__).parent.parent / "data"
MOJ_FILE = DATA / "moj_crs_services.oruk.json"
DOCS = Path(__file__).parent.parent.parent / "docs"


@pytest.fixture(scope="module")
def moj_app(tmp_path_factory):
    """A new directory with only the MoJ catalogue imported: read-only tests."""
    app = make_app(tmp_path_factory.mktemp("moj"))
    with app.app_context():
        load_taxonomies_only()
        app.config["MOJ_REPORT"] = import_file(MOJ_FILE.read_bytes(), MOJ_FILE.name)
    return app


def row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_the_moj_catalogue_imports_cleanly(moj_app):
    report = moj_app.config["MOJ_REPORT"]
    assert report.ok, report.lines()
    assert len(report.created) == 180
    assert not [note for note in report.notes if note.startswith("Unknown term")]
    assert any("Dyfed-Powys" in note for note in report.notes)  # areas kept as places, said so


def test_moj_terms_are_mapped_to_our_pathways_and_groups(moj_app):
    with moj_app.app_context():
        service = db.session.scalar(select(Service).where(
            Service.name == "Accommodation Services - Dyfed-Powys"))
        assert [p.slug for p in service.pathways] == ["accommodation"]
        assert [g.slug for g in service.client_groups] == ["men"]
        assert [loc.name for loc in service.locations] == ["Dyfed-Powys"]
        assert service.areas == []  # not a Norfolk district
        assert service.funding[0].end_date == date(2026, 12, 31)
        assert service.summary and len(service.summary) <= 300
        unmapped = db.session.scalar(select(func.count()).select_from(Service).where(
            ~Service.pathways.any()))
        assert unmapped == 0
        norfolk = db.session.scalars(select(Service).where(Service.areas.any())).all()
        assert norfolk and all(a.slug == "county-wide" for s in norfolk for a in s.areas)


def test_importing_the_moj_catalogue_again_changes_nothing(moj_app):
    with moj_app.app_context():
        counts = row_counts()
        versions = dict(db.session.execute(select(Service.id, Service.version)).all())
        report = import_file(MOJ_FILE.read_bytes(), MOJ_FILE.name)
        assert report.ok and not report.created and not report.updated
        assert len(report.unchanged) == 180
        assert row_counts() == counts
        assert dict(db.session.execute(select(Service.id, Service.version)).all()) == versions


def test_moj_services_appear_in_the_api(moj_app):
    client = moj_app.test_client()
    page = client.get("/api/services?search=Dyfed-Powys").get_json()
    assert page["total_items"] >= 5
    service = client.get(f"/api/services/{page['contents'][0]['id']}").get_json()
    assert response_errors(service, "/services/{id}") == []
    assert service["organization"]["name"]


def test_a_dry_run_says_what_would_happen_and_saves_nothing(demo_app):
    with demo_app.app_context():
        before = row_counts()
        report = import_file(MOJ_FILE.read_bytes(), MOJ_FILE.name, dry_run=True)
        assert report.ok and len(report.created) == 180
        assert report.lines()[0].startswith("Would create 180, would update 0")
        assert row_counts() == before


def _one_service(**changes) -> dict:
    service = json.loads(MOJ_FILE.read_text())[0]
    service.update(changes)
    return service


def test_unknown_terms_are_reported_and_can_be_mapped(app, tmp_path):
    service = _one_service(attributes=[{"id": "x", "taxonomy_term": {
        "id": "5a0a71a5-d0ad-5f7d-a6b0-000000000001", "term": "Basket weaving",
        "taxonomy": "Contract type"}}])
    data = json.dumps([service]).encode()
    with app.app_context():
        load_taxonomies_only()
        report = import_file(data, "one.json", dry_run=True)
        assert report.ok
        assert any("'Basket weaving'" in note and "'Contract type'" in note
                   for note in report.notes)
        mapping = tmp_path / "crafts.yaml"
        mapping.write_text('taxonomies:\n  Contract type:\n    "Basket*": [pathway:health]\n')
        report = import_file(data, "one.json", mapping_files=[mapping])
        assert report.ok and not any("Basket" in note for note in report.notes)
        imported = db.session.scalar(select(Service))
        assert [p.slug for p in imported.pathways] == ["health"]


def test_a_mapping_to_a_term_we_do_not_have_is_an_error(app, tmp_path):
    mapping = tmp_path / "bad.yaml"
    mapping.write_text('taxonomies:\n  Contract type:\n    "Accommodation": [pathway:housing]\n')
    with app.app_context():
        load_taxonomies_only()
        report = import_file(json.dumps([_one_service()]).encode(), "x.json",
                             mapping_files=[mapping])
    assert not report.ok
    assert "'pathway:housing' is not one of our terms" in str(report.errors[0])


def _junk_json() -> bytes:
    return (b'{"contents": [' + b'{"id": "a", "name": "x"},' * 1) + os.urandom(10 * 1024 * 1024)


MALFORMED = {
    "truncated JSON": (MOJ_FILE.read_bytes()[:50_000], "file", "not valid JSON"),
    "10 MB of random bytes": (os.urandom(10 * 1024 * 1024), "file", "not UTF-8"),
    "10 MB of junk text": (("lorem ipsum;" * 900_000).encode(), "file", "not readable CSV"),
    "junk text with lines": (("lorem, ipsum\n" * 800_000).encode(), "file",
                             "missing the columns"),
    "junk after a good start": (_junk_json(), "file", "UTF-8"),
    "a number where text belongs": (json.dumps([_one_service(name=5)]).encode(),
                                    "service 1 (id 6975ff03", "name: should be text, not int"),
    "a word where an age belongs": (json.dumps([_one_service(minimum_age="old")]).encode(),
                                    "service 1", "minimum_age: should be a whole number"),
    "a list that is not a list": (json.dumps([_one_service(schedules="monday")]).encode(),
                                  "service 1", "schedules: should be a list"),
    "a service that is not an object": (b'[["not", "a", "service"]]', "service 1",
                                        "record: should be an object"),
    "the same id twice": (json.dumps([_one_service(), _one_service(name="Copy")]).encode(),
                          "service 2 (id 6975ff03", "id: is used twice"),
    "a bad opening time": (json.dumps([_one_service(schedules=[
        {"id": "s", "byday": "MO", "opens_at": "nine", "closes_at": "17:00"}])]).encode(),
        "service 1", "schedules[0]: opens_at: should be a time"),
    "a name too long to keep": (json.dumps([_one_service(name="x" * 500)]).encode(),
                                "service 1", "name: is 500 characters long"),
    "an email that is not one": (json.dumps([_one_service(email="call us")]).encode(),
                                 "service 1", "email: should be an email address"),
    "a web address that is not one": (json.dumps([_one_service(url="www example")]).encode(),
                                      "service 1", "url: should be a web address"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_file_is_refused_with_a_clear_reason_and_changes_nothing(demo_app, case):
    data, record, message = MALFORMED[case]
    with demo_app.app_context():
        before = row_counts()
        report = import_file(data, "upload")
        assert not report.ok
        assert any(str(problem).startswith(record) and message in str(problem)
                   for problem in report.errors), [str(p) for p in report.errors]
        assert report.lines()[0].startswith("Nothing was imported")
        assert row_counts() == before


def test_one_bad_service_stops_the_whole_file(demo_app):
    services = json.loads(MOJ_FILE.read_text())[:20]
    services[12]["minimum_age"] = -4
    with demo_app.app_context():
        before = row_counts()
        report = import_file(json.dumps(services).encode(), "moj.json")
        assert [p.record for p in report.errors] == [f"service 13 (id {services[12]['id']}, "
                                                     f"{services[12]['name']})"]
        assert row_counts() == before


def test_the_older_oruk_v1_paged_shape_imports(app):
    page = {"totalElements": 1, "totalPages": 2, "number": 1, "size": 1, "first": True,
            "last": False, "content": [{
                "id": "v1-service-1", "name": "Tenancy help", "description": "Help to keep "
                "your home. We visit you.", "status": "active", "url": "https://example.org/t",
                "organization": {"id": "v1-org-1", "name": "Example Housing", "url":
                                 "https://example.org"},
                "eligibilitys": [{"minimum_age": 18}],
                "regular_schedules": [{"weekday": "Tuesday", "opens_at": "10:00",
                                       "closes_at": "14:00"}],
                "service_taxonomys": [{"taxonomy": {"id": "t1", "name": "Accommodation",
                                                    "vocabulary": "pathway"}}],
                "service_at_locations": [{"location": {"id": "v1-loc", "name": "Hub",
                    "physical_addresses": [{"address_1": "1 High St", "city": "Diss",
                                            "postal_code": "IP22 4ZZ"}]}}],
            }]}
    with app.app_context():
        load_taxonomies_only()
        report = import_file(json.dumps(page).encode(), "v1.json")
        assert report.ok, report.lines()
        assert any("page 1 of 2" in note for note in report.notes)
        service = db.session.scalar(select(Service))
        assert service.source_id == "v1-service-1" and service.minimum_age == 18
        assert [(r.weekday, r.opens_at.hour) for r in service.schedule] == [(1, 10)]
        assert service.pathways == [db.session.scalar(
            select(Pathway).where(Pathway.slug == "accommodation"))]
        assert service.locations[0].public_address == "1 High St, Diss, IP22 4ZZ"
        assert db.session.scalar(select(Organisation)).source_id == "v1-org-1"


def _documented_csv() -> str:
    text = (DOCS / "import-csv.md").read_text()
    return re.search(r"```csv\n(.*?)```", text, re.S)[1]


def test_the_documented_csv_example_imports(app):
    with app.app_context():
        load_taxonomies_only()
        report = import_file(_documented_csv().encode(), "example.csv")
        assert report.ok, report.lines()
        assert len(report.created) == 2
        service = db.session.scalar(select(Service).where(Service.source_id == "ex-1"))
        assert len(service.locations) == 2 and len(service.funding) == 1
        assert {r.weekday for r in db.session.scalars(select(ScheduleRow))} == {0, 2}
        assert db.session.scalar(select(func.count()).select_from(Location)) == 2


def test_a_csv_mistake_is_named_by_row_and_column(app):
    text = _documented_csv().replace("MO 09:00-17:00", "Mondays nine to five")
    with app.app_context():
        load_taxonomies_only()
        report = import_file(text.encode(), "example.csv")
    assert not report.ok
    assert str(report.errors[0]).startswith("row 2 (service ex-1): opening_times:")


def test_an_imported_moj_service_is_searchable_and_has_a_page(moj_app):
    from tests.helpers import page, text_of

    client = moj_app.test_client()
    results = page(client.get("/search?q=Dyfed-Powys"))
    links = [a for a in results.select("a.app-result__link")
             if "Accommodation Services - Dyfed-Powys" in text_of(a)]
    assert links, "the imported service is not found by search"
    service_page = page(client.get(links[0]["href"]))
    assert "The Forward Trust" in text_of(service_page)
    assert "Dyfed-Powys" in text_of(service_page.select_one("main"))


def test_a_stale_line_in_the_shared_mapping_files_does_not_block_imports(app):
    """Here the board has no pathways yet, so every line of moj_crs.yaml points nowhere: the
    import still runs and says which lines were not used."""
    with app.app_context():
        report = import_file(json.dumps([_one_service()]).encode(), "one.json")
    assert report.ok, report.lines()
    assert any("shared mapping file moj_crs.yaml" in note and "not used" in note
               for note in report.notes)
