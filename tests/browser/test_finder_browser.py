"""The finder in a real browser: axe on every step, keyboard only, and the A4 print sheet."""

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.finder.shortlist import MAX_SERVICES
from directory.models import ScheduleRow, Service, ServiceStatus
from tests.browser.conftest import SCREENSHOTS, check_accessibility

ANSWERS = ("pathway=accommodation&pathway=finance-benefits-debt&client_group=men"
           "&when=leaving-soon")
STEP_PAGES = {
    "start": "/get-support",
    "help": "/get-support/help?when=leaving-soon",
    "help-error": "/get-support/help?asked=help",
    "where": "/get-support/where?pathway=accommodation",
    "where-error": "/get-support/where?asked=where&pathway=health&area=postcode&postcode=SW1A",
    "who": "/get-support/who?pathway=accommodation&area=norwich",
    "when": "/get-support/when?pathway=accommodation&area=norwich&client_group=men",
    "results": f"/get-support/results?{ANSWERS}&area=norwich",
    "results-near-me": f"/get-support/results?{ANSWERS}&area=postcode&postcode=NR2+4AB",
    "results-near-error": f"/get-support/results?{ANSWERS}&area=anywhere&near=CB1&open_now=1",
    "shortlist-empty": "/shortlist?services=",
}


@pytest.fixture(scope="module")
def longest_services(live_app):
    """The services with the most opening-time rows: the hardest to fit on one page."""
    with live_app.app_context():
        rows = func.count(ScheduleRow.id)
        query = (select(Service.id).join(ScheduleRow)
                 .where(Service.status == ServiceStatus.PUBLISHED)
                 .group_by(Service.id).order_by(rows.desc(), Service.id).limit(MAX_SERVICES))
        return [str(service_id) for service_id in db.session.scalars(query)]


@pytest.mark.parametrize("name", STEP_PAGES)
def test_finder_page_is_accessible(browser_page, live_server, name):
    response = browser_page.goto(live_server + STEP_PAGES[name])
    assert response.status == 200
    check_accessibility(browser_page, f"finder-{name}")


def test_shortlist_and_print_are_accessible(browser_page, live_server, longest_services):
    ids = ",".join(longest_services[:4])
    browser_page.goto(f"{live_server}/shortlist?services={ids}")
    check_accessibility(browser_page, "finder-shortlist")
    browser_page.goto(f"{live_server}/shortlist/print?services={ids}")
    check_accessibility(browser_page, "finder-print")


def test_a_full_list_prints_on_one_a4_page(browser_page, live_server, longest_services):
    assert len(longest_services) == MAX_SERVICES
    browser_page.goto(f"{live_server}/shortlist/print?services={','.join(longest_services)}")
    browser_page.emulate_media(media="print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # A4 at 96 pixels to the inch is 794 by 1123.
    browser_page.set_viewport_size({"width": 794, "height": 1123})
    browser_page.screenshot(path=str(SCREENSHOTS / "finder-print-a4.png"), full_page=True)
    pdf = browser_page.pdf(format="A4", print_background=False)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"the list takes {pages} A4 pages"
    assert not browser_page.is_visible("text=Back to your list")  # screen-only link


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_and_continue(page, selector: str, next_path: str) -> None:
    """Space on a checkbox or radio, then Tab to "Continue" and press Enter."""
    tab_to(page, selector)
    page.keyboard.press("Space")
    tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{next_path}?**")


def test_the_finder_can_be_finished_with_the_keyboard_alone(browser_page, live_server):
    page = browser_page
    page.goto(live_server + "/get-support/help")
    tab_to(page, "input[value=accommodation]")
    page.keyboard.press("Space")
    choose_and_continue(page, "input[value=finance-benefits-debt]", "/get-support/where")

    tab_to(page, "input#postcode")
    page.keyboard.type("nr2 4ab")
    tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/get-support/who?**")

    choose_and_continue(page, "input[name=client_group]", "/get-support/when")
    choose_and_continue(page, "input[name=when]", "/get-support/prison")  # "In prison now"
    choose_and_continue(page, "input[name=prison]", "/get-support/results")
    assert "postcode=NR2+4AB" in page.url
    assert page.inner_text("h1") == "Support that fits your answers"
    assert page.locator("h2#accommodation").count() == 1

    tab_to(page, ".app-shortlist-button a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "a[href='/shortlist']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/shortlist?services=*")
    assert page.locator("main .app-result").count() == 1
