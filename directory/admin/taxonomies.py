"""Pathways, areas, client groups and stages: add, rename, re-order and retire (admins)."""

import uuid

from flask import flash, redirect, render_template, url_for

from directory.admin import bp
from directory.admin.forms.taxonomies import TermForm
from directory.auth.permissions import role_required
from directory.extensions import db
from directory.listings import editing
from directory.models import TAXONOMIES
from directory.models.accounts import Role

KINDS = "any(pathway,area,client_group,stage)"
TITLES = {"pathway": "Pathways", "area": "Areas", "client_group": "Who services are for",
          "stage": "Stages of the journey"}


@bp.get("/taxonomies")
@role_required(Role.ADMIN)
def taxonomies():
    return render_template("admin/taxonomies.html", titles=TITLES)


@bp.route(f"/taxonomies/<{KINDS}:kind>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def taxonomy(kind: str):
    form = TermForm()
    if form.validate_on_submit():
        term = editing.add_term(kind, form.values(kind))
        flash(f"Added {term.name}.", "success")
        return redirect(url_for("admin.taxonomy", kind=kind))
    return render_template("admin/taxonomy.html", kind=kind, title=TITLES[kind], form=form,
                           terms=editing.terms_of(kind))


@bp.route(f"/taxonomies/<{KINDS}:kind>/<uuid:term_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_term(kind: str, term_id: uuid.UUID):
    term = db.get_or_404(TAXONOMIES[kind][0], term_id)
    form = TermForm(obj=term)
    if form.validate_on_submit():
        editing.change_term(term, form.values(kind))
        flash(f"Saved {term.name}.", "success")
        return redirect(url_for("admin.taxonomy", kind=kind))
    return render_template("admin/term_form.html", kind=kind, title=TITLES[kind], form=form,
                           term=term)


@bp.post(f"/taxonomies/<{KINDS}:kind>/<uuid:term_id>/<any(up,down,retire,restore):action>")
@role_required(Role.ADMIN)
def change_term(kind: str, term_id: uuid.UUID, action: str):
    term = db.get_or_404(TAXONOMIES[kind][0], term_id)
    if action in ("up", "down"):
        editing.move_term(kind, term, -1 if action == "up" else 1)
    else:
        editing.set_term_retired(term, action == "retire")
        state = "retired: the public no longer see it" if term.retired else "back in use"
        flash(f"{term.name} is {state}.", "success")
    return redirect(url_for("admin.taxonomy", kind=kind))
