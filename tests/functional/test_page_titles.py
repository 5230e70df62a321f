"""Titles and headings a screen reader user moves by: page 2 of a list says so, the members'
and the public page of an organisation differ, and the services behind a map number go
h1, h2, h3 (issue 15's keyboard and axe audit)."""

from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import User
from tests.helpers import make_user, page, sign_in_as, text_of


def test_page_two_of_a_pathway_has_its_own_title(demo_client):
    first = page(demo_client.get("/pathways/social-networks")).title.get_text()
    second = page(demo_client.get("/pathways/social-networks?page=2")).title.get_text()
    assert first != second and "(page 2 of " in second
    assert "(page 1 of " in first


def test_the_members_and_the_public_page_of_an_organisation_have_different_titles(
        demo_client, admin_client):
    organisation = seed_id("organisation", "norwich-housing-trust")
    public = page(demo_client.get(f"/organisations/{organisation}")).title.get_text()
    members = page(admin_client.get(f"/admin/organisations/{organisation}")).title.get_text()
    assert public != members and "members’ view" in members


def test_the_services_behind_a_map_number_keep_the_heading_order(shared_demo_app):
    client = shared_demo_app.test_client()
    with shared_demo_app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="titles@example.org"))
        sign_in_as(client, user or make_user("titles@example.org", "viewer"))
    html = page(client.get("/board/provision/accommodation?column=norwich&by=area"))
    levels = [int(h.name[1]) for h in html.select("main h1, main h2, main h3")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert text_of(html.h1) == "Accommodation: Norwich"


def test_a_long_e_mail_address_can_wrap_on_a_users_page(admin_client, demo_app):
    with demo_app.app_context():
        user = make_user("a.very.long.name.for.a.board.member.of.the.county@example.org")
        user_id = user.id
    html = page(admin_client.get(f"/admin/users/{user_id}"))
    assert "govuk-!-text-break-word" in html.h1["class"]
