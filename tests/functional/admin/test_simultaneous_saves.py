"""Two people saving the same service at the same moment: one is saved, the other is told
(409), never a 500 and never a lost save."""

import threading
import uuid

from directory.extensions import db
from directory.listings import editing
from directory.listings.values import ServiceValues
from directory.models import Pathway, Service
from tests.functional.admin.conftest import client_as
from tests.functional.admin.test_editing import _form_data

ROUNDS = 20


def test_two_admins_saving_at_once_for_20_rounds_give_no_error_and_lose_nothing(open_app):
    url = f"/admin/services/{open_app.listing.service}/edit"
    clients = [client_as(open_app, "admin"), client_as(open_app, "own_editor")]
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    lost: list[str] = []

    def save(client, word: str, results: dict) -> None:
        form = client.get(url)
        barrier.wait()  # both forms show the same version; both save at once
        results[word] = client.post(url, data=_form_data(form, summary=word)).status_code

    for round_number in range(ROUNDS):
        results: dict[str, int] = {}
        words = [f"round{round_number}by{who}" for who in ("admin", "editor")]
        threads = [threading.Thread(target=save, args=(c, w, results))
                   for c, w in zip(clients, words, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses += results.values()
        with open_app.app_context():
            summary = db.session.get(Service, uuid.UUID(open_app.listing.service)).summary
        saved = [word for word, status in results.items() if status == 302]
        if saved != [summary]:  # exactly one saved, and what it saved is what is kept
            lost.append(f"round {round_number}: {results} kept {summary!r}")
    assert [s for s in statuses if s not in (302, 409)] == []
    assert lost == []


def test_a_conflict_found_while_reading_terms_is_refused_not_an_error(listing_app):
    """The autoflush before a terms query is where the version check used to fail."""
    with listing_app.app_context():
        service = editing.get_service_for_editing(uuid.UUID(listing_app.listing.service))
        seen = service.version
        with db.engine.begin() as other:  # someone else saves meanwhile
            other.execute(db.update(Service).where(Service.id == service.id).values(
                version=seen + 1, phone="01632 960444"))
        pathway = db.session.scalar(db.select(Pathway).where(Pathway.slug == "work"))
        try:
            mine = ServiceValues.from_plain({"summary": "Mine", "pathways": [pathway.id]})
            editing.save_service(service, mine, seen)
        except editing.EditConflict as conflict:
            assert conflict.current_version == seen + 1
        else:
            raise AssertionError("an out-of-date save was not refused")
        db.session.rollback()
        assert db.session.get(Service, service.id).phone == "01632 960444"
