"""What a production deployment relies on: health checks, security headers, proxy trust."""

import pytest

from directory import config
from tests.conftest import make_app

PAGES = ["/", "/search?q=housing", "/about", "/sign-in", "/no-such-page", "/healthz"]


def test_healthz_says_ok_after_asking_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    policy = dict(
        part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert policy["script-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_behind_a_trusted_tls_proxy(tmp_path):
    client = make_app(tmp_path, TRUSTED_PROXY_HOPS=1).test_client()
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_production_settings_refuse_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        config.load(str(tmp_path), debug=False, testing=False)


def test_production_settings_send_cookies_over_https_only(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "1")
    settings = config.load(str(tmp_path), debug=False, testing=False)
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    assert settings["TRUSTED_PROXY_HOPS"] == 1


def test_sqlite_lets_workers_read_while_one_writes(app):
    from sqlalchemy import text

    from directory.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's journal mode")
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 30_000
