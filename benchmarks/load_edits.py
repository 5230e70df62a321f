"""Signed-in edits for benchmarks/load.py: a board member appending a word to a service's
description through the admin edit page, as a browser would (form fields, CSRF, version).

Each accepted save is remembered; afterwards every word must be in the database and found by
search. A save refused because someone else saved first (409) is counted, not lost.
"""

import random
import string
import threading
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bs4 import BeautifulSoup

EDITOR_EMAIL = "load-test-editor@example.org"
EDITOR_PASSWORD = "load test password " + "".join(random.choices(string.ascii_lowercase, k=12))


def create_editor(app) -> None:
    from directory.auth.passwords import hash_password
    from directory.extensions import db
    from directory.models import User

    with app.app_context():
        db.session.add(User(email=EDITOR_EMAIL, role="admin",
                            password_hash=hash_password(EDITOR_PASSWORD)))
        db.session.commit()


def session_cookie(headers, fallback: str) -> str:
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("session="):
            return "session=" + SimpleCookie(value)["session"].value
    return fallback


def form_values(html: str) -> dict:
    """What a browser would send for the page's main form, unchanged."""
    form = BeautifulSoup(html, "html.parser").select_one("main form[method=post]")
    values = []
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = (field.get("type") or "text").lower()
        if kind in ("submit", "button", "file") or (
                kind in ("checkbox", "radio") and not field.has_attr("checked")):
            continue
        if field.name == "textarea":
            value = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            value = chosen.get("value", "") if chosen else ""
        else:
            value = field.get("value", "")
        values.append((field["name"], value))
    return values


class Editor:
    def __init__(self, site, port, fetch):
        self.site, self.port, self.fetch = site, port, fetch
        self.lock = threading.Lock()
        self.saved: list[tuple[str, str]] = []  # (service id, word)
        self.conflicts = 0
        create_editor(site.app)
        self.cookie = self.sign_in()

    def request(self, method, url, cookie, form=None):
        headers = {"Cookie": cookie}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.fetch(self.port, url, method, body, headers, with_headers=True)

    def sign_in(self) -> str:
        status, html, headers = self.request("GET", "/sign-in", "")
        cookie = session_cookie(headers, "")
        token = BeautifulSoup(html, "html.parser").select_one("[name=csrf_token]")["value"]
        status, _, headers = self.request("POST", "/sign-in", cookie, {
            "csrf_token": token, "email": EDITOR_EMAIL, "password": EDITOR_PASSWORD})
        if status != 302:
            raise SystemExit(f"the load-test editor could not sign in ({status})")
        return session_cookie(headers, cookie)

    def edit(self, rng) -> tuple[int, str]:
        service_id = rng.choice(self.site.service_ids)
        url = f"/admin/services/{service_id}/edit"
        status, html, headers = self.request("GET", url, self.cookie)
        if status != 200:
            return status, url
        word = "loadedit" + "".join(rng.choices(string.ascii_lowercase, k=10))
        values = [(name, f"{value} {word}" if name == "description" else value)
                  for name, value in form_values(html.decode())]
        status, _, _ = self.request("POST", url, session_cookie(headers, self.cookie), values)
        with self.lock:
            if status == 302:
                self.saved.append((service_id, word))
            elif status == 409:
                self.conflicts += 1
        return (200 if status == 409 else status), url

    def verify(self) -> list[str]:
        """Every saved word, in the database and found by search; returns what is lost."""
        from sqlalchemy import select

        from directory.extensions import db
        from directory.models import Service

        lost = []
        with self.site.app.app_context():
            descriptions = {str(service_id): text for service_id, text in db.session.execute(
                select(Service.id, Service.description))}
        for service_id, word in self.saved:
            if word not in descriptions[service_id]:
                lost.append(f"{word} not in the database")
            _, body = self.fetch(self.port, f"/search?q={word}")
            if f"/services/{service_id}".encode() not in body:
                lost.append(f"{word} not found by search")
        return lost
