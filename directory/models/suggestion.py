"""Changes the public suggest to a listing, queued for the organisation's editors."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.accounts import User
from directory.models.common import utcnow, uuid_pk
from directory.models.listing import Service


class SuggestionStatus:
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# What is wrong, in the words the form offers.
SUGGESTION_KINDS = {
    "closed": "The service has closed",
    "contact": "The phone number, email or website is wrong",
    "times": "The opening times are wrong",
    "other": "Something else",
}


class Suggestion(db.Model):
    __tablename__ = "suggestion"

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # A keyed hash of the sender's address, only to rate-limit: never the address itself.
    sender_key: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=SuggestionStatus.OPEN, index=True)
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    service: Mapped[Service] = relationship()
    resolved_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        return SUGGESTION_KINDS.get(self.kind, self.kind)
