"""Following another directory's Open Referral UK API.

A pull pages through the feed's `/services` (asking only for what changed since the last good
pull with `modified_after`), fetches each listed service whole from `/services/{id}`, and
imports them all or nothing, as a file is imported, marked as the feed's own: a pull changes
only records that came from that feed. A feed that is down, slow or sends something that is
not Open Referral leaves everything as it was, and the reason is kept as its last result.

A feed may also be an older Open Referral UK v1 API (like our own /api/v1): its pages are
recognised by their shape (`content`, `totalElements`, `totalPages`). They hold each service
whole, so a v1 pull reads the pages only; v1 has no `modified_after`, so every pull reads every
page (the import still changes only what differs).

Feeds with `pull_every_hours` are pulled by a background thread in the app (see `init_app`);
several workers never pull the same feed twice at once (each claims a feed in the database).
"""

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update

from directory.extensions import db
from directory.interop import importing, shapes
from directory.interop.reading import Problem
from directory.models import Feed
from directory.models.common import utcnow

PER_PAGE = 100
MOST_PAGES = 2000  # 200,000 services: past that a feed is sending us in circles
LARGEST_RESPONSE = 20 * 1024 * 1024
TIMEOUT_SECONDS = 30


class FeedError(Exception):
    """Why a pull stopped, in words for the admin page."""


def add_feed(name: str, url: str, pull_every_hours: int | None = None) -> Feed:
    name, url = name.strip(), url.strip().rstrip("/")
    if not name or len(name) > 80:
        raise FeedError("Give the feed a name of 1 to 80 characters.")
    if not url.startswith(("https://", "http://")) or len(url) > 500:
        raise FeedError("The feed's address should start https:// and be its API's root, "
                        "for example https://directory.example.org/api")
    if db.session.scalar(select(Feed).where(Feed.name == name)):
        raise FeedError(f"There is already a feed called {name!r}.")
    feed = Feed(name=name, url=url, pull_every_hours=pull_every_hours, last_result="")
    db.session.add(feed)
    db.session.commit()
    return feed


def all_feeds() -> list[Feed]:
    return list(db.session.scalars(select(Feed).order_by(Feed.name)))


def feed_named(name: str) -> Feed | None:
    return db.session.scalar(select(Feed).where(Feed.name == name.strip()))


def pull(feed: Feed, dry_run: bool = False) -> importing.ImportReport:
    """Pull the feed now; the result is kept on the feed and returned."""
    started = utcnow()
    since = feed.last_success_at
    report = importing.ImportReport(dry_run=dry_run)
    try:
        services = _fetch_services(feed.url, since)
    except FeedError as error:
        report.errors.append(Problem(f"feed {feed.name}", feed.url, str(error)))
    else:
        contents = shapes.FileContents.of_services("services (a feed)", [
            (shapes.label_for("service", index, item), item)
            for index, item in enumerate(services, start=1)])
        if not services:
            contents = None
            report.shape = "The feed has no changes since the last pull."
        else:
            importing.import_contents(contents, report, source=feed.source)
    if not dry_run:
        _remember(feed, report, started, since)
    return report


def _remember(feed: Feed, report: importing.ImportReport, started: datetime,
              since: datetime | None) -> None:
    feed = db.session.merge(feed)
    feed.last_tried_at = started
    feed.last_ok = report.ok
    if report.ok:
        feed.last_success_at = started
    asked = f" (asked for changes since {since:%d %B %Y %H:%M} UTC)" if since else ""
    feed.last_result = "\n".join([report.lines()[0] + asked, *report.lines()[1:]])[:20_000]
    db.session.commit()


