"""Fixtures shared by the functional tests of one area and another."""

import pytest

from directory.listings.seeding import load_seed
from tests.conftest import make_app
from tests.helpers import make_user, sign_in_as


@pytest.fixture(scope="module")
def search_app(tmp_path_factory):
    """The demo data for one module alone: searching writes to the search log."""
    app = make_app(tmp_path_factory.mktemp("search"))
    with app.app_context():
        load_seed()
    return app


@pytest.fixture
def admin_client(demo_app):
    """A test client signed in as an admin, on fresh demo data (free to change)."""
    client = demo_app.test_client()
    with demo_app.app_context():
        sign_in_as(client, make_user("admin@example.org", "admin"))
    return client
