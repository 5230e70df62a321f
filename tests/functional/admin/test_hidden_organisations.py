"""Hidden means hidden everywhere: once an admin hides an organisation, none of its services
is on any public page, in search, the finder, a shortlist, the API or an export; and the
services of an organisation no admin has checked cannot be published."""

import json
import uuid

from directory.extensions import db
from directory.models import Organisation, Service, ServiceStatus
from directory.search.documents import published_documents
from tests.functional.admin.conftest import client_as
from tests.helpers import csrf_token, page, text_of

NAME = "Move-on housing"


def _public_places(app) -> dict[str, str]:
    """What every public way in shows, as text: a person would see the name in it."""
    listing = app.listing
    client = app.test_client()
    shown = {
        "service page": client.get(f"/services/{listing.service}"),
        "organisation page": client.get(f"/organisations/{listing.organisation}"),
        "pathway page": client.get("/pathways/accommodation"),
        "search": client.get("/search?q=housing"),
        "finder": client.get("/get-support/results?pathway=accommodation&client_group=anyone"
                             "&when=not-sure&area=anywhere"),
        "shortlist": client.get(f"/shortlist?services={listing.service}"),
        "shortlist print": client.get(f"/shortlist/print?services={listing.service}"),
        "api services": client.get("/api/services"),
        "api search": client.get("/api/services?search=housing"),
        "api service": client.get(f"/api/services/{listing.service}"),
        "api service at locations": client.get("/api/service_at_locations"),
    }
    member = client_as(app, "viewer")
    shown["export csv"] = member.get("/admin/data/export/csv")
    shown["export json"] = member.get("/admin/data/export/json")
    texts = {where: response.get_data(as_text=True) for where, response in shown.items()}
    with app.app_context():
        texts["search index documents"] = json.dumps(list(published_documents(db.session)))
    return texts


def _hide(app) -> None:
    admin = client_as(app, "admin")
    organisation = f"/admin/organisations/{app.listing.organisation}"
    response = admin.post(f"{organisation}/visibility/hide",
                          data={"csrf_token": csrf_token(admin.get(organisation))})
    assert response.status_code == 302


def test_services_of_a_hidden_organisation_are_nowhere_public(listing_app):
    before = _public_places(listing_app)
    assert [where for where, text in before.items()
            if NAME not in text and where != "organisation page"] == []
    _hide(listing_app)
    after = _public_places(listing_app)
    assert [where for where, text in after.items() if NAME in text] == []


def test_showing_the_organisation_again_brings_its_services_back(listing_app):
    _hide(listing_app)
    admin = client_as(listing_app, "admin")
    organisation = f"/admin/organisations/{listing_app.listing.organisation}"
    admin.post(f"{organisation}/visibility/show",
               data={"csrf_token": csrf_token(admin.get(organisation))})
    client = listing_app.test_client()
    assert NAME in client.get("/search?q=housing").get_data(as_text=True)
    assert client.get(f"/services/{listing_app.listing.service}").status_code == 200


def _proposed_service(app) -> str:
    """An editor proposes an organisation (hidden until an admin checks it) and adds a draft."""
    editor = client_as(app, "own_editor")
    form = editor.get("/admin/organisations/new")
    response = editor.post("/admin/organisations/new", data={
        "csrf_token": csrf_token(form), "name": "Brand New Help"})
    assert response.status_code == 302
    with app.app_context():
        organisation = db.session.scalar(db.select(Organisation).where(
            Organisation.name == "Brand New Help"))
        assert organisation.hidden
        service = Service(organisation=organisation, name="Brand new drop-in",
                          status=ServiceStatus.DRAFT)
        db.session.add(service)
        db.session.commit()
        return str(service.id)


def test_an_editor_cannot_publish_services_of_an_organisation_no_admin_has_checked(listing_app):
    service_id = _proposed_service(listing_app)
    editor = client_as(listing_app, "own_editor")
    preview = editor.get(f"/admin/services/{service_id}")
    note = page(preview).select_one("#publish-blocked")
    assert note is not None and "An admin needs to check Brand New Help" in text_of(note)
    assert "Publish" not in [text_of(b) for b in page(preview).select("button")]
    # Sending the publish form anyway changes nothing and says why.
    response = editor.post(f"/admin/services/{service_id}/status/published",
                           data={"csrf_token": csrf_token(preview)}, follow_redirects=True)
    assert "cannot be published yet" in text_of(page(response))
    with listing_app.app_context():
        assert db.session.get(Service, uuid.UUID(service_id)).status == ServiceStatus.DRAFT


def test_once_an_admin_shows_the_organisation_its_services_can_be_published(listing_app):
    service_id = _proposed_service(listing_app)
    with listing_app.app_context():
        service = db.session.get(Service, uuid.UUID(service_id))
        service.organisation.hidden = False
        db.session.commit()
    editor = client_as(listing_app, "own_editor")
    preview = editor.get(f"/admin/services/{service_id}")
    editor.post(f"/admin/services/{service_id}/status/published",
                data={"csrf_token": csrf_token(preview)})
    assert "Brand new drop-in" in listing_app.test_client().get(
        "/search?q=drop").get_data(as_text=True)
