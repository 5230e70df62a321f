"""Record-level permission checks for admin views (the blueprint already requires sign-in)."""

import uuid

from flask import abort
from flask_login import current_user

from directory.extensions import db
from directory.models import Organisation


def require_edit(organisation_id: uuid.UUID) -> None:
    """Admins edit everything; editors only their own organisations; viewers nothing."""
    if not current_user.can_edit(organisation_id):
        abort(403)


def organisation_or_404(organisation_id: uuid.UUID) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def queue_organisation_ids() -> list[uuid.UUID] | None:
    """The organisations whose suggestion queue this user may read: the people who can
    act on it (admins: all; editors: their own; viewers: none). A suggestion holds a member
    of the public's words and e-mail address, so a board member reading the admin side
    does not see them."""
    if current_user.is_admin:
        return None
    if current_user.role != "editor":
        return []
    return [organisation.id for organisation in current_user.organisations]


def editable_organisation_ids() -> list[uuid.UUID] | None:
    """The organisations whose work this user looks after: None means all of them."""
    if current_user.is_admin or current_user.role == "viewer":
        return None
    return [organisation.id for organisation in current_user.organisations]
