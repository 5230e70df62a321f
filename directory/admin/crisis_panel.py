"""The crisis help panel's lines: change, add, re-order and remove them (admins)."""

import uuid

from flask import flash, redirect, render_template, url_for

from directory.admin import bp
from directory.admin.forms.crisis import CrisisLineForm
from directory.auth.permissions import role_required
from directory.extensions import db
from directory.models import CrisisLine
from directory.models.accounts import Role
from directory.safety import crisis


@bp.route("/crisis-panel", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def crisis_panel():
    lines = crisis.start_editing()
    form = CrisisLineForm()
    if form.validate_on_submit():
        crisis.add_line(form.values())
        flash("Added the line to the crisis help panel.", "success")
        return redirect(url_for("admin.crisis_panel"))
    return render_template("admin/crisis_panel.html", lines=lines, form=form,
                           title="Crisis help panel")


@bp.route("/crisis-panel/<uuid:line_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_crisis_line(line_id: uuid.UUID):
    line = db.get_or_404(CrisisLine, line_id)
    form = CrisisLineForm(obj=line)
    if form.validate_on_submit():
        crisis.change_line(line, form.values())
        flash("Saved the crisis help panel.", "success")
        return redirect(url_for("admin.crisis_panel"))
    return render_template("admin/crisis_line_form.html", form=form, line=line,
                           title="Change a line of the crisis help panel")


@bp.post("/crisis-panel/<uuid:line_id>/<any(up,down,remove):action>")
@role_required(Role.ADMIN)
def change_crisis_line(line_id: uuid.UUID, action: str):
    crisis.move_or_remove_line(db.get_or_404(CrisisLine, line_id), action)
    if action == "remove":
        flash("Removed the line from the crisis help panel.", "success")
    return redirect(url_for("admin.crisis_panel"))
