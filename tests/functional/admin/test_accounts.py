"""Signing in safely: rate limits, one-time links, signing out everywhere, the users command."""

import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from directory import create_app
from directory.auth.throttle import FREE_PER_ACCOUNT_AND_ADDRESS, FREE_PER_ADDRESS, delay_after
from directory.clock import LOCAL_TIME
from directory.extensions import db
from directory.models import AccountToken, SignInFailure, User
from directory.models.common import utcnow
from tests.functional.admin.conftest import PASSWORD, client_as
from tests.helpers import csrf_token, make_user, page, text_of


def sign_in(client, email, password, address="10.0.0.1"):
    form = client.get("/sign-in")
    return client.post("/sign-in", data={"csrf_token": csrf_token(form), "email": email,
                                         "password": password},
                       environ_base={"REMOTE_ADDR": address})


def error_text(response) -> str:
    summary = page(response).select_one(".govuk-error-summary")
    return text_of(summary) if summary else ""


def test_failures_from_one_address_slow_that_address_and_say_when_to_try_again(app):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
    client = app.test_client()
    for _ in range(FREE_PER_ACCOUNT_AND_ADDRESS):
        response = sign_in(client, "viewer@example.org", "wrong", address="10.0.0.1")
        assert "not right" in error_text(response)
    last_failure = utcnow()
    # Even the right password must wait now, from that address.
    response = sign_in(client, "viewer@example.org", PASSWORD, address="10.0.0.1")
    assert response.status_code == 429
    match = re.search(r"Try again at (\d\d:\d\d)", error_text(response))
    assert match, error_text(response)
    expected = (last_failure + timedelta(minutes=1)).astimezone(LOCAL_TIME)
    possible = {(expected + timedelta(minutes=m)).strftime("%H:%M") for m in (-1, 0, 1)}
    assert match[1] in possible
    assert client.get("/admin/").status_code == 302  # not signed in


def test_someone_failing_from_many_addresses_cannot_lock_the_owner_out(app):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
    for attempt in range(30):
        sign_in(app.test_client(), "viewer@example.org", "wrong", address=f"10.0.1.{attempt}")
    # The owner, from their own address, signs in straight away.
    assert sign_in(app.test_client(), "viewer@example.org", PASSWORD,
                   "10.9.9.9").status_code == 302


def test_each_further_failure_doubles_the_wait_up_to_fifteen_minutes():
    free = FREE_PER_ACCOUNT_AND_ADDRESS
    waits = [delay_after(n, free).total_seconds() / 60 for n in range(free - 1, free + 6)]
    assert waits == [0, 1, 2, 4, 8, 15, 15]


def test_many_accounts_tried_from_one_address_slow_that_address_only(app):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
    client = app.test_client()
    for attempt in range(FREE_PER_ADDRESS):
        sign_in(client, f"guess{attempt}@example.org", "wrong", address="10.1.1.1")
    assert sign_in(client, "viewer@example.org", PASSWORD, "10.1.1.1").status_code == 429
    # Someone else, elsewhere, can still sign in.
    assert sign_in(app.test_client(), "viewer@example.org", PASSWORD, "10.2.2.2").status_code == 302


def test_the_count_is_shared_by_every_worker(app, tmp_path):
    """Two app instances on one database stand for two gunicorn workers."""
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
    other_worker = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key",
                               "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    for _ in range(FREE_PER_ACCOUNT_AND_ADDRESS):
        sign_in(app.test_client(), "viewer@example.org", "wrong", "10.3.3.3")
    response = sign_in(other_worker.test_client(), "viewer@example.org", PASSWORD, "10.3.3.3")
    assert response.status_code == 429


def test_failures_older_than_fifteen_minutes_do_not_count(app):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
        long_ago = utcnow() - timedelta(minutes=16)
        db.session.add_all([SignInFailure(email="viewer@example.org", client_address="10.0.0.1",
                                          failed_at=long_ago) for _ in range(FREE_PER_ADDRESS)])
        db.session.commit()
    assert sign_in(app.test_client(), "viewer@example.org", PASSWORD).status_code == 302


