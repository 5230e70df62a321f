"""Full links are built on PUBLIC_URL, never on the Host a request came with: a request
sent with someone else's Host must not get links (least of all a password link) to it."""

import re

import pytest

from tests.conftest import make_app
from tests.functional.admin.conftest import add_listing, client_as
from tests.helpers import csrf_token

PUBLIC = "https://directory.example.org"
HOSTILE = {"HTTP_HOST": "evil.example", "SERVER_NAME": "evil.example"}


@pytest.fixture
def site(tmp_path):
    app = make_app(tmp_path, PUBLIC_URL=PUBLIC)
    app.listing = add_listing(app)
    return app


def test_a_password_link_uses_public_url_whatever_the_host(site, caplog):
    admin = client_as(site, "admin")
    user = site.listing.users["viewer"]
    form = admin.get(f"/admin/users/{user}", environ_base=HOSTILE)
    with caplog.at_level("WARNING"):
        admin.post(f"/admin/users/{user}/reset", data={"csrf_token": csrf_token(form)},
                   environ_base=HOSTILE)
    links = re.findall(r"https?://\S+/set-password/\S+", caplog.text)
    assert links and all(link.startswith(f"{PUBLIC}/set-password/") for link in links), links
    assert "evil.example" not in caplog.text


def test_the_api_s_openapi_url_uses_public_url(site):
    body = site.test_client().get("/api/", environ_base=HOSTILE).get_json()
    assert body["openapi_url"] == f"{PUBLIC}/api/openapi.json"
    document = site.test_client().get("/api/openapi.json", environ_base=HOSTILE).get_data(
        as_text=True)
    assert "evil.example" not in document


def test_a_shared_list_and_exported_services_link_to_public_url(site):
    service = site.listing.service
    shared = site.test_client().get(f"/shortlist?services={service}", environ_base=HOSTILE)
    assert f'value="{PUBLIC}/shortlist?services={service}"' in shared.get_data(as_text=True)
    assert b"evil.example" not in shared.data
    printed = site.test_client().get(f"/shortlist/print?services={service}",
                                     environ_base=HOSTILE)
    assert f"{PUBLIC}/shortlist?services={service}" in printed.get_data(as_text=True)
    assert b"evil.example" not in printed.data  # the QR code is made from the same link
    admin = client_as(site, "admin")
    export = admin.get("/admin/data/export/json", environ_base=HOSTILE)  # no url of its own
    assert f'"url": "{PUBLIC}/services/{service}"' in export.get_data(as_text=True)
    assert b"evil.example" not in export.data
