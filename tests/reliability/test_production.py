"""What a production deployment relies on: health checks, security headers, proxy trust."""

import pytest

from directory.setup import config
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


def gunicorn_answer(tmp_path, hops: int, headers: dict) -> dict:
    """The headers gunicorn (gunicorn.conf.py, production settings) answers a request on
    loopback with, for TRUSTED_PROXY_HOPS=`hops`."""
    import http.client
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("FORWARDED_ALLOW_IPS",
                                                            "FLASK_DEBUG")}
    env.update(SECRET_KEY="x" * 64, DATABASE_URL=f"sqlite:///{tmp_path / 'g.sqlite3'}",
               SEARCH_INDEX_DIR=str(tmp_path / "index"), SEARCH_CATCH_UP_ON_START="off",
               TRUSTED_PROXY_HOPS=str(hops), BIND=f"127.0.0.1:{port}", WORKERS="1")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
         "app:app"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/static/css/app.css", headers=headers)
                return dict(connection.getresponse().getheaders())
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_believes_forwarded_headers_only_as_trusted_proxy_hops_says(tmp_path):
    """Gunicorn's own allow list trusted X-Forwarded-Proto from loopback whatever
    TRUSTED_PROXY_HOPS said: anyone on the machine could claim HTTPS."""
    claim = {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on",
             "X-Forwarded-Protocol": "ssl"}
    assert "Strict-Transport-Security" not in gunicorn_answer(tmp_path / "none", 0, claim)
    behind_a_proxy = gunicorn_answer(tmp_path / "one", 1, {"X-Forwarded-Proto": "https"})
    assert "max-age=31536000" in behind_a_proxy["Strict-Transport-Security"]
