"""One-time links to set a password, for invites and resets. Only a hash of each token is
stored, so a copy of the database cannot be used to take over an account."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from directory.clock import as_utc
from directory.extensions import db
from directory.models import AccountToken, User
from directory.models.common import utcnow

TOKEN_LIFETIME = timedelta(hours=72)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cancel_tokens(user: User) -> None:
    """Every unused link of this user stops working (committed by the caller)."""
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


def issue_token(user: User, purpose: str) -> str:
    """Make a new link token; any older unused token of the user stops working."""
    cancel_tokens(user)
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(user_id=user.id, token_hash=_hash(token), purpose=purpose,
                                expires_at=utcnow() + TOKEN_LIFETIME))
    db.session.commit()
    return token


def valid_token(token: str) -> AccountToken | None:
    record = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == _hash(token)))
    if record is None or record.used_at is not None or not record.user.active:
        return None  # a switched-off account's links never work, even ones issued later
    return record if as_utc(record.expires_at) > utcnow() else None


def use_token(record: AccountToken, password_hash: str) -> User:
    """Set the password, spend the token and sign the user out of every other session.
    It never switches an account on: only an admin does that."""
    user = record.user
    user.password_hash = password_hash
    user.session_version += 1
    record.used_at = utcnow()
    db.session.commit()
    return user
