"""Every change is in the audit log, readable, and any version can be restored."""

import uuid

from sqlalchemy import select

from directory.extensions import db
from directory.listings import editing
from directory.listings.values import ServiceValues
from directory.models import AuditEntry, Pathway, Service
from tests.functional.admin.conftest import client_as
from tests.helpers import csrf_token, page, text_of


def _entries(app, record_id):
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(
            AuditEntry.record_id == uuid.UUID(str(record_id))).order_by(AuditEntry.changed_at)))


def test_a_change_is_recorded_with_who_when_and_each_field_before_and_after(listing_app):
    client = client_as(listing_app, "own_editor")
    service_id = listing_app.listing.service
    with listing_app.app_context():
        service = db.session.get(Service, uuid.UUID(service_id))
        version = service.version
    form = client.get(f"/admin/services/{service_id}/edit")
    client.post(f"/admin/services/{service_id}/edit", data={
        "csrf_token": csrf_token(form), "version": str(version), "name": "Move-on housing",
        "summary": "Rooms after prison", "phone": "01632 960555",
        "pathways": [listing_app.listing.pathway], "access": ["self_referral"],
        "schedule-0-weekday": "0", "schedule-0-opens": "09:00", "schedule-0-closes": "12:00"})
    latest = _entries(listing_app, service_id)[-1]
    assert latest.action == "changed"
    assert latest.changes["phone"] == ["01632 960001", "01632 960555"]
    assert latest.changes["schedule"] == [[[0, "09:00", "17:00", ""]],
                                          [[0, "09:00", "12:00", ""]]]
    # Fields the editor sent back unchanged are not listed as changes.
    assert "name" not in latest.changes and "pathways" not in latest.changes
    history = page(client.get(f"/admin/history/service/{service_id}"))
    text = text_of(history)
    assert "by own@example.org" in text
    assert "Phone 01632 960001 01632 960555" in text
    assert "Opening times Monday 9am to 5pm Monday 9am to 12 noon" in text
    # The areas and client groups it dropped are shown by name, not by id.
    assert "Who it is for Women Nothing" in text


def test_restoring_a_version_puts_every_field_back_and_is_itself_recorded(listing_app):
    service_id = listing_app.listing.service
    with listing_app.app_context():
        service = db.session.get(Service, uuid.UUID(service_id))
        editing.save_service(service, ServiceValues.from_plain(
            {"name": "Wrong name", "phone": "", "pathways": [], "schedule": []}), service.version)
    change = _entries(listing_app, service_id)[-1]
    client = client_as(listing_app, "own_editor")
    history = client.get(f"/admin/history/service/{service_id}")
    response = client.post(f"/admin/history/entries/{change.id}/restore",
                           data={"csrf_token": csrf_token(history), "which": "before"})
    assert response.status_code == 302
    with listing_app.app_context():
        service = db.session.get(Service, uuid.UUID(service_id))
        assert service.name == "Move-on housing" and service.phone == "01632 960001"
        assert [p.name for p in service.pathways] == ["Accommodation"]
        assert [(r.weekday, r.opens_at.hour, r.closes_at.hour) for r in service.schedule] == [
            (0, 9, 17)]
    restored = _entries(listing_app, service_id)[-1]
    assert restored.reason.startswith("Restored the version")
    assert restored.user_id == listing_app.listing.users["own_editor"]


def test_changes_made_outside_a_request_are_recorded_too(listing_app):
    """Imports and the command line go through the same session, so they are audited."""
    with listing_app.app_context():
        pathway = db.session.get(Pathway, uuid.UUID(listing_app.listing.pathway))
        pathway.name = "Housing"
        db.session.commit()
    entry = _entries(listing_app, listing_app.listing.pathway)[-1]
    assert entry.user_id is None
    assert entry.changes == {"name": ["Accommodation", "Housing"]}
    text = text_of(page(client_as(listing_app, "admin").get(
        f"/admin/history/pathway/{listing_app.listing.pathway}")))
    assert "the system" in text


def test_a_rolled_back_change_leaves_no_entry(listing_app):
    before = len(_entries(listing_app, listing_app.listing.service))
    with listing_app.app_context():
        service = db.session.get(Service, uuid.UUID(listing_app.listing.service))
        service.name = "Never saved"
        db.session.flush()
        db.session.rollback()
        service = db.session.get(Service, uuid.UUID(listing_app.listing.service))
        service.phone = "01632 960777"
        db.session.commit()
    entries = _entries(listing_app, listing_app.listing.service)
    assert len(entries) == before + 1
    assert entries[-1].changes == {"phone": ["01632 960001", "01632 960777"]}


def test_an_editor_cannot_undo_an_admin_hiding_their_organisation_through_restore(listing_app):
    organisation_id = listing_app.listing.organisation
    admin = client_as(listing_app, "admin")
    url = f"/admin/organisations/{organisation_id}"
    admin.post(f"{url}/visibility/hide", data={"csrf_token": csrf_token(admin.get(url))})
    hidden = _entries(listing_app, organisation_id)[-1]
    assert hidden.changes == {"hidden": [False, True]}
    editor = client_as(listing_app, "own_editor")
    history = editor.get(f"/admin/history/organisation/{organisation_id}")
    response = editor.post(f"/admin/history/entries/{hidden.id}/restore",
                           data={"csrf_token": csrf_token(history), "which": "before"},
                           follow_redirects=True)
    assert "only an admin can do that" in text_of(page(response))
    with listing_app.app_context():
        from directory.models import Organisation

        assert db.session.get(Organisation, uuid.UUID(organisation_id)).hidden is True
    # An admin may: for them it is the same as pressing "Show to the public".
    history = admin.get(f"/admin/history/organisation/{organisation_id}")
    admin.post(f"/admin/history/entries/{hidden.id}/restore",
               data={"csrf_token": csrf_token(history), "which": "before"})
    with listing_app.app_context():
        assert db.session.get(Organisation, uuid.UUID(organisation_id)).hidden is False


def test_restore_cannot_publish_a_service_of_a_hidden_organisation(listing_app):
    service_id = listing_app.listing.service
    with listing_app.app_context():
        service = db.session.get(Service, uuid.UUID(service_id))
        editing.set_status(service, "draft")
        service.organisation.hidden = True
        db.session.commit()
    unpublished = _entries(listing_app, service_id)[-1]
    editor = client_as(listing_app, "own_editor")
    history = editor.get(f"/admin/history/service/{service_id}")
    response = editor.post(f"/admin/history/entries/{unpublished.id}/restore",
                           data={"csrf_token": csrf_token(history), "which": "before"},
                           follow_redirects=True)
    assert "it would publish the service" in text_of(page(response))
    with listing_app.app_context():
        assert db.session.get(Service, uuid.UUID(service_id)).status == "draft"
