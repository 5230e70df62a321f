"""Board meetings and their packs: a live preview until an admin saves it, then the saved
snapshot for good."""

import uuid
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select

from directory import clock
from directory.auth.permissions import role_required
from directory.board import bp
from directory.board.district_map import CREDIT
from directory.board.downloads import csv_response, wants_csv
from directory.board.forms import MeetingForm
from directory.board.pack import PackWindow, build_pack, pack_maps, pack_rows
from directory.board.pdf import make_pdf, pdf_download
from directory.extensions import db
from directory.models import GapEntry, Meeting, PackSnapshot, Rag, RagHistory
from directory.models.accounts import Role
from directory.models.common import utcnow


def _meetings_page(form: MeetingForm):
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc())).all()
    return render_template("board/meetings.html", meetings=meetings, form=form)


@bp.get("/meetings")
@role_required(*Role.ALL)
def meetings():
    return _meetings_page(MeetingForm())


@bp.post("/meetings")
@role_required(Role.ADMIN)
def add_meeting():
    form = MeetingForm()
    if form.validate_on_submit():
        if db.session.scalar(select(Meeting).where(Meeting.held_on == form.held_on.data)):
            form.held_on.errors.append("There is already a meeting on that date")
        else:
            meeting = Meeting(held_on=form.held_on.data, title=form.title.data or "")
            db.session.add(meeting)
            db.session.commit()
            return redirect(url_for("board.pack", meeting_id=meeting.id))
    return _meetings_page(form)


def _meeting(meeting_id: uuid.UUID) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def previous_held_meeting(meeting: Meeting, today: date) -> Meeting | None:
    """The meeting before this one that has been held: marked held, or its day has come.
    Never one after today, so a pack never counts changes "since" a day still to come."""
    return db.session.scalar(
        select(Meeting).where(Meeting.held_on < meeting.held_on,
                              or_(Meeting.marked_held_at.is_not(None),
                                  Meeting.held_on <= today))
        .order_by(Meeting.held_on.desc()).limit(1))


def next_meeting_date(meeting: Meeting) -> date | None:
    return db.session.scalar(select(func.min(Meeting.held_on))
                             .where(Meeting.held_on > meeting.held_on))


def fresh_pack(meeting: Meeting) -> dict:
    today = clock.today()
    previous = previous_held_meeting(meeting, today)
    window = PackWindow.of(meeting.held_on, previous and previous.held_on,
                           next_meeting_date(meeting), today)
    return build_pack(window, previous.pack.content if previous and previous.pack else None)


def pack_content(meeting: Meeting) -> dict:
    if meeting.pack is not None:
        return meeting.pack.content
    return fresh_pack(meeting)


def _render_pack(meeting: Meeting, content: dict, pdf: bool) -> str:
    return render_template("board/pack.html", meeting=meeting, pack=content,
                           rag_labels=Rag.LABELS, pdf=pdf, maps=pack_maps(content),
                           credit=CREDIT)


@bp.get("/meetings/<uuid:meeting_id>")
@role_required(*Role.ALL)
def pack(meeting_id: uuid.UUID):
    meeting = _meeting(meeting_id)
    content = pack_content(meeting)
    if wants_csv():
        return csv_response(pack_rows(content), f"board-pack-{meeting.held_on.isoformat()}")
    return _render_pack(meeting, content, pdf=False)


@bp.get("/meetings/<uuid:meeting_id>/pack.pdf")
@role_required(*Role.ALL)
def pack_pdf(meeting_id: uuid.UUID):
    """A saved pack's PDF is made the first time it is asked for and kept with the pack
    (until the pack is refreshed); a preview's is made each time."""
    meeting = _meeting(meeting_id)
    filename = f"board-pack-{meeting.held_on.isoformat()}"
    saved = meeting.pack
    if saved is not None and saved.pdf is not None:
        return pdf_download(saved.pdf, filename)
    made = make_pdf(_render_pack(meeting, pack_content(meeting), pdf=True))
    if saved is not None:
        saved.pdf = made
        db.session.commit()
    return pdf_download(made, filename)


def _freeze_ratings(meeting: Meeting) -> None:
    """Each gap's RAG rating at this meeting, as the pack shows it."""
    recorded = {h.entry_id: h for h in db.session.scalars(
        select(RagHistory).where(RagHistory.meeting_id == meeting.id))}
    for entry in db.session.scalars(select(GapEntry)):
        history = recorded.get(entry.id) or RagHistory(entry=entry, meeting=meeting)
        history.rag, history.recorded_on = entry.rag, meeting.held_on
        db.session.add(history)


@bp.post("/meetings/<uuid:meeting_id>/save")
@role_required(Role.ADMIN)
def save_pack(meeting_id: uuid.UUID):
    """Save the pack, or refresh a saved one from today's directory: until the meeting is
    marked held. Each gap's RAG rating is kept with it."""
    meeting = _meeting(meeting_id)
    if meeting.is_held:
        flash("This meeting is marked held, so its pack is final. It is shown as it was saved.",
              "info")
        return redirect(url_for("board.pack", meeting_id=meeting.id))
    refreshed = meeting.pack is not None
    content = fresh_pack(meeting)  # before a new snapshot joins the session
    snapshot = meeting.pack or PackSnapshot(meeting=meeting)
    snapshot.content = content
    snapshot.saved_by, snapshot.saved_at, snapshot.pdf = current_user.email, utcnow(), None
    db.session.add(snapshot)
    _freeze_ratings(meeting)
    db.session.commit()
    flash("The pack is refreshed from today's directory." if refreshed else
          "The pack is saved. It reads the same until you refresh it or mark the meeting held.",
          "success")
    return redirect(url_for("board.pack", meeting_id=meeting.id))


@bp.post("/meetings/<uuid:meeting_id>/held")
@role_required(Role.ADMIN)
def mark_held(meeting_id: uuid.UUID):
    """The meeting took place: its pack (saved now if it was not) is final from now on."""
    meeting = _meeting(meeting_id)
    if not meeting.is_held:
        if meeting.pack is None:
            content = fresh_pack(meeting)
            db.session.add(PackSnapshot(meeting=meeting, content=content,
                                        saved_by=current_user.email))
            _freeze_ratings(meeting)
        meeting.marked_held_at = utcnow()
        db.session.commit()
    flash("The meeting is marked held. Its pack is final and reads exactly as saved.",
          "success")
    return redirect(url_for("board.pack", meeting_id=meeting.id))
