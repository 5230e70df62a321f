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


@pytest.mark.parametrize(
    "path", ["/search?q=job+norwich", "/pathways/education-training-employment"])
def test_results_come_before_the_filters_on_a_phone(browser, live_server, path):
    """At 320px by 568px the first result starts on the first screen, above the filters; a
    link at the top of the results goes to the filters. At 1280px the filters sit beside the
    results, so the link is not shown."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 568})
    page = context.new_page()
    page.goto(live_server + path)
    first_result = page.locator(".app-result__link").first.bounding_box()
    filters = page.locator("#filters-heading").bounding_box()
    assert first_result["y"] < 568, f"the first result starts {first_result['y']:.0f}px down"
    assert first_result["y"] < filters["y"]
    page.get_by_role("link", name="Narrow down these results").click()
    assert page.url.endswith("#filters")
    assert abs(page.locator("#filters-heading").bounding_box()["y"]) < 100  # scrolled to it
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server + path)
    results = page.locator("#results-heading").bounding_box()
    filters = page.locator("#filters-heading").bounding_box()
    assert filters["x"] > results["x"] + results["width"] / 2  # beside, to the right
    assert abs(filters["y"] - results["y"]) < 200
    assert not page.locator(".app-skip-to-filters").is_visible()
    context.close()
