"""Reading rendered pages the way a person would."""

import re

from bs4 import BeautifulSoup


def page(response) -> BeautifulSoup:
    """Parse a rendered page (as GOV.UK Notify's tests do) to assert what a person sees."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(node) -> str:
    """Visible text with white space folded, for readable assertions."""
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def csrf_token(response) -> str:
    field = page(response).find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the form has no CSRF token"
    return field["value"]


def sign_in_as(client, user) -> None:
    """Put a user's session in the test client's cookie, as signing in would."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def make_user(email="member@example.org", role="viewer", organisations=(), password=None):
    """Create and commit a user (inside an app context)."""
    from directory.extensions import db
    from directory.models import User
    from directory.passwords import hash_password

    user = User(email=email, role=role, organisations=list(organisations),
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.commit()
    return user
