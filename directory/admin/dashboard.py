from flask import render_template
from flask_login import current_user

from directory.admin import bp
from directory.admin.access import editable_organisation_ids, queue_organisation_ids
from directory.auth.permissions import role_required
from directory.listings import editing
from directory.models.accounts import Role
from directory.suggestions.queue import open_suggestions


@bp.get("/")
@role_required(*Role.ALL)
def dashboard():
    organisation_ids = editable_organisation_ids()
    return render_template(
        "admin/dashboard.html",
        organisations=current_user.organisations,
        due_count=len(editing.services_due_for_review(organisation_ids)),
        suggestion_count=len(open_suggestions(queue_organisation_ids())),
        sees_suggestions=queue_organisation_ids() != [],
    )
