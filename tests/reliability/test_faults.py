"""A worker killed with kill -9 mid-edit or mid-index-write loses nothing: after a restart the
database is intact and the search index reconciles to it (0 missing, 0 stale documents).
A full or read-only index disk degrades search to a clear message, never a crash."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from directory import create_app
from directory.extensions import db
from directory.listings.seeding import load_seed
from directory.models import Service, ServiceStatus
from tests.conftest import make_app

pytest.importorskip("directory.search.indexing", reason="needs the search index (issue 3)")

ROOT = Path(__file__).resolve().parents[2]
NEW_NAME = "Renamed just before the crash"
CHILD_CONFIG_KEYS = ("SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "SEARCH_INDEX_DIR",
                     "SECRET_KEY")


@pytest.fixture
def site(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        load_seed()  # the session hook builds the index on this first commit
    return app


def child_config(app) -> str:
    return json.dumps({key: app.config[key] for key in CHILD_CONFIG_KEYS if key in app.config})


def kill_when_ready(app, scenario: str) -> None:
    """Start a worker stand-in, and kill -9 it at the moment it says it is mid-write."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.fault_child", scenario, child_config(app)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline().strip()
        assert line == "ready", child.stderr.read()[-3000:]
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()


def restart(app, catch_up: str = "now"):
    """A new worker on the same database and index folder, catching up as it starts."""
    return create_app({**app.config, "SEARCH_CATCH_UP_ON_START": catch_up})


def index_differences(app) -> dict:
    with app.app_context():
        published = {str(i): v for i, v in db.session.execute(
            select(Service.id, Service.version).where(
                Service.status == ServiceStatus.PUBLISHED))}
        with app.extensions["search"].index.searcher() as searcher:
            indexed = {f["id"]: f.get("version") for f in searcher.all_stored_fields()}
    return {
        "missing": sorted(published.keys() - indexed.keys()),
        "stale": sorted(i for i in published.keys() & indexed.keys() if published[i] != indexed[i]),
        "not published": sorted(indexed.keys() - published.keys()),
    }


def database_is_intact(app) -> int:
    """Integrity check where the database has one; returns the number of services."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        return db.session.scalar(select(func.count()).select_from(Service))


def names_found(app, words: str) -> str:
    return app.test_client().get("/search", query_string={"q": words}).get_data(as_text=True)


def test_kill_9_mid_edit_loses_the_unsaved_edit_only(site):
    before = database_is_intact(site)
    kill_when_ready(site, "edit")
    after = restart(site)
    assert database_is_intact(after) == before
    with after.app_context():
        assert db.session.scalar(select(func.count()).where(Service.name == NEW_NAME)) == 0
        # Nothing was left locked: the next edit saves at once.
        service = db.session.scalars(select(Service).order_by(Service.name)).first()
        service.summary = "Saved after the crash"
        db.session.commit()
    assert index_differences(after) == {"missing": [], "stale": [], "not published": []}


def test_kill_9_mid_index_write_is_repaired_on_restart(site):
    before = database_is_intact(site)
    kill_when_ready(site, "index_write")
    # The crash left the index behind the database: the edit is committed, not indexed.
    assert len(index_differences(restart(site, catch_up="off"))["stale"]) == 1
    after = restart(site)
    assert database_is_intact(after) == before
    with after.app_context():
        assert db.session.scalar(select(func.count()).where(Service.name == NEW_NAME)) == 1
    assert index_differences(after) == {"missing": [], "stale": [], "not published": []}
    assert NEW_NAME in names_found(after, "renamed crash")


def can_mount_privately() -> bool:
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_private_mounts = pytest.mark.skipif(
    not can_mount_privately(), reason="needs `unshare -m` (root) to mount a small file system")


def run_starved(app, scenario: str) -> dict:
    result = subprocess.run(
        ["unshare", "-m", sys.executable, "-m", "tests.reliability.fault_child", scenario,
         child_config(app)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@needs_private_mounts
def test_a_full_then_read_only_index_disk_keeps_search_answering(site):
    seen = run_starved(site, "full_disk")
    # Edits are saved whatever the disk; search answers from the index it still has.
    for moment in ("full", "read_only"):
        assert seen[moment]["status"] == 200, seen
    with site.app_context():
        assert db.session.scalar(select(func.count()).where(Service.name == NEW_NAME)) == 1
    # Once there is room again, the next catch-up brings the edit into the index.
    assert seen["catch_up_after"] == "reconciled", seen
    assert seen["recovered"] == {"status": 200, "unavailable": False, "found": True}, seen


@needs_private_mounts
def test_a_read_only_index_disk_on_a_new_machine_shows_a_clear_message(site):
    seen = run_starved(site, "read_only")["read_only"]
    assert seen == {"status": 200, "unavailable": True, "found": False}
