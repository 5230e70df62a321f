"""The review cycle: listings nobody has confirmed for REVIEW_AFTER_DAYS."""

from itertools import groupby

from flask import current_app, render_template

from directory.admin import bp
from directory.admin.access import editable_organisation_ids
from directory.auth.permissions import role_required
from directory.listings import catalogue, editing
from directory.models.accounts import Role


@bp.get("/review")
@role_required(*Role.ALL)
def review():
    services = editing.services_due_for_review(editable_organisation_ids())
    services.sort(key=lambda s: (s.organisation.name, s.last_checked_on is not None,
                                 s.last_checked_on or 0))
    by_organisation = [(organisation, list(items)) for organisation, items
                       in groupby(services, key=lambda s: s.organisation)]
    return render_template("admin/review.html", by_organisation=by_organisation,
                           total=len(services), due_before=catalogue.review_due_before(),
                           months=round(current_app.config["REVIEW_AFTER_DAYS"] / 30.5))
