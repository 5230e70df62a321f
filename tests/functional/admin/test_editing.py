"""Editing listings: forms that keep what was typed, refusing stale saves, preview, publish,
archive, review."""

import uuid

from directory.extensions import db
from directory.models import Organisation, Service, ServiceStatus
from tests.functional.admin.conftest import client_as
from tests.helpers import csrf_token, page, text_of


def _service(app) -> Service:
    return db.session.get(Service, uuid.UUID(app.listing.service))


def _form_data(response, **changes) -> dict:
    """What a browser would send back from a form page, with some fields changed."""
    html = page(response)
    form = html.select_one("main form[method=post]:has(#name)")
    data: dict = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field["value"])
        else:
            data[name] = field.get("value", "")
    data.update(changes)
    return data


def test_a_new_service_is_a_draft_until_published(listing_app):
    client = client_as(listing_app, "own_editor")
    org = listing_app.listing.organisation
    form = client.get(f"/admin/organisations/{org}/services/new")
    data = _form_data(form, name="Tenancy help", summary="Keep your home",
                      pathways=[listing_app.listing.pathway],
                      **{"schedule-0-weekday": "2", "schedule-0-opens": "10:00",
                         "schedule-0-closes": "13:30", "schedule-0-note": "Drop in"})
    response = client.post(f"/admin/organisations/{org}/services/new", data=data)
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    with listing_app.app_context():
        service = db.session.query(Service).filter_by(name="Tenancy help").one()
        assert service.status == ServiceStatus.DRAFT
        assert [p.name for p in service.pathways] == ["Accommodation"]
        service_id = service.id
    public = listing_app.test_client()
    assert public.get(f"/services/{service_id}").status_code == 404
    preview = page(client.get(preview_url))
    assert "This is how the public sees this page" in text_of(preview)
    assert "Wednesday" in text_of(preview) and "10am to 1:30pm (Drop in)" in text_of(preview)
    client.post(f"/admin/services/{service_id}/status/published",
                data={"csrf_token": csrf_token(client.get(preview_url))})
    assert public.get(f"/services/{service_id}").status_code == 200
    client.post(f"/admin/services/{service_id}/status/archived",
                data={"csrf_token": csrf_token(client.get(preview_url))})
    assert public.get(f"/services/{service_id}").status_code == 404


def test_a_form_with_errors_shows_everything_typed(listing_app):
    client = client_as(listing_app, "own_editor")
    url = f"/admin/services/{listing_app.listing.service}/edit"
    data = _form_data(client.get(url), name="", summary="Typed summary", email="not-an-email",
                      cost="Free to anyone", **{"schedule-1-weekday": "4",
                                                "schedule-1-opens": "25:00",
                                                "schedule-1-closes": "17:00"})
    response = client.post(url, data=data)
    assert response.status_code == 200
    html = page(response)
    assert html.title.string.startswith("Error:")
    summary = text_of(html.select_one(".govuk-error-summary"))
    for message in ("Enter the name of the service", "Enter an email address like",
                    "Enter the opening time like 09:00"):
        assert message in summary
    assert html.select_one("#summary")["value"] == "Typed summary"
    assert html.select_one("#cost")["value"] == "Free to anyone"
    assert html.select_one("#email")["value"] == "not-an-email"
    assert html.select_one("#schedule-1-opens")["value"] == "25:00"
    assert html.select_one("#schedule-1-weekday option[selected]")["value"] == "4"
    assert html.select_one(f"input[name=pathways][value='{listing_app.listing.pathway}']"
                           ).has_attr("checked")
    with listing_app.app_context():
        assert _service(listing_app).summary == "Rooms after prison"


def test_the_second_of_two_editors_is_refused_and_shown_what_changed(listing_app):
    url = f"/admin/services/{listing_app.listing.service}/edit"
    first, second = client_as(listing_app, "admin"), client_as(listing_app, "own_editor")
    first_form, second_form = first.get(url), second.get(url)
    saved = first.post(url, data=_form_data(first_form, phone="01632 960999"))
    assert saved.status_code == 302
    refused = second.post(url, data=_form_data(second_form, name="Renamed by second"))
    assert refused.status_code == 409
    banner = text_of(page(refused).select_one("#conflict"))
    assert "Someone else saved this service" in banner
    assert "What they changed" in banner
    assert "Phone 01632 960001 01632 960999" in banner
    assert "Name" not in banner.split("What they changed")[1].split("Your changes")[0]
    with listing_app.app_context():
        service = _service(listing_app)
        assert (service.name, service.phone) == ("Move-on housing", "01632 960999")
    # What they typed is still there; saving again is now a deliberate choice.
    assert page(refused).select_one("#name")["value"] == "Renamed by second"
    again = second.post(url, data=_form_data(refused))
    assert again.status_code == 302
    with listing_app.app_context():
        assert _service(listing_app).name == "Renamed by second"


