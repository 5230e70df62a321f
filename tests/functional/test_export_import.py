"""Export and import lose nothing: a round trip through a file gives the same directory."""

import json

import pytest
import yaml
from sqlalchemy import select

from directory.extensions import db
from directory.interop.exporting import export_text
from directory.interop.importing import import_file
from directory.listings.seeding import SEED_DIR, SeedReport, _load_taxonomies
from directory.models import TAXONOMIES, Service, ServiceStatus
from tests.conftest import make_app
from tests.oruk_schemas import page_shape_errors, schema_errors


def load_taxonomies_only() -> None:
    """A new install: the board's taxonomies, and no listings yet."""
    _load_taxonomies(yaml.safe_load((SEED_DIR / "taxonomies.yaml").read_text()), SeedReport())
    db.session.commit()


@pytest.fixture
def empty_app(tmp_path):
    (tmp_path / "empty").mkdir()
    app = make_app(tmp_path / "empty")
    with app.app_context():
        load_taxonomies_only()
    return app


def directory_snapshot() -> dict:
    """Everything the public can see about every published service, keyed by id."""
    services = db.session.scalars(select(Service).where(
        Service.status == ServiceStatus.PUBLISHED)).all()
    return {str(service.id): _service_snapshot(service) for service in services}


def _service_snapshot(service: Service) -> dict:
    columns = ("name", "summary", "description", "status", "self_referral",
               "professional_referral", "drop_in", "cost", "eligibility", "minimum_age",
               "maximum_age", "languages", "accessibility", "phone", "email", "url", "keywords",
               "last_checked_on")
    organisation = service.organisation
    return {
        **{name: getattr(service, name) for name in columns},
        "organisation": (str(organisation.id), organisation.name, organisation.description,
                         organisation.email, organisation.url, organisation.phone),
        **{key: sorted(t.slug for t in getattr(service, attr))
           for key, (_m, _t, attr) in TAXONOMIES.items()},
        "places": [(str(loc.id), loc.name, loc.public_address, loc.hide_address,
                    None if loc.hide_address else (loc.latitude, loc.longitude))
                   for loc in service.locations],
        "schedule": sorted((r.weekday, r.opens_at, r.closes_at, r.note) for r in service.schedule),
        "funding": sorted((f.funder, None if f.amount_per_year is None else float(
            f.amount_per_year), f.start_date, f.end_date) for f in service.funding),
    }


def _without_timestamps(exported: str) -> dict:
    page = json.loads(exported)
    for service in page["contents"]:
        service.pop("last_modified", None)
    return page


@pytest.mark.parametrize("file_format", ["json", "csv"])
def test_export_then_import_into_an_empty_directory_gives_the_same_directory(
        demo_app, empty_app, file_format):
    with demo_app.app_context():
        exported = export_text(file_format)
        before = directory_snapshot()
        json_before = _without_timestamps(export_text("json"))
    with empty_app.app_context():
        report = import_file(exported.encode(), f"directory.{file_format}")
        assert report.ok, report.lines()
        assert len(report.created) == len(before) > 100
        assert directory_snapshot() == before
        if file_format == "json":  # CSV has no ids for opening-time, place and funding rows
            assert _without_timestamps(export_text("json")) == json_before


def test_the_json_export_is_valid_open_referral_uk(shared_demo_app):
    with shared_demo_app.app_context():
        page = json.loads(export_text("json"))
    assert page_shape_errors(page) == []
    for standard in ("uk-profile", "hsds-3.0"):
        for service in page["contents"]:
            assert schema_errors(service, standard, "compiled/service.json") == []
    assert page["total_items"] == len(page["contents"]) > 100


def test_the_export_never_holds_a_refuge_address(demo_app):
    from directory.models import Location

    with demo_app.app_context():
        refuge = db.session.scalars(select(Location).where(Location.hide_address)).first()
        refuge.address, refuge.postcode = "12 Hidden Lane, Cromer", "NR27 9QX"
        refuge.latitude, refuge.longitude = 52.93117, 1.30155
        db.session.commit()
        for file_format in ("json", "csv"):
            text = export_text(file_format)
            assert "Cromer" in text
            for secret in ("Hidden Lane", "NR27 9QX", "52.93117", "1.30155"):
                assert secret not in text, file_format


def test_importing_our_own_export_again_changes_nothing(demo_app):
    with demo_app.app_context():
        exported = export_text("json")
        versions = dict(db.session.execute(select(Service.id, Service.version)).all())
        report = import_file(exported.encode(), "directory.json")
        assert report.ok and not report.created and not report.updated
        assert dict(db.session.execute(select(Service.id, Service.version)).all()) == versions


def test_cli_export_and_dry_run_import(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    path = tmp_path / "out.csv"
    result = runner.invoke(args=["export", "--format", "csv", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text().startswith("service_id,name,")
    result = runner.invoke(args=["import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would create 0, would update 0" in result.output


def test_cli_import_of_a_bad_file_fails_and_names_the_problem(app, tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('[{"id": "a", "name": "Half a serv')
    result = app.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "Nothing was imported: 1 problem(s) in the file." in result.output
    assert "file: line 1 column" in result.output and "not valid JSON" in result.output
