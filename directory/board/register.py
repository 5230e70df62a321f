"""The gap register: gaps the board writes down per pathway, with RAG, owner and target date."""

import uuid

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from directory.analysis import data
from directory.auth.permissions import role_required
from directory.board import bp, decisions
from directory.board.downloads import csv_response, wants_csv
from directory.board.forms import GapEntryForm
from directory.board.gaps import gap_or_404
from directory.extensions import db
from directory.forms import choices
from directory.models import GapEntry, GapStatus, Pathway, Rag
from directory.models.accounts import Role

REGISTER_COLUMNS = ["Pathway", "Issue", "Local gap", "RAG", "Evidence", "Owner", "Target date",
                    "Status"]


def register_row(entry: GapEntry) -> list:
    return [entry.pathway.name, entry.issue, entry.local_gap, Rag.LABELS[entry.rag],
            entry.evidence, entry.owner,
            entry.target_date.isoformat() if entry.target_date else "",
            GapStatus.LABELS[entry.status]]


@bp.get("/register")
@role_required(*Role.ALL)
def register():
    entries = data.register_entries()
    if wants_csv():
        return csv_response([REGISTER_COLUMNS] + [register_row(e) for e in entries],
                            "gap-register")
    by_pathway: dict = {}
    for entry in entries:
        by_pathway.setdefault(entry.pathway, []).append(entry)
    return render_template(
        "board/register.html", by_pathway=by_pathway, rag_labels=Rag.LABELS,
        status_labels=GapStatus.LABELS,
        pathway_rag={p: Rag.worst(e.rag for e in es if e.status != GapStatus.CLOSED)
                     for p, es in by_pathway.items()},
    )


def _pathway_choices(form: GapEntryForm) -> None:
    pathways = db.session.scalars(select(Pathway).where(~Pathway.retired)
                                  .order_by(Pathway.position))
    form.pathway_id.choices = choices({"": "Choose a pathway", **{str(p.id): p.name
                                                                   for p in pathways}})


@bp.route("/register/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_gap():
    """A new register entry; from a gap's "Add to the register", filled in from the gap."""
    entry = GapEntry()
    key = request.args.get("gap")
    if key and request.method == "GET":
        gap = gap_or_404(key)
        entry.pathway_id = gap.pathway.id if gap.pathway else None
        entry.issue = gap.title
        entry.local_gap = gap.title
        entry.evidence = gap.reason + "."
    return _gap_form(entry)


@bp.route("/register/<uuid:entry_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_gap(entry_id: uuid.UUID):
    return _gap_form(db.get_or_404(GapEntry, entry_id))


def _gap_form(entry: GapEntry):
    form = GapEntryForm(obj=entry)
    _pathway_choices(form)
    if form.validate_on_submit():
        form.populate_obj(entry)
        decisions.save_register_entry(entry)
        flash("The gap register is saved.", "success")
        return redirect(url_for("board.register"))
    return render_template("board/gap_form.html", form=form, entry=entry, rag_labels=Rag.LABELS)
