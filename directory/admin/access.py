"""Record-level permission checks for admin views (each view has declared its roles first:
`directory.auth.permissions`)."""

import uuid

from flask import abort
from flask_login import current_user

from directory.models.accounts import Role


def require_edit(organisation_id: uuid.UUID) -> None:
    """Admins edit everything; editors only their own organisations; viewers nothing."""
    if not current_user.can_edit(organisation_id):
        abort(403)


def queue_organisation_ids() -> list[uuid.UUID] | None:
    """The organisations whose suggestion queue this user may read: the people who can
    act on it (admins: all; editors: their own; viewers: none). A suggestion holds a member
    of the public's words and e-mail address, so a board member reading the admin side
    does not see them."""
    if current_user.is_admin:
        return None
    if current_user.role != Role.EDITOR:
        return []
    return [organisation.id for organisation in current_user.organisations]


def editable_organisation_ids() -> list[uuid.UUID] | None:
    """The organisations whose work this user looks after: None means all of them."""
    if current_user.is_admin or current_user.role == Role.VIEWER:
        return None
    return [organisation.id for organisation in current_user.organisations]