def test_signing_in_clears_that_address_s_failures_for_the_account(app):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
    client = app.test_client()
    for _ in range(FREE_PER_ACCOUNT_AND_ADDRESS - 1):
        sign_in(client, "viewer@example.org", "wrong", address="10.0.0.5")
    sign_in(client, "viewer@example.org", "wrong", address="10.0.0.6")
    assert sign_in(client, "viewer@example.org", PASSWORD, "10.0.0.5").status_code == 302
    with app.app_context():
        left = db.session.scalars(select(SignInFailure.client_address).where(
            SignInFailure.email == "viewer@example.org")).all()
        assert left == ["10.0.0.6"]


def test_a_common_password_is_refused_with_a_reason(app, caplog):
    link = _invite(app, caplog)
    client = app.test_client()
    form = client.get(link)
    common = "Q1W2E3R4T5Y6"  # on the list of common passwords, whatever the case
    response = client.post(link, data={"csrf_token": csrf_token(form), "password": common,
                                       "confirm": common})
    assert "one of the most common" in error_text(response)
    runner = app.test_cli_runner()
    made = runner.invoke(args=["users", "create", "b@example.org"],
                         input="1qaz2wsx3edc\n1qaz2wsx3edc\n")
    assert made.exit_code != 0 and "most common" in made.output


def test_sign_out_everywhere_ends_every_session(app):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, "viewer@example.org", PASSWORD)
    sign_in(phone, "viewer@example.org", PASSWORD, "10.0.0.2")
    assert phone.get("/admin/").status_code == 200
    dashboard = laptop.get("/admin/")
    response = laptop.post("/sign-out-everywhere", data={"csrf_token": csrf_token(dashboard)})
    assert response.status_code == 302
    assert phone.get("/admin/").headers["Location"].startswith("/sign-in")
    assert laptop.get("/admin/").headers["Location"].startswith("/sign-in")


def test_users_create_command_makes_an_account_that_can_sign_in(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "Chair@Example.org", "--role", "admin"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Created chair@example.org (admin)" in result.output
    assert sign_in(app.test_client(), "chair@example.org", PASSWORD).status_code == 302
    again = runner.invoke(args=["users", "create", "chair@example.org", "--role", "viewer"],
                          input=f"{PASSWORD}\n{PASSWORD}\n")
    assert again.exit_code != 0 and "already an account" in again.output


def test_users_create_refuses_a_short_password_and_a_made_up_role(app):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["users", "create", "a@example.org"], input="short\nshort\n")
    assert short.exit_code != 0 and "12 characters" in short.output
    role = runner.invoke(args=["users", "create", "a@example.org", "--role", "owner"])
    assert role.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def _invite(app, caplog, email="new@example.org") -> str:
    with app.app_context():
        admin = make_user("admin@example.org", "admin", password=PASSWORD)
        admin_id = admin.id
    client = app.test_client()
    sign_in(client, "admin@example.org", PASSWORD)
    form = client.get("/admin/users/invite")
    with caplog.at_level("WARNING"):
        response = client.post("/admin/users/invite", data={
            "csrf_token": csrf_token(form), "email": email, "role": "editor"})
    assert response.status_code == 302, error_text(response)
    links = re.findall(r"http://localhost/set-password/\S+", caplog.text)
    assert len(links) == 1 and admin_id
    return links[0].removeprefix("http://localhost")


