"""Attacks typed into every text field of a listing show as text and never run in a browser."""

import threading

import pytest
from werkzeug.serving import make_server

from directory.seeding import load_seed
from tests.conftest import make_app
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
    yield f"http://127.0.0.1:{server.server_port}", listings
    server.shutdown()


def hostile_urls(listings) -> list[str]:
    urls = ["/", f"/pathways/{listings[0][2]}"]
    for payload, (service_id, organisation_id, _) in zip(XSS_PAYLOADS, listings, strict=True):
        urls += [f"/services/{service_id}", f"/organisations/{organisation_id}",
                 "/search?q=" + payload.replace("#", "").replace("&", "%26")]
    return urls


def test_no_payload_runs_or_becomes_markup(hostile_site, browser_page):
    base, listings = hostile_site
    dialogs, errors = [], []
    browser_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_page.on("console", lambda message: errors.append(message.text)
                    if message.type == "error" else None)
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    for url in hostile_urls(listings):
        response = browser_page.goto(base + url)
        assert response.status < 500, url
        traces = browser_page.evaluate(TRACES_OF_INJECTION)
        assert traces == {"injected": [], "scriptLinks": [], "ran": False}, url
    assert dialogs == [], "a payload ran"
    # A payload turned into markup would also show as a CSP refusal in the console.
    assert errors == [], errors


def test_payloads_show_as_the_text_that_was_typed(hostile_site, browser_page):
    base, listings = hostile_site
    for payload, (service_id, _, _) in zip(XSS_PAYLOADS, listings, strict=True):
        browser_page.goto(f"{base}/services/{service_id}")
        heading = browser_page.inner_text("h1")
        assert " ".join(payload.split()) in " ".join(heading.split())
