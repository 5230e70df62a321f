"""A list for one person: kept in the URL (and one browser-session cookie), printed on A4."""

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.finder.opening_hours import LONDON
from tests.functional.finder_data import load_finder_data, service_id
from tests.helpers import page, text_of

NEAR, FAR, REFUGE, DRAFT = (service_id(k) for k in
                            ("near-rooms", "far-rooms", "refuge", "draft-rooms"))


@pytest.fixture
def client(app, tmp_path):
    with app.app_context():
        load_finder_data(tmp_path)
    return app.test_client()


def listed(response) -> list[str]:
    return [text_of(a) for a in page(response).select("main .app-result__title a")]


def test_service_page_offers_to_add_it_and_sets_no_cookie(client):
    response = client.get(f"/services/{NEAR}")
    assert "Set-Cookie" not in response.headers
    button = page(response).select_one(".app-shortlist-button a.govuk-button")
    assert text_of(button) == "Add to my list"
    query = parse_qs(urlsplit(button["href"]).query)
    assert query == {"service": [NEAR], "back": [f"/services/{NEAR}#service-{NEAR}-list"]}


def test_adding_goes_back_and_the_page_then_says_it_is_on_the_list(client):
    response = client.get(f"/shortlist/add?service={NEAR}&back=/services/{NEAR}")
    assert response.status_code == 302 and response.headers["Location"] == f"/services/{NEAR}"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"shortlist={NEAR};") and "HttpOnly" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie  # gone when the browser closes
    html = page(client.get(f"/services/{NEAR}"))
    assert "This service is on your list" in text_of(html.select_one(".app-shortlist-button"))


def test_the_list_lives_in_the_url(client):
    client.get(f"/shortlist/add?service={NEAR}")
    client.get(f"/shortlist/add?service={FAR}&service={NEAR}")
    response = client.get("/shortlist")
    assert response.headers["Location"] == f"/shortlist?services={NEAR},{FAR}"
    response = client.get(response.headers["Location"])
    assert listed(response) == ["Rooms in the city", "Rooms in the country"]
    html = page(response)
    share = html.select_one("#share-link")["value"]
    assert share.startswith("http://localhost/shortlist?services=")
    assert "mailto:?subject=" in html.select_one("a[href^=mailto]")["href"]


def test_a_sent_link_works_in_another_browser(app, client):
    other = app.test_client()
    assert listed(other.get(f"/shortlist?services={FAR},{NEAR}")) == [
        "Rooms in the country", "Rooms in the city"]


def test_removing_a_service(client):
    response = client.get(f"/shortlist/remove?service={NEAR}&services={NEAR},{FAR}")
    assert response.headers["Location"] == f"/shortlist?services={FAR}"
    assert listed(client.get(response.headers["Location"])) == ["Rooms in the country"]


def test_bad_ids_drafts_and_empty_lists_never_error(client):
    response = client.get(f"/shortlist?services=nonsense,{DRAFT},{NEAR},,%00")
    assert listed(response) == ["Rooms in the city"]
    assert "Your list is empty" in text_of(page(client.get("/shortlist?services=")).main)
    assert client.get("/shortlist").status_code == 200
    assert client.get("/shortlist/print?services=nonsense").status_code == 404


def test_add_only_goes_back_to_this_site(client):
    response = client.get(f"/shortlist/add?service={NEAR}&back=https://evil.example/")
    assert response.headers["Location"] == f"/shortlist?services={NEAR}"


def test_print_view_has_what_a_person_needs_and_nothing_else(client):
    html = page(client.get(f"/shortlist/print?services={NEAR},{FAR},{REFUGE}"))
    text = text_of(html)
    assert html.select_one("header") is None and html.select_one("footer") is None
    assert html.select_one("form") is None
    names = [text_of(h) for h in html.select(".app-print-sheet__name")]
    assert names[0] == "Rooms in the city (Finder Test Trust)" and len(names) == 3
    city = text_of(html.select(".app-print-sheet__service")[0])
    for expected in ("Rooms close by.", "01632 960001", "1 Test Street, Norwich, NR2 4AB",
                     "Monday to Friday: 9am to 5pm", "Phone 01632 960001 and ask for help."):
        assert expected in city
    country = text_of(html.select(".app-print-sheet__service")[1])
    assert "Ask your probation officer" in country
    refuge = text_of(html.select(".app-print-sheet__service")[2])
    assert "Norwich (full address given when you contact them)" in refuge
    assert "Secret Road" not in text and "NR3 1QQ" not in text


def test_print_view_has_a_print_button_the_site_the_date_and_a_qr_code_of_the_live_list(
        client, app):
    import segno

    app.config["CLOCK"] = lambda: datetime(2026, 12, 2, 9, 30, tzinfo=LONDON)
    html = page(client.get(f"/shortlist/print?services={NEAR},{FAR}"))
    button = html.select_one("button[data-app-print]")
    assert text_of(button) == "Print this list" and button.has_attr("hidden")  # shown by JS
    assert html.select_one('script[src="/static/js/print.js"]') is not None
    assert html.select_one("script:not([src])") is None  # no inline script under the CSP
    assert "Ctrl" not in text_of(html)
    assert "open your browser's menu and choose Print" in text_of(html.select_one("noscript"))
    assert text_of(html.select_one(".app-print-sheet__site")) == "Rehabilitation Pathways"
    assert "printed on 2 December 2026" in text_of(html.select_one(".app-print-sheet__meta"))
    live = f"http://localhost/shortlist?services={NEAR},{FAR}"
    assert html.select_one(".app-no-print a")["href"] == live
    svg = html.select_one(".app-print-sheet__qr svg")
    assert svg["role"] == "img" and svg["aria-label"]
    expected = segno.make(live, error="m", micro=False).svg_inline(
        scale=3, border=4, svgclass="app-qr-code", lineclass=None)
    assert svg.select_one("path")["d"] == page_fragment(expected).select_one("path")["d"]
    assert "http" not in str(svg)  # drawn here: nothing fetched from anywhere


def page_fragment(markup: str):
    from bs4 import BeautifulSoup
    return BeautifulSoup(markup, "html.parser")


def test_how_to_get_help_is_one_clear_instruction_per_service(client):
    html = page(client.get(f"/shortlist/print?services={NEAR},{FAR},{REFUGE}"))
    rows = [dd for dt, dd in zip(html.select(".app-print-sheet__details dt"),
                                 html.select(".app-print-sheet__details dd"), strict=True)
            if text_of(dt) == "How to get help"]
    assert len(rows) == 3
    for row in rows:
        instruction = text_of(row)
        assert instruction.count(".") == 1 and instruction.endswith("."), instruction


def test_finder_results_offer_add_links(client):
    html = page(client.get("/get-support/results?pathway=accommodation&area=anywhere"
                           "&client_group=anyone&when=not-sure"))
    links = [a for a in html.select(".app-shortlist-button a") if "to my list" in text_of(a)]
    assert text_of(links[0]).startswith("Add ") and len(links) == 4
    assert "/get-support/results?" in parse_qs(urlsplit(links[0]["href"]).query)["back"][0]


def test_pages_showing_the_list_are_not_shared_by_caches(client):
    assert "Cookie" in client.get(f"/services/{NEAR}").headers.get("Vary", "")
    html = page(client.get(f"/shortlist?services={NEAR}"))
    assert html.select_one("meta[name=robots]")["content"] == "noindex"
