"""The guided finder: each question, its errors, and the results a person sees."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.finder.opening_hours import LONDON, london_now
from tests.functional.finder_data import load_finder_data
from tests.helpers import page, text_of

ANSWERS = "pathway=accommodation&pathway=finance-benefits-debt&client_group=anyone&when=not-sure"


@pytest.fixture
def finder_app(app, tmp_path):
    with app.app_context():
        load_finder_data(tmp_path)
    return app


@pytest.fixture
def finder_client(finder_app):
    return finder_app.test_client()


def query_of(response) -> dict:
    return parse_qs(urlsplit(response.headers["Location"]).query)


def error_summary(html) -> str:
    summary = html.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    assert html.title.string.startswith("Error:")
    return text_of(summary)


def result_names(html, within="main") -> list[str]:
    return [text_of(a) for a in html.select(f"{within} .app-result__title a")]


def group(html, slug):
    """The results under one pathway heading, up to the next pathway heading."""
    heading = html.select_one(f"h2#{slug}")
    names = []
    for node in heading.find_all_next():
        if node.name == "h2" and node.get("id"):
            break
        if node.name == "a" and "app-result__link" in (node.get("class") or []):
            names.append(text_of(node))
    return names


def test_home_page_offers_the_finder_and_ways_in_by_situation(demo_client):
    html = page(demo_client.get("/"))
    links = {text_of(a): a["href"] for a in html.select("main a")}
    assert links["Get a list of support"] == "/get-support"
    assert links["I am leaving prison soon"] == "/get-support/help?when=leaving-soon&given=when"
    assert links["I have just left prison"] == "/get-support/help?when=just-left&given=when"
    family = parse_qs(urlsplit(links["Someone in my family is in prison"]).query)
    assert family == {"client_group": ["families"], "when": ["in-prison"],
                      "given": ["who", "when"]}


def test_start_page_leads_to_the_first_question(demo_client):
    html = page(demo_client.get("/get-support"))
    assert html.select_one("a.govuk-button--start")["href"] == "/get-support/help"
    assert "I am on licence or probation" in text_of(html.select_one("main"))


def test_first_question_lists_every_pathway_as_a_checkbox(demo_client):
    html = page(demo_client.get("/get-support/help"))
    assert text_of(html.select_one("legend h1")) == "What help is needed?"
    boxes = html.select("input[type=checkbox][name=pathway]")
    assert len(boxes) == 9 and boxes[0]["id"] == "pathway"
    assert html.select_one("form")["method"] == "get"
    assert html.select_one(".govuk-back-link")["href"] == "/get-support"
    assert html.select_one(".govuk-error-summary") is None


@pytest.mark.parametrize("query", ["asked=help", "asked=help&pathway=no-such-help"])
def test_choosing_no_help_is_an_error(demo_client, query):
    html = page(demo_client.get(f"/get-support/help?{query}"))
    assert "Choose at least one kind of help" in error_summary(html)
    assert html.select_one(".govuk-error-summary a")["href"] == "#pathway"
    assert "Choose at least one kind of help" in text_of(html.select_one("#pathway-error"))


def test_several_kinds_of_help_go_on_to_where(demo_client):
    response = demo_client.get(
        "/get-support/help?asked=help&pathway=accommodation&pathway=health")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/get-support/where"
    assert query_of(response) == {"pathway": ["accommodation", "health"]}


def test_where_keeps_earlier_answers_and_links_back_to_them(demo_client):
    html = page(demo_client.get("/get-support/where?pathway=accommodation&pathway=health"))
    hidden = [(i["name"], i["value"]) for i in html.select("input[type=hidden]")]
    assert ("pathway", "accommodation") in hidden and ("pathway", "health") in hidden
    back = html.select_one(".govuk-back-link")["href"]
    assert back == "/get-support/help?pathway=accommodation&pathway=health"
    ticked = page(demo_client.get(back)).select("input[name=pathway][checked]")
    assert [box["value"] for box in ticked] == ["accommodation", "health"]


@pytest.mark.parametrize("query, message, field", [
    ("", "Enter a postcode or choose an area", "area"),
    ("&postcode=+&area=", "Enter a postcode or choose an area", "area"),
    ("&area=atlantis", "Enter a postcode or choose an area", "area"),
    ("&postcode=Norwich", "Enter a real postcode", "postcode"),
    ("&area=norwich&postcode=sw1a+1", "Enter a real postcode", "postcode"),
])
def test_where_errors(demo_client, query, message, field):
    html = page(demo_client.get(f"/get-support/where?asked=where&pathway=health{query}"))
    assert message in error_summary(html)
    assert html.select_one(".govuk-error-summary a")["href"] == f"#{field}"
    if field == "postcode":
        typed = parse_qs(query)["postcode"][0]
        assert html.select_one("#postcode")["value"] == typed


@pytest.mark.parametrize("query, expected", [
    ("postcode=nr2+4ab", {"area": ["postcode"], "postcode": ["NR2 4AB"]}),
    ("area=norwich&postcode=nr2", {"area": ["postcode"], "postcode": ["NR2"]}),
    ("area=norwich&postcode=", {"area": ["norwich"]}),
    ("area=anywhere", {"area": ["anywhere"]}),
])
def test_where_accepts_a_district_or_a_postcode(demo_client, query, expected):
    response = demo_client.get(f"/get-support/where?asked=where&pathway=health&{query}")
    assert urlsplit(response.headers["Location"]).path == "/get-support/who"
    assert query_of(response) == {"pathway": ["health"], **expected}


def test_who_and_when_ask_until_answered(demo_client):
    base = "/get-support/who?asked=who&pathway=health&area=norwich"
    html = page(demo_client.get(base))
    assert "Choose who the support is for" in error_summary(html)
    assert html.select_one(".govuk-error-summary a")["href"] == "#client_group"
    response = demo_client.get(base + "&client_group=women")
    assert urlsplit(response.headers["Location"]).path == "/get-support/when"
    when = "/get-support/when?asked=when&pathway=health&area=norwich&client_group=women"
    html = page(demo_client.get(when))
    assert "Choose where you are now" in error_summary(html)
    labels = [text_of(label) for label in html.select(".govuk-radios__label")]
    assert labels[:4] == ["In prison now", "Leaving prison in the next few weeks",
                          "Left prison in the last few weeks",
                          "Out of prison, on licence or probation"]
    response = demo_client.get(when + "&when=just-left")
    assert urlsplit(response.headers["Location"]).path == "/get-support/results"
    response = demo_client.get(when + "&when=leaving-soon")
    assert urlsplit(response.headers["Location"]).path == "/get-support/prison"


def test_a_situation_skips_the_questions_it_answers(demo_client):
    start = "/get-support/help?asked=help&client_group=families&when=in-prison"
    response = demo_client.get(start + "&pathway=social-networks")
    assert urlsplit(response.headers["Location"]).path == "/get-support/where"
    response = demo_client.get("/get-support/where?asked=where&client_group=families"
                               "&when=in-prison&pathway=social-networks&area=anywhere")
    assert urlsplit(response.headers["Location"]).path == "/get-support/prison"


def test_results_without_answers_go_back_to_the_first_missing_question(demo_client):
    response = demo_client.get("/get-support/results?pathway=health&client_group=anyone")
    assert urlsplit(response.headers["Location"]).path == "/get-support/where"
    response = demo_client.get("/get-support/results")
    assert urlsplit(response.headers["Location"]).path == "/get-support/help"


def test_results_are_grouped_by_pathway_and_filtered(finder_client):
    html = page(finder_client.get(f"/get-support/results?{ANSWERS}&area=norwich&when=just-left"
                                  .replace("&when=not-sure", "")))
    assert [text_of(h) for h in html.select("main h2[id]:not(#crisis-panel-heading)")] == [
        "Somewhere to live", "Money, benefits and debt"]
    # Stage "release": only the money service says it helps on release.
    assert group(html, "accommodation") == []
    assert "We did not find any support for this" in text_of(html.select_one("main"))
    assert group(html, "finance-benefits-debt") == ["Money help on release"]


def test_results_for_anyone_anywhere_leave_out_drafts(finder_client):
    html = page(finder_client.get(f"/get-support/results?{ANSWERS}&area=anywhere"))
    accommodation = group(html, "accommodation")
    assert "Rooms not yet published" not in accommodation
    assert set(accommodation) == {"Rooms in the city", "Rooms in the country",
                                  "Housing phone line", "Safe house for women"}
    assert set(group(html, "finance-benefits-debt")) == {
        "Money help on release", "Yarmouth money help"}


def test_a_service_for_women_is_not_shown_for_men(finder_client):
    query = ANSWERS.replace("client_group=anyone", "client_group=men")
    html = page(finder_client.get(f"/get-support/results?{query}&area=anywhere"))
    assert "Safe house for women" not in group(html, "accommodation")


def test_a_postcode_puts_the_nearest_first_and_keeps_refuges_private(finder_client):
    html = page(finder_client.get(
        f"/get-support/results?{ANSWERS}&area=postcode&postcode=NR2+4AB"))
    items = html.select("main li.app-result")
    by_name = {text_of(i.select_one(".app-result__title")): text_of(i) for i in items}
    assert group(html, "accommodation")[:2] == ["Rooms in the city", "Rooms in the country"]
    assert "Less than 1 mile away" in by_name["Rooms in the city"]
    assert "About 15 miles away" in by_name["Rooms in the country"]
    assert "miles away" not in by_name["Safe house for women"]
    assert "mile away" not in by_name["Housing phone line"]
    places = text_of(html.select_one("main"))
    assert "Without a place to visit" in places
    # The postcode's district (Norwich) narrows the list: Great Yarmouth's money help goes.
    assert group(html, "finance-benefits-debt") == ["Money help on release"]


def test_near_me_on_the_results_page(finder_client):
    base = f"/get-support/results?{ANSWERS}&area=anywhere"
    response = finder_client.get(base + "&near=nr19")
    assert query_of(response)["postcode"] == ["NR19"]
    html = page(finder_client.get(base + "&near=CB1+2A"))
    assert response.status_code == 302
    assert "Enter a real postcode" in error_summary(html)
    assert html.select_one("#near")["value"] == "CB1 2A"
    assert "Rooms in the city" in group(html, "accommodation")  # still shows results
    # A postcode outside Norfolk is not a mistake: it gets services anyone in England can use.
    assert query_of(finder_client.get(base + "&near=CB1+2AB"))["postcode"] == ["CB1 2AB"]


@pytest.mark.parametrize("moment, open_names", [
    (datetime(2026, 11, 25, 10, 0, tzinfo=UTC), {"Rooms in the city"}),  # Wednesday
    (datetime(2026, 11, 28, 11, 0, tzinfo=UTC), {"Rooms in the country"}),  # Saturday
    (datetime(2026, 11, 25, 22, 0, tzinfo=UTC), set()),
])
def test_open_now_uses_the_schedule(finder_app, moment, open_names):
    finder_app.config["CLOCK"] = lambda: moment
    html = page(finder_app.test_client().get(
        f"/get-support/results?{ANSWERS}&area=anywhere&open_now=1"))
    assert set(group(html, "accommodation")) == open_names
    assert html.select_one("#open_now")["checked"] is not None


def test_now_is_london_time_and_can_be_fixed(app):
    app.config["CLOCK"] = lambda: datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    with app.app_context():
        assert london_now() == datetime(2026, 7, 1, 9, 30, tzinfo=LONDON)


@pytest.mark.parametrize("query", [
    "pathway=%00&area=%ff&client_group=<b>&when=x",
    "pathway=health&area=postcode&postcode=" + "N" * 5000,
    f"{ANSWERS}&area=anywhere&near=" + "%ZZ" * 100,
    f"{ANSWERS}&area=anywhere&open_now=maybe",
])
def test_odd_urls_never_error(finder_client, query):
    response = finder_client.get(f"/get-support/results?{query}")
    assert response.status_code in (200, 302)


def test_results_with_domestic_abuse_offer_a_quick_exit(finder_client):
    query = ANSWERS.replace("finance-benefits-debt", "domestic-abuse")
    html = page(finder_client.get(f"/get-support/results?{query}&area=anywhere"))
    assert html.select_one(".govuk-exit-this-page") is not None
    html = page(finder_client.get(f"/get-support/results?{ANSWERS}&area=anywhere"))
    assert html.select_one(".govuk-exit-this-page") is None
