"""The history of one record, with a readable diff and "restore this version"."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.admin import bp
from directory.auth.permissions import role_required
from directory.clock import local_time
from directory.extensions import db
from directory.listings import audit, editing
from directory.models import AuditEntry, Location, Organisation, Service, User
from directory.models.accounts import Role


def _editable(record) -> bool:
    """Who may restore: editors of the record's organisation, or admins; terms: admins.
    Accounts are never restored from history: an admin changes them on the user's page."""
    if isinstance(record, User):
        return False
    if isinstance(record, Organisation):
        return current_user.can_edit(record.id)
    if isinstance(record, Service | Location):
        return current_user.can_edit(record.organisation_id)
    return current_user.is_admin


def _private_fields(record, record_type: str, entries: list[AuditEntry]) -> frozenset:
    """A location's address, if it is (or was) hidden, for those who may not see it."""
    if record_type != "location" or current_user.is_admin:
        return frozenset()
    hidden = any(entry.snapshot.get("hide_address") for entry in entries)
    if record is not None:
        if current_user.can_edit(record.organisation_id):
            return frozenset()
        hidden = hidden or record.hide_address
    return audit.ADDRESS_FIELDS if hidden else frozenset()


@bp.get("/history/<any(service,organisation,location,pathway,area,client_group,stage,user)"
        ":record_type>/<uuid:record_id>")
@role_required(*Role.ALL)
def history(record_type: str, record_id: uuid.UUID):
    if record_type == "user" and not current_user.is_admin:
        abort(403)
    record = db.session.get(audit.MODEL_FOR[record_type], record_id)
    entries = audit.history(record_type, record_id)
    if record is None and not entries:
        abort(404)
    return render_template(
        "admin/history.html", record=record, record_type=record_type, entries=entries,
        readable=audit.readable_changes([entry.changes for entry in entries],
                                        _private_fields(record, record_type, entries)),
        can_restore=record is not None and _editable(record), local_time=local_time,
    )


@bp.post("/history/entries/<uuid:entry_id>/restore")
@role_required(Role.ADMIN, Role.EDITOR)
def restore_version(entry_id: uuid.UUID):
    entry = db.session.get(AuditEntry, entry_id)
    record = editing.record_for(entry) if entry else None
    if record is None:
        abort(404)
    if not _editable(record):
        abort(403)
    try:
        editing.restore_version(entry, current_user, before=request.form.get("which") == "before")
    except editing.NotAllowed as refusal:
        flash(str(refusal), "error")
    else:
        flash("The earlier version is back. The change is in the history too.", "success")
    return redirect(url_for("admin.history", record_type=entry.record_type,
                            record_id=entry.record_id))
