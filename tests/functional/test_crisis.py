"""The crisis help panel: where it shows, what it says, the board's count of crisis searches
(never their words) and an admin changing its lines."""

from datetime import date

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import CrisisLine, CrisisSearchDay, SearchLog
from tests.helpers import csrf_token, make_user, page, sign_in_as, text_of

SAMARITANS = "tel:116123"
ABUSE_LINE = "tel:08082000247"


def panel(response):
    return page(response).select_one("[data-crisis-panel]")


def calls(node) -> list[str]:
    return [a["href"] for a in node.select("a[href^='tel:']")]


def test_a_crisis_search_opens_with_the_panel_and_never_says_check_the_spelling(demo_client):
    response = demo_client.get("/search?q=i+want+to+kill+myself")
    html = page(response)
    found = html.select_one("[data-crisis-panel]")
    assert found is not None
    assert calls(found) == ["tel:999", SAMARITANS, "tel:111"]
    words = text_of(found)
    assert "In danger now? Call 999" in words
    assert "Call Samaritans on 116 123 Free, day or night." in words
    assert "Call NHS 111 and choose option 2" in words
    # The panel comes before the results and the filters.
    body = str(html)
    assert body.index("data-crisis-panel") < body.index('id="results-heading"')
    assert "checking the spelling" not in text_of(html)
    assert html.select_one(".app-did-you-mean") is None


def test_a_misspelt_crisis_search_gets_the_panel_too(demo_client):
    assert panel(demo_client.get("/search?q=sucidal")) is not None
    assert panel(demo_client.get("/search?q=housing")) is None


def test_abuse_words_add_the_domestic_abuse_helpline_and_exit_this_page(demo_client):
    html = page(demo_client.get("/search?q=my+partner+hits+me"))
    assert calls(html.select_one("[data-crisis-panel]"))[-1] == ABUSE_LINE
    assert html.select_one(".govuk-exit-this-page") is not None
    assert ABUSE_LINE not in calls(panel(demo_client.get("/search?q=suicide")))


def test_crisis_searches_are_counted_per_day_and_their_words_never_kept(demo_app):
    client = demo_app.test_client()
    client.get("/search?q=i+want+to+end+it+all")
    client.get("/search?q=he+hits+me")
    client.get("/search?q=he+hits+me&page=2")  # a second page is the same search
    client.get("/search?q=housing")
    with demo_app.app_context():
        assert db.session.scalars(select(SearchLog.query)).all() == ["housing"]
        day = db.session.get(CrisisSearchDay, date.today())
        assert day.searches == 2
        assert db.session.scalar(select(func.count()).select_from(CrisisSearchDay)) == 1


def test_the_board_demand_page_shows_the_count(demo_app):
    client = demo_app.test_client()
    for _ in range(3):
        client.get("/search?q=suicide")
    with demo_app.app_context():
        sign_in_as(client, make_user("viewer@example.org", "viewer"))
    html = page(client.get("/board/demand"))
    text = text_of(html.find(id="crisis-searches"))
    assert text.startswith("Searches for crisis help: 3 searches in the last 90 days")
    assert "suicide" not in text_of(html.select_one("main")).replace('"suicide"', "")


def test_home_page_has_a_small_link_box_to_get_help_now(demo_client):
    box = page(demo_client.get("/")).select_one(".app-crisis-box")
    link = box.select_one("a")
    assert link["href"] == "/help-now"
    html = page(demo_client.get("/help-now"))
    assert calls(html.select_one("[data-crisis-panel]")) == [
        "tel:999", SAMARITANS, "tel:111", ABUSE_LINE]


def test_health_and_domestic_abuse_pathways_carry_the_panel(demo_client):
    assert calls(panel(demo_client.get("/pathways/health"))) == ["tel:999", SAMARITANS,
                                                                 "tel:111"]
    assert ABUSE_LINE in calls(panel(demo_client.get("/pathways/domestic-abuse")))
    assert panel(demo_client.get("/pathways/accommodation")) is None


def test_the_finder_carries_the_panel(demo_client):
    assert panel(demo_client.get("/get-support")) is not None
    results = "/get-support/results?pathway=health&area=anywhere&client_group=anyone&when=not-sure"
    html = page(demo_client.get(results))
    body = str(html)
    assert body.index("data-crisis-panel") < body.index('id="health"')
    other = page(demo_client.get(results.replace("health", "accommodation")))
    assert other.select_one("[data-crisis-panel]") is not None  # at the end of the list


def test_an_admin_changes_the_panel_and_the_public_see_it(admin_client):
    listing = admin_client.get("/admin/crisis-panel")
    assert listing.status_code == 200
    edit = page(listing).select("main table a[href$='/edit']")[1]["href"]
    form = admin_client.get(edit)
    response = admin_client.post(edit, data={
        "csrf_token": csrf_token(form), "question": "Feel you cannot cope?",
        "action": "Call Samaritans free on 116 123", "phone": "116 123",
        "detail": "Any time."})
    assert response.status_code == 302
    words = text_of(panel(admin_client.get("/search?q=suicide")))
    assert "Feel you cannot cope? Call Samaritans free on 116 123 Any time." in words


def test_an_admin_adds_moves_and_removes_lines(admin_client, demo_app):
    token = csrf_token(admin_client.get("/admin/crisis-panel"))
    admin_client.post("/admin/crisis-panel", data={
        "csrf_token": token, "question": "Worried about a child?", "action": "Call 0808 800 5000",
        "phone": "0808 800 5000", "detail": ""})
    with demo_app.app_context():
        lines = db.session.scalars(select(CrisisLine).order_by(CrisisLine.position)).all()
        assert lines[-1].question == "Worried about a child?"
        new_id, first_id = lines[-1].id, lines[0].id
    admin_client.post(f"/admin/crisis-panel/{new_id}/up", data={"csrf_token": token})
    admin_client.post(f"/admin/crisis-panel/{first_id}/remove", data={"csrf_token": token})
    assert calls(panel(admin_client.get("/search?q=suicide"))) == [
        SAMARITANS, "tel:111", "tel:08088005000"]


def test_a_bad_phone_number_is_shown_again_with_an_error(admin_client):
    form = admin_client.get("/admin/crisis-panel")
    response = admin_client.post("/admin/crisis-panel", data={
        "csrf_token": csrf_token(form), "action": "Call us", "phone": "call now"})
    html = page(response)
    assert html.title.string.startswith("Error:")
    assert "Enter a phone number in digits" in text_of(html.select_one(".govuk-error-summary"))
    assert html.select_one("input[name=phone]")["value"] == "call now"


def test_only_admins_change_the_panel(demo_app):
    client = demo_app.test_client()
    assert client.get("/admin/crisis-panel").status_code in (302, 401)
    with demo_app.app_context():
        sign_in_as(client, make_user("editor@example.org", "editor"))
    assert client.get("/admin/crisis-panel").status_code == 403
