"""Issue 13's public pages in chromium: prisons, the crisis panel, Exit this page.
No axe-core violation, at 320px and 1280px."""

import pytest

from tests.browser.conftest import check_accessibility

PAGES = {
    "prisons": "/prisons",
    "prison": "/prisons/hmp-norwich",
    "prison-womens": "/prisons/hmp-peterborough-women",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(browser_page, live_server, name):
    response = browser_page.goto(live_server + PAGES[name])
    assert response.status == 200
    check_accessibility(browser_page, f"i13-{name}")
