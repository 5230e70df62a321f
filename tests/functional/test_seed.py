"""The demo data loads, is big enough to be real, and loading it twice changes nothing."""

import re

from sqlalchemy import func, select

from directory.extensions import db
from directory.listings.seeding import load_seed
from directory.models import (
    Area,
    ClientGroup,
    Organisation,
    Pathway,
    Prison,
    ScheduleRow,
    Service,
    ServiceStatus,
    Stage,
)


def snapshot():
    def rows(model):
        return sorted(
            tuple(str(getattr(obj, c.key)) for c in model.__table__.columns)
            for obj in db.session.scalars(select(model))
        )

    return {m.__name__: rows(m) for m in
            (Organisation, Service, Pathway, Area, ClientGroup, Stage, ScheduleRow, Prison)}


def test_seed_loads_the_demo_directory(runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Loaded" in result.output
    with runner.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pathway)) == 9
        assert db.session.scalar(select(func.count()).select_from(Area)) == 9
        assert db.session.scalar(select(func.count()).select_from(Organisation)) >= 40
        published = db.session.scalar(
            select(func.count()).select_from(Service)
            .where(Service.status == ServiceStatus.PUBLISHED))
        assert published >= 150


def test_seed_twice_changes_nothing(app):
    with app.app_context():
        load_seed()
        first = snapshot()
        load_seed()
        assert snapshot() == first


def test_demo_contact_details_are_fictional(shared_demo_app):
    import re

    with shared_demo_app.app_context():
        records = [*db.session.scalars(select(Service)), *db.session.scalars(select(Organisation))]
        for obj in records:
            if obj.phone:
                digits = obj.phone.replace(" ", "")
                assert re.fullmatch(r"01632960\d{3}", digits), obj.phone
            for address in (obj.email, obj.url):
                assert not address or "example.org" in address or "example.com" in address


def test_seeding_again_never_undoes_a_change_made_in_the_site(app):
    from directory.models import Location, Organisation

    with app.app_context():
        load_seed()
        service = db.session.scalar(select(Service).order_by(Service.name).limit(1))
        service.name, service.phone = "Renamed in the site", "01632 960999"
        service.schedule = []
        pathway = db.session.scalar(select(Pathway).where(Pathway.slug == "accommodation"))
        pathway.name = "Housing"
        organisation = db.session.scalar(select(Organisation).order_by(Organisation.name))
        organisation.description = "Written by the organisation itself."
        location = db.session.scalar(select(Location).order_by(Location.name))
        location.address = "New address, Norwich"
        db.session.commit()
        changed = snapshot()
        report = load_seed()
        assert snapshot() == changed
        assert report.added["services"] == report.added["organisations"] == 0
        assert "Left" in report.summary() and "changes made in the site stay" in report.summary()


def test_seeding_adds_what_is_missing_but_not_what_the_site_deleted(app):
    with app.app_context():
        load_seed()
        first, second = db.session.scalars(select(Service).order_by(Service.name).limit(2))
        deleted_name, missing_id = first.name, second.id
        db.session.delete(first)  # deleted in the site: the history says so
        db.session.commit()
        for table in db.metadata.sorted_tables:  # gone without a trace, as a new demo
            if "service_id" in table.c:          # record is: added
                db.session.execute(table.delete().where(table.c.service_id == missing_id))
        db.session.execute(Service.__table__.delete().where(Service.id == missing_id))
        db.session.commit()
        report = load_seed()
        assert db.session.get(Service, missing_id) is not None
        assert db.session.scalar(select(Service).where(Service.name == deleted_name)) is None
        assert report.added["services"] == 1 and report.not_restored["services"] == 1
        summary = report.summary()
        assert "Added 0 organisations and 1 service that were missing." in summary
        assert "Did not bring back 0 organisations and 1 service deleted in the site." in summary


def test_the_seed_command_says_what_it_did(runner):
    first = runner.invoke(args=["seed"]).output
    assert re.match(r"Loaded \d+ organisations and \d+ services\.\n", first)
    again = runner.invoke(args=["seed"]).output
    assert again.startswith("Added nothing: the demo data is already here.")
    assert re.search(r"Left \d+ organisations and \d+ services as they are", again)
