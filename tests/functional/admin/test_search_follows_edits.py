"""Changes made on the admin pages show in public search at once: the search index follows
every commit without the admin code doing anything about search."""

from tests.functional.admin.conftest import client_as
from tests.functional.admin.test_editing import _form_data
from tests.helpers import csrf_token, page, text_of


def found(app, text: str) -> list[str]:
    html = page(app.test_client().get("/search", query_string={"q": text}))
    return [text_of(a) for a in html.select(".app-result__title a")]


def test_an_edited_service_is_found_by_its_new_words(listing_app):
    editor = client_as(listing_app, "own_editor")
    url = f"/admin/services/{listing_app.listing.service}/edit"
    assert found(listing_app, "lodgings") == []
    response = editor.post(url, data=_form_data(editor.get(url), name="Move-on lodgings"))
    assert response.status_code == 302
    assert found(listing_app, "lodgings") == ["Move-on lodgings"]


def test_archiving_takes_a_service_out_of_search(listing_app):
    editor = client_as(listing_app, "own_editor")
    service = listing_app.listing.service
    assert found(listing_app, "move-on housing") == ["Move-on housing"]
    token = csrf_token(editor.get(f"/admin/services/{service}/edit"))
    editor.post(f"/admin/services/{service}/status/archived", data={"csrf_token": token})
    assert found(listing_app, "move-on housing") == []


def test_renaming_a_pathway_reindexes_its_services(listing_app):
    admin = client_as(listing_app, "admin")
    term = listing_app.listing.pathway
    assert found(listing_app, "lighthouse") == []
    form = admin.get(f"/admin/taxonomies/pathway/{term}/edit")
    admin.post(f"/admin/taxonomies/pathway/{term}/edit",
               data={"csrf_token": csrf_token(form), "name": "Lighthouse homes",
                     "description": ""})
    assert found(listing_app, "lighthouse") == ["Move-on housing"]
