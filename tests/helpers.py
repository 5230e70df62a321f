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
    """Put a user's session in the test client's cookie, as signing in would (inside an app
    context: the session is kept on the server too)."""
    with client.session_transaction() as session:
        session.update(signed_in_session(user))


def signed_in_session(user) -> dict:
    """What signing in puts in the session cookie (inside an app context)."""
    from directory.auth import sessions

    return {"_user_id": user.get_id(), "_fresh": True,
            sessions.SESSION_KEY: sessions.begin(user)}


def make_user(email="member@example.org", role="viewer", organisations=(), password=None):
    """Create and commit a user (inside an app context)."""
    from directory.auth.passwords import hash_password
    from directory.extensions import db
    from directory.models import User

    user = User(email=email, role=role, organisations=list(organisations),
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.commit()
    return user


def api_pages(client, url: str, per_page: int = 40) -> list[dict]:
    """Every page of an Open Referral UK list, `url` with or without a query."""
    pages, number = [], 1
    separator = "&" if "?" in url else "?"
    while True:
        response = client.get(f"{url}{separator}page={number}&per_page={per_page}")
        assert response.status_code == 200, response.get_data(as_text=True)
        pages.append(response.get_json())
        if pages[-1]["last_page"]:
            return pages
        number += 1
