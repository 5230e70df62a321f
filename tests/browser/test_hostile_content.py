"""Attacks typed into every text field of a listing show as text and never run in a browser."""

import threading

import pytest
from werkzeug.serving import make_server

from directory.listings.seeding import load_seed
from tests.conftest import make_app
from tests.helpers import make_user, signed_in_session
from tests.security.forms import urls_for
from tests.security.hostile import XSS_PAYLOADS, add_hostile_listing

TRACES_OF_INJECTION = """() => ({
    injected: [...document.querySelectorAll('[id^="xss"]')].map(e => e.outerHTML),
    scriptLinks: [...document.querySelectorAll('a[href^="javascript:" i], [src^="javascript:" i]')]
        .map(e => e.outerHTML),
    ran: window.xssRan === 1,
})"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("hostile"))
    with app.app_context():
        load_seed()
        services = [add_hostile_listing(payload) for payload in XSS_PAYLOADS]
        listings = [(s.id, s.organisation_id, s.pathways[0].slug) for s in services]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", listings, app
    server.shutdown()


def hostile_urls(listings) -> list[str]:
    urls = ["/", f"/pathways/{listings[0][2]}"]
    for payload, (service_id, organisation_id, _) in zip(XSS_PAYLOADS, listings, strict=True):
        urls += [f"/services/{service_id}", f"/organisations/{organisation_id}",
                 "/search?q=" + payload.replace("#", "").replace("&", "%26")]
    return urls


def test_no_payload_runs_or_becomes_markup(hostile_site, browser_page):
    base, listings, _app = hostile_site
    assert_nothing_runs(browser_page, base, hostile_urls(listings))


def assert_nothing_runs(browser_page, base: str, urls: list[str]) -> None:
    dialogs, errors = [], []
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Not "Failed to load resource": that is an address of the walk that does not exist.
    browser_page.on("console", lambda message: errors.append(message.text)
                    if message.type == "error" and "Failed to load" not in message.text
                    else None)
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    for url in urls:
        response = browser_page.goto(base + url)
        assert response.status < 500, url
        if response.status >= 400:  # e.g. an id of the wrong kind in a signed-in address
            continue
        traces = browser_page.evaluate(TRACES_OF_INJECTION)
        assert traces == {"injected": [], "scriptLinks": [], "ran": False}, url
    assert dialogs == [], "a payload ran"
    # A payload turned into markup would also show as a CSP refusal in the console.
    assert errors == [], errors


def signed_in_admin_cookie(app, base: str) -> dict:
    """The session cookie signing in would give an admin, made without the sign-in form."""
    with app.app_context():
        user = make_user("hostile-admin@example.org", "admin")
        session = signed_in_session(user)
    value = app.session_interface.get_signing_serializer(app).dumps(session)
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": base}


def admin_pages(app, listings) -> list[str]:
    """Every signed-in page that shows the hostile listings (walking app.url_map)."""
    ids = [str(i) for i in listings[0][:2]]
    return sorted({url for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith(("admin.", "board.")) and "GET" in rule.methods
                   for url in urls_for(rule, ids)})


def test_no_payload_runs_on_the_signed_in_pages(hostile_site, browser_page):
    base, listings, app = hostile_site
    browser_page.context.add_cookies([signed_in_admin_cookie(app, base)])
    urls = admin_pages(app, listings)
    assert "/admin/" in urls
    browser_page.goto(base + "/admin/")
    assert "/sign-in" not in browser_page.url, "the made-up session cookie did not sign in"
    assert_nothing_runs(browser_page, base, urls)


def test_payloads_show_as_the_text_that_was_typed(hostile_site, browser_page):
    base, listings, _app = hostile_site
    for payload, (service_id, _, _) in zip(XSS_PAYLOADS, listings, strict=True):
        browser_page.goto(f"{base}/services/{service_id}")
        heading = browser_page.inner_text("h1")
        assert " ".join(payload.split()) in " ".join(heading.split())
