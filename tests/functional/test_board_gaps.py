"""Gaps the board can act on: by pathway, evidence in words, every gap naming its place,
"Add to the register" filled in, and "Not a gap" holding until a listing behind it changes."""

import re

from sqlalchemy import select

from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import Service
from tests.helpers import csrf_token, page, text_of

SEX_WORK_BRECKLAND = "No sex workers support services in Breckland"


def gap_items(client, url="/board/gaps/all") -> dict[str, tuple[str, str]]:
    """{gap title: (evidence, its "Not a gap" link)} on a gaps page."""
    found = {}
    for item in page(client.get(url)).select(".app-gap-list li"):
        title = text_of(item.strong).rstrip(".")
        evidence = text_of(item).removeprefix(text_of(item.strong)).split(" Add to the")[0]
        links = {text_of(a).split(":")[0].strip(): a["href"] for a in item.select("a")}
        found[title] = (evidence.strip(), links.get("Not a gap"), links.get("Add to the register"))
    return found


def test_gaps_are_grouped_by_pathway_with_evidence_in_words(admin_client):
    html = page(admin_client.get("/board/gaps"))
    headings = [text_of(h) for h in html.select("h2.govuk-heading-m")]
    assert headings[0].startswith("Accommodation (")
    assert any(h.startswith("A group with nothing at a stage in a district") for h in headings)
    items = html.select(".app-gap-list li")
    assert items and all(len(ol.select("li")) <= 5 for ol in html.select(".app-gap-list"))
    text = text_of(html.select_one("main"))
    assert not re.search(r"\b0\.\d", text), "no raw scores"
    for item in items:
        title = text_of(item.strong)
        assert " in " in title or "anywhere in the county" in title, title
        assert re.search(r"(\d+ of the \d+|All \d+|The one) other (pathways?|districts)",
                         text_of(item)), text_of(item)


def test_the_all_gaps_page_lists_every_gap_once(admin_client):
    everything = gap_items(admin_client)
    first_five = gap_items(admin_client, "/board/gaps")
    assert set(first_five) < set(everything)
    html = page(admin_client.get("/board/gaps"))
    link = html.find("a", string=re.compile(r"See all \d+ gaps on one page"))
    assert int(re.search(r"\d+", link.get_text()).group()) == len(
        page(admin_client.get("/board/gaps/all")).select(".app-gap-list li"))
    evidence, _not, _add = everything["No finance, benefits and debt services in North Norfolk "
                                      "(in prison)"]
    assert evidence == "5 of the 8 other pathways have a service in North Norfolk (in prison)."


def test_add_to_the_register_comes_filled_in_from_the_gap(admin_client):
    _evidence, _not, add = gap_items(admin_client)[SEX_WORK_BRECKLAND]
    form = page(admin_client.get(add))
    assert text_of(form.select_one("textarea#issue")) == SEX_WORK_BRECKLAND
    assert "All 8 other pathways" in text_of(form.select_one("textarea#evidence"))
    selected = form.select_one("select#pathway_id option[selected]")
    assert selected and text_of(selected) == "Sex workers support"


def test_not_a_gap_holds_until_a_listing_behind_it_changes(demo_app, admin_client):
    _evidence, not_a_gap, _add = gap_items(admin_client)[SEX_WORK_BRECKLAND]
    form = admin_client.get(not_a_gap)
    empty = admin_client.post(not_a_gap, data={"csrf_token": csrf_token(form), "reason": " "})
    assert page(empty).title.get_text().startswith("Error:")
    assert page(empty).select_one(".govuk-error-summary")
    admin_client.post(not_a_gap, data={"csrf_token": csrf_token(form),
                                       "reason": "The Norwich team travels to Breckland"})
    assert SEX_WORK_BRECKLAND not in gap_items(admin_client)
    set_aside = text_of(page(admin_client.get("/board/gaps")))
    assert "Marked “not a gap” (1)" in set_aside and "travels to Breckland" in set_aside
    # A listing that is not behind the gap changes: the decision holds.
    with demo_app.app_context():
        elsewhere = db.session.get(Service, seed_id("service", "rsp-outreach-van"))
        elsewhere.summary += " Now on Fridays too."
        db.session.commit()
    assert SEX_WORK_BRECKLAND not in gap_items(admin_client)
    # One of the Breckland services that are its evidence changes: the gap is back.
    with demo_app.app_context():
        behind = db.session.scalar(select(Service).where(
            Service.status == "published", Service.areas.any(slug="breckland")))
        behind.summary += " Now on Fridays too."
        db.session.commit()
    assert SEX_WORK_BRECKLAND in gap_items(admin_client)


def test_viewers_see_gaps_but_cannot_act_on_them(demo_app):
    from tests.helpers import make_user, sign_in_as

    client = demo_app.test_client()
    with demo_app.app_context():
        sign_in_as(client, make_user("gap-viewer@example.org", "viewer"))
    items = gap_items(client)
    assert items and not any(n or a for _e, n, a in items.values())
