"""What people looking for help see: home, pathways with filters, services, organisations."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from directory.extensions import db
from directory.listings.seeding import SEED_DIR, seed_id
from directory.models import Organisation, Pathway, Service, ServiceStatus
from tests.helpers import page, text_of

EXPECTATIONS = yaml.safe_load((Path(SEED_DIR) / "expectations.yaml").read_text())


def result_names(response) -> list[str]:
    return [text_of(a) for a in page(response).select(".app-result__title a")]


def all_result_names(client, url: str) -> list[str]:
    """Follow the pagination to the end and collect every service name listed."""
    names, page_number = [], 1
    while True:
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={page_number}")
        assert response.status_code == 200
        batch = result_names(response)
        if not batch:
            return names
        names += batch
        page_number += 1


def test_home_lists_every_pathway_with_its_count(demo_client, shared_demo_app):
    html = page(demo_client.get("/"))
    cards = html.select(".app-pathway-list__item")
    with shared_demo_app.app_context():
        pathways = db.session.scalars(select(Pathway).order_by(Pathway.position)).all()
        expected = [
            (p.public_name, sum(1 for s in p_services if s.status == "published"))
            for p in pathways
            for p_services in [db.session.scalars(select(Service).where(
                Service.pathways.any(Pathway.id == p.id))).all()]
        ]
    assert len(cards) == 9
    shown = [
        (text_of(card.select_one("a")), int(text_of(card.select_one(".app-pathway-list__count"))
                                            .split()[0]))
        for card in cards
    ]
    assert shown == expected
    assert html.select_one("form[role=search] input[name=q]") is not None


def test_pathway_page_lists_only_published_services_of_that_pathway(demo_client, shared_demo_app):
    names = all_result_names(demo_client, "/pathways/accommodation")
    with shared_demo_app.app_context():
        expected = set(db.session.scalars(
            select(Service.name).where(
                Service.status == ServiceStatus.PUBLISHED,
                Service.pathways.any(Pathway.slug == "accommodation"),
            )
        ))
        drafts = set(db.session.scalars(
            select(Service.name).where(Service.status != ServiceStatus.PUBLISHED)
        ))
    assert set(names) == expected
    assert len(names) == len(expected)  # no service twice across pages
    assert not (set(names) & drafts - expected)


def test_area_filter_includes_county_wide_services(demo_client):
    norwich = set(all_result_names(demo_client, "/pathways/accommodation?area=norwich"))
    yarmouth = set(all_result_names(demo_client, "/pathways/accommodation?area=great-yarmouth"))
    everything = set(all_result_names(demo_client, "/pathways/accommodation"))
    assert norwich and yarmouth
    assert norwich < everything and yarmouth < everything
    overlap = EXPECTATIONS["overlaps"][0]
    assert overlap["area"] == "norwich" and overlap["pathway"] == "accommodation"
    # The three deliberate Norwich services for men on release all show for Norwich.
    with_men = set(all_result_names(
        demo_client, "/pathways/accommodation?area=norwich&client_group=men&stage=release"))
    assert len(with_men) >= 3
    assert with_men <= norwich


def test_filters_are_remembered_in_the_form(demo_client):
    html = page(demo_client.get(
        "/pathways/accommodation?area=norwich&client_group=women&self_referral=1"))
    assert html.select_one("#area option[selected]")["value"] == "norwich"
    assert html.select_one("#client_group option[selected]")["value"] == "women"
    assert html.select_one("#self_referral").has_attr("checked")
    assert "Clear filters" in text_of(html)


def test_unknown_filter_values_are_ignored_not_errors(demo_client):
    response = demo_client.get("/pathways/accommodation?area=atlantis&page=-3&stage=%00")
    assert response.status_code == 200
    assert result_names(response)


def test_unknown_pathway_is_a_friendly_404(demo_client):
    response = demo_client.get("/pathways/astrology")
    assert response.status_code == 404
    assert "Page not found" in text_of(page(response))


def test_service_page_shows_what_a_person_needs(demo_client, shared_demo_app):
    with shared_demo_app.app_context():
        service = db.session.scalars(
            select(Service).where(
                Service.status == ServiceStatus.PUBLISHED,
                Service.phone != "",
                Service.schedule.any(),
            )
        ).first()
        url, name, phone = f"/services/{service.id}", service.name, service.phone
        org_name = service.organisation.name
    html = page(demo_client.get(url))
    assert text_of(html.h1) == name
    body = text_of(html)
    assert org_name in body
    for heading in ("What they offer", "Who it is for", "How to get help", "Contact",
                    "Opening times", "Areas covered"):
        assert heading in body
    tel = html.select_one('#contact ~ ul a[href^="tel:"]')
    assert tel is not None and text_of(tel) == phone
    assert tel["href"] == "tel:" + phone.replace(" ", "")
    assert "Information checked on" in body


def test_service_checked_long_ago_warns_the_reader(demo_app):
    with demo_app.app_context():
        service = db.session.scalars(
            select(Service).where(Service.status == ServiceStatus.PUBLISHED)).first()
        from datetime import date, timedelta
        service.last_checked_on = date.today() - timedelta(days=200)
        db.session.commit()
        url = f"/services/{service.id}"
    client = demo_app.test_client()
    assert "may be out of date" in text_of(page(client.get(url)))
    with demo_app.app_context():
        service = db.session.get(Service, service.id)
        service.last_checked_on = date.today()
        db.session.commit()
    assert "may be out of date" not in text_of(page(client.get(url)))


def test_draft_and_archived_services_are_not_public(demo_client, shared_demo_app):
    with shared_demo_app.app_context():
        hidden = db.session.scalars(
            select(Service.id).where(Service.status != ServiceStatus.PUBLISHED)).all()
    assert hidden, "the demo data should include drafts or archived services"
    for service_id in hidden:
        assert demo_client.get(f"/services/{service_id}").status_code == 404


def test_refuge_address_is_never_shown(demo_app):
    from directory.models import Location, ServiceAtLocation

    with demo_app.app_context():
        refuges = db.session.scalars(select(Location).where(Location.hide_address)).all()
        assert refuges, "the demo data should include a refuge"
        for refuge in refuges:  # give each a street, to prove it is held back
            refuge.address = f"7 Hidden Lane, {refuge.address}"
        db.session.commit()
        rows = db.session.execute(
            select(Service.id, Location.postcode)
            .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .where(Location.hide_address, Service.status == ServiceStatus.PUBLISHED)
        ).all()
    assert rows, "the demo data should include a published refuge"
    client = demo_app.test_client()
    for service_id, postcode in rows:
        body = client.get(f"/services/{service_id}").get_data(as_text=True)
        assert "Hidden Lane" not in body
        assert not postcode or postcode not in body
        assert "only given to people using the service" in body


def test_exit_this_page_on_domestic_abuse_clears_the_session(demo_client):
    html = page(demo_client.get("/pathways/domestic-abuse"))
    button = html.select_one(".govuk-exit-this-page a")
    assert button is not None and button["href"] == "/exit"
    assert page(demo_client.get("/pathways/accommodation")).select_one(
        ".govuk-exit-this-page") is None
    with demo_client.session_transaction() as session:
        session["anything"] = "remembered"
    response = demo_client.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://")
    with demo_client.session_transaction() as session:
        assert "anything" not in session


def test_organisation_page_lists_its_published_services(demo_client, shared_demo_app):
    with shared_demo_app.app_context():
        organisation = db.session.scalars(select(Organisation)).first()
        expected = sorted(s.name for s in organisation.services if s.status == "published")
        url = f"/organisations/{organisation.id}"
    html = page(demo_client.get(url))
    assert text_of(html.h1) == organisation.name
    assert sorted(text_of(a) for a in html.select(".app-result__title a")) == expected


@pytest.mark.parametrize("path, heading", [
    ("/about", "About this website"),
    ("/privacy", "Privacy"),
    ("/cookies", "Cookies"),
    ("/accessibility", "Accessibility statement"),
])
def test_information_pages(demo_client, path, heading):
    html = page(demo_client.get(path))
    assert text_of(html.h1) == heading


def test_public_pages_do_not_say_offenders(demo_client, shared_demo_app):
    with shared_demo_app.app_context():
        service_ids = db.session.scalars(
            select(Service.id).where(Service.status == ServiceStatus.PUBLISHED)).all()
    paths = ["/", "/about", "/privacy", "/cookies", "/accessibility", "/search?q=help"]
    paths += [f"/pathways/{slug}" for slug in ("accommodation", "domestic-abuse")]
    paths += [f"/services/{service_id}" for service_id in service_ids]
    for path in paths:
        body = text_of(page(demo_client.get(path))).lower()
        assert "offender" not in body, path


def test_seed_ids_are_stable():
    assert seed_id("service", "x") == seed_id("service", "x")
    assert seed_id("service", "x") != seed_id("organisation", "x")
