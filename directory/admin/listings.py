"""Services: create, edit (refusing stale saves), preview, publish, archive, confirm."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.admin import bp
from directory.admin.access import require_edit
from directory.admin.forms.services import ServiceForm
from directory.auth.permissions import role_required
from directory.extensions import db
from directory.listings import catalogue, editing
from directory.models import Organisation, Service, ServiceStatus
from directory.models.accounts import Role
from directory.setup.redirects import local_redirect_target

STATUS_MESSAGES = {
    ServiceStatus.PUBLISHED: "is published: the public can see it",
    ServiceStatus.DRAFT: "is a draft: the public cannot see it",
    ServiceStatus.ARCHIVED: "is archived: the public cannot see it",
}


def _service_or_404(service_id: uuid.UUID) -> Service:
    service = editing.get_service_for_editing(service_id)
    if service is None:
        abort(404)
    return service


@bp.route("/organisations/<uuid:organisation_id>/services/new", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.EDITOR)
def new_service(organisation_id: uuid.UUID):
    organisation = db.get_or_404(Organisation, organisation_id)
    require_edit(organisation_id)
    form = ServiceForm(locations=organisation.locations)
    if form.validate_on_submit():
        service = editing.create_service(organisation, form.values())
        flash("Service saved as a draft. Preview it, then publish it.", "success")
        return redirect(url_for("admin.preview_service", service_id=service.id))
    return render_template("admin/service_form.html", form=form, service=None,
                           organisation=organisation)


@bp.route("/services/<uuid:service_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.EDITOR)
def edit_service(service_id: uuid.UUID):
    service = _service_or_404(service_id)
    require_edit(service.organisation_id)
    form = ServiceForm(service=service, locations=service.organisation.locations)
    if request.method == "GET":
        form.fill_from(service)
    conflict = None
    if form.validate_on_submit():
        try:
            editing.save_service(service, form.values(), form.seen_version())
        except editing.EditConflict as error:
            conflict = error
            # Saving again now is a deliberate choice made after seeing their changes.
            form.version.data = str(error.current_version)
        else:
            flash("Service saved.", "success")
            return redirect(url_for("admin.preview_service", service_id=service_id))
    return render_template("admin/service_form.html", form=form, service=service,
                           organisation=service.organisation, conflict=conflict), (
        409 if conflict else 200)


@bp.get("/services/<uuid:service_id>")
@role_required(*Role.ALL)
def preview_service(service_id: uuid.UUID):
    """The service page as the public sees it (or would, once published)."""
    service = _service_or_404(service_id)
    return render_template(
        "admin/service_preview.html",
        service=service,
        opening_times=catalogue.opening_times(service.schedule),
        overdue=catalogue.is_overdue(service),
        can_edit=current_user.can_edit(service.organisation_id),
        status_message=_status_message(service),
        publish_blocker=editing.publish_blocker(service),
    )


def _status_message(service: Service) -> str:
    if service.status == ServiceStatus.PUBLISHED and service.organisation.hidden:
        return (f"is published, but the public cannot see it while {service.organisation.name} "
                "is hidden")
    return STATUS_MESSAGES[service.status]


@bp.post("/services/<uuid:service_id>/status/<any(published,draft,archived):status>")
@role_required(Role.ADMIN, Role.EDITOR)
def change_service_status(service_id: uuid.UUID, status: str):
    service = _service_or_404(service_id)
    require_edit(service.organisation_id)
    try:
        editing.set_status(service, status)
    except editing.NotAllowed as refusal:
        flash(str(refusal), "error")
    else:
        flash(f"{service.name} {STATUS_MESSAGES[status]}.", "success")
    return redirect(url_for("admin.preview_service", service_id=service_id))


@bp.post("/services/<uuid:service_id>/confirm")
@role_required(Role.ADMIN, Role.EDITOR)
def confirm_service(service_id: uuid.UUID):
    service = _service_or_404(service_id)
    require_edit(service.organisation_id)
    editing.confirm_still_right(service)
    flash(f"Thank you. {service.name} is marked as checked today.", "success")
    fallback = url_for("admin.preview_service", service_id=service_id)
    return redirect(local_redirect_target(request.form.get("next"), fallback))
