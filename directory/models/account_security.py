"""Records that keep accounts safe: failed sign-ins (for rate limiting across every worker)
and one-time links for invites and password resets."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.accounts import User
from directory.models.common import utcnow, uuid_pk


class SignInFailure(db.Model):
    """One failed sign-in. Kept in the database so every gunicorn worker sees the same count."""

    __tablename__ = "sign_in_failure"

    id: Mapped[uuid.UUID] = uuid_pk()
    email: Mapped[str] = mapped_column(String(254), index=True)
    client_address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class SignedInSession(db.Model):
    """One signed-in browser. The cookie names it; signing out deletes it, so a copy of the
    cookie stops working too."""

    __tablename__ = "signed_in_session"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TokenPurpose:
    INVITE = "invite"
    RESET = "reset"


class AccountToken(db.Model):
    """A one-time link to set a password. Only a hash of the token is stored."""

    __tablename__ = "account_token"

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
