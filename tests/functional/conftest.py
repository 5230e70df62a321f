"""Fixtures shared by the functional tests of one area and another."""

import pytest

from tests.helpers import make_user, sign_in_as


@pytest.fixture
def admin_client(demo_app):
    """A test client signed in as an admin, on fresh demo data (free to change)."""
    client = demo_app.test_client()
    with demo_app.app_context():
        sign_in_as(client, make_user("admin@example.org", "admin"))
    return client
