"""The demo data loads, is big enough to be real, and loading it twice changes nothing."""

from sqlalchemy import func, select

from directory.extensions import db
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
from directory.seeding import load_seed


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
