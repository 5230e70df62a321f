"""Lists sent by text message, kept only to limit how many are sent."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import db
from directory.models.common import utcnow, uuid_pk


class TextMessageSend(db.Model):
    """One list sent by text. Never the phone number or the list: only when, and a keyed hash
    of the sender's address (useless to identify anyone). Deleted after an hour."""

    __tablename__ = "text_message_send"

    id: Mapped[uuid.UUID] = uuid_pk()
    sender_key: Mapped[str] = mapped_column(String(64), index=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