def test_the_review_list_shows_overdue_listings_to_their_editors(listing_app):
    own, other = client_as(listing_app, "own_editor"), client_as(listing_app, "other_editor")
    assert "Move-on housing" in text_of(page(own.get("/admin/review")))
    assert "Move-on housing" not in text_of(page(other.get("/admin/review")))
    public = listing_app.test_client()
    service_url = f"/services/{listing_app.listing.service}"
    assert "may be out of date" in text_of(page(public.get(service_url)))
    review = own.get("/admin/review")
    response = own.post(f"/admin/services/{listing_app.listing.service}/confirm",
                        data={"csrf_token": csrf_token(review), "next": "/admin/review"})
    assert response.headers["Location"] == "/admin/review"
    after = page(own.get("/admin/review"))
    assert "is marked as checked today" in text_of(after)
    assert not after.select("table") and "Nothing to check" in text_of(after)
    assert "may be out of date" not in text_of(page(public.get(service_url)))


def test_an_editor_s_new_organisation_waits_for_an_admin(listing_app):
    editor = client_as(listing_app, "own_editor")
    form = editor.get("/admin/organisations/new")
    response = editor.post("/admin/organisations/new", data={
        "csrf_token": csrf_token(form), "name": "New Start"})
    assert response.status_code == 302
    with listing_app.app_context():
        organisation = db.session.query(Organisation).filter_by(name="New Start").one()
        assert organisation.hidden
        org_id = organisation.id
    public = listing_app.test_client()
    assert public.get(f"/organisations/{org_id}").status_code == 404
    admin = client_as(listing_app, "admin")
    admin.post(f"/admin/organisations/{org_id}/visibility/show",
               data={"csrf_token": csrf_token(admin.get("/admin/"))})
    assert public.get(f"/organisations/{org_id}").status_code == 200
    # The editor who proposed it may keep editing it.
    assert editor.get(f"/admin/organisations/{org_id}/edit").status_code == 200


def test_a_refuge_location_hides_its_street_from_the_public(listing_app):
    editor = client_as(listing_app, "own_editor")
    url = f"/admin/locations/{listing_app.listing.location}/edit"
    form = editor.get(url)
    editor.post(url, data={"csrf_token": csrf_token(form), "name": "Safe house",
                           "address": "3 Quiet Road, Norwich", "postcode": "nr2 2bb",
                           "hide_address": "y"})
    text = text_of(page(listing_app.test_client().get(
        f"/services/{listing_app.listing.service}")))
    assert "Safe house" in text and "Quiet Road" not in text and "NR2 2BB" not in text


def test_a_stale_save_is_refused_even_when_the_log_does_not_reach_back(listing_app):
    from sqlalchemy import delete

    from directory.models import AuditEntry

    url = f"/admin/services/{listing_app.listing.service}/edit"
    first, second = client_as(listing_app, "admin"), client_as(listing_app, "own_editor")
    first_form, second_form = first.get(url), second.get(url)
    first.post(url, data=_form_data(first_form, phone="01632 960999"))
    with listing_app.app_context():
        db.session.execute(delete(AuditEntry))
        db.session.commit()
    refused = second.post(url, data=_form_data(second_form, summary="Second summary"))
    assert refused.status_code == 409
    banner = text_of(page(refused).select_one("#conflict"))
    assert "How the saved service differs from what you typed" in banner
    assert "Phone 01632 960001 01632 960999" in banner
    with listing_app.app_context():
        assert _service(listing_app).summary == "Rooms after prison"


def test_a_service_saved_unchanged_stays_unchanged_whatever_line_breaks_the_browser_sends(
        listing_app):
    """A text area sends its line breaks as CRLF (the HTML standard); the seed, imports and
    the database keep "\\n". Saving without a change must record no change."""
    with listing_app.app_context():
        service = _service(listing_app)
        service.description = "We find you a room.\nWe help you keep it."
        db.session.commit()
        version = service.version
    url = f"/admin/services/{listing_app.listing.service}/edit"
    client = client_as(listing_app, "own_editor")
    form = client.get(url)
    sent = _form_data(form)
    assert sent["description"].strip() == "We find you a room.\nWe help you keep it."
    sent["description"] = sent["description"].replace("\n", "\r\n")  # as a browser sends it
    assert client.post(url, data=sent).status_code == 302
    with listing_app.app_context():
        service = _service(listing_app)
        assert service.description == "We find you a room.\nWe help you keep it."
        assert service.version == version
