"""A small directory with one account of each kind, for the signed-in side's tests."""

from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest

from directory.extensions import db
from directory.models import (
    Area,
    ClientGroup,
    Location,
    Organisation,
    Pathway,
    ScheduleRow,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Stage,
)
from tests.conftest import make_app
from tests.helpers import make_user, sign_in_as

PASSWORD = "correct horse battery staple"


@dataclass
class Listing:
    """Ids of what the tests act on (plain values: usable outside an app context)."""

    organisation: str
    other_organisation: str
    service: str
    location: str
    pathway: str
    users: dict


def add_listing(app) -> Listing:
    with app.app_context():
        housing = Pathway(slug="accommodation", name="Accommodation", position=1)
        work = Pathway(slug="work", name="Work", position=2)
        norwich = Area(slug="norwich", name="Norwich", position=1)
        county = Area(slug="norfolk", name="All of Norfolk", county_wide=True, position=2)
        women = ClientGroup(slug="women", name="Women", position=1)
        release = Stage(slug="release", name="Release", position=1)
        home = Organisation(name="Home Housing Trust")
        other = Organisation(name="Other Help")
        hub = Location(organisation=home, name="Hub", address="1 King Street, Norwich",
                       postcode="NR1 1AA")
        service = Service(
            organisation=home, name="Move-on housing", summary="Rooms after prison",
            status=ServiceStatus.PUBLISHED, self_referral=True, phone="01632 960001",
            last_checked_on=date.today() - timedelta(days=400),
            pathways=[housing], areas=[norwich], client_groups=[women], stages=[release],
            schedule=[ScheduleRow(weekday=0, opens_at=time(9), closes_at=time(17))],
            service_at_locations=[ServiceAtLocation(location=hub)],
        )
        db.session.add_all([housing, work, norwich, county, women, release, home, other,
                            hub, service])
        db.session.commit()
        # No passwords: hashing is slow on purpose, and these users are signed in by cookie.
        users = {
            "admin": make_user("admin@example.org", "admin"),
            "viewer": make_user("viewer@example.org", "viewer"),
            "own_editor": make_user("own@example.org", "editor", [home]),
            "other_editor": make_user("other@example.org", "editor", [other]),
        }
        return Listing(str(home.id), str(other.id), str(service.id), str(hub.id),
                       str(housing.id), {role: user.id for role, user in users.items()})


@pytest.fixture
def listing_app(tmp_path):
    app = make_app(tmp_path)
    app.listing = add_listing(app)
    return app


@pytest.fixture
def open_app(tmp_path):
    """CSRF checks off, to test who may do what (CSRF has its own test)."""
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False)
    app.listing = add_listing(app)
    return app


def client_as(app, role: str | None):
    client = app.test_client()
    if role:
        from directory.models import User

        with app.app_context():
            sign_in_as(client, db.session.get(User, app.listing.users[role]))
    return client
