"""Issue 13's public pages and states in chromium: prisons, the crisis panel, Exit this page,
and the admin page that edits the panel. No axe-core violation, at 320px and 1280px
(screenshots in test-output/screenshots/i13-*.png)."""

import pytest

from directory.listings.seeding import seed_id
from tests.browser.conftest import SCREENSHOTS, check_accessibility
from tests.functional.admin.conftest import PASSWORD
from tests.helpers import make_user

PAGES = {
    "prisons": "/prisons",
    "prison": "/prisons/hmp-norwich",
    "prison-womens": "/prisons/hmp-peterborough-women",
    "home": "/",
    "help-now": "/help-now",
    "crisis-search": "/search?q=i+want+to+kill+myself",
    "crisis-search-abuse": "/search?q=my+partner+hits+me",
    "pathway-health": "/pathways/health",
    "finder-start": "/get-support",
    "cover-your-tracks": "/cover-your-tracks",
    "pathway-domestic-abuse-sections": "/pathways/domestic-abuse",
    "organisation-with-exit": "/organisations/{change-course-norfolk}",
    "finder-step-with-exit": "/get-support/who?pathway=domestic-abuse&area=anywhere",
    "finder-who-several": "/get-support/who?pathway=health&area=anywhere",
    "finder-when-family": "/get-support/when?pathway=social-networks&area=anywhere"
                          "&client_group=families",
    "finder-prison": "/get-support/prison?pathway=social-networks&area=anywhere"
                     "&client_group=families&when=in-prison&given=who&given=when",
    "finder-results-prison": "/get-support/results?pathway=social-networks&area=postcode"
                             "&postcode=NR30+1AA&client_group=families&when=in-prison"
                             "&prison=hmp-bure",
    "finder-results-outside-norfolk": "/get-support/results?pathway=accommodation"
                                      "&area=postcode&postcode=SW1A+1AA&client_group=anyone"
                                      "&when=just-left",
    "finder-results-health":
        "/get-support/results?pathway=health&area=anywhere&client_group=anyone&when=not-sure",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(browser_page, live_server, name):
    path = PAGES[name].replace("{change-course-norfolk}", str(
        seed_id("organisation", "change-course-norfolk")))
    response = browser_page.goto(live_server + path)
    assert response.status == 200
    check_accessibility(browser_page, f"i13-{name}")


def test_crisis_panel_is_on_the_first_screen_of_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server + "/search?q=i+want+to+kill+myself")
    box = page.locator("[data-crisis-panel]").bounding_box()
    samaritans = page.locator("[data-crisis-panel] a[href='tel:116123']").bounding_box()
    assert box["width"] <= 320
    assert samaritans["y"] + samaritans["height"] <= 640, "Samaritans is below the first screen"
    page.locator("[data-crisis-panel]").screenshot(
        path=str(SCREENSHOTS / "i13-crisis-panel-only-320.png"))
    context.close()


@pytest.fixture
def signed_in_admin(browser_page, live_app, live_server):
    with live_app.app_context():
        from directory.extensions import db
        from directory.models import User

        if db.session.query(User).filter_by(email="crisis-admin@example.org").first() is None:
            make_user("crisis-admin@example.org", "admin", password=PASSWORD)
    browser_page.goto(live_server + "/sign-in")
    browser_page.fill("#email", "crisis-admin@example.org")
    browser_page.fill("#password", PASSWORD)
    browser_page.click("button:has-text('Sign in')")
    browser_page.wait_for_url(live_server + "/admin/")
    return browser_page


def test_admin_crisis_panel_pages_are_accessible(signed_in_admin, live_server):
    page = signed_in_admin
    page.goto(live_server + "/admin/crisis-panel")
    check_accessibility(page, "i13-admin-crisis-panel")
    page.click("button:has-text('Add')")  # nothing typed: errors
    check_accessibility(page, "i13-admin-crisis-panel-errors")
    page.goto(live_server + "/admin/crisis-panel")
    page.locator("main table a").first.click()
    check_accessibility(page, "i13-admin-crisis-line")


def test_shift_three_times_leaves_and_forgets_the_session(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    # The neutral site is faked: tests never leave this machine.
    page.route("**/*", lambda route: route.fulfill(body="weather")
               if "bbc.co.uk" in route.request.url else route.continue_())
    page.goto(live_server + "/search?q=my+partner+hits+me")
    page.wait_for_selector(".govuk-exit-this-page__indicator", state="attached")
    with page.expect_response(lambda response: response.url.endswith("/exit")) as left:
        for _ in range(3):
            page.keyboard.press("Shift")
    assert left.value.status == 302
    assert left.value.headers["location"].startswith("https://www.bbc.co.uk/")
    assert not [c for c in context.cookies() if c["name"] == "session" and c["value"]]
    context.close()


def test_finder_results_come_before_the_answers_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server + "/get-support/results?pathway=social-networks&area=postcode"
              "&postcode=NR30+1AA&client_group=families&when=in-prison&prison=hmp-bure")
    first_result = page.locator("main .app-result").first.bounding_box()
    answers = page.get_by_role("heading", name="Your answers", exact=True).bounding_box()
    assert first_result["y"] < 640, "the first result is not on the first screen"
    assert first_result["y"] < answers["y"]
    context.close()
