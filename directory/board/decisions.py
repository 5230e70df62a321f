"""What the board writes down: need weights, its decisions on overlaps and gaps, the gap
register, meetings and their saved packs. The board's views check the form and call one of
these; each commits."""

import uuid
from datetime import date

from sqlalchemy import select

from directory.analysis import remembered
from directory.analysis.gaps import Gap, evidence_fingerprint, services_behind
from directory.analysis.overlaps import Pair
from directory.board.pack import fresh_pack
from directory.extensions import db
from directory.models import (
    GapDismissal,
    GapEntry,
    Meeting,
    NeedWeight,
    OverlapTriage,
    PackSnapshot,
    RagHistory,
)
from directory.models.common import utcnow


def save_need_weights(pathway_id: uuid.UUID, weights: dict[uuid.UUID, float]) -> None:
    """The need weight of each district (by id) for one pathway."""
    existing = {w.area_id: w for w in db.session.scalars(
        select(NeedWeight).where(NeedWeight.pathway_id == pathway_id))}
    for area_id, weight in weights.items():
        row = existing.get(area_id) or NeedWeight(pathway_id=pathway_id, area_id=area_id)
        row.weight = weight
        db.session.add(row)
    db.session.commit()


def decide_overlap(pair: Pair, decision: str, reason: str, decided_by: str) -> None:
    """The board's decision on a pair; it holds until either listing changes."""
    record = db.session.scalar(
        select(OverlapTriage).where(OverlapTriage.cluster_key == pair.key)
    ) or OverlapTriage(cluster_key=pair.key)
    record.fingerprint = pair.fingerprint
    record.decision, record.reason, record.decided_by = decision, reason.strip(), decided_by
    db.session.add(record)
    db.session.commit()


def dismiss_gap(gap: Gap, reason: str, decided_by: str) -> None:
    """The board says this is not a gap: that holds until a listing behind it changes."""
    decision = db.session.scalar(select(GapDismissal).filter_by(gap_key=gap.key_text)) \
        or GapDismissal(gap_key=gap.key_text)
    decision.fingerprint = evidence_fingerprint(
        services_behind(gap, remembered.service_facts()))
    decision.reason, decision.decided_by = reason.strip(), decided_by
    db.session.add(decision)
    db.session.commit()


def save_register_entry(entry: GapEntry) -> None:
    entry.local_gap, entry.evidence = entry.local_gap or "", entry.evidence or ""
    db.session.add(entry)
    db.session.commit()


def add_meeting(held_on: date, title: str) -> Meeting | None:
    """A new meeting, or None when there is one on that day already."""
    if db.session.scalar(select(Meeting).where(Meeting.held_on == held_on)):
        return None
    meeting = Meeting(held_on=held_on, title=title)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def save_pack(meeting: Meeting, saved_by: str) -> bool:
    """Save the meeting's pack from today's directory, or refresh the saved one (the caller
    checks the meeting is not held). Each gap's RAG rating is kept with it. True when an
    earlier save was refreshed."""
    refreshed = meeting.pack is not None
    content = fresh_pack(meeting)  # before a new snapshot joins the session
    snapshot = meeting.pack or PackSnapshot(meeting=meeting)
    snapshot.content = content
    snapshot.saved_by, snapshot.saved_at, snapshot.pdf = saved_by, utcnow(), None
    db.session.add(snapshot)
    _freeze_ratings(meeting)
    db.session.commit()
    return refreshed


def mark_held(meeting: Meeting, saved_by: str) -> None:
    """The meeting took place: its pack (saved now if it was not) is final from now on."""
    if meeting.is_held:
        return
    if meeting.pack is None:
        db.session.add(PackSnapshot(meeting=meeting, content=fresh_pack(meeting),
                                    saved_by=saved_by))
        _freeze_ratings(meeting)
    meeting.marked_held_at = utcnow()
    db.session.commit()


def keep_pdf(snapshot: PackSnapshot, pdf: bytes) -> None:
    """A saved pack's PDF, made once and kept with it until the pack is refreshed."""
    snapshot.pdf = pdf
    db.session.commit()


def _freeze_ratings(meeting: Meeting) -> None:
    """Each gap's RAG rating at this meeting, as the pack shows it."""
    recorded = {h.entry_id: h for h in db.session.scalars(
        select(RagHistory).where(RagHistory.meeting_id == meeting.id))}
    for entry in db.session.scalars(select(GapEntry)):
        history = recorded.get(entry.id) or RagHistory(entry=entry, meeting=meeting)
        history.rag, history.recorded_on = entry.rag, meeting.held_on
        db.session.add(history)
