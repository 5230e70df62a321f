"""Who may do what: every admin route, for anonymous people, a viewer, an editor of another
organisation, an editor of this one and an admin."""

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, CrisisLine, Service, Suggestion
from tests.functional.admin.conftest import client_as

ROLES = ("anonymous", "viewer", "other_editor", "own_editor", "admin")


def expect(anonymous=302, viewer=200, other_editor=200, own_editor=200, admin=200):
    return dict(zip(ROLES, (anonymous, viewer, other_editor, own_editor, admin), strict=True))


READ = expect()
EDIT_PAGE = expect(viewer=403, other_editor=403)
EDIT_DONE = expect(viewer=403, other_editor=403, own_editor=302, admin=302)
EDITORS_PAGE = expect(viewer=403)
EDITORS_DONE = expect(viewer=403, other_editor=302, own_editor=302, admin=302)
ADMIN_PAGE = expect(viewer=403, other_editor=403, own_editor=403)
ADMIN_DONE = expect(viewer=403, other_editor=403, own_editor=403, admin=302)


def routes(ids: dict) -> list:
    """(endpoint, method, url, form data, expected status per role), run in this order."""
    org, svc, loc = ids["organisation"], ids["service"], ids["location"]
    term, user, entry, suggestion = ids["pathway"], ids["viewer"], ids["entry"], ids["suggestion"]
    line = ids["crisis_line"]
    crisis_line = {"action": "Call Samaritans on 116 123", "phone": "116 123"}
    service_form = {"name": "Move-on housing", "summary": "Rooms", "version": ids["version"]}
    return [
        ("admin.dashboard", "GET", "/admin/", None, READ),
        ("admin.organisations", "GET", "/admin/organisations", None, READ),
        ("admin.organisation", "GET", f"/admin/organisations/{org}", None, READ),
        ("admin.new_organisation", "GET", "/admin/organisations/new", None, EDITORS_PAGE),
        ("admin.new_organisation", "POST", "/admin/organisations/new", {"name": "New"},
         EDITORS_DONE),
        ("admin.edit_organisation", "GET", f"/admin/organisations/{org}/edit", None, EDIT_PAGE),
        ("admin.edit_organisation", "POST", f"/admin/organisations/{org}/edit",
         {"name": "Home Housing Trust"}, EDIT_DONE),
        ("admin.edit_location", "GET", f"/admin/organisations/{org}/locations/new", None,
         EDIT_PAGE),
        ("admin.edit_location", "POST", f"/admin/organisations/{org}/locations/new",
         {"name": "Annexe"}, EDIT_DONE),
        ("admin.edit_location", "GET", f"/admin/locations/{loc}/edit", None, EDIT_PAGE),
        ("admin.new_service", "GET", f"/admin/organisations/{org}/services/new", None,
         EDIT_PAGE),
        ("admin.new_service", "POST", f"/admin/organisations/{org}/services/new",
         {"name": "Another", "summary": "More"}, EDIT_DONE),
        ("admin.preview_service", "GET", f"/admin/services/{svc}", None, READ),
        ("admin.edit_service", "GET", f"/admin/services/{svc}/edit", None, EDIT_PAGE),
        ("admin.edit_service", "POST", f"/admin/services/{svc}/edit", service_form, EDIT_DONE),
        ("admin.confirm_service", "POST", f"/admin/services/{svc}/confirm", {}, EDIT_DONE),
        ("admin.review", "GET", "/admin/review", None, READ),
        ("admin.suggestions", "GET", "/admin/suggestions", None, EDITORS_PAGE),
        ("admin.suggestion", "GET", f"/admin/suggestions/{suggestion}", None, EDIT_PAGE),
        ("admin.suggestion", "POST", f"/admin/suggestions/{suggestion}",
         {"decision": "accept", "note": "Fixed the phone number"}, EDIT_DONE),
        ("admin.history", "GET", f"/admin/history/service/{svc}", None, READ),
        ("admin.restore_version", "POST", f"/admin/history/entries/{entry}/restore", {},
         EDIT_DONE),
        ("admin.change_service_status", "POST", f"/admin/services/{svc}/status/draft", {},
         EDIT_DONE),
        ("admin.taxonomies", "GET", "/admin/taxonomies", None, ADMIN_PAGE),
        ("admin.taxonomy", "GET", "/admin/taxonomies/pathway", None, ADMIN_PAGE),
        ("admin.taxonomy", "POST", "/admin/taxonomies/pathway", {"name": "Health"}, ADMIN_DONE),
        ("admin.edit_term", "GET", f"/admin/taxonomies/pathway/{term}/edit", None, ADMIN_PAGE),
        ("admin.edit_term", "POST", f"/admin/taxonomies/pathway/{term}/edit",
         {"name": "Housing"}, ADMIN_DONE),
        ("admin.change_term", "POST", f"/admin/taxonomies/pathway/{term}/down", {}, ADMIN_DONE),
        ("admin.users", "GET", "/admin/users", None, ADMIN_PAGE),
        ("admin.invite_user", "GET", "/admin/users/invite", None, ADMIN_PAGE),
        ("admin.invite_user", "POST", "/admin/users/invite",
         {"email": "new@example.org", "role": "viewer"}, ADMIN_DONE),
        ("admin.edit_user", "GET", f"/admin/users/{user}", None, ADMIN_PAGE),
        ("admin.edit_user", "POST", f"/admin/users/{user}", {"role": "viewer", "active": "y"},
         ADMIN_DONE),
        ("admin.user_action", "POST", f"/admin/users/{user}/reset", {}, ADMIN_DONE),
        ("admin.crisis_panel", "GET", "/admin/crisis-panel", None, ADMIN_PAGE),
        ("admin.crisis_panel", "POST", "/admin/crisis-panel", crisis_line, ADMIN_DONE),
        ("admin.edit_crisis_line", "GET", f"/admin/crisis-panel/{line}/edit", None, ADMIN_PAGE),
        ("admin.edit_crisis_line", "POST", f"/admin/crisis-panel/{line}/edit", crisis_line,
         ADMIN_DONE),
        ("admin.change_crisis_line", "POST", f"/admin/crisis-panel/{line}/down", {},
         ADMIN_DONE),
        ("admin.organisation_visibility", "POST", f"/admin/organisations/{org}/visibility/hide",
         {}, ADMIN_DONE),
    ]


