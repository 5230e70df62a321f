"""Fixtures shared by every kind of test (after flaskr: app, client, runner)."""

import os
from pathlib import Path

import pytest

from directory import create_app
from directory.extensions import db
from directory.listings.seeding import load_seed
from tests import postgres


def make_app(tmp_path: Path, **overrides):
    """A fresh app on its own empty database and search index.

    With TEST_DATABASE_URL=postgresql://… (as `.ci/run` sets) the app gets its own schema in
    this worker's PostgreSQL database instead of a SQLite file.
    """
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "PUBLIC_URL": "http://localhost",  # where the test client's requests go
    }
    on_postgres = bool(os.environ.get("TEST_DATABASE_URL")) and (
        "SQLALCHEMY_DATABASE_URI" not in overrides)
    if on_postgres:
        config.update(postgres.fresh_schema_config(os.environ["TEST_DATABASE_URL"]))
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        if on_postgres:
            postgres.track_engine(db.engine)
    return app


@pytest.fixture
def app(tmp_path):
    """An empty directory: for tests that change data."""
    yield make_app(tmp_path)


@pytest.fixture
def demo_app(tmp_path):
    """The demo data, fresh for a test that changes it."""
    app = make_app(tmp_path)
    with app.app_context():
        load_seed()
    yield app


@pytest.fixture(scope="session")
def shared_demo_app(tmp_path_factory):
    """The demo data, loaded once per test process: only for tests that read."""
    app = make_app(tmp_path_factory.mktemp("demo"))
    with app.app_context():
        load_seed()
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo_client(shared_demo_app):
    return shared_demo_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