def _aware(moment: datetime) -> datetime:
    """SQLite hands our UTC times back without their offset."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _fetch_services(root: str, since: datetime | None) -> list[dict]:
    first = _services_page(root, 1, since)
    if _is_v1_page(first):
        return _v1_services(root, first)
    ids = _listed_ids(root, since, first)
    return [_get_json(f"{root}/services/{urllib.parse.quote(service_id, safe='')}",
                      f"service {service_id}") for service_id in ids]


def _services_page(root: str, page: int, since: datetime | None):
    query = {"page": page, "per_page": PER_PAGE}
    if since is not None:
        query["modified_after"] = _aware(since).isoformat()
    return _get_json(f"{root}/services?{urllib.parse.urlencode(query)}", f"page {page}")


def _is_v1_page(data) -> bool:
    return (isinstance(data, dict) and "contents" not in data
            and isinstance(data.get("content"), list)
            and ("totalElements" in data or "totalPages" in data))


def _v1_services(root: str, data: dict) -> list[dict]:
    """Every service on every page of a v1 API, in the 3.0 shape the import reads."""
    services: list[dict] = []
    page = 1
    while True:
        if not _is_v1_page(data):
            raise FeedError(f"Page {page} of /services is not an Open Referral v1 page (it has "
                            "no \"content\" list).")
        services += [shapes.from_oruk_v1(item) if isinstance(item, dict) else item
                     for item in data["content"]]
        total_pages = data.get("totalPages")
        if not data["content"] or data.get("last") is True \
                or not isinstance(total_pages, int) or page >= total_pages:
            return services
        page += 1
        if page > MOST_PAGES:
            raise FeedError(f"The feed has more than {MOST_PAGES} pages of services.")
        data = _services_page(root, page, None)


def _listed_ids(root: str, since: datetime | None, data) -> list[str]:
    ids: list[str] = []
    page = 1
    while True:
        if page > 1:
            data = _services_page(root, page, since)
        contents = data.get("contents") if isinstance(data, dict) else None
        if not isinstance(contents, list):
            raise FeedError(f"Page {page} of /services is not an Open Referral page (it has "
                            "no \"contents\" list). Is the address the API's root?")
        ids += [str(item["id"]) for item in contents if isinstance(item, dict) and item.get("id")]
        total_pages = data.get("total_pages")
        if not contents or data.get("last_page") is True or not isinstance(total_pages, int) \
                or page >= total_pages:
            return list(dict.fromkeys(ids))
        page += 1
        if page > MOST_PAGES:
            raise FeedError(f"The feed has more than {MOST_PAGES} pages of services.")


def _get_json(url: str, what: str):
    # add_feed allows only http(s) addresses; checked again here so no file: or other scheme
    # is ever opened.
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(f"The feed's address for {what} is not a web address.")
    headers = {"Accept": "application/json", "User-Agent": "rehabilitation-pathways"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  # nosec B310
    try:
        with urllib.request.urlopen(  # noqa: S310  # nosec B310 (http or https only, above)
                request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(LARGEST_RESPONSE + 1)
    except urllib.error.HTTPError as error:
        raise FeedError(f"The feed answered {error.code} {error.reason} for {what}.") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FeedError(f"The feed could not be reached for {what} ({reason}).") from error
    if len(body) > LARGEST_RESPONSE:
        raise FeedError(f"The feed sent more than 20 MB for {what}.")
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"The feed did not send JSON for {what}: is the address its API's "
                        "root?") from error


# ---- pulling on a schedule ------------------------------------------------------------------


def pull_due_feeds(now: datetime | None = None) -> list[str]:
    """Pull every feed whose time has come; names of those pulled."""
    now = now or utcnow()
    pulled = []
    for feed in db.session.scalars(select(Feed).where(Feed.pull_every_hours.is_not(None))):
        due_before = now - timedelta(hours=feed.pull_every_hours)
        # Claim it: only one worker's thread wins the update.
        claimed = db.session.execute(update(Feed).where(
            Feed.id == feed.id,
            or_(Feed.last_tried_at.is_(None), Feed.last_tried_at < due_before),
        ).values(last_tried_at=now).execution_options(synchronize_session=False)).rowcount
        db.session.commit()
        if claimed:
            pull(db.session.get(Feed, feed.id))
            pulled.append(feed.name)
    return pulled


def init_app(app: Flask) -> None:
    seconds = app.config.get("FEEDS_CHECK_SECONDS", 0 if app.testing else 300)
    if seconds:
        threading.Thread(target=_keep_pulling, args=(app, seconds), daemon=True).start()


def _keep_pulling(app: Flask, seconds: int) -> None:
    while True:
        time.sleep(seconds)
        with app.app_context():
            try:
                pull_due_feeds()
            except Exception:  # noqa: BLE001 - one bad pull must not stop the schedule
                current_app.logger.exception("Pulling feeds failed")
                db.session.rollback()
