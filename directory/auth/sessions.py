"""Signed-in sessions, kept on the server as well as in the cookie.

The session cookie is signed, not stored: on its own, a copy taken before "Sign out" would
keep working. So each sign-in is also a row, the cookie names it, and the user is loaded only
while that row exists; signing out deletes it.
"""

import uuid
from datetime import timedelta

from flask import session
from sqlalchemy import delete

from directory.extensions import db
from directory.models import SignedInSession, User
from directory.models.common import utcnow

SESSION_KEY = "signed_in_session"
# A session nobody signed out of ends by itself after this long.
LIFETIME = timedelta(days=30)


def begin(user: User) -> str:
    """A new session for `user` (and the user's expired ones cleared); returns its id."""
    db.session.execute(delete(SignedInSession).where(
        SignedInSession.user_id == user.id, SignedInSession.started_at < utcnow() - LIFETIME))
    record = SignedInSession(user_id=user.id)
    db.session.add(record)
    db.session.commit()
    return str(record.id)


def is_live(user: User) -> bool:
    """Whether this request's cookie names a session of `user` that has not ended."""
    try:
        record = db.session.get(SignedInSession, uuid.UUID(str(session.get(SESSION_KEY))))
    except ValueError:
        return False
    return (record is not None and record.user_id == user.id
            and record.started_at.replace(tzinfo=None) >= (utcnow() - LIFETIME).replace(
                tzinfo=None))


def end() -> None:
    """End this request's session on the server (the cookie is cleared by signing out)."""
    try:
        session_id = uuid.UUID(str(session.pop(SESSION_KEY, None)))
    except ValueError:
        return
    db.session.execute(delete(SignedInSession).where(SignedInSession.id == session_id))
    db.session.commit()