def test_an_invite_link_sets_a_password_once(app, caplog):
    link = _invite(app, caplog)
    client = app.test_client()
    form = client.get(link)
    assert form.status_code == 200
    response = client.post(link, data={"csrf_token": csrf_token(form), "password": PASSWORD,
                                       "confirm": PASSWORD})
    assert response.headers["Location"] == "/sign-in"
    assert sign_in(app.test_client(), "new@example.org", PASSWORD).status_code == 302
    assert client.get(link).status_code == 404  # used once, then gone
    with app.app_context():  # only a hash of the token is kept
        token = link.rsplit("/", 1)[1]
        assert token not in {t.token_hash for t in db.session.scalars(select(AccountToken))}


def test_an_invite_link_expires_after_72_hours(app, caplog):
    link = _invite(app, caplog)
    with app.app_context():
        record = db.session.scalar(select(AccountToken))
        record.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        assert record.expires_at - record.created_at < timedelta(hours=72)
    response = app.test_client().get(link)
    assert response.status_code == 404
    assert "expired" in text_of(page(response))


def test_a_new_invite_link_is_valid_for_72_hours(app, caplog):
    _invite(app, caplog)
    with app.app_context():
        record = db.session.scalar(select(AccountToken))
        lifetime = record.expires_at - record.created_at
        assert timedelta(hours=71, minutes=59) < lifetime <= timedelta(hours=72)


def test_a_password_form_with_errors_says_what_is_wrong(app, caplog):
    link = _invite(app, caplog)
    client = app.test_client()
    form = client.get(link)
    response = client.post(link, data={"csrf_token": csrf_token(form), "password": "short",
                                       "confirm": "other"})
    assert "at least 12 characters" in error_text(response)
    assert page(response).title.string.startswith("Error:")


def test_a_reset_signs_the_person_out_of_old_sessions(app, caplog):
    with app.app_context():
        make_user("admin@example.org", "admin", password=PASSWORD)
        viewer = make_user("viewer@example.org", "viewer", password=PASSWORD)
        viewer_id = viewer.id
    old_session = app.test_client()
    sign_in(old_session, "viewer@example.org", PASSWORD)
    admin = app.test_client()
    sign_in(admin, "admin@example.org", PASSWORD, "10.0.0.9")
    user_page = admin.get(f"/admin/users/{viewer_id}")
    with caplog.at_level("WARNING"):
        admin.post(f"/admin/users/{viewer_id}/reset", data={"csrf_token": csrf_token(user_page)})
    link = re.findall(r"http://localhost(/set-password/\S+)", caplog.text)[0]
    new_password = "a brand new passphrase"
    assert old_session.get("/admin/").status_code == 200
    from_email = app.test_client()
    form = from_email.get(link)
    from_email.post(link, data={"csrf_token": csrf_token(form), "password": new_password,
                                "confirm": new_password})
    assert old_session.get("/admin/").headers["Location"].startswith("/sign-in")
    assert sign_in(app.test_client(), "viewer@example.org", PASSWORD).status_code == 200
    assert sign_in(app.test_client(), "viewer@example.org", new_password).status_code == 302


def test_posts_without_a_csrf_token_are_refused(listing_app):
    from tests.functional.admin.conftest import client_as

    client = client_as(listing_app, "admin")
    org = listing_app.listing.organisation
    response = client.post(f"/admin/organisations/{org}/edit", data={"name": "Hijacked"})
    assert response.status_code == 400
    response = client.post(f"/admin/organisations/{org}/visibility/hide")
    assert response.status_code == 400
    with listing_app.app_context():
        from directory.models import Organisation

        organisation = db.session.get(Organisation, uuid.UUID(org))
        assert organisation.name == "Home Housing Trust" and not organisation.hidden
    assert app_sign_in_refuses_without_token(listing_app)


def app_sign_in_refuses_without_token(app) -> bool:
    response = app.test_client().post("/sign-in", data={"email": "admin@example.org",
                                                        "password": PASSWORD})
    return response.status_code == 400


