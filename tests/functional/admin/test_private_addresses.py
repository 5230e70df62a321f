"""A refuge's hidden address is for admins and that organisation's editors only: not for
board members reading the admin side, nor for editors of other organisations."""

import uuid

from directory.extensions import db
from directory.models import Location
from tests.functional.admin.conftest import client_as


def hide_the_hub_address(app) -> None:
    with app.app_context():
        hub = db.session.get(Location, uuid.UUID(app.listing.location))
        hub.hide_address = True
        db.session.commit()
        hub.address = "2 Secret Lane, Norwich"  # a change: an entry in its history
        db.session.commit()


def test_a_hidden_address_is_shown_only_to_admins_and_the_organisation_s_editors(
        listing_app):
    hide_the_hub_address(listing_app)
    pages = (f"/admin/organisations/{listing_app.listing.organisation}",
             f"/admin/history/location/{listing_app.listing.location}")
    for role in ("admin", "own_editor"):
        client = client_as(listing_app, role)
        for url in pages:
            assert b"Secret Lane" in client.get(url).data, (role, url)
    for role in ("viewer", "other_editor"):
        client = client_as(listing_app, role)
        for url in pages:
            shown = client.get(url)
            assert shown.status_code == 200
            assert b"Secret Lane" not in shown.data and b"King Street" not in shown.data, (
                role, url)
            assert b"NR1 1AA" not in shown.data, (role, url)
        assert b"Norwich (the full address is kept private)" in client.get(pages[0]).data
        assert b"Kept private" in client.get(pages[1]).data


def test_an_address_that_is_not_hidden_is_shown_to_every_member(listing_app):
    page = f"/admin/organisations/{listing_app.listing.organisation}"
    assert b"1 King Street" in client_as(listing_app, "viewer").get(page).data
