"""Another directory's Open Referral UK API that the board follows (see interop/feeds.py)."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import db
from directory.models.common import Timestamps, uuid_pk


class Feed(Timestamps, db.Model):
    __tablename__ = "feed"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # The API's root, for example https://directory.example.org/api
    url: Mapped[str] = mapped_column(String(500))
    # Pull by itself every so many hours; None: only when someone asks.
    pull_every_hours: Mapped[int | None] = mapped_column(Integer)
    last_tried_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_ok: Mapped[bool | None] = mapped_column(Boolean)
    last_result: Mapped[str] = mapped_column(Text, default="")

    @property
    def source(self) -> str:
        """What the records it brings are marked with: only this feed may change them."""
        return f"feed:{self.name}"
