"""One way to write a service (`listings.values.apply`): the same values, however they come
(the history's text, a form's types, a file's floats), change nothing and keep the version;
a real change moves it once and shows in the history."""

import uuid
from datetime import date, time
from decimal import Decimal

from sqlalchemy import select

from directory.extensions import db
from directory.listings import audit
from directory.listings.values import ServiceValues, apply
from directory.models import AuditEntry, Funding, Service


def _service_with_funding_and_times() -> Service:
    return db.session.scalars(
        select(Service).where(Service.funding.any(Funding.amount_per_year.is_not(None)),
                              Service.schedule.any()).order_by(Service.name)).first()


def test_a_service_s_own_saved_version_changes_nothing(demo_app):
    with demo_app.app_context():
        service = _service_with_funding_and_times()
        version = service.version
        kept = ServiceValues.from_plain(audit.snapshot(service))  # text, as the history has it
        assert not apply(service, kept)
        db.session.commit()
        assert service.version == version


def test_funding_amounts_compare_alike_whatever_gives_them(demo_app):
    with demo_app.app_context():
        service = _service_with_funding_and_times()
        version = service.version
        for as_given in (Decimal, float, str):
            rows = [(f.funder, as_given(f.amount_per_year), f.start_date, f.end_date)
                    for f in service.funding]
            assert not apply(service, ServiceValues(funding=rows)), as_given
        db.session.commit()
        assert service.version == version


def test_a_change_moves_the_version_once_and_the_history_shows_it(demo_app):
    with demo_app.app_context():
        service = _service_with_funding_and_times()
        version, entries = service.version, len(service.schedule)
        changed = ServiceValues(own={"summary": "Open on Saturdays too."},
                                schedule=[*((r.weekday, r.opens_at, r.closes_at, r.note)
                                            for r in service.schedule),
                                          (5, "10:00", "12:00", "")])
        assert apply(service, changed)
        db.session.commit()
        assert service.version == version + 1
        assert len(service.schedule) == entries + 1
        assert (5, time(10), time(12)) in {(r.weekday, r.opens_at, r.closes_at)
                                           for r in service.schedule}
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.record_id == service.id).order_by(AuditEntry.changed_at.desc())).first()
        assert set(entry.changes) >= {"summary", "schedule"}


def test_a_new_row_gets_the_id_it_is_given(demo_app):
    """An import keeps the file's ids for the rows it adds."""
    with demo_app.app_context():
        service = _service_with_funding_and_times()
        wanted = uuid.uuid4()
        apply(service, ServiceValues(funding=[("Norfolk County Council", 1200, date(2027, 4, 1),
                                               None)]), new_id=lambda kind, row: wanted)
        db.session.commit()
        assert [f.id for f in service.funding] == [wanted]
