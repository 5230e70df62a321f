"""Every CSV the site writes neutralises cells a spreadsheet would run as a formula, and our
own CSV still imports back as what was exported."""

import csv
import io

from sqlalchemy import select

from directory.extensions import db
from directory.interop.exporting import export_text
from directory.interop.importing import import_file
from directory.models import Service, ServiceStatus
from tests.functional.test_export_import import directory_snapshot, load_taxonomies_only

FORMULAS = ["=HYPERLINK(\"http://example.org\",\"Click\")", "+cmd|' /C calc'!A0", "@SUM(1+1)",
            "-2+3+cmd|' /C calc'!A0", "\tTabbed", "\rReturned", "'=already quoted"]


def _plant_formulas(formulas=FORMULAS) -> list[str]:
    services = db.session.scalars(select(Service).where(
        Service.status == ServiceStatus.PUBLISHED).order_by(Service.name)).all()
    for service, formula in zip(services, formulas, strict=False):
        service.summary = formula
    services[0].organisation.description = "=1+1"
    db.session.commit()
    return [s.summary for s in services[:len(formulas)]]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_directory_export_quotes_every_cell_that_would_run_as_a_formula(demo_app):
    with demo_app.app_context():
        _plant_formulas()
        cells = _cells(export_text("csv"))
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
                 and not c.lstrip("-").replace(".", "", 1).isdigit()]
    assert dangerous == []
    for formula in FORMULAS:
        assert "'" + formula in cells


def test_the_download_over_the_web_is_the_same_safe_csv(admin_client, demo_app):
    with demo_app.app_context():
        _plant_formulas()
    cells = _cells(admin_client.get("/admin/data/export/csv").get_data(as_text=True))
    assert "=1+1" not in cells and "'=1+1" in cells


def test_a_quoted_export_imports_back_unchanged(demo_app, tmp_path):
    from tests.conftest import make_app

    with demo_app.app_context():
        # Imports trim white space as the forms do, so leading tabs are not expected back.
        _plant_formulas([f for f in FORMULAS if not f[0].isspace()])
        exported = export_text("csv")
        before = directory_snapshot()
    (tmp_path / "empty").mkdir()
    empty = make_app(tmp_path / "empty")
    with empty.app_context():
        load_taxonomies_only()
        report = import_file(exported.encode(), "directory.csv")
        assert report.ok, report.lines()
        assert directory_snapshot() == before


def test_board_downloads_quote_formulas_too(admin_client, demo_app):
    with demo_app.app_context():
        service = db.session.scalars(select(Service).where(
            Service.status == ServiceStatus.PUBLISHED, Service.funding.any())).first()
        service.funding[0].funder = "=HYPERLINK(\"http://example.org\")"
        db.session.commit()
    response = admin_client.get("/board/funding?format=csv&months=120")
    assert response.status_code == 200
    assert not [c for c in _cells(response.get_data(as_text=True)) if c.startswith("=")]
