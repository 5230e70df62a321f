"""Plain words (issue 13): pathways have plain public names (the board keeps the official
ones), a page number past the end says so, "Sign in for members" in the footer, and an
accessibility statement on the GOV.UK model."""

from sqlalchemy import select

from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import Pathway, Service
from tests.helpers import csrf_token, page, text_of


def test_public_pages_use_the_plain_pathway_names(demo_client, shared_demo_app):
    home = text_of(page(demo_client.get("/")).select_one("main"))
    for plain in ("Somewhere to live", "Money, benefits and debt", "Work, learning and training",
                  "Drink and drugs", "Health and feelings", "Family and friends",
                  "Thinking and behaviour"):
        assert plain in home
    assert "Education, training and employment" not in home
    pathway = page(demo_client.get("/pathways/accommodation"))
    assert text_of(pathway.h1) == "Somewhere to live"
    search = page(demo_client.get("/search?q=housing"))
    options = [text_of(option) for option in search.select("#pathway option")]
    assert any(option.startswith("Somewhere to live") for option in options)
    with shared_demo_app.app_context():
        service = db.session.scalars(select(Service).where(
            Service.pathways.any(Pathway.slug == "drugs-alcohol"),
            Service.status == "published")).first()
        first_pathway = service.pathways[0].public_name
        url = f"/services/{service.id}"
    crumbs = text_of(page(demo_client.get(url)).select_one(".govuk-breadcrumbs"))
    assert first_pathway in crumbs


def test_the_board_keeps_the_official_names(admin_client):
    html = text_of(page(admin_client.get("/board/")).select_one("main"))
    assert "Accommodation" in html and "Somewhere to live" not in html


def test_admins_edit_the_plain_name_in_the_taxonomy(admin_client):
    term = seed_id("pathway", "accommodation")
    url = f"/admin/taxonomies/pathway/{term}/edit"
    form = admin_client.get(url)
    assert page(form).select_one("#plain_name")["value"] == "Somewhere to live"
    response = admin_client.post(url, data={
        "csrf_token": csrf_token(form), "name": "Accommodation", "description": "Homes.",
        "plain_name": "A place to live"})
    assert response.status_code == 302
    assert text_of(page(admin_client.get("/pathways/accommodation")).h1) == "A place to live"
    admin_client.post(url, data={"csrf_token": csrf_token(form), "name": "Accommodation",
                                 "description": "Homes.", "plain_name": ""})
    assert text_of(page(admin_client.get("/pathways/accommodation")).h1) == "Accommodation"


def test_a_page_past_the_end_says_so_and_links_to_page_1(demo_client):
    for url in ("/pathways/accommodation?area=norwich&page=99", "/search?q=housing&page=99"):
        html = page(demo_client.get(url))
        notice = html.select_one(".app-past-the-end")
        assert notice is not None, url
        assert text_of(notice).startswith("There is no page 99.")
        link = notice.find("a", string="Go to page 1")
        assert "page=" not in link["href"] and link["href"].startswith(url.split("&page")[0][:8])
        assert "could not find any" not in text_of(html.select_one("main"))
    normal = page(demo_client.get("/pathways/accommodation"))
    assert normal.select_one(".app-past-the-end") is None


def test_footer_offers_members_a_way_to_sign_in(demo_client, admin_client):
    link = page(demo_client.get("/")).select_one("footer").find("a", string="Sign in for members")
    assert link["href"] == "/sign-in"
    footer = text_of(page(admin_client.get("/")).select_one("footer"))
    assert "Sign in for members" not in footer  # already signed in


def test_accessibility_statement_follows_the_gov_uk_model(demo_client):
    html = page(demo_client.get("/accessibility"))
    headings = [text_of(h) for h in html.select("main h2, main h3")]
    for heading in ("How accessible this website is", "Feedback and contact information",
                    "Reporting accessibility problems with this website", "Enforcement procedure",
                    "Compliance status", "Non-accessible content",
                    "Preparation of this accessibility statement"):
        assert heading in headings
    text = text_of(html.select_one("main"))
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert "partially compliant" in text and "WCAG" in text
    assert html.select_one('main a[href^="mailto:"]')["href"].endswith("example.org")
