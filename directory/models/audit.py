"""The audit log: who changed what, when, with every field's value before and after."""

import uuid
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.accounts import User
from directory.models.common import utcnow, uuid_pk


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[uuid.UUID] = uuid_pk()
    # Which record: "service", "organisation", "location", "pathway", "area", ...
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    record_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(40))  # created, changed, deleted
    # Why, in words, when an operation says so: "Restored the version of 3 May", "Import".
    reason: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    # {field: [before, after]} for the fields that changed.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # The whole record after the change, so any version can be restored.
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()

    @property
    def snapshot_before(self) -> dict:
        """The whole record as it was just before this change."""
        return {**self.snapshot, **{field: pair[0] for field, pair in self.changes.items()}}
