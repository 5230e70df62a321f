"""Every shape Open Referral UK / HSDS 3.0 allows is read, and its shape named; every upstream
example file imports or is refused with per-record problems (tests/data/oruk-examples/)."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.interop.importing import import_file
from directory.models import Organisation, Service
from tests.functional.test_export_import import load_taxonomies_only
from tests.functional.test_import_sources import as_file, hsds_service

EXAMPLES = Path(__file__).parent.parent / "data" / "oruk-examples"
JSON_EXAMPLES = sorted(EXAMPLES.glob("*/*.json"))
PACKAGES = sorted(EXAMPLES.glob("*/csv"))
SHAPES = {
    "service_list": "This file holds services: 1 service.",
    "service_full": "This file holds services: 1 service.",
    "organization_list": "This file holds organizations: 1 organization with 0 services",
    "organization_full": "This file holds organizations: 1 organization with 1 service",
    "service_at_location_list": "This file holds service_at_locations: 1 service.",
    "service_at_location_full": "This file holds service_at_locations: 1 service.",
}


def zipped(folder: Path, fix_position: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.glob("*.csv"):
            text = path.read_text()
            if fix_position:
                text = text.replace(",100,101,", ",52.63,1.29,")
            archive.writestr(path.name, text)
    return buffer.getvalue()


def in_norfolk(data: bytes) -> bytes:
    """The examples put their place at latitude 100, which is not on Earth: move it."""
    return data.replace(b'"latitude": 100', b'"latitude": 52.63').replace(
        b'"longitude": 101', b'"longitude": 1.29')


@pytest.fixture
def empty(app):
    with app.app_context():
        load_taxonomies_only()
        yield app


@pytest.mark.parametrize("path", JSON_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_upstream_example_is_named_and_imports_or_is_refused_per_record(empty, path):
    report = import_file(path.read_bytes(), path.name, dry_run=True)
    assert report.shape.startswith(SHAPES[path.stem])
    if not report.ok:  # only the impossible position, named by record, place and field
        assert [p.message for p in report.errors] == [
            "should be a number from -90 to 90, not 100"]
        assert report.errors[0].record.endswith("location") and "(id " in report.errors[0].record
        assert report.errors[0].field == "latitude"
    fixed = import_file(in_norfolk(path.read_bytes()), path.name)
    assert fixed.ok, fixed.lines()
    assert fixed.created or fixed.organisations["created"]


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.parent.name)
def test_the_tabular_package_imports_from_a_zip(empty, folder):
    refused = import_file(zipped(folder), "package.zip")
    assert [p.field for p in refused.errors] == ["latitude"]
    assert refused.errors[0].record.startswith("services.csv row 2 (id ac148810")
    report = import_file(zipped(folder, fix_position=True), "package.zip")
    assert report.ok, report.lines()
    assert report.shape == "This file holds services (HSDS tabular package): 1 service."
    service = db.session.scalar(select(Service))
    assert service.organisation.name == "Example Organization Inc."
    assert service.locations[0].name == "MyCity Civic Center"
    assert service.contact_name == "Ann Persona"
    assert service.required_documents and service.cost_options


def test_hsds_extras_are_kept(empty):
    report = import_file(in_norfolk((EXAMPLES / "hsds-3.0" / "service_full.json").read_bytes()),
                         "service_full.json")
    assert report.ok, report.lines()
    service = db.session.scalar(select(Service))
    assert service.alternate_name == "MyCity Counselling Services"
    assert (service.contact_name, service.contact_title) == ("Ann Persona", "Reception Manager")
    assert service.phone == "+44 1234 234567"  # the example's quotes round it are dropped
    assert service.cost_options == [{"option": "Under 18s and Over 60s", "amount": 35.0,
                                     "currency": "GBP",
                                     "amount_description": "per 1 hour session"}]
    assert service.required_documents[0].startswith("Any official identification document")
    link = service.service_at_locations[0]
    assert link.schedule == [
        {"weekday": 3, "opens_at": "10:00", "closes_at": "18:00", "note": link.schedule[0]["note"]},
        {"weekday": 4, "opens_at": "10:00", "closes_at": "18:00", "note": link.schedule[0]["note"]},
    ]
    assert "lunch break" in link.schedule[0]["note"]
    # Funding sources longer than 200 characters are kept whole.
    assert len(service.funding[0].funder) > 200


def test_a_service_may_name_its_organisation_by_id_from_the_file_or_the_directory(empty):
    whole = hsds_service(service_id="a")
    by_id = hsds_service(service_id="b", name="Tenancy help")
    del by_id["organization"]
    by_id["organization_id"] = "o1"
    report = import_file(as_file(by_id, whole), "two.json")
    assert report.ok, report.lines()
    assert {s.organisation.name for s in db.session.scalars(select(Service))} == {
        "Broadland Housing Trust"}
    later = hsds_service(service_id="c", name="Debt advice")
    del later["organization"]
    later["organization_id"] = "o1"
    report = import_file(as_file(later), "later.json")
    assert report.ok, report.lines()
    assert db.session.scalar(select(Service).where(Service.name == "Debt advice")) \
        .organisation.name == "Broadland Housing Trust"
    assert db.session.scalar(select(db.func.count()).select_from(Organisation)) == 1


def test_an_organisation_the_file_and_directory_do_not_have_is_named(empty):
    service = hsds_service()
    del service["organization"]
    service["organization_id"] = "nobody"
    report = import_file(as_file(service), "x.json")
    assert not report.ok
    assert "organization_id: is 'nobody', which is not in this file or in the directory" \
        in str(report.errors[0])


def test_organisations_listed_first_can_be_referred_to_later(empty):
    organisations = {"contents": [{"id": "o9", "name": "Wensum Trust", "description": "Help.",
                                   "website": "https://wensum.example.org"}]}
    report = import_file(json.dumps(organisations).encode(), "organizations.json")
    assert report.ok and report.organisations["created"] == ["Wensum Trust"]
    service = hsds_service(organisation_id="o9")
    del service["organization"]
    service["organization_id"] = "o9"
    assert import_file(as_file(service), "services.json").ok
    assert db.session.scalar(select(Service)).organisation.name == "Wensum Trust"


def test_a_package_without_services_is_refused_plainly(empty):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv", "id,name\no1,Trust\n")
    report = import_file(buffer.getvalue(), "package.zip")
    assert str(report.errors[0]).startswith("file: services.csv: is missing")


def test_the_service_page_shows_the_kept_extras(empty):
    report = import_file(in_norfolk((EXAMPLES / "hsds-3.0" / "service_full.json").read_bytes()),
                         "service_full.json")
    assert report.ok, report.lines()
    service = db.session.scalar(select(Service))
    page = empty.test_client().get(f"/services/{service.id}").get_data(as_text=True)
    assert "Also called: MyCity Counselling Services" in page
    assert "Ask for: Ann Persona, Reception Manager" in page
    assert "Under 18s and Over 60s: £35 per 1 hour session" in page
    assert "What to bring" in page and "Any official identification document" in page
    assert "Open here Thursday and Friday" in page


def test_the_cli_imports_a_folder_of_tabular_csv_files(empty, tmp_path):
    for path in (EXAMPLES / "uk-profile" / "csv").glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text().replace(",100,101,", ",52.6,1.3,"))
    result = empty.test_cli_runner().invoke(args=["import", str(tmp_path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "This file holds services (HSDS tabular package): 1 service." in result.output
    assert "+ service: Community Counselling (Example Organization Inc.)" in result.output
