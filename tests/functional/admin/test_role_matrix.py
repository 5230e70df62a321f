"""Who may do what: every signed-in route (admin, board, open data), for anonymous people, a
viewer, an editor of another organisation, an editor of this one and an admin."""

import io
import uuid

import pytest
from sqlalchemy import select

from directory.analysis import remembered
from directory.auth.permissions import PUBLIC, allowed_roles
from directory.board.gaps import current_gaps
from directory.extensions import db
from directory.models import (
    AuditEntry,
    CrisisLine,
    Feed,
    GapEntry,
    Meeting,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Suggestion,
)
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
SIGNED_IN_PREFIXES = ("admin.", "board.", "data_admin.", "data_export.")


def routes(ids: dict) -> list:
    """(endpoint, method, url, form data, expected status per role), run in this order."""
    org, svc, loc = ids["organisation"], ids["service"], ids["location"]
    term, user, entry, suggestion = ids["pathway"], ids["viewer"], ids["entry"], ids["suggestion"]
    line = ids["crisis_line"]
    crisis_line = {"action": "Call Samaritans on 116 123", "phone": "116 123"}
    service_form = {"name": "Move-on housing", "summary": "Rooms", "version": ids["version"]}
    # The board's pages first: the admin routes below draft the service and hide its
    # organisation, which would leave the board nothing to look at.
    return board_routes(ids) + open_data_routes(ids) + [
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


def board_routes(ids: dict) -> list:
    """The board's pages: everyone signed in reads them; only admins change anything."""
    meeting, pair, gap = ids["meeting"], ids["pair"], ids["gap"]
    entry = {"pathway_id": ids["pathway"], "issue": "No move-on rooms", "rag": "red",
             "status": "open"}
    decided = {"decision": "complementary", "reason": "One is for women, one for men"}
    return [
        ("board.provision", "GET", "/board/", None, READ),
        ("board.cell", "GET", "/board/provision/accommodation?column=norwich", None, READ),
        ("board.gaps", "GET", "/board/gaps", None, READ),
        ("board.all_gaps", "GET", "/board/gaps/all", None, READ),
        ("board.overlaps", "GET", "/board/overlaps", None, READ),
        ("board.funding", "GET", "/board/funding", None, READ),
        ("board.demand", "GET", "/board/demand", None, READ),
        ("board.trends", "GET", "/board/trends", None, READ),
        ("board.register", "GET", "/board/register", None, READ),
        ("board.meetings", "GET", "/board/meetings", None, READ),
        ("board.pack", "GET", f"/board/meetings/{meeting}", None, READ),
        ("board.need_weights", "GET", "/board/gaps/weights/accommodation", None, ADMIN_PAGE),
        ("board.need_weights", "POST", "/board/gaps/weights/accommodation",
         {"w_norwich": "2"}, ADMIN_DONE),
        ("board.triage", "GET", f"/board/overlaps/{pair}", None, ADMIN_PAGE),
        ("board.triage", "POST", f"/board/overlaps/{pair}", decided, ADMIN_DONE),
        ("board.not_a_gap", "GET", f"/board/gaps/not-a-gap?gap={gap}", None, ADMIN_PAGE),
        ("board.not_a_gap", "POST", f"/board/gaps/not-a-gap?gap={gap}",
         {"reason": "Work help comes from the job centre"}, ADMIN_DONE),
        ("board.new_gap", "GET", "/board/register/new", None, ADMIN_PAGE),
        ("board.new_gap", "POST", "/board/register/new", entry, ADMIN_DONE),
        ("board.edit_gap", "GET", f"/board/register/{ids['gap_entry']}", None, ADMIN_PAGE),
        ("board.edit_gap", "POST", f"/board/register/{ids['gap_entry']}", entry, ADMIN_DONE),
        ("board.add_meeting", "POST", "/board/meetings",
         {"held_on": ["12", "3", "2030"]}, ADMIN_DONE),
        ("board.save_pack", "POST", f"/board/meetings/{meeting}/save", {}, ADMIN_DONE),
        ("board.pack_pdf", "GET", f"/board/meetings/{meeting}/pack.pdf", None, READ),
        ("board.mark_held", "POST", f"/board/meetings/{meeting}/held", {}, ADMIN_DONE),
    ]


def open_data_routes(ids: dict) -> list:
    """Everyone signed in may download the open data; only admins import or follow feeds."""
    upload = {"file": (io.BytesIO(b"[]"), "empty.json"), "check_only": "y"}
    feed = {"name": "Suffolk", "url": "https://directory.example.org/api"}
    return [
        ("data_export.index", "GET", "/admin/data/export/", None, READ),
        ("data_export.download", "GET", "/admin/data/export/csv", None, READ),
        ("data_admin.upload", "GET", "/admin/data/", None, ADMIN_PAGE),
        ("data_admin.upload", "POST", "/admin/data/", upload, ADMIN_PAGE),
        ("data_admin.feed_list", "GET", "/admin/data/feeds", None, ADMIN_PAGE),
        ("data_admin.feed_list", "POST", "/admin/data/feeds", feed, ADMIN_DONE),
        ("data_admin.feed_pull", "POST", f"/admin/data/feeds/{ids['feed']}/pull", {},
         ADMIN_DONE),
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
        # Another organisation's service for the same people in the same place: an overlap.
        twin = Service(organisation_id=uuid.UUID(listing.other_organisation),
                       name="Rooms for women", summary="Rooms after prison",
                       status=ServiceStatus.PUBLISHED, pathways=service.pathways,
                       areas=service.areas, client_groups=service.client_groups,
                       stages=service.stages,
                       service_at_locations=[ServiceAtLocation(
                           location=service.service_at_locations[0].location)])
        meeting = Meeting(held_on=__import__("datetime").date(2030, 1, 15))
        gap_entry = GapEntry(pathway_id=service.pathways[0].id, issue="Too few rooms")
        # Nothing listens on port 9: a pull finds the feed down and says so.
        feed = Feed(name="Nowhere", url="http://127.0.0.1:9/api")
        db.session.add_all([twin, meeting, gap_entry, feed])
        db.session.commit()
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.record_id == service.id))
        with open_app_request(app):
            pair = remembered.overlaps()[0].key
            gap = next(g for gaps in current_gaps().values() for g in gaps).key_text
        return {"organisation": listing.organisation, "service": listing.service,
                "location": listing.location, "pathway": listing.pathway,
                "viewer": listing.users["viewer"], "entry": entry.id,
                "suggestion": suggestion.id, "version": str(service.version),
                "crisis_line": line.id, "meeting": meeting.id, "gap_entry": gap_entry.id,
                "feed": feed.id, "pair": pair, "gap": gap}


def open_app_request(app):
    return app.test_request_context("/board/")


def test_the_matrix_covers_every_signed_in_route(open_app):
    covered = {endpoint for endpoint, *_rest in routes(_ids(open_app))}
    signed_in = {rule.endpoint for rule in open_app.url_map.iter_rules()
                 if rule.endpoint.startswith(SIGNED_IN_PREFIXES)}
    assert signed_in - covered == set()


def test_the_matrix_expects_what_each_view_declares(open_app):
    """A view's declared roles and the matrix agree: the roles refused outright (403 for a
    view that only admins may use) are exactly those the view leaves out."""
    roles = {"viewer": "viewer", "other_editor": "editor", "own_editor": "editor",
             "admin": "admin"}
    for endpoint, _method, _url, _data, expected in routes(_ids(open_app)):
        declared = allowed_roles(open_app.view_functions[endpoint])
        assert declared not in (None, PUBLIC), endpoint
        for who, role in roles.items():
            if role not in declared:
                assert expected[who] == 403, (endpoint, who)


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
