"""The open-data pages in a real browser: axe-core finds nothing, at 320px and 1280px."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility
from tests.helpers import make_user

DATA = Path(__file__).parent.parent / "data"
PASSWORD = "correct horse battery staple"


def _sign_in_as_admin(live_app, live_server, page):
    with live_app.app_context():
        make_user("data-admin@example.org", "admin", password=PASSWORD)
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", "data-admin@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")


def test_upload_check_and_refusal_pages_are_accessible(live_app, live_server, browser_page,
                                                       tmp_path):
    page = browser_page
    _sign_in_as_admin(live_app, live_server, page)
    page.goto(f"{live_server}/admin/data/")
    check_accessibility(page, "data-admin-upload")

    # Check only: the shared demo data must not change.
    page.set_input_files("#file", str(DATA / "moj_crs_services.oruk.json"))
    page.check("#check_only")
    page.click("button:has-text('Import')")
    assert "File checked: nothing saved" in page.inner_text("main")
    check_accessibility(page, "data-admin-checked")

    broken = tmp_path / "cut.json"
    broken.write_bytes((DATA / "moj_crs_services.oruk.json").read_bytes()[:5000])
    page.set_input_files("#file", str(broken))
    page.click("button:has-text('Import')")
    assert "Nothing was imported" in page.inner_text("main")
    expect(page).to_have_title(re.compile(r"^Error:"))
    check_accessibility(page, "data-admin-refused")
