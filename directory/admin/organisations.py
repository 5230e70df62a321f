"""Organisations and their locations."""

import uuid

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from directory.admin import bp
from directory.admin.access import require_edit
from directory.admin.forms.locations import LocationForm
from directory.admin.forms.organisations import OrganisationForm
from directory.auth.permissions import role_required
from directory.extensions import db
from directory.listings import editing
from directory.models import Location, Organisation
from directory.models.accounts import Role


@bp.get("/organisations")
@role_required(*Role.ALL)
def organisations():
    query = select(Organisation).options(selectinload(Organisation.services)).order_by(
        Organisation.name)
    return render_template("admin/organisations.html",
                           organisations=list(db.session.scalars(query)))


@bp.get("/organisations/<uuid:organisation_id>")
@role_required(*Role.ALL)
def organisation(organisation_id: uuid.UUID):
    return render_template("admin/organisation.html",
                           organisation=db.get_or_404(Organisation, organisation_id),
                           can_edit=current_user.can_edit(organisation_id))


@bp.route("/organisations/new", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.EDITOR)
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        proposed_by = None if current_user.is_admin else current_user
        organisation = editing.save_organisation(None, form.values(), proposed_by=proposed_by)
        if proposed_by:
            flash("Organisation added. An admin will check it before the public can see it.",
                  "success")
        else:
            flash("Organisation added.", "success")
        return redirect(url_for("admin.organisation", organisation_id=organisation.id))
    return render_template("admin/organisation_form.html", form=form, organisation=None)


@bp.route("/organisations/<uuid:organisation_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.EDITOR)
def edit_organisation(organisation_id: uuid.UUID):
    organisation = db.get_or_404(Organisation, organisation_id)
    require_edit(organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        editing.save_organisation(organisation, form.values())
        flash("Organisation saved.", "success")
        return redirect(url_for("admin.organisation", organisation_id=organisation_id))
    return render_template("admin/organisation_form.html", form=form, organisation=organisation)


@bp.post("/organisations/<uuid:organisation_id>/visibility/<any(hide,show):change>")
@role_required(Role.ADMIN)
def organisation_visibility(organisation_id: uuid.UUID, change: str):
    organisation = db.get_or_404(Organisation, organisation_id)
    editing.set_organisation_hidden(organisation, change == "hide")
    flash(f"{organisation.name} is now {'hidden from' if change == 'hide' else 'shown to'} "
          "the public.", "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation_id))


@bp.route("/organisations/<uuid:organisation_id>/locations/new", methods=["GET", "POST"])
@bp.route("/locations/<uuid:location_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.EDITOR)
def edit_location(organisation_id: uuid.UUID | None = None,
                  location_id: uuid.UUID | None = None):
    location = db.get_or_404(Location, location_id) if location_id else None
    organisation = (location.organisation if location
                    else db.get_or_404(Organisation, organisation_id))
    require_edit(organisation.id)
    form = LocationForm(obj=location)
    if form.validate_on_submit():
        editing.save_location(location, organisation, form.values())
        flash("Location saved.", "success")
        return redirect(url_for("admin.organisation", organisation_id=organisation.id))
    return render_template("admin/location_form.html", form=form, location=location,
                           organisation=organisation)
