"""Every public page type loads in chromium with no axe-core violation, at 320px and 1280px."""

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Location, Organisation, Service, ServiceAtLocation, ServiceStatus
from tests.browser.conftest import check_accessibility


@pytest.fixture(scope="module")
def sample_urls(live_app):
    with live_app.app_context():
        busiest = db.session.scalars(
            select(Service).where(Service.status == ServiceStatus.PUBLISHED,
                                  Service.schedule.any(), Service.service_at_locations.any())
        ).first()
        refuge = db.session.scalars(
            select(Service).join(ServiceAtLocation).join(Location)
            .where(Location.hide_address, Service.status == ServiceStatus.PUBLISHED)
        ).first()
        organisation = db.session.scalars(select(Organisation)).first()
        return {
            "service": f"/services/{busiest.id}",
            "refuge-service": f"/services/{refuge.id}",
            "organisation": f"/organisations/{organisation.id}",
        }


PAGES = {
    "home": "/",
    "pathway": "/pathways/accommodation",
    "pathway-filtered": "/pathways/accommodation?area=norwich&client_group=men&self_referral=1",
    "pathway-domestic-abuse": "/pathways/domestic-abuse",
    "search": "/search?q=housing",
    "search-nothing": "/search?q=zzzzqqqq",
    "about": "/about",
    "privacy": "/privacy",
    "cookies": "/cookies",
    "accessibility": "/accessibility",
    "not-found": "/no-such-page",
}


@pytest.mark.parametrize("name", [*PAGES, "service", "refuge-service", "organisation"])
def test_public_page_is_accessible(browser_page, live_server, sample_urls, name):
    path = PAGES.get(name) or sample_urls[name]
    response = browser_page.goto(live_server + path)
    assert response.status == (404 if name == "not-found" else 200)
    check_accessibility(browser_page, f"public-{name}")


def test_pathway_page_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(live_server + "/pathways/accommodation")
    page.select_option("#area", "norwich")
    page.check("#self_referral")
    page.click("text=Show services")
    assert "area=norwich" in page.url and "self_referral=1" in page.url
    assert page.locator(".app-result").count() > 0
    context.close()


def test_exit_this_page_leaves_the_site(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    # The neutral site is faked: tests never leave this machine.
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="weather"))
    page.goto(live_server + "/pathways/domestic-abuse")
    page.click(".govuk-exit-this-page a")
    page.wait_for_url("https://www.bbc.co.uk/**")
    assert not [c for c in context.cookies() if c["name"] == "session" and c["value"]]
    context.close()


def test_print_view_is_clean(browser_page, live_server, sample_urls):
    from tests.browser.conftest import SCREENSHOTS

    browser_page.goto(live_server + sample_urls["service"])
    browser_page.emulate_media(media="print")
    assert not browser_page.locator("footer").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser_page.pdf(path=str(SCREENSHOTS / "public-service-print.pdf"), format="A4")
