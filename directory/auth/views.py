from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from directory.auth import accounts, bp, sessions, throttle, tokens
from directory.auth.forms import SetPasswordForm, SignInForm
from directory.auth.passwords import hash_password, needs_rehash, verify_password
from directory.auth.permissions import public, role_required
from directory.extensions import db
from directory.models.accounts import Role
from directory.setup.redirects import local_redirect_target

SIGN_IN_FAILED = "The email address or password is not right"


def _client_address() -> str:
    return request.remote_addr or "unknown"


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        lockout = throttle.lockout_for(email, _client_address())
        if lockout:
            form.password.errors.append(lockout.message)
            return render_template("auth/sign_in.html", form=form), 429
        user = accounts.find_user(email)
        # Always verify a hash, so an unknown address takes as long as a wrong password.
        password_ok = verify_password(user.password_hash if user else None, form.password.data)
        if user and user.active and password_ok:
            _finish_sign_in(user, form.password.data)
            target = local_redirect_target(request.args.get("next"), url_for("admin.dashboard"))
            return redirect(target)
        throttle.record_failure(email, _client_address())
        form.password.errors.append(SIGN_IN_FAILED)
    return render_template("auth/sign_in.html", form=form)


def _finish_sign_in(user, password: str) -> None:
    throttle.clear_failures(user.email, _client_address())
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    # A new CSRF token: one seen or set before signing in is no good after it.
    session.pop("csrf_token", None)
    session[sessions.SESSION_KEY] = sessions.begin(user)
    login_user(user)


@bp.post("/sign-out")
@public
def sign_out():
    sessions.end()
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("public.home"))


@bp.post("/sign-out-everywhere")
@role_required(*Role.ALL)
def sign_out_everywhere():
    accounts.sign_out_everywhere(current_user._get_current_object())
    logout_user()
    flash("You have signed out on every device.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    record = tokens.valid_token(token)
    if record is None:
        return render_template("auth/link_expired.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        tokens.use_token(record, hash_password(form.password.data))
        logout_user()
        flash("Your password is saved. Sign in with it now.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/set_password.html", form=form, email=record.user.email)
