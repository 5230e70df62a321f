"""Account operations used by the users pages and the `flask users` command."""

from sqlalchemy import func, select

from directory.auth.mail import send_mail
from directory.auth.passwords import hash_password
from directory.auth.tokens import TOKEN_LIFETIME, cancel_tokens, issue_token
from directory.extensions import db
from directory.models import Organisation, TokenPurpose, User
from directory.models.accounts import Role
from directory.setup.links import external_url

MESSAGES = {
    TokenPurpose.INVITE: (
        "You are invited to Rehabilitation Pathways",
        "You have been given an account to keep listings up to date on Rehabilitation "
        "Pathways.\n\nChoose your password here (the link works once, for {hours} hours):\n{link}",
    ),
    TokenPurpose.RESET: (
        "Reset your Rehabilitation Pathways password",
        "Someone asked to reset your password on Rehabilitation Pathways.\n\n"
        "Choose a new password here (the link works once, for {hours} hours):\n{link}\n\n"
        "If this was not you, you can ignore this e-mail.",
    ),
}


class AccountError(ValueError):
    """An account could not be created as asked."""


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, role: str, name: str = "", password: str | None = None,
                organisations: list[Organisation] = ()) -> User:
    email = email.strip().lower()
    if role not in Role.ALL:
        raise AccountError(f"The role must be one of {', '.join(Role.ALL)}")
    if find_user(email):
        raise AccountError(f"There is already an account for {email}")
    user = User(email=email, name=name, role=role, organisations=list(organisations),
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.commit()
    return user


def send_password_link(user: User, purpose: str) -> str:
    """E-mail (or log) a one-time link to set a password; returns the link."""
    token = issue_token(user, purpose)
    link = external_url("auth.set_password", token=token)
    subject, body = MESSAGES[purpose]
    send_mail(user.email, subject, body.format(link=link, hours=int(
        TOKEN_LIFETIME.total_seconds() // 3600)))
    return link


def sign_out_everywhere(user: User) -> None:
    """Every session cookie of this user stops working (they hold the old version)."""
    user.session_version += 1
    db.session.commit()


def set_access(user: User, role: str, organisations: list, active: bool) -> None:
    """An admin sets what an account may do: its role, the organisations it edits, and
    whether it may sign in at all. Switching it off also signs it out everywhere and cancels
    every invite or reset link it has, so no old link can bring it back."""
    user.role, user.organisations = role, organisations
    if user.active and not active:
        cancel_tokens(user)
        user.session_version += 1
    user.active = active
    db.session.commit()