def test_session_cookies_are_safe_outside_debug(monkeypatch, tmp_path):
    from directory.setup import config

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    settings = config.load(str(tmp_path), debug=False, testing=False)
    assert settings["SESSION_COOKIE_SECURE"] and settings["SESSION_COOKIE_HTTPONLY"]
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_an_admin_cannot_lock_themselves_out(listing_app):
    from tests.functional.admin.conftest import client_as

    admin = client_as(listing_app, "admin")
    url = f"/admin/users/{listing_app.listing.users['admin']}"
    response = admin.post(url, data={"csrf_token": csrf_token(admin.get(url)), "role": "viewer",
                                     "active": "y"})
    assert "cannot take away your own admin role" in error_text(response)
    with listing_app.app_context():
        assert db.session.get(User, listing_app.listing.users["admin"]).role == "admin"


@pytest.mark.parametrize("path", ["invite", "{viewer}"])
def test_the_role_choice_says_what_it_is_for(listing_app, path):
    """The role radios sit in a fieldset whose legend names them, for screen readers too."""
    admin = client_as(listing_app, "admin")
    viewer = listing_app.listing.users["viewer"]
    html = page(admin.get("/admin/users/" + path.format(viewer=viewer)))
    radios = html.select_one("input[name=role]").find_parent("fieldset")
    assert text_of(radios.legend) == "Role"
    assert [text_of(label).split(":")[0] for label in radios.select("label")] == [
        "Viewer", "Editor", "Admin"]


def test_an_admin_gives_an_editor_an_organisation(listing_app):
    from tests.functional.admin.conftest import client_as

    admin = client_as(listing_app, "admin")
    editor_id = listing_app.listing.users["other_editor"]
    url = f"/admin/users/{editor_id}"
    admin.post(url, data={"csrf_token": csrf_token(admin.get(url)), "role": "editor",
                          "active": "y", "organisations": [listing_app.listing.organisation]})
    editor = client_as(listing_app, "other_editor")
    assert editor.get(f"/admin/services/{listing_app.listing.service}/edit").status_code == 200


def test_invites_go_by_smtp_when_a_mail_server_is_set(tmp_path, monkeypatch):
    from tests.conftest import make_app

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("message", message["To"], message.get_content()))

    monkeypatch.setattr("directory.auth.mail.smtplib.SMTP", FakeSMTP)
    app = make_app(tmp_path, MAIL_SERVER="smtp.example.org", MAIL_PORT=2525,
                   MAIL_USERNAME="robot")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "new@example.org", "--role", "editor",
                                 "--invite"])
    assert result.exit_code == 0, result.output
    assert sent[0] == ("connect", "smtp.example.org", 2525)
    assert ("starttls",) in sent and ("login", "robot") in sent
    _kind, to, body = sent[-1]
    assert to == "new@example.org"
    link = re.search(r"http://localhost(/set-password/\S+)", body)[1]
    assert link in result.output
    assert app.test_client().get(link).status_code == 200


def test_account_changes_are_in_the_history_for_admins_only(listing_app):
    from tests.functional.admin.conftest import client_as

    admin = client_as(listing_app, "admin")
    viewer_id = listing_app.listing.users["viewer"]
    url = f"/admin/users/{viewer_id}"
    admin.post(url, data={"csrf_token": csrf_token(admin.get(url)), "role": "editor",
                          "active": "y", "organisations": [listing_app.listing.organisation]})
    history = text_of(page(admin.get(f"/admin/history/user/{viewer_id}")))
    assert "Role viewer editor" in history
    assert "Organisations they edit Nothing Home Housing Trust" in history
    assert "by admin@example.org" in history and "Restore" not in history
    assert client_as(listing_app, "own_editor").get(
        f"/admin/history/user/{viewer_id}").status_code == 403


def _switch(admin, user_id, active: bool):
    url = f"/admin/users/{user_id}"
    data = {"csrf_token": csrf_token(admin.get(url)), "role": "viewer"}
    if active:
        data["active"] = "y"
    assert admin.post(url, data=data).status_code == 302


