"""Signing in and out, and loading the signed-in user from the session cookie."""

import uuid

from flask import Blueprint

from directory.extensions import db, login_manager
from directory.models.accounts import User

bp = Blueprint("auth", __name__)


@bp.record_once
def _register_commands(state) -> None:
    from directory.auth.cli import users_cli

    state.app.cli.add_command(users_cli)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The cookie holds "<id>:<session_version>" (an old version means signed out everywhere)
    and names a session on the server (gone once this browser signed out)."""
    raw_id, _, raw_version = user_id.partition(":")
    try:
        user = db.session.get(User, uuid.UUID(raw_id))
    except ValueError:
        return None
    if user is None or str(user.session_version) != raw_version:
        return None
    from directory.auth import sessions

    if not sessions.is_live(user):  # signed out (on the server), whatever the cookie says
        return None
    return user


from directory.auth import views  # noqa: E402, F401  (registers the routes)
