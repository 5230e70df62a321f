"""The signed-in pages pass axe-core at 320px and 1280px, including a form with errors."""

import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from directory.extensions import db
from directory.models import Service, Suggestion
from tests.browser.conftest import check_accessibility
from tests.conftest import make_app
from tests.functional.admin.conftest import PASSWORD, add_listing
from tests.helpers import make_user


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("admin-live"))
    listing = add_listing(app)
    with app.app_context():
        make_user("chair@example.org", "admin", password=PASSWORD)
        service = db.session.get(Service, __import__("uuid").UUID(listing.service))
        service.phone = "01632 960002"  # a second version, so history has a diff
        db.session.add(Suggestion(service=service, kind="times", details="Closed on Mondays",
                                  sender_key="test"))
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", listing
    server.shutdown()


@pytest.fixture
def signed_in(browser_page, admin_server):
    base, _listing = admin_server
    browser_page.goto(base + "/sign-in")
    browser_page.fill("#email", "chair@example.org")
    browser_page.fill("#password", PASSWORD)
    browser_page.click("button:has-text('Sign in')")
    browser_page.wait_for_url(base + "/admin/")
    return browser_page


def test_sign_in_page_is_accessible(browser_page, admin_server):
    base, _listing = admin_server
    browser_page.goto(base + "/sign-in")
    check_accessibility(browser_page, "admin-sign-in")
    browser_page.click("button:has-text('Sign in')")  # nothing typed: errors
    check_accessibility(browser_page, "admin-sign-in-errors")


PAGES = {
    "dashboard": "/admin/",
    "organisations": "/admin/organisations",
    "organisation": "/admin/organisations/{organisation}",
    "service-preview": "/admin/services/{service}",
    "service-edit": "/admin/services/{service}/edit",
    "review": "/admin/review",
    "suggestions": "/admin/suggestions",
    "history": "/admin/history/service/{service}",
    "taxonomies": "/admin/taxonomies",
    "taxonomy": "/admin/taxonomies/pathway",
    "users": "/admin/users",
    "invite": "/admin/users/invite",
    "suggest-a-change": "/services/{service}/suggest",
}


@pytest.mark.parametrize("name", PAGES)
def test_admin_page_is_accessible(signed_in, admin_server, name):
    base, listing = admin_server
    response = signed_in.goto(base + PAGES[name].format(**vars(listing)))
    assert response.status == 200
    check_accessibility(signed_in, f"admin-{name}")


def test_service_form_with_errors_is_accessible(signed_in, admin_server):
    base, listing = admin_server
    signed_in.goto(f"{base}/admin/services/{listing.service}/edit")
    signed_in.fill("#name", "")
    signed_in.select_option("#schedule-1-weekday", "4")
    signed_in.fill("#schedule-1-opens", "late")
    signed_in.fill("#funding-0-amount", "lots")  # the £ prefixed input, in error
    signed_in.fill("#funding-0-end", "31/3/2020")
    signed_in.click("button:has-text('Save and preview')")
    expect(signed_in).to_have_title(re.compile(r"^Error:"))
    assert "Enter who pays for it" in signed_in.inner_text(".govuk-error-summary")
    check_accessibility(signed_in, "admin-service-edit-errors")


def test_suggestions_queue_item_is_accessible(signed_in, admin_server):
    base, _listing = admin_server
    signed_in.goto(base + "/admin/suggestions")
    signed_in.click("main table a")
    check_accessibility(signed_in, "admin-suggestion")
