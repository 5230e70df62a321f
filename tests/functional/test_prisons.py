"""Prisons are places: services delivered inside name the prison, and each prison has a page
with booking a visit, help for families and the services inside."""

from sqlalchemy import select

from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import Organisation, Prison, Service
from tests.helpers import page, text_of


def section_names(html, heading_id: str) -> list[str]:
    """Service names listed between one h2 and the next."""
    heading = html.find(id=heading_id)
    names = []
    for node in heading.find_all_next(["h2", "a"]):
        if node.name == "h2":
            break
        if "app-result__link" in (node.get("class") or []):
            names.append(text_of(node))
    return names


def test_demo_has_the_three_norfolk_prisons_and_the_nearest_womens_prison(shared_demo_app):
    with shared_demo_app.app_context():
        prisons = {p.name: p for p in db.session.scalars(select(Prison))}
        assert {"HMP Norwich", "HMP Bure", "HMP Wayland"} <= set(prisons)
        womens = [p for p in prisons.values() if p.holds == "Women"]
        assert [p.name for p in womens] == ["HMP Peterborough (women's prison)"]
        assert womens[0].area is None  # outside Norfolk
        assert prisons["HMP Wayland"].area.slug == "breckland"
        for prison in prisons.values():
            assert prison.latitude and prison.longitude
            assert prison.visits_phone.replace(" ", "").startswith("01632960")
            assert "example.org" in prison.visits_url


def test_every_service_delivered_in_a_prison_names_it(demo_client, shared_demo_app):
    with shared_demo_app.app_context():
        service = db.session.get(Service, seed_id("service", "bbt-wayland-money"))
        assert [p.slug for p in service.prisons] == ["hmp-wayland"]
        for location_service in db.session.scalars(select(Service)):
            for location in location_service.locations:
                if location.address.startswith("HMP "):
                    assert location.prison is not None, location.name
    html = page(demo_client.get(f"/services/{seed_id('service', 'bbt-wayland-money')}"))
    link = html.select_one("a[href='/prisons/hmp-wayland']")
    assert link is not None and text_of(link) == "HMP Wayland"


def test_prison_page_lists_visits_family_support_and_services_inside(demo_client):
    response = demo_client.get("/prisons/hmp-norwich")
    assert response.status_code == 200
    html = page(response)
    assert text_of(html.h1) == "HMP Norwich"
    visits = text_of(html.find(id="visits").find_next("ul"))
    assert "01632 960901" in visits and "hmp-norwich.example.org/visits" in visits
    assert "Visitor centre at HMP Norwich" in section_names(html, "families")
    # Family support anywhere in the county is there too, but not another prison's visits.
    families = section_names(html, "families")
    assert "Family Link helpline" in families
    assert "Help with visits to HMP Bure" not in families
    inside = section_names(html, "inside")
    assert "Healthy relationships course in HMP Norwich" in inside
    assert "Visitor centre at HMP Norwich" not in inside
    assert "Money, bank and debt help in HMP Wayland" not in inside


def test_womens_prison_page_has_help_for_norfolk_families(demo_client):
    html = page(demo_client.get("/prisons/hmp-peterborough-women"))
    assert "Help with visits to HMP Peterborough (women's prison)" in section_names(
        html, "families")
    assert "Plan your release from HMP Peterborough" in section_names(html, "inside")


def test_prison_pages_leave_out_unpublished_and_hidden_services(demo_app):
    client = demo_app.test_client()
    with demo_app.app_context():
        family_link = db.session.get(Organisation, seed_id("organisation", "family-link-norfolk"))
        family_link.hidden = True
        db.session.commit()
    names = section_names(page(client.get("/prisons/hmp-norwich")), "families")
    assert "Visitor centre at HMP Norwich" not in names


def test_prisons_list_and_unknown_prison(demo_client):
    html = page(demo_client.get("/prisons"))
    names = [text_of(a) for a in html.select("main h2 a")]
    assert "HMP Bure" in names and len(names) == 4
    assert demo_client.get("/prisons/hmp-nowhere").status_code == 404