def _ids(app) -> dict:
    listing = app.listing
    with app.app_context():
        service = db.session.get(Service, __import__("uuid").UUID(listing.service))
        suggestion = Suggestion(service=service, kind="contact", details="New number",
                                sender_key="test")
        db.session.add(suggestion)
        line = CrisisLine(position=0, action="Call 999", phone="999")
        db.session.add(line)
        db.session.commit()
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.record_id == service.id))
        return {"organisation": listing.organisation, "service": listing.service,
                "location": listing.location, "pathway": listing.pathway,
                "viewer": listing.users["viewer"], "entry": entry.id,
                "suggestion": suggestion.id, "version": str(service.version),
                "crisis_line": line.id}


def test_the_matrix_covers_every_admin_route(open_app):
    covered = {endpoint for endpoint, *_rest in routes(_ids(open_app))}
    admin_endpoints = {rule.endpoint for rule in open_app.url_map.iter_rules()
                       if rule.endpoint.startswith("admin.")}
    assert admin_endpoints - covered == set()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_should(open_app, role):
    ids = _ids(open_app)
    client = client_as(open_app, None if role == "anonymous" else role)
    wrong = []
    for endpoint, method, url, data, expected in routes(ids):
        response = client.open(url, method=method, data=data)
        if response.status_code != expected[role]:
            wrong.append((endpoint, method, url, response.status_code, expected[role]))
        if role == "anonymous":
            assert response.headers["Location"].startswith("/sign-in"), url
    assert not wrong, wrong


def test_the_navigation_marks_only_the_current_page(listing_app):
    from tests.helpers import page, text_of

    html = page(client_as(listing_app, "admin").get("/admin/review"))
    current = html.select(".govuk-service-navigation__item--active")
    assert [text_of(item) for item in current] == ["To check"]
    viewer_links = [text_of(a) for a in page(client_as(listing_app, "viewer").get(
        "/admin/")).select(".govuk-service-navigation__link")]
    assert "Users" not in viewer_links and "Taxonomies" not in viewer_links
