"""Fixtures shared by every kind of test (after flaskr: app, client, runner)."""

import os
from pathlib import Path

import pytest

from directory import create_app
from directory.extensions import db
from directory.seeding import load_seed


def make_app(tmp_path: Path, **overrides):
    """A fresh app on its own empty database and search index."""
    database_url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
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
