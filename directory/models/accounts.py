"""Board members who sign in to keep listings right."""

import uuid
from enum import StrEnum, nonmember

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.common import Timestamps, uuid_pk
from directory.models.listing import Organisation

user_organisations = Table(
    "user_organisation",
    db.metadata,
    Column("user_id", Uuid, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id",
        Uuid,
        ForeignKey("organisation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class Role(StrEnum):
    """What an account may do (stored as its value; a member equals its text)."""

    ADMIN = "admin"  # everything: users, taxonomies, the board's register
    EDITOR = "editor"  # edits the organisations they are assigned to
    VIEWER = "viewer"  # a board member: reads the admin side and every board report
    ALL = nonmember(("admin", "editor", "viewer"))


class User(UserMixin, Timestamps, db.Model):
    __tablename__ = "user_account"

    id: Mapped[uuid.UUID] = uuid_pk()
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default=Role.VIEWER.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped by "sign out everywhere": every older session cookie stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    organisations: Mapped[list[Organisation]] = relationship(secondary=user_organisations)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def may_see_address(self, location) -> bool:
        """A hidden address (a refuge's) is for admins and that organisation's editors."""
        return not location.hide_address or self.can_edit(location.organisation_id)

    def can_edit(self, organisation_id: uuid.UUID) -> bool:
        if self.role == Role.ADMIN:
            return True
        return self.role == Role.EDITOR and any(
            org.id == organisation_id for org in self.organisations
        )
