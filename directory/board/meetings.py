"""Board meetings and their packs: a live preview until an admin saves it, then the saved
snapshot for good."""

import uuid
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from directory.board import bp
from directory.board.downloads import csv_response, wants_csv
from directory.board.forms import MeetingForm
from directory.board.pack import build_pack, pack_rows
from directory.board.pdf import pdf_response
from directory.extensions import db
from directory.input_hygiene import link_arguments
from directory.models import GapEntry, Meeting, PackSnapshot, Rag, RagHistory
from directory.models.accounts import Role
from directory.permissions import role_required


def _meetings_page(form: MeetingForm):
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc())).all()
    return render_template("board/meetings.html", meetings=meetings, form=form)


@bp.get("/meetings")
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


def previous_meeting_date(meeting: Meeting) -> date | None:
    return db.session.scalar(select(func.max(Meeting.held_on))
                             .where(Meeting.held_on < meeting.held_on))


def pack_content(meeting: Meeting) -> dict:
    if meeting.pack is not None:
        return meeting.pack.content
    return build_pack(meeting.held_on, previous_meeting_date(meeting))


@bp.get("/meetings/<uuid:meeting_id>")
def pack(meeting_id: uuid.UUID):
    meeting = _meeting(meeting_id)
    content = pack_content(meeting)
    if wants_csv():
        return csv_response(pack_rows(content), f"board-pack-{meeting.held_on.isoformat()}")
    return render_template("board/pack.html", meeting=meeting, pack=content,
                           rag_labels=Rag.LABELS, pdf=False)


@bp.get("/meetings/<uuid:meeting_id>/pack.pdf")
def pack_pdf(meeting_id: uuid.UUID):
    meeting = _meeting(meeting_id)
    html = render_template("board/pack.html", meeting=meeting, pack=pack_content(meeting),
                           rag_labels=Rag.LABELS, pdf=True)
    return pdf_response(html, f"board-pack-{meeting.held_on.isoformat()}")


@bp.post("/meetings/<uuid:meeting_id>/save")
@role_required(Role.ADMIN)
def save_pack(meeting_id: uuid.UUID):
    """Freeze the pack and each gap's RAG rating at this meeting. A saved pack never changes."""
    meeting = _meeting(meeting_id)
    if meeting.pack is not None:
        flash("This pack was already saved. It is shown as it was saved.", "info")
    else:
        db.session.add(PackSnapshot(meeting=meeting, content=pack_content(meeting),
                                    saved_by=current_user.email))
        for entry in db.session.scalars(select(GapEntry)):
            db.session.add(RagHistory(entry=entry, meeting=meeting, rag=entry.rag,
                                      recorded_on=meeting.held_on))
        db.session.commit()
        flash("The pack is saved. It will read the same from now on.", "success")
    return redirect(url_for("board.pack", meeting_id=meeting.id,
                            **link_arguments(request.args, meeting_id=meeting.id)))
