"""Errors look like the rest of the site; unsafe settings stop the app from starting."""

import pytest

from directory import create_app
from directory.setup.config import ConfigError
from tests.helpers import page, text_of


def test_production_start_without_secret_key_is_refused(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app()


def test_server_error_page_is_in_the_site_style(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = page(response)
    assert "Sorry, there is a problem" in text_of(html.h1)
    assert html.select_one(".govuk-footer") is not None
    assert "broken on purpose" not in response.get_data(as_text=True)


def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get("/about")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_public_pages_set_no_cookies(demo_client):
    for path in ("/", "/about", "/search?q=housing", "/pathways/accommodation"):
        response = demo_client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path


def test_pagination_walks_every_page_once(demo_client):
    first = page(demo_client.get("/pathways/social-networks"))
    assert first.select_one(".govuk-pagination") is not None
    names, number = set(), 1
    while batch := [text_of(a) for a in page(demo_client.get(
            f"/pathways/social-networks?page={number}")).select(".app-result__title a")]:
        assert not (names & set(batch)), "a service shows on two pages"
        names |= set(batch)
        number += 1
    assert number > 2
    heading = text_of(first.select_one("#results-heading"))
    assert heading.startswith(f"{len(names)} services")
