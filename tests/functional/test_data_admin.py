"""The board's open-data pages: upload an import, download the directory."""

import io

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Service
from tests.functional.test_import import MOJ_FILE
from tests.helpers import csrf_token, make_user, page, sign_in_as, text_of


def _signed_in(app, role):
    client = app.test_client()
    with app.app_context():
        sign_in_as(client, make_user(f"{role}@example.org", role))
    return client


def _upload(client, data: bytes, name: str, check_only=False):
    form = client.get("/admin/data/")
    fields = {"csrf_token": csrf_token(form), "file": (io.BytesIO(data), name)}
    if check_only:
        fields["check_only"] = "y"
    return client.post("/admin/data/", data=fields, content_type="multipart/form-data")


def _services(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Service))


def test_an_admin_checks_then_imports_the_moj_catalogue(demo_app):
    client = _signed_in(demo_app, "admin")
    before = _services(demo_app)
    checked = page(_upload(client, MOJ_FILE.read_bytes(), MOJ_FILE.name, check_only=True))
    assert "File checked: nothing saved" in text_of(checked)
    assert "Would be created 180" in text_of(checked.select_one(".govuk-summary-list"))
    assert _services(demo_app) == before
    done = page(_upload(client, MOJ_FILE.read_bytes(), MOJ_FILE.name))
    assert "Import finished" in text_of(done)
    assert _services(demo_app) == before + 180


def test_a_bad_file_lists_every_problem_and_saves_nothing(demo_app):
    client = _signed_in(demo_app, "admin")
    before = _services(demo_app)
    response = _upload(client, MOJ_FILE.read_bytes()[:20000], "cut.json")
    html = page(response)
    assert html.title.string.startswith("Error:")
    assert "Nothing was imported: 1 problem" in text_of(html.select_one(".govuk-error-summary"))
    assert "not valid JSON" in text_of(html.select_one("table"))
    assert _services(demo_app) == before


def test_no_file_is_a_form_error(demo_app):
    client = _signed_in(demo_app, "admin")
    form = client.get("/admin/data/")
    html = page(client.post("/admin/data/", data={"csrf_token": csrf_token(form)}))
    assert "Choose a file to import" in text_of(html.select_one(".govuk-error-summary"))


def test_only_admins_may_import_but_every_member_may_download(demo_app):
    viewer = _signed_in(demo_app, "viewer")
    assert viewer.get("/admin/data/").status_code == 403
    assert viewer.post("/admin/data/").status_code in (400, 403)
    html = page(viewer.get("/admin/data/export/"))
    assert "Open data" in [text_of(a) for a in html.select(".govuk-service-navigation__link")]
    response = viewer.get("/admin/data/export/csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.get_data(as_text=True).startswith("service_id,name,")
    assert viewer.get("/admin/data/export/json").get_json()["total_items"] > 100


def test_anonymous_people_are_sent_to_sign_in(demo_app):
    client = demo_app.test_client()
    for url in ("/admin/data/", "/admin/data/export/", "/admin/data/export/json"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
