"""What HSDS has beyond our own fields (alternate names, a contact's name and job title, cost
options, required documents, opening times at a place) survives a round trip: an upstream
example imported here, served by our API, imported into another directory, is the same there,
and the API's answers still meet both standards."""

import json

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.interop.exporting import export_text
from directory.interop.importing import import_file
from directory.models import Service
from tests.conftest import make_app
from tests.functional.test_export_import import load_taxonomies_only
from tests.functional.test_import_shapes import EXAMPLES, in_norfolk
from tests.oruk_schemas import response_errors
from tests.oruk_validator import validate


def _empty_directory(path):
    path.mkdir()
    app = make_app(path)
    with app.app_context():
        load_taxonomies_only()
    return app


def _extras(service: Service) -> dict:
    return {
        "alternate_name": service.alternate_name,
        "contact": (service.contact_name, service.contact_title),
        "cost_options": service.cost_options,
        "required_documents": service.required_documents,
        "place_schedules": [link.schedule for link in service.service_at_locations],
    }


@pytest.fixture
def upstream(tmp_path):
    """A directory holding the HSDS 3.0 example service, which has every extra."""
    app = _empty_directory(tmp_path / "upstream")
    with app.app_context():
        example = in_norfolk((EXAMPLES / "hsds-3.0" / "service_full.json").read_bytes())
        report = import_file(example, "service_full.json")
        assert report.ok, report.lines()
        extras = _extras(db.session.scalar(select(Service)))
    assert extras["alternate_name"] and extras["cost_options"] and extras["required_documents"]
    assert extras["contact"] == ("Ann Persona", "Reception Manager")
    assert extras["place_schedules"][0]
    return app, extras


def test_the_api_writes_the_extras_in_the_standard_shapes(upstream):
    app, _extras_kept = upstream
    client = app.test_client()
    service_id = client.get("/api/services").get_json()["contents"][0]["id"]
    body = client.get(f"/api/services/{service_id}").get_json()
    assert response_errors(body, "/services/{id}") == []
    assert body["alternate_name"] == "MyCity Counselling Services"
    assert [(c["name"], c["title"]) for c in body["contacts"]] == [
        ("Ann Persona", "Reception Manager")]
    assert [{k: option[k] for k in ("option", "amount", "currency", "amount_description")}
            for option in body["cost_options"]] == [{
                "option": "Under 18s and Over 60s", "amount": 35.0, "currency": "gbp",
                "amount_description": "per 1 hour session"}]
    assert body["required_documents"][0]["document"].startswith("Any official identification")
    schedules = body["service_at_locations"][0]["schedules"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in schedules] == [
        ("TH", "10:00", "18:00"), ("FR", "10:00", "18:00")]
    assert "lunch break" in schedules[0]["notes"]
    for path, template in (("/api/services?full=true", "/services"),
                           ("/api/service_at_locations?full=true", "/service_at_locations")):
        assert response_errors(client.get(path).get_json(), template) == [], path
    report = validate(client, "/api")
    assert report.problems() == []
    assert report.level_passes(1) and report.level_passes(2)


def test_import_export_import_keeps_every_extra(upstream, tmp_path):
    app, extras = upstream
    served = app.test_client().get("/api/services?full=true").get_json()
    elsewhere = _empty_directory(tmp_path / "elsewhere")
    with elsewhere.app_context():
        report = import_file(json.dumps(served).encode(), "services.json")
        assert report.ok, report.lines()
        assert len(report.created) == 1
        service = db.session.scalar(select(Service))
        assert _extras(service) == extras
        again = import_file(json.dumps(served).encode(), "services.json")
        assert again.ok and not again.created and not again.updated, again.lines()
        assert len(again.unchanged) == 1
    page = elsewhere.test_client().get(f"/services/{service.id}").get_data(as_text=True)
    for shown in ("Also called: MyCity Counselling Services", "Ann Persona, Reception Manager",
                  "Under 18s and Over 60s: £35 per 1 hour session",
                  "Any official identification document"):
        assert shown in page


def test_the_json_export_imported_back_changes_nothing(upstream):
    """The board's JSON export (the API's shapes, with funding) read back into the directory
    it came from changes nothing: every extra is read back exactly as it was kept."""
    app, extras = upstream
    with app.app_context():
        exported = export_text("json")
        assert "Reception Manager" in exported and "per 1 hour session" in exported
        report = import_file(exported.encode(), "directory.oruk.json")
        assert report.ok and not report.created and not report.updated, report.lines()
        assert _extras(db.session.scalar(select(Service))) == extras


def test_the_v1_api_carries_the_extras_and_imports_back_the_same(upstream, tmp_path):
    app, extras = upstream
    served = app.test_client().get("/api/v1/services/?per_page=50").get_json()
    service = served["content"][0]
    assert service["alternate_name"] == "MyCity Counselling Services"
    assert [(c["name"], c["title"]) for c in service["contacts"]] == [
        ("Ann Persona", "Reception Manager")]
    assert service["cost_options"][0]["amount"] == 35.0
    assert [row["weekday"] for row in service["service_at_locations"][0][
        "regular_schedules"]] == ["Thursday", "Friday"]
    elsewhere = _empty_directory(tmp_path / "elsewhere")
    with elsewhere.app_context():
        report = import_file(json.dumps(served).encode(), "v1.json")
        assert report.ok, report.lines()
        assert _extras(db.session.scalar(select(Service))) == extras
        again = import_file(json.dumps(served).encode(), "v1.json")
        assert again.ok and not again.created and not again.updated, again.lines()


def test_the_csv_export_carries_the_extras_and_imports_back_the_same(upstream, tmp_path):
    app, extras = upstream
    with app.app_context():
        exported = export_text("csv")
    assert "Under 18s and Over 60s | 35 | GBP | per 1 hour session" in exported
    elsewhere = _empty_directory(tmp_path / "elsewhere")
    with elsewhere.app_context():
        report = import_file(exported.encode(), "directory.csv")
        assert report.ok, report.lines()
        assert _extras(db.session.scalar(select(Service))) == extras
        again = import_file(exported.encode(), "directory.csv")
        assert again.ok and not again.created and not again.updated, again.lines()
