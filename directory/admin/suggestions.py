"""The queue of suggestions from the public, for each organisation's editors and admins."""

import uuid

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from directory.admin import bp
from directory.admin.access import queue_organisation_ids, require_edit
from directory.admin.forms.suggestions import ResolveSuggestionForm
from directory.auth.permissions import role_required
from directory.extensions import db
from directory.models import Suggestion, SuggestionStatus
from directory.models.accounts import Role
from directory.suggestions import queue


@bp.get("/suggestions")
@role_required(Role.ADMIN, Role.EDITOR)
def suggestions():
    organisation_ids = queue_organisation_ids()
    return render_template("admin/suggestions.html",
                           waiting=queue.open_suggestions(organisation_ids),
                           resolved=queue.recently_resolved(organisation_ids))


@bp.route("/suggestions/<uuid:suggestion_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.EDITOR)
def suggestion(suggestion_id: uuid.UUID):
    item = db.get_or_404(Suggestion, suggestion_id)
    # Only those who work the organisation's queue see what was sent, and who sent it.
    require_edit(item.service.organisation_id)
    form = ResolveSuggestionForm()
    if form.is_submitted() and item.status != SuggestionStatus.OPEN:
        return _already_resolved(item, form)
    if form.validate_on_submit():
        if queue.resolve(item, form.decision.data == "accept", form.note.data, current_user):
            flash("Suggestion saved.", "success")
            return redirect(url_for("admin.suggestions"))
        db.session.refresh(item)  # someone else saved theirs a moment before
        return _already_resolved(item, form)
    return render_template("admin/suggestion.html", item=item, form=form,
                           can_resolve=item.status == SuggestionStatus.OPEN)


def _already_resolved(item: Suggestion, form: ResolveSuggestionForm):
    """The second of two people answering one suggestion: say who dealt with it, and how."""
    return render_template("admin/suggestion.html", item=item, form=form,
                           already_resolved=True), 409
