"""Board meetings and their packs: a live preview until an admin saves it, then the saved
snapshot for good."""

import uuid

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from directory.auth.permissions import role_required
from directory.board import bp, decisions
from directory.board.district_map import CREDIT
from directory.board.downloads import csv_response, wants_csv
from directory.board.forms import MeetingForm
from directory.board.pack import pack_content, pack_maps, pack_rows
from directory.board.pdf import make_pdf, pdf_download
from directory.extensions import db
from directory.models import Meeting, Rag
from directory.models.accounts import Role


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
        meeting = decisions.add_meeting(form.held_on.data, form.title.data or "")
        if meeting is None:
            form.held_on.errors.append("There is already a meeting on that date")
        else:
            return redirect(url_for("board.pack", meeting_id=meeting.id))
    return _meetings_page(form)


def _render_pack(meeting: Meeting, content: dict, pdf: bool) -> str:
    return render_template("board/pack.html", meeting=meeting, pack=content,
                           rag_labels=Rag.LABELS, pdf=pdf, maps=pack_maps(content),
                           credit=CREDIT)


@bp.get("/meetings/<uuid:meeting_id>")
@role_required(*Role.ALL)
def pack(meeting_id: uuid.UUID):
    meeting = db.get_or_404(Meeting, meeting_id)
    content = pack_content(meeting)
    if wants_csv():
        return csv_response(pack_rows(content), f"board-pack-{meeting.held_on.isoformat()}")
    return _render_pack(meeting, content, pdf=False)


@bp.get("/meetings/<uuid:meeting_id>/pack.pdf")
@role_required(*Role.ALL)
def pack_pdf(meeting_id: uuid.UUID):
    """A saved pack's PDF is made the first time it is asked for and kept with the pack
    (until the pack is refreshed); a preview's is made each time."""
    meeting = db.get_or_404(Meeting, meeting_id)
    filename = f"board-pack-{meeting.held_on.isoformat()}"
    saved = meeting.pack
    if saved is not None and saved.pdf is not None:
        return pdf_download(saved.pdf, filename)
    made = make_pdf(_render_pack(meeting, pack_content(meeting), pdf=True))
    if saved is not None:
        decisions.keep_pdf(saved, made)
    return pdf_download(made, filename)


@bp.post("/meetings/<uuid:meeting_id>/save")
@role_required(Role.ADMIN)
def save_pack(meeting_id: uuid.UUID):
    """Save the pack, or refresh a saved one from today's directory: until the meeting is
    marked held. Each gap's RAG rating is kept with it."""
    meeting = db.get_or_404(Meeting, meeting_id)
    if meeting.is_held:
        flash("This meeting is marked held, so its pack is final. It is shown as it was saved.",
              "info")
        return redirect(url_for("board.pack", meeting_id=meeting.id))
    refreshed = decisions.save_pack(meeting, current_user.email)
    flash("The pack is refreshed from today's directory." if refreshed else
          "The pack is saved. It reads the same until you refresh it or mark the meeting held.",
          "success")
    return redirect(url_for("board.pack", meeting_id=meeting.id))


@bp.post("/meetings/<uuid:meeting_id>/held")
@role_required(Role.ADMIN)
def mark_held(meeting_id: uuid.UUID):
    """The meeting took place: its pack (saved now if it was not) is final from now on."""
    meeting = db.get_or_404(Meeting, meeting_id)
    decisions.mark_held(meeting, current_user.email)
    flash("The meeting is marked held. Its pack is final and reads exactly as saved.",
          "success")
    return redirect(url_for("board.pack", meeting_id=meeting.id))
