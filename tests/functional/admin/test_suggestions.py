"""The public suggest changes; the organisation's editors deal with them."""

import uuid

from sqlalchemy import select

from directory.extensions import db
from directory.models import Service, ServiceStatus, Suggestion, SuggestionStatus
from directory.suggestions.queue import MAX_PER_SENDER
from tests.functional.admin.conftest import client_as
from tests.helpers import csrf_token, page, text_of


def suggest(client, service_id, address="10.0.0.1", **fields):
    url = f"/services/{service_id}/suggest"
    form = client.get(url, environ_base={"REMOTE_ADDR": address})
    data = {"csrf_token": csrf_token(form), "kind": "contact",
            "details": "The phone number is now 01632 960123", **fields}
    return client.post(url, data=data, environ_base={"REMOTE_ADDR": address})


def _suggestions(app):
    with app.app_context():
        return list(db.session.scalars(select(Suggestion)))


def test_every_public_service_page_offers_suggest_a_change(listing_app):
    html = page(listing_app.test_client().get(f"/services/{listing_app.listing.service}"))
    link = html.select_one("main a[href$='/suggest']")
    assert text_of(link).startswith("Suggest a change")
    assert link["href"] == f"/services/{listing_app.listing.service}/suggest"


def test_a_suggestion_reaches_only_that_organisation_s_editors(listing_app):
    response = suggest(listing_app.test_client(), listing_app.listing.service)
    assert response.status_code == 302
    [item] = _suggestions(listing_app)
    assert item.kind == "contact" and "01632 960123" in item.details
    assert item.sender_key != "10.0.0.1"  # the address itself is never stored
    assert "Move-on housing" in text_of(page(client_as(listing_app, "own_editor").get(
        "/admin/suggestions")))
    assert "Move-on housing" in text_of(page(client_as(listing_app, "admin").get(
        "/admin/suggestions")))
    assert "No suggestions are waiting" in text_of(page(client_as(
        listing_app, "other_editor").get("/admin/suggestions")))


def test_an_editor_accepts_a_suggestion_with_a_note(listing_app):
    suggest(listing_app.test_client(), listing_app.listing.service)
    [item] = _suggestions(listing_app)
    editor = client_as(listing_app, "own_editor")
    url = f"/admin/suggestions/{item.id}"
    empty = editor.post(url, data={"csrf_token": csrf_token(editor.get(url))})
    assert "Choose accept or reject" in text_of(page(empty).select_one(".govuk-error-summary"))
    editor.post(url, data={"csrf_token": csrf_token(editor.get(url)), "decision": "accept",
                           "note": "Changed the phone number"})
    [item] = _suggestions(listing_app)
    assert item.status == SuggestionStatus.ACCEPTED
    assert item.resolution_note == "Changed the phone number"
    assert item.resolved_by_id == listing_app.listing.users["own_editor"]


def test_the_honeypot_catches_robots_quietly(listing_app):
    response = suggest(listing_app.test_client(), listing_app.listing.service,
                       website="http://spam.example")
    assert response.status_code == 302  # looks the same to the robot
    assert _suggestions(listing_app) == []


def test_too_many_suggestions_from_one_address_are_refused(listing_app):
    client = listing_app.test_client()
    for _ in range(MAX_PER_SENDER):
        assert suggest(client, listing_app.listing.service).status_code == 302
    refused = suggest(client, listing_app.listing.service)
    assert refused.status_code == 429
    assert "Try again in an hour" in text_of(page(refused).select_one(".govuk-error-summary"))
    assert suggest(client, listing_app.listing.service, address="10.0.0.2").status_code == 302
    assert len(_suggestions(listing_app)) == MAX_PER_SENDER + 1


def test_a_suggestion_without_a_csrf_token_is_refused(listing_app):
    response = listing_app.test_client().post(
        f"/services/{listing_app.listing.service}/suggest", data={"kind": "closed"})
    assert response.status_code == 400
    assert _suggestions(listing_app) == []


