"""The queue of suggestions from the public, for each organisation's editors and admins."""

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from directory.admin import bp
from directory.admin.access import editable_organisation_ids, require_edit
from directory.admin.forms.suggestions import ResolveSuggestionForm
from directory.extensions import db
from directory.models import Suggestion, SuggestionStatus
from directory.suggestions import queue


@bp.get("/suggestions")
def suggestions():
    organisation_ids = editable_organisation_ids()
    return render_template("admin/suggestions.html",
                           waiting=queue.open_suggestions(organisation_ids),
                           resolved=queue.recently_resolved(organisation_ids))


@bp.route("/suggestions/<uuid:suggestion_id>", methods=["GET", "POST"])
def suggestion(suggestion_id: uuid.UUID):
    item = db.session.get(Suggestion, suggestion_id)
    if item is None:
        abort(404)
    can_resolve = current_user.can_edit(item.service.organisation_id)
    form = ResolveSuggestionForm()
    if form.is_submitted():
        require_edit(item.service.organisation_id)
        if item.status != SuggestionStatus.OPEN:
            abort(409)
    if form.validate_on_submit():
        queue.resolve(item, form.decision.data == "accept", form.note.data, current_user)
        flash("Suggestion saved.", "success")
        return redirect(url_for("admin.suggestions"))
    return render_template("admin/suggestion.html", item=item, form=form,
                           can_resolve=can_resolve and item.status == SuggestionStatus.OPEN)
