"""Big imports: written a batch at a time yet all or nothing, big JSON read a record at a
time, and uploads too big for a web request refused up front, naming the command."""

import io
import json
import re

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.interop import file_contents, importing
from directory.models import AuditEntry, Service
from tests.functional.test_export_import import load_taxonomies_only
from tests.functional.test_import_sources import hsds_service
from tests.helpers import csrf_token, make_user, sign_in_as


def services(count: int, **changes) -> list[dict]:
    return [hsds_service(service_id=f"s{n}", name=f"Service {n}",
                         organisation_id=f"o{n % 3}", **changes) for n in range(count)]


@pytest.fixture
def empty(app):
    with app.app_context():
        load_taxonomies_only()
        yield app


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 2)


def count(model=Service) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_batches_are_written_as_one_import_with_its_history(empty, small_batches):
    history = count(AuditEntry)
    report = importing.import_file(json.dumps(services(7)).encode(), "a.json")
    assert report.ok, report.lines()
    assert len(report.created) == 7 and count() == 7
    assert report.organisations["created"] == ["Broadland Housing Trust"] * 3
    # Every service, organisation and place has its history entry, once.
    assert count(AuditEntry) - history == 7 + 3 + 3
    again = importing.import_file(json.dumps(services(7)).encode(), "a.json")
    assert again.ok and len(again.unchanged) == 7


def test_a_mistake_in_a_late_batch_undoes_the_early_ones(empty, small_batches):
    history = count(AuditEntry)
    bad = services(7)
    bad[6]["email"] = "nope"
    report = importing.import_file(json.dumps(bad).encode(), "a.json")
    assert not report.ok and report.errors[0].record.startswith("service 7")
    assert count() == 0 and count(AuditEntry) == history


def test_the_same_id_in_two_batches_is_still_found(empty, small_batches):
    twice = services(5)
    twice[4]["id"] = "s0"
    report = importing.import_file(json.dumps(twice).encode(), "a.json")
    assert "id: is used twice: service 1" in str(report.errors[0])


@pytest.mark.parametrize("wrapper", ["list", "page", "oruk-v1"])
def test_a_big_json_file_is_read_a_record_at_a_time(empty, small_batches, monkeypatch,
                                                    tmp_path, wrapper):
    monkeypatch.setattr(importing, "STREAM_ABOVE", 10)
    read_whole = []
    monkeypatch.setattr(file_contents, "json_contents", lambda *a: read_whole.append(1))
    items = services(5)
    if wrapper == "oruk-v1":
        body = {"content": [{k: v for k, v in s.items() if k != "service_at_locations"}
                            for s in items], "totalElements": 5}
    else:
        body = items if wrapper == "list" else {"total_items": 5, "contents": items}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(body))
    seen = []
    report = importing.import_path(path, progress=lambda done, total: seen.append((done, total)))
    assert report.ok, report.lines()
    assert len(report.created) == 5 and not read_whole
    assert report.shape.endswith("5 services.")
    assert seen[-1][0] <= seen[-1][1] == path.stat().st_size and len(seen) == 3


def test_a_big_file_cut_short_is_refused_and_saves_nothing(empty, small_batches, monkeypatch,
                                                            tmp_path):
    monkeypatch.setattr(importing, "STREAM_ABOVE", 10)
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(services(5))[:-700])
    report = importing.import_path(path)
    assert not report.ok and "is not valid JSON" in str(report.errors[-1])
    assert re.match(r"file: after record \d: is not valid JSON \(parse error: premature EOF\)",
                    str(report.errors[-1])), str(report.errors[-1])
    assert count() == 0


def test_the_cli_shows_progress_and_streams(empty, monkeypatch, tmp_path):
    monkeypatch.setattr(importing, "STREAM_ABOVE", 10)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(services(3)))
    result = empty.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Importing" in result.output and "Created 3" in result.output


def test_an_upload_too_big_for_the_web_is_refused_naming_the_command(empty, monkeypatch):
    monkeypatch.setattr(importing, "LARGEST_UPLOAD", 1000)
    client = empty.test_client()
    admin = make_user("admin@example.org", role="admin")
    sign_in_as(client, admin)
    token = csrf_token(client.get("/admin/data/"))
    response = client.post("/admin/data/", data={
        "csrf_token": token, "file": (io.BytesIO(json.dumps(services(5)).encode()), "a.json")},
        content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert "Error:" in text and "flask import FILE --dry-run" in text
    assert count() == 0
