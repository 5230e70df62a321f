"""Following another directory's API: a small fake Open Referral UK server on loopback, and
this site's own API served by a second instance."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from directory.extensions import db
from directory.interop import feeds
from directory.interop.importing import import_file
from directory.models import Feed, Service, ServiceStatus
from tests.functional.test_export_import import load_taxonomies_only
from tests.functional.test_import_sources import as_file, hsds_service


class FakeDirectory:
    """Serves services two to a page; records what it was asked."""

    def __init__(self, services: list[dict]):
        self.services = services
        self.requests: list[str] = []
        self.broken = None  # "down", "junk" or a status code
        directory = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                directory.requests.append(self.path)
                status, body = directory.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/api"

    def answer(self, path: str) -> tuple[int, bytes]:
        if self.broken == "junk":
            return 200, b"<html>Welcome to our new website</html>"
        if isinstance(self.broken, int):
            return self.broken, b"{}"
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if parts.path == "/api/services":
            page, size = int(query["page"][0]), 2
            listed = self.services[(page - 1) * size: page * size]
            pages = max(1, -(-len(self.services) // size))
            return 200, json.dumps({
                "total_items": len(self.services), "total_pages": pages, "page_number": page,
                "size": len(listed), "first_page": page == 1, "last_page": page >= pages,
                "empty": not listed,
                "contents": [{"id": s["id"], "name": s["name"]} for s in listed]}).encode()
        found = [s for s in self.services if parts.path == f"/api/services/{s['id']}"]
        return (200, json.dumps(found[0]).encode()) if found else (404, b"{}")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    server = FakeDirectory([hsds_service(service_id=f"s{n}", name=f"Service {n}")
                            for n in range(1, 6)])
    yield server
    server.close()


@pytest.fixture
def empty(app):
    with app.app_context():
        load_taxonomies_only()
        yield app


def test_cli_adds_and_pulls_a_feed_paging_through_every_service(empty, fake):
    runner = empty.test_cli_runner()
    result = runner.invoke(args=["feeds", "add", "Suffolk", fake.url])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["feeds", "pull", "Suffolk"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created 5, updated 0")
    assert [p for p in fake.requests if "page=" in p] == [
        "/api/services?page=1&per_page=100", "/api/services?page=2&per_page=100",
        "/api/services?page=3&per_page=100"]
    assert db.session.scalar(select(func.count()).select_from(Service).where(
        Service.source == "feed:Suffolk")) == 5
    feed = feeds.feed_named("Suffolk")
    assert feed.last_ok and feed.last_result.startswith("Created 5")


def test_a_second_pull_asks_only_for_changes_since_the_last_good_one(empty, fake):
    feed = feeds.add_feed("Suffolk", fake.url)
    assert feeds.pull(feed).ok
    fake.requests.clear()
    fake.services = fake.services[:1]
    fake.services[0]["name"] = "Service 1 renamed"
    report = feeds.pull(feeds.feed_named("Suffolk"))
    assert report.ok and report.updated == ["Service 1 renamed (Broadland Housing Trust)"]
    assert "modified_after=" in fake.requests[0]
    assert db.session.scalar(select(func.count()).select_from(Service)) == 5


@pytest.mark.parametrize("trouble, reason", [
    ("down", "could not be reached"),
    ("junk", "did not send JSON"),
    (503, "answered 503"),
])
def test_a_feed_that_is_down_or_sends_junk_changes_nothing_and_says_why(
        empty, fake, trouble, reason):
    feed = feeds.add_feed("Suffolk", fake.url)
    assert feeds.pull(feed).ok
    versions = dict(db.session.execute(select(Service.id, Service.version)).all())
    if trouble == "down":
        fake.close()
    else:
        fake.broken = trouble
    fake.services[0]["name"] = "Changed"
    report = feeds.pull(feeds.feed_named("Suffolk"))
    assert not report.ok and reason in str(report.errors[0])
    assert dict(db.session.execute(select(Service.id, Service.version)).all()) == versions
    feed = feeds.feed_named("Suffolk")
    assert feed.last_ok is False and reason in feed.last_result
    assert feed.last_success_at is not None  # the next pull still asks from the last good one


def test_one_bad_service_in_a_feed_stops_the_whole_pull(empty, fake):
    fake.services[3]["email"] = "not an address"
    report = feeds.pull(feeds.add_feed("Suffolk", fake.url))
    assert not report.ok and "email: should be an email address" in str(report.errors[0])
    assert db.session.scalar(select(func.count()).select_from(Service)) == 0


def test_a_pull_touches_only_the_feeds_own_records(empty, fake):
    assert import_file(as_file(hsds_service(service_id="s1", name="From a file")), "a.json").ok
    feeds.pull(feeds.add_feed("Suffolk", fake.url))
    feeds.pull(feeds.add_feed("Norfolk", fake.url))
    names = db.session.execute(select(Service.source, func.count()).group_by(
        Service.source)).all()
    assert dict(names) == {"files": 1, "feed:Suffolk": 5, "feed:Norfolk": 5}
    assert db.session.scalar(select(Service.name).where(Service.source == "files")) \
        == "From a file"


def test_feeds_due_are_pulled_on_schedule_once(empty, fake):
    feeds.add_feed("Suffolk", fake.url, pull_every_hours=6)
    feeds.add_feed("By hand", fake.url)
    assert feeds.pull_due_feeds() == ["Suffolk"]
    assert feeds.pull_due_feeds() == []  # not due again for 6 hours


def test_a_feed_needs_a_web_address(empty):
    with pytest.raises(feeds.FeedError, match="should start https://"):
        feeds.add_feed("Local", "file:///etc/passwd")
    result = empty.test_cli_runner().invoke(args=["feeds", "pull", "Nobody"])
    assert result.exit_code == 1 and "There is no feed called 'Nobody'" in result.output


def test_one_instance_reads_another_through_its_api(shared_demo_app, empty):
    server = make_server("127.0.0.1", 0, shared_demo_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with shared_demo_app.app_context():
            published = set(db.session.scalars(select(Service.name).where(
                Service.status == ServiceStatus.PUBLISHED)))
        feed = feeds.add_feed("Demo", f"http://127.0.0.1:{server.server_port}/api")
        report = feeds.pull(feed)
        assert report.ok, report.lines()[:20]
        assert set(db.session.scalars(select(Service.name))) == published
        again = feeds.pull(db.session.get(Feed, feed.id))
        assert again.ok and not again.created and not again.updated
    finally:
        server.shutdown()


def test_a_feed_can_be_an_older_v1_api_like_our_own(shared_demo_app, empty):
    """Pointed at /api/v1, a pull recognises v1 pages (content, totalElements, totalPages)
    and reads every service from them; the places a service really has come too, not the
    stand-in our v1 API gives a service with no building."""
    server = make_server("127.0.0.1", 0, shared_demo_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with shared_demo_app.app_context():
            published = db.session.scalars(select(Service).where(
                Service.status == ServiceStatus.PUBLISHED)).all()
            expected = {s.name: sorted(place.name for place in s.locations) for s in published}
        feed = feeds.add_feed("Demo v1", f"http://127.0.0.1:{server.server_port}/api/v1/")
        report = feeds.pull(feed)
        assert report.ok, report.lines()[:20]
        assert report.shape.startswith("This file holds services")
        pulled = db.session.scalars(select(Service)).all()
        assert {s.name: sorted(place.name for place in s.locations) for s in pulled} == expected
        again = feeds.pull(db.session.get(Feed, feed.id))
        assert again.ok and not again.created and not again.updated, again.lines()[:20]
    finally:
        server.shutdown()


def test_admins_add_and_pull_feeds_on_their_page(admin_client, fake):
    from tests.helpers import csrf_token

    page = admin_client.get("/admin/data/feeds")
    assert page.status_code == 200 and "No feeds yet" in page.get_data(as_text=True)
    token = csrf_token(page)
    bad = admin_client.post("/admin/data/feeds", data={
        "csrf_token": token, "name": "Suffolk", "url": "not an address"})
    assert "Error:" in bad.get_data(as_text=True) and 'value="not an address"' in \
        bad.get_data(as_text=True)
    admin_client.post("/admin/data/feeds", data={
        "csrf_token": token, "name": "Suffolk", "url": fake.url, "every": "24"})
    page = admin_client.get("/admin/data/feeds").get_data(as_text=True)
    assert "Suffolk" in page and "Every 24 hours" in page
    with admin_client.application.app_context():
        feed_id = feeds.feed_named("Suffolk").id
    pulled = admin_client.post(f"/admin/data/feeds/{feed_id}/pull",
                               data={"csrf_token": token}, follow_redirects=True)
    text = pulled.get_data(as_text=True)
    assert "Pulled Suffolk: Created 5" in text and "Last result" in text
    fake.broken = 500
    text = admin_client.post(f"/admin/data/feeds/{feed_id}/pull", data={"csrf_token": token},
                             follow_redirects=True).get_data(as_text=True)
    assert "Suffolk was not pulled" in text and "answered 500" in text
