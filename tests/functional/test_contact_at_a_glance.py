"""Contact at a glance (issue 13): a service page opens with what someone needs to act, and
result cards show the phone, the opening state and the way in."""

from datetime import datetime

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.finder.opening_hours import LONDON
from directory.models import Service
from tests.functional.test_finder import ANSWERS
from tests.helpers import page, text_of

THETFORD = "Advice drop-in in Thetford"  # drop in, Mon Tue Thu 9:30am to 3pm, 01632 960383
MONDAY_10AM = datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)
TUESDAY_4PM = datetime(2026, 11, 24, 16, 0, tzinfo=LONDON)


@pytest.fixture
def at_moment(shared_demo_app, monkeypatch):
    def set_clock(moment):
        monkeypatch.setitem(shared_demo_app.config, "CLOCK", lambda: moment)
    return set_clock


def service_url(app, name: str) -> str:
    with app.app_context():
        return f"/services/{db.session.scalar(select(Service.id).where(Service.name == name))}"


def test_service_page_opens_with_way_in_call_opening_state_where_and_who(
        demo_client, shared_demo_app, at_moment):
    at_moment(MONDAY_10AM)
    html = page(demo_client.get(service_url(shared_demo_app, THETFORD)))
    glance = html.select_one(".app-at-a-glance")
    call = glance.select_one("a.govuk-button")
    assert text_of(call) == "Call 01632 960383" and call["href"] == "tel:01632960383"
    facts = {text_of(row.dt): text_of(row.dd) for row in glance.select(".govuk-summary-list__row")}
    assert facts["How to get it"] == "Drop in, no appointment needed"
    assert facts["Open"].startswith("Open now, closes 3pm")
    assert facts["Where"] == "19 Flint Row, Thetford, IP24 1ZL"
    assert facts["Who it is for"] == "Anyone"
    # The at-a-glance block comes before the long description.
    main = str(html.select_one("main"))
    assert main.index("app-at-a-glance") < main.index("What they offer")


def test_a_closed_service_says_when_it_next_opens(demo_client, shared_demo_app, at_moment):
    at_moment(TUESDAY_4PM)
    html = page(demo_client.get(service_url(shared_demo_app, THETFORD)))
    assert "Closed now. Opens Thursday 9:30am" in text_of(html.select_one(".app-at-a-glance"))


def test_a_referral_only_service_says_it_needs_a_referral(demo_client, shared_demo_app):
    with shared_demo_app.app_context():
        service = db.session.scalars(select(Service).where(
            Service.professional_referral, ~Service.self_referral, ~Service.drop_in,
            Service.status == "published")).first()
        url = f"/services/{service.id}"
    facts = text_of(page(demo_client.get(url)).select_one(".app-at-a-glance"))
    assert "Needs a referral" in facts


def card(html, name: str):
    for result in html.select(".app-result"):
        if text_of(result.select_one(".app-result__title")) == name:
            return result
    raise AssertionError(f"{name} is not listed")


def assert_card_shows_contact(result, opening: str):
    facts = text_of(result.select_one(".app-contact-facts"))
    tel = result.select_one('.app-contact-facts a[href^="tel:"]')
    assert tel["href"] == "tel:01632960383"
    assert "01632 960383" in facts
    assert opening in facts
    assert "Drop in, no appointment needed" in facts


@pytest.mark.parametrize("url", [
    "/pathways/accommodation?area=breckland",
    "/search?q=thetford+advice",
    f"/get-support/results?{ANSWERS}&area=breckland",
])
def test_result_cards_show_phone_opening_state_and_way_in(demo_client, at_moment, url):
    at_moment(MONDAY_10AM)
    html = page(demo_client.get(url))
    assert_card_shows_contact(card(html, THETFORD), "Open now, closes 3pm")
    at_moment(TUESDAY_4PM)
    html = page(demo_client.get(url))
    assert_card_shows_contact(card(html, THETFORD), "Closed now. Opens Thursday 9:30am")
