"""An import changes only records from its own source, names everything it changes, and
checks values as the forms do."""

import json
import uuid

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.interop.importing import import_file
from directory.models import Funding, Location, Organisation, Service, ServiceAtLocation
from tests.functional.test_export_import import load_taxonomies_only


def hsds_service(service_id="s1", name="Key workers", organisation_id="o1", **changes) -> dict:
    service = {
        "id": service_id, "name": name, "status": "active",
        "description": "Help to find a home. We meet you in town.",
        "organization": {"id": organisation_id, "name": "Broadland Housing Trust",
                         "description": "Homes and support."},
        "service_at_locations": [{"id": f"{service_id}-at", "location": {
            "id": "place-1", "name": "Drop-in centre", "location_type": "physical",
            "addresses": [{"address_1": "1 Market Place", "city": "Aylsham",
                           "postal_code": "NR11 6EH", "country": "GB"}]}}],
    }
    service.update(changes)
    return service


def as_file(*services) -> bytes:
    return json.dumps(list(services)).encode()


@pytest.fixture
def ours(app):
    """A service made in this directory, with its organisation and place."""
    with app.app_context():
        load_taxonomies_only()
        organisation = Organisation(name="Norwich Food Bank")
        place = Location(organisation=organisation, name="St Giles hall",
                         address="2 St Giles, Norwich", postcode="NR2 1AA")
        service = Service(organisation=organisation, name="Food parcels", status="published",
                          service_at_locations=[ServiceAtLocation(location=place)])
        db.session.add_all([organisation, place, service])
        db.session.commit()
        ids = {"service": str(service.id), "organisation": str(organisation.id),
               "place": str(place.id)}
    return app, ids


def test_a_file_cannot_take_over_our_service_by_its_id(ours):
    app, ids = ours
    with app.app_context():
        report = import_file(as_file(hsds_service(service_id=ids["service"], name="Mine now")),
                             "theirs.json")
        assert not report.ok
        assert any("service id" in str(p) and "“Food parcels" in str(p)
                   and "was made in this directory" in str(p) for p in report.errors), \
            [str(p) for p in report.errors]
        service = db.session.get(Service, uuid.UUID(ids["service"]))
        assert (service.name, service.organisation.name) == ("Food parcels", "Norwich Food Bank")


def test_a_file_cannot_move_our_place_to_its_organisation(ours):
    app, ids = ours
    service = hsds_service()
    service["service_at_locations"][0]["location"]["id"] = ids["place"]
    with app.app_context():
        report = import_file(as_file(service), "theirs.json", dry_run=True)
        assert not report.ok
        assert any("location id" in str(p) and "“St Giles hall" in str(p)
                   for p in report.errors), [str(p) for p in report.errors]
        place = db.session.get(Location, uuid.UUID(ids["place"]))
        assert place.organisation.name == "Norwich Food Bank"


def test_a_file_cannot_rewrite_our_organisation(ours):
    app, ids = ours
    with app.app_context():
        report = import_file(as_file(hsds_service(organisation_id=ids["organisation"])),
                             "theirs.json")
        assert not report.ok
        assert any("organisation id" in str(p) and "Norwich Food Bank" in str(p)
                   for p in report.errors)
        assert db.session.get(Organisation, uuid.UUID(ids["organisation"])).name \
            == "Norwich Food Bank"


def test_each_source_keeps_its_own_records_even_with_the_same_ids(app):
    with app.app_context():
        load_taxonomies_only()
        assert import_file(as_file(hsds_service()), "a.json", source="feed:Suffolk").ok
        report = import_file(as_file(hsds_service(name="Key workers (Norfolk)")), "b.json")
        assert report.ok, report.lines()
        assert report.created == ["Key workers (Norfolk) (Broadland Housing Trust)"]
        names = sorted(db.session.scalars(select(Service.name)))
        assert names == ["Key workers", "Key workers (Norfolk)"]
        # The feed's record is still the feed's, and a file re-using its name changes nothing.
        feed_service = db.session.scalar(select(Service).where(Service.source == "feed:Suffolk"))
        assert feed_service.name == "Key workers"


def test_the_report_and_dry_run_name_every_record_they_would_change(app):
    with app.app_context():
        load_taxonomies_only()
        report = import_file(as_file(hsds_service()), "a.json", dry_run=True)
        lines = report.lines()
        assert lines[0].startswith("Would create 1, would update 0")
        assert "Organisations: would create 1, would update 0." in lines
        assert "  + organisation: Broadland Housing Trust" in lines
        assert "  + place: Drop-in centre (Broadland Housing Trust)" in lines
        assert import_file(as_file(hsds_service()), "a.json").ok
        moved = hsds_service()
        moved["service_at_locations"][0]["location"]["name"] = "Town hall"
        moved["organization"]["description"] = "Homes, support and advice."
        lines = import_file(as_file(moved), "a.json", dry_run=True).lines()
        assert "  ~ place: Town hall (Broadland Housing Trust)" in lines
        assert "  ~ organisation: Broadland Housing Trust" in lines
        assert "Places: would create 0, would update 1." in lines


def test_deeply_nested_json_is_a_clear_error_not_a_crash(app):
    with app.app_context():
        load_taxonomies_only()
        report = import_file(b"[" * 100_000 + b"]" * 100_000, "deep.json")
    assert not report.ok
    assert "too many levels deep" in str(report.errors[0])


def test_imports_strip_nul_and_keep_long_free_text(app):
    funder = "Ministry of Justice, Commissioned Rehabilitative Services " + "lot 4 " * 300
    service = hsds_service(name="Key\u0000 workers", funding=[{"id": "f", "source": funder}],
                           eligibility_description="Adults. " * 500)
    with app.app_context():
        load_taxonomies_only()
        report = import_file(as_file(service), "a.json")
        assert report.ok, report.lines()
        imported = db.session.scalar(select(Service))
        assert imported.name == "Key workers"
        assert db.session.scalar(select(Funding.funder)) == funder.strip()
        assert len(imported.eligibility) == len(("Adults. " * 500).strip())


def test_imports_refuse_what_the_form_would_refuse(app):
    service = hsds_service(description="x" * 10_001, maximum_age=130)
    with app.app_context():
        load_taxonomies_only()
        problems = [str(p) for p in import_file(as_file(service), "a.json").errors]
    assert any("description: is 10,001 characters long; the most it can have is 10,000"
               in p for p in problems), problems
    assert any("maximum_age: should be a whole number from 0 to 120" in p for p in problems)