def test_a_suggestion_with_errors_keeps_what_was_typed(listing_app):
    response = suggest(listing_app.test_client(), listing_app.listing.service,
                       kind="other", details="", email="me@")
    html = page(response)
    summary = text_of(html.select_one(".govuk-error-summary"))
    assert "Tell us what is wrong" in summary and "Enter an email address" in summary
    assert html.select_one("#email")["value"] == "me@"
    assert html.select_one("input[name=kind][value=other]").has_attr("checked")


def test_drafts_cannot_be_suggested_to(listing_app):
    with listing_app.app_context():
        db.session.get(Service, uuid.UUID(listing_app.listing.service)).status = \
            ServiceStatus.DRAFT
        db.session.commit()
    assert listing_app.test_client().get(
        f"/services/{listing_app.listing.service}/suggest").status_code == 404


def test_only_those_who_work_the_queue_see_what_was_sent_and_by_whom(listing_app):
    suggest(listing_app.test_client(), listing_app.listing.service, email="sender@example.org")
    [item] = _suggestions(listing_app)
    url = f"/admin/suggestions/{item.id}"
    for role in ("own_editor", "admin"):
        shown = text_of(page(client_as(listing_app, role).get(url)))
        assert "sender@example.org" in shown and "01632 960123" in shown
    for role in ("viewer", "other_editor"):
        client = client_as(listing_app, role)
        refused = client.get(url)
        assert refused.status_code == 403
        assert b"sender@example.org" not in refused.data and b"960123" not in refused.data
        listed = client.get("/admin/suggestions")
        assert b"960123" not in listed.data and b"Move-on housing" not in listed.data
        assert b"960123" not in client.get("/admin/").data
    viewer_home = page(client_as(listing_app, "viewer").get("/admin/"))
    assert "Suggestions" not in text_of(viewer_home.select_one("main"))


def test_the_second_person_to_answer_a_suggestion_is_told_it_was_already_dealt_with(
        listing_app):
    suggest(listing_app.test_client(), listing_app.listing.service)
    [item] = _suggestions(listing_app)
    url = f"/admin/suggestions/{item.id}"
    editor, admin = client_as(listing_app, "own_editor"), client_as(listing_app, "admin")
    editor_token, admin_token = csrf_token(editor.get(url)), csrf_token(admin.get(url))
    first = editor.post(url, data={"csrf_token": editor_token, "decision": "accept",
                                   "note": "Changed the number"})
    assert first.status_code == 302
    second = admin.post(url, data={"csrf_token": admin_token, "decision": "reject",
                                   "note": "It was right"})
    assert second.status_code == 409
    told = text_of(page(second).select_one(".govuk-warning-text"))
    assert "not saved" in told and "own@example.org already dealt with" in told
    assert "accepted" in told
    [item] = _suggestions(listing_app)
    assert (item.status, item.resolution_note) == (SuggestionStatus.ACCEPTED,
                                                   "Changed the number")


def test_of_two_answers_saved_at_the_same_moment_only_the_first_counts(listing_app):
    """Both read the suggestion while it was open; the second save must not overwrite."""
    from directory.models import User
    from directory.suggestions import queue

    suggest(listing_app.test_client(), listing_app.listing.service)
    with listing_app.app_context():
        item = db.session.scalar(select(Suggestion))  # read while open, by both
        admin = db.session.get(User, listing_app.listing.users["admin"])
        editor = db.session.get(User, listing_app.listing.users["own_editor"])
        with listing_app.app_context():  # the other person's request, a moment earlier
            other = db.session.get(Suggestion, item.id)
            assert queue.resolve(other, True, "Changed the number", editor) is True
        assert queue.resolve(item, False, "It was right", admin) is False
    [item] = _suggestions(listing_app)
    assert (item.status, item.resolution_note) == (SuggestionStatus.ACCEPTED,
                                                   "Changed the number")
