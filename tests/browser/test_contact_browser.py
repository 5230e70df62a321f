"""Contact at a glance in a real browser: the Call link is on the first screen of a phone."""

from sqlalchemy import select

from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import Service, ServiceStatus
from tests.browser.conftest import SCREENSHOTS, check_accessibility

# The smallest phone screen in common use: 320 by 568 CSS pixels (iPhone SE, first model).
PHONE = {"width": 320, "height": 568}


def published_services_with_phones(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Service.id, Service.name).where(
                Service.status == ServiceStatus.PUBLISHED, Service.phone != "")
            .order_by(Service.name))
        return [(str(service_id), name) for service_id, name in rows]


def test_call_link_is_on_the_first_screen_at_320px(browser, live_server, live_app):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    services = published_services_with_phones(live_app)
    # The longest name pushes the Call button furthest down: check it and a typical one.
    longest = max(services, key=lambda item: len(item[1]))
    for service_id, _name in (longest, services[0]):
        page.goto(f"{live_server}/services/{service_id}")
        call = page.locator(".app-at-a-glance a[href^='tel:']")
        box = call.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"], (
            f"the Call link ends {box['y'] + box['height']:.0f}px down a 568px screen")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "service-top-320.png"))
    context.close()


def test_service_page_with_contact_at_a_glance_is_accessible(browser_page, live_server, live_app):
    service_id, _name = published_services_with_phones(live_app)[0]
    browser_page.goto(f"{live_server}/services/{service_id}")
    check_accessibility(browser_page, "service-at-a-glance")


def test_print_view_has_a_working_print_button_and_reads_at_320px(browser, live_server, live_app):
    ids = ",".join(service_id for service_id, _name in published_services_with_phones(live_app)[:3])
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    page.add_init_script("window.print = () => { window.printed = true }")
    page.goto(f"{live_server}/shortlist/print?services={ids}")
    button = page.locator("button[data-app-print]")
    button.click()
    assert page.evaluate("window.printed === true")
    assert page.locator(".app-print-sheet__qr svg").bounding_box()["width"] > 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "shortlist-print-320.png"), full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()


def test_print_view_of_a_list_with_abuse_support_offers_exit_this_page(browser_page, browser,
                                                                       live_server):
    """Shift three times leaves the printable list too, and it stays accessible."""
    url = f"{live_server}/shortlist/print?services={seed_id('service', 'bbt-da-outreach')}"
    browser_page.set_viewport_size({"width": 320, "height": 900})
    browser_page.goto(url)
    assert browser_page.locator(".govuk-exit-this-page").is_visible()
    check_accessibility(browser_page, "shortlist-print-exit")
    context = browser.new_context()
    page = context.new_page()
    # The neutral site is faked: tests never leave this machine.
    page.route("**/*", lambda route: route.fulfill(body="weather")
               if "bbc.co.uk" in route.request.url else route.continue_())
    page.goto(url)
    page.wait_for_selector(".govuk-exit-this-page__indicator", state="attached")
    with page.expect_response(lambda response: response.url.endswith("/exit")) as left:
        for _ in range(3):
            page.keyboard.press("Shift")
    assert left.value.status == 302
    context.close()


def test_send_as_a_text_message_is_accessible_in_every_state(
        browser_page, live_server, live_app, monkeypatch):
    from tests.fake_notify import FakeNotify

    ids = ",".join(service_id for service_id, _name in published_services_with_phones(live_app)[:2])
    with FakeNotify() as notify:
        for name, value in (("NOTIFY_API_KEY", notify.api_key),
                            ("NOTIFY_SMS_TEMPLATE_ID", notify.template_id),
                            ("NOTIFY_BASE_URL", notify.base_url)):
            monkeypatch.setitem(live_app.config, name, value)
        browser_page.goto(f"{live_server}/shortlist?services={ids}")
        browser_page.click("text=Send as a text message")
        check_accessibility(browser_page, "shortlist-text")
        browser_page.fill("#phone_number", "0161 496 0000")
        submit(browser_page)
        assert browser_page.locator(".govuk-error-summary").count() == 1
        check_accessibility(browser_page, "shortlist-text-error")
        browser_page.fill("#phone_number", "07700 900123")
        submit(browser_page)
        assert browser_page.locator(".govuk-panel__title").inner_text() == "List sent"
        check_accessibility(browser_page, "shortlist-text-sent")
        assert len(notify.received) == 1


def submit(page) -> None:
    """Press the form's button and wait for the answer to the POST to load."""
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.click("#submit")
    page.wait_for_load_state()


def test_a_page_past_the_end_and_the_plain_named_pathway_are_accessible(
        browser_page, live_server):
    browser_page.goto(f"{live_server}/pathways/accommodation?page=99")
    assert browser_page.locator(".app-past-the-end").is_visible()
    check_accessibility(browser_page, "pathway-past-the-end")
    browser_page.goto(f"{live_server}/search?q=housing&page=99")
    assert browser_page.locator(".app-past-the-end").is_visible()
    check_accessibility(browser_page, "search-past-the-end")
