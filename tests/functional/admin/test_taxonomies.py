"""Admins add, rename, re-order and retire terms; retired ones leave public pages."""

import uuid

from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, Pathway
from tests.functional.admin.conftest import client_as
from tests.helpers import csrf_token, page, text_of


def home_pathways(app) -> list[str]:
    html = page(app.test_client().get("/"))
    return [text_of(a) for a in html.select("main a[href^='/pathways/']")]


def post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client.get("/admin/")), **data})


def test_retiring_a_pathway_hides_it_from_the_public_and_keeps_its_history(listing_app):
    admin = client_as(listing_app, "admin")
    term = listing_app.listing.pathway
    assert any("Accommodation" in name for name in home_pathways(listing_app))
    post(admin, f"/admin/taxonomies/pathway/{term}/retire")
    assert not any("Accommodation" in name for name in home_pathways(listing_app))
    assert listing_app.test_client().get("/pathways/accommodation").status_code == 404
    with listing_app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.record_id == uuid.UUID(term))).all()
        assert entries[-1].changes == {"retired": [False, True]}
    post(admin, f"/admin/taxonomies/pathway/{term}/restore")
    assert listing_app.test_client().get("/pathways/accommodation").status_code == 200


def test_renaming_keeps_the_web_address(listing_app):
    admin = client_as(listing_app, "admin")
    term = listing_app.listing.pathway
    post(admin, f"/admin/taxonomies/pathway/{term}/edit", name="Somewhere to live")
    assert "Somewhere to live" in text_of(page(
        listing_app.test_client().get("/pathways/accommodation")))


def test_reordering_changes_the_public_order(listing_app):
    admin = client_as(listing_app, "admin")
    before = home_pathways(listing_app)
    assert before.index(next(n for n in before if "Accommodation" in n)) < before.index(
        next(n for n in before if "Work" in n))
    post(admin, f"/admin/taxonomies/pathway/{listing_app.listing.pathway}/down")
    after = home_pathways(listing_app)
    assert after.index(next(n for n in after if "Work" in n)) < after.index(
        next(n for n in after if "Accommodation" in n))


def test_adding_a_term_gives_it_a_readable_unique_slug(listing_app):
    admin = client_as(listing_app, "admin")
    post(admin, "/admin/taxonomies/pathway", name="Work")
    post(admin, "/admin/taxonomies/area", name="Great Yarmouth", county_wide="y")
    with listing_app.app_context():
        slugs = set(db.session.scalars(select(Pathway.slug)))
        assert {"work", "work-2"} <= slugs
        from directory.models import Area

        area = db.session.scalar(select(Area).where(Area.slug == "great-yarmouth"))
        assert area.county_wide


def test_an_empty_name_is_refused_with_a_message(listing_app):
    admin = client_as(listing_app, "admin")
    response = post(admin, "/admin/taxonomies/stage", name="")
    assert "Enter a name" in text_of(page(response).select_one(".govuk-error-summary"))


def test_a_renamed_term_can_be_restored_from_its_history(listing_app):
    admin = client_as(listing_app, "admin")
    term = listing_app.listing.pathway
    post(admin, f"/admin/taxonomies/pathway/{term}/edit", name="Rooms")
    history = admin.get(f"/admin/history/pathway/{term}")
    assert "Name Accommodation Rooms" in text_of(page(history))
    with listing_app.app_context():
        change = db.session.scalars(select(AuditEntry).where(
            AuditEntry.record_id == uuid.UUID(term)).order_by(AuditEntry.changed_at.desc())
        ).first()
    admin.post(f"/admin/history/entries/{change.id}/restore",
               data={"csrf_token": csrf_token(history), "which": "before"})
    with listing_app.app_context():
        assert db.session.get(Pathway, uuid.UUID(term)).name == "Accommodation"
