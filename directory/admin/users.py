"""Accounts: invite, change role and organisations, reset password, sign out (admins)."""

import uuid

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from directory.admin import bp
from directory.admin.forms.users import InviteForm, UserAccessForm
from directory.auth import accounts
from directory.auth.permissions import role_required
from directory.extensions import db
from directory.models import Organisation, TokenPurpose, User
from directory.models.accounts import Role


def _all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def _chosen(ids: list[str]) -> list[Organisation]:
    wanted = [uuid.UUID(i) for i in ids or []]
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(wanted))))


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    query = select(User).options(selectinload(User.organisations)).order_by(User.email)
    return render_template("admin/users.html", users=list(db.session.scalars(query)))


@bp.route("/users/invite", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def invite_user():
    form = InviteForm(organisations=_all_organisations())
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.role.data, name=form.name.data,
                                        organisations=_chosen(form.organisations.data))
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            accounts.send_password_link(user, TokenPurpose.INVITE)
            flash(f"Invite sent to {user.email}. The link works for 72 hours.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/invite_user.html", form=form)


@bp.route("/users/<uuid:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: uuid.UUID):
    user = db.get_or_404(User, user_id)
    form = UserAccessForm(obj=user, organisations=_all_organisations())
    if request.method == "GET":
        form.organisations.data = [str(o.id) for o in user.organisations]
    if form.validate_on_submit() and _not_locking_yourself_out(form, user):
        accounts.set_access(user, form.role.data, _chosen(form.organisations.data),
                            bool(form.active.data))
        flash(f"Saved {user.email}.", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/edit_user.html", form=form, user=user)


def _not_locking_yourself_out(form: UserAccessForm, user: User) -> bool:
    """An admin cannot take away their own admin role or sign-in: someone must be left."""
    if user.id == current_user.id and (form.role.data != Role.ADMIN or not form.active.data):
        form.role.errors = [*form.role.errors,
                            "You cannot take away your own admin role or sign-in. "
                            "Ask another admin to do it."]
        return False
    return True


@bp.post("/users/<uuid:user_id>/<any(reset,'sign-out'):action>")
@role_required(Role.ADMIN)
def user_action(user_id: uuid.UUID, action: str):
    user = db.get_or_404(User, user_id)
    if action == "reset":
        accounts.send_password_link(user, TokenPurpose.RESET)
        flash(f"A link to reset the password was sent to {user.email}.", "success")
    else:
        accounts.sign_out_everywhere(user)
        flash(f"{user.email} is signed out on every device.", "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))
