"""The board's pages in chromium: no axe-core violation, no sideways scroll at 320px."""

from datetime import date

import pytest

from directory.extensions import db
from directory.models import GapEntry, Meeting
from directory.seeding import seed_id
from tests.browser.conftest import check_accessibility
from tests.helpers import make_user

PASSWORD = "board pages are for the board"


@pytest.fixture(scope="module")
def board_urls(live_app):
    with live_app.app_context():
        make_user("board-admin@example.org", "admin", password=PASSWORD)
        db.session.add(GapEntry(pathway_id=seed_id("pathway", "finance-benefits-debt"),
                                issue="No money help at HMP Bure", rag="red", owner="Finance"))
        meeting = Meeting(held_on=date(2026, 12, 1), title="Winter")
        db.session.add(meeting)
        db.session.commit()
        return {
            "board-map": "/board/",
            "board-map-by-group": "/board/?by=client_group&self_referral=1",
            "board-gaps": "/board/gaps",
            "board-overlaps": "/board/overlaps",
            "board-funding": "/board/funding",
            "board-demand": "/board/demand",
            "board-register": "/board/register",
            "board-gap-form": "/board/register/new",
            "board-meetings": "/board/meetings",
            "board-pack": f"/board/meetings/{meeting.id}",
        }


def test_board_pages_are_accessible(browser_page, live_server, board_urls):
    browser_page.goto(f"{live_server}/sign-in")
    browser_page.fill("#email", "board-admin@example.org")
    browser_page.fill("#password", PASSWORD)
    browser_page.get_by_role("button", name="Sign in").click()
    browser_page.wait_for_url(f"{live_server}/admin/")
    for name, url in board_urls.items():
        browser_page.goto(f"{live_server}{url}")
        assert browser_page.locator("h1").count() == 1, name
        check_accessibility(browser_page, name)