def test_switching_an_account_off_cancels_its_links_and_a_link_never_switches_it_on(
        app, caplog):
    with app.app_context():
        make_user("admin@example.org", "admin", password=PASSWORD)
        viewer_id = make_user("viewer@example.org", "viewer", password=PASSWORD).id
    admin = app.test_client()
    sign_in(admin, "admin@example.org", PASSWORD)
    with caplog.at_level("WARNING"):
        admin.post(f"/admin/users/{viewer_id}/reset",
                   data={"csrf_token": csrf_token(admin.get(f"/admin/users/{viewer_id}"))})
    old_link = re.findall(r"http://localhost(/set-password/\S+)", caplog.text)[0]
    _switch(admin, viewer_id, active=False)
    # The link sent before the account was switched off no longer works.
    person = app.test_client()
    response = person.get(old_link)
    assert response.status_code == 404 and "expired" in text_of(page(response))
    with app.app_context():
        assert db.session.get(User, viewer_id).active is False
    # Switching it on again is an admin's choice; the old link stays cancelled.
    _switch(admin, viewer_id, active=True)
    assert app.test_client().get(old_link).status_code == 404
    assert sign_in(app.test_client(), "viewer@example.org", PASSWORD,
                   "10.0.0.7").status_code == 302


def test_using_a_link_does_not_switch_an_account_on(app, caplog):
    """Even a link an admin sends to an account that is off only sets the password."""
    with app.app_context():
        make_user("admin@example.org", "admin", password=PASSWORD)
        viewer_id = make_user("viewer@example.org", "viewer", password=PASSWORD).id
        from directory.auth import tokens

        viewer = db.session.get(User, viewer_id)
        token = tokens.issue_token(viewer, "reset")
        viewer.active = False
        db.session.commit()
        record = tokens.valid_token(token)
        assert record is None
        spent = db.session.scalar(select(AccountToken))
        tokens.use_token(spent, "x")
        assert db.session.get(User, viewer_id).active is False


def test_signing_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_working(app):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
    client = app.test_client()
    assert sign_in(client, "viewer@example.org", PASSWORD).status_code == 302
    copied = client.get_cookie("session").value
    other_device = app.test_client()
    assert sign_in(other_device, "viewer@example.org", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/admin/"))})
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/admin/").status_code == 302  # to the sign-in page
    assert other_device.get("/admin/").status_code == 200  # only that browser signed out


def test_the_csrf_token_changes_at_sign_in(app):
    """A token someone learned or planted before the sign-in is no good after it."""
    with app.app_context():
        make_user("viewer@example.org", "viewer", password=PASSWORD)
    client = app.test_client()
    before = csrf_token(client.get("/sign-in"))
    assert sign_in(client, "viewer@example.org", PASSWORD).status_code == 302
    assert client.post("/sign-out", data={"csrf_token": before}).status_code == 400
    assert client.get("/admin/").status_code == 200  # still signed in
    after = csrf_token(client.get("/admin/"))
    assert client.post("/sign-out", data={"csrf_token": after}).status_code == 302


def test_signed_in_pages_exports_and_one_time_links_are_never_stored(listing_app, caplog):
    admin = client_as(listing_app, "admin")
    for url in ("/admin/", f"/admin/services/{listing_app.listing.service}",
                "/admin/data/export/", "/board/"):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    export = admin.get("/admin/data/export/csv")
    assert export.headers["Cache-Control"] == "no-store"
    anonymous = listing_app.test_client()
    assert anonymous.get("/sign-in").headers["Cache-Control"] == "no-store"
    with listing_app.app_context():
        from directory.auth import accounts

        user = db.session.get(User, listing_app.listing.users["viewer"])
        link = accounts.send_password_link(user, "reset")
    one_time = anonymous.get(urlsplit(link).path)
    assert one_time.status_code == 200
    assert one_time.headers["Cache-Control"] == "no-store"
    assert "no-store" not in anonymous.get("/").headers.get("Cache-Control", "")
