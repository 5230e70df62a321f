from flask import flash, redirect, render_template, request, url_for
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email

from directory.auth import bp
from directory.extensions import db
from directory.models.accounts import User
from directory.passwords import verify_password
from directory.redirects import local_redirect_target

SIGN_IN_FAILED = "The email address or password is not right"


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address"),
                    Email("Enter an email address like name@example.org")],
    )
    password = PasswordField(
        "Password", widget=GovPasswordInput(), validators=[DataRequired("Enter your password")]
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            select(User).where(func.lower(User.email) == form.email.data.strip().lower())
        )
        # Always verify a hash, so an unknown address takes as long as a wrong password.
        password_ok = verify_password(user.password_hash if user else None, form.password.data)
        if user and user.active and password_ok:
            login_user(user)
            target = local_redirect_target(request.args.get("next"), url_for("admin.dashboard"))
            return redirect(target)
        form.password.errors.append(SIGN_IN_FAILED)
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("public.home"))
