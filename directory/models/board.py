"""What the rehabilitation board records at and between its meetings: the gap register with
its RAG ratings, triage of likely overlaps, need weights for ranking gaps, and saved packs."""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.common import Timestamps, utcnow, uuid_pk
from directory.models.taxonomy import Area, Pathway


class Rag:
    """Assessment of progress, as boards write it (Green, Amber/green, Amber, Red, No data)."""

    GREEN = "green"
    AMBER_GREEN = "amber-green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no-data"
    LABELS = {
        GREEN: "Green",
        AMBER_GREEN: "Amber/green",
        AMBER: "Amber",
        RED: "Red",
        NO_DATA: "No data",
    }
    # Worst first: a pathway is rated by its worst open gap.
    SEVERITY = (RED, AMBER, AMBER_GREEN, GREEN, NO_DATA)
    ALL = tuple(LABELS)

    @classmethod
    def worst(cls, ratings) -> str:
        """A pathway's rating: its worst rated gap, or No data when nothing is rated."""
        rated = [r for r in ratings if r != cls.NO_DATA]
        return min(rated, key=cls.SEVERITY.index) if rated else cls.NO_DATA


class GapStatus:
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    CLOSED = "closed"
    LABELS = {OPEN: "Open", IN_PROGRESS: "In progress", CLOSED: "Closed"}
    ALL = tuple(LABELS)


class Meeting(Timestamps, db.Model):
    """A board meeting. Its pack compares the directory with the previous meeting's date."""

    __tablename__ = "board_meeting"

    id: Mapped[uuid.UUID] = uuid_pk()
    held_on: Mapped[date] = mapped_column(Date, unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    # Set when an admin marks the meeting held: its pack is then final.
    marked_held_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_held(self) -> bool:
        return self.marked_held_at is not None

    pack: Mapped["PackSnapshot | None"] = relationship(back_populates="meeting")


class GapEntry(Timestamps, db.Model):
    """One gap the board has written down for a pathway (after the Haringey board's table)."""

    __tablename__ = "gap_entry"
    __table_args__ = (
        CheckConstraint(
            "rag in ('green', 'amber-green', 'amber', 'red', 'no-data')", name="gap_entry_rag"
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    pathway_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pathway.id"))
    issue: Mapped[str] = mapped_column(Text)
    local_gap: Mapped[str] = mapped_column(Text, default="")
    rag: Mapped[str] = mapped_column(String(20), default=Rag.NO_DATA)
    evidence: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=GapStatus.OPEN)

    pathway: Mapped[Pathway] = relationship()
    history: Mapped[list["RagHistory"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="RagHistory.recorded_on"
    )


class RagHistory(db.Model):
    """The RAG rating a gap had at one meeting, frozen when that meeting's pack was saved."""

    __tablename__ = "rag_history"
    __table_args__ = (UniqueConstraint("entry_id", "meeting_id"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gap_entry.id", ondelete="CASCADE"))
    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("board_meeting.id", ondelete="CASCADE")
    )
    rag: Mapped[str] = mapped_column(String(20))
    recorded_on: Mapped[date] = mapped_column(Date)

    entry: Mapped[GapEntry] = relationship(back_populates="history")
    meeting: Mapped[Meeting] = relationship()


class OverlapDecision:
    COMPLEMENTARY = "complementary"
    ACTION = "overlap-action"
    # The stored values are older than the words the board now reads.
    LABELS = {ACTION: "Real overlap", COMPLEMENTARY: "Not an overlap"}
    ALL = tuple(LABELS)


class OverlapTriage(db.Model):
    """The board's decision on a pair of likely overlapping services.

    `cluster_key` names the pair (a pair's key is the one its two-service cluster had, so
    decisions made on those still hold; a decision on a bigger cluster names no pair and is no
    longer shown); `fingerprint` their versions, so the decision holds only until either
    listing changes."""

    __tablename__ = "overlap_triage"

    id: Mapped[uuid.UUID] = uuid_pk()
    cluster_key: Mapped[str] = mapped_column(String(64), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(254), default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GapDismissal(db.Model):
    """The board's "not a gap" on one gap the directory finds, with its reason. `fingerprint`
    names the listings that were its evidence and their versions: when one of them changes,
    the decision lapses and the gap is shown again."""

    __tablename__ = "gap_dismissal"

    id: Mapped[uuid.UUID] = uuid_pk()
    gap_key: Mapped[str] = mapped_column(String(400), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(254), default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NeedWeight(db.Model):
    """How much the board's needs assessment says a pathway is needed in a district.
    Missing rows mean 1 (ordinary need)."""

    __tablename__ = "need_weight"
    __table_args__ = (UniqueConstraint("pathway_id", "area_id"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    pathway_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pathway.id", ondelete="CASCADE"))
    area_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    weight: Mapped[float] = mapped_column(Float, default=1.0)

    pathway: Mapped[Pathway] = relationship()
    area: Mapped[Area] = relationship()


class PackSnapshot(db.Model):
    """A meeting pack exactly as it was saved, so the board can read it again unchanged."""

    __tablename__ = "pack_snapshot"

    id: Mapped[uuid.UUID] = uuid_pk()
    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("board_meeting.id", ondelete="CASCADE"), unique=True
    )
    content: Mapped[dict] = mapped_column(JSON)
    # The PDF, made the first time it is asked for and kept until the pack is refreshed.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    saved_by: Mapped[str] = mapped_column(String(254), default="")
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="pack")
