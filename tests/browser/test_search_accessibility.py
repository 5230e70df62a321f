"""The search page, with results and with nothing found, has no axe-core violation at 320px
and 1280px, and works by keyboard alone."""

import pytest

from tests.browser.conftest import check_accessibility

PAGES = {
    "search-results": "/search?q=housing",
    "search-filtered": "/search?q=money&area=norwich&pathway=finance-benefits-debt&sort=name",
    "search-misspelt": "/search?q=acommodation",
    "search-nothing-found": "/search?q=zzzzqqqq",
    "search-empty": "/search",
    "search-understood": "/search?q=son+in+prison+great+yarmouth",
    "search-postcode": "/search?q=housing+NR30+2AA&open_now=1",
    "search-partial": "/search?q=housing+zebracorn+gorleston",
    "browse-near-error": "/pathways/accommodation?near=Atlantis",
}


@pytest.mark.parametrize("name", PAGES)
def test_search_page_is_accessible(browser_page, live_server, name):
    response = browser_page.goto(live_server + PAGES[name])
    assert response.status == 200
    check_accessibility(browser_page, f"public-{name}")


def test_search_by_keyboard_alone(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(live_server + "/search")
    page.focus("#q")
    page.keyboard.type("benifits")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=benifits*")
    assert page.locator(".app-result").count() > 0
    # The misspelling is searched with its correction: no "Did you mean" to read past.
    assert page.locator(".app-did-you-mean").count() == 0
    page.select_option("#pathway", "finance-benefits-debt")
    page.focus("#near")
    page.keyboard.type("NR2 4AB")
    page.keyboard.press("Enter")
    page.wait_for_url("**near=NR2*")
    assert "pathway=finance-benefits-debt" in page.url and "q=benifits" in page.url
    assert page.locator(".app-result__distance").count() > 0
    context.close()
