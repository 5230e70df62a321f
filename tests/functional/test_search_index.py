"""The index follows the database: every committed change shows in search, start-up catches
up with changes made elsewhere, and index trouble never becomes a user's error."""

import os
import threading
import time

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.listings.catalogue import ServiceFilters
from directory.models import Area, Organisation, Pathway, Service, ServiceStatus
from directory.search import find_services, indexing
from tests.conftest import make_app
from tests.helpers import page, text_of


def names_found(app, text: str, **filters) -> list[str]:
    with app.test_request_context():
        found = find_services(text, ServiceFilters(**filters))
        return [service.name for service in found.results.items]


def add_service(name: str, status=ServiceStatus.PUBLISHED, **values) -> Service:
    organisation = db.session.scalar(select(Organisation)) or Organisation(name="Helping Hands")
    service = Service(name=name, organisation=organisation, status=status, **values)
    db.session.add(service)
    db.session.commit()
    return service


@pytest.fixture
def housing_app(app):
    with app.app_context():
        db.session.add_all([
            Pathway(slug="accommodation", name="Accommodation"),
            Pathway(slug="finance", name="Finance, benefits and debt"),
            Area(slug="norwich", name="Norwich"),
        ])
        db.session.commit()
    return app


def test_created_edited_archived_and_deleted_services_show_at_once(housing_app):
    app = housing_app
    with app.app_context():
        service = add_service("Hostel beds", description="Beds for the night.")
        assert names_found(app, "hostel") == ["Hostel beds"]
        service.name = "Night shelter"
        db.session.commit()
        assert names_found(app, "hostel") == []
        assert names_found(app, "shelter") == ["Night shelter"]
        service.status = ServiceStatus.ARCHIVED
        db.session.commit()
        assert names_found(app, "shelter") == []
        service.status = ServiceStatus.PUBLISHED
        db.session.commit()
        assert names_found(app, "shelter") == ["Night shelter"]
        db.session.delete(service)
        db.session.commit()
        assert names_found(app, "shelter") == []


def test_drafts_are_never_found(housing_app):
    with housing_app.app_context():
        add_service("Secret draft hostel", status=ServiceStatus.DRAFT)
        assert names_found(housing_app, "hostel") == []


def test_a_rolled_back_change_never_reaches_the_index(housing_app):
    with housing_app.app_context():
        service = add_service("Hostel beds")
        service.name = "Renamed but never saved"
        db.session.flush()
        db.session.rollback()
        assert names_found(housing_app, "renamed") == []
        assert names_found(housing_app, "hostel") == ["Hostel beds"]


def test_renaming_a_pathway_or_organisation_reindexes_its_services(housing_app):
    app = housing_app
    with app.app_context():
        pathway = db.session.scalar(select(Pathway).where(Pathway.slug == "accommodation"))
        add_service("Beds for men", pathways=[pathway])
        assert names_found(app, "lodgings") == []
        pathway.name = "Lodgings"
        db.session.commit()
        assert names_found(app, "lodgings") == ["Beds for men"]
        organisation = db.session.scalar(select(Organisation))
        organisation.name = "Harbour Light"
        db.session.commit()
        assert names_found(app, "harbour") == ["Beds for men"]


def test_changing_only_a_services_pathways_moves_its_version(housing_app):
    """So that other app servers, comparing versions, notice the change too."""
    with housing_app.app_context():
        service = add_service("Money help")
        version = service.version
        finance = db.session.scalar(select(Pathway).where(Pathway.slug == "finance"))
        service.pathways.append(finance)
        db.session.commit()
        assert service.version == version + 1
        assert names_found(housing_app, "", pathway="finance") == ["Money help"]


def test_start_up_rebuilds_a_missing_or_corrupt_index(housing_app, tmp_path):
    app = housing_app
    with app.app_context():
        add_service("Hostel beds")
        index = app.extensions["search"].index
    for name in os.listdir(index.path):
        path = os.path.join(index.path, name)
        with open(path, "wb") as file:
            file.write(b"garbage")
    restarted = make_app_on_same_database(app, tmp_path, index.path)
    with restarted.app_context():
        assert restarted.extensions["search"].catch_up() == "rebuilt"
        assert names_found(restarted, "hostel") == ["Hostel beds"]
        assert restarted.extensions["search"].catch_up() == "current"


def make_app_on_same_database(app, tmp_path, index_dir):
    """Another app server (or a restart) on the same database, without wiping it."""
    from directory import create_app

    return create_app({
        "TESTING": True, "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SEARCH_INDEX_DIR": str(index_dir),
    })


def test_another_server_catches_up_with_changes_made_elsewhere(housing_app, tmp_path):
    """Two app servers on one database, each with its own index."""
    first = housing_app
    second = make_app_on_same_database(first, tmp_path, tmp_path / "second-index")
    with second.app_context():
        assert second.extensions["search"].catch_up() == "rebuilt"
    with first.app_context():
        service = add_service("Hostel beds")
        add_service("Debt clinic")
        finance = db.session.scalar(select(Pathway).where(Pathway.slug == "finance"))
        finance.name = "Money and debts"
        service.name = "Night shelter"
        db.session.commit()
    with second.app_context():
        assert names_found(second, "shelter") == []  # not yet: it has not looked
        second.extensions["search"].checked_at = float("-inf")
        assert names_found(second, "shelter") == ["Night shelter"]
        assert names_found(second, "debt") == ["Debt clinic"]
        assert second.extensions["search"].catch_up() == "current"


def test_start_is_quick_when_the_index_is_current(housing_app, tmp_path):
    with housing_app.app_context():
        for number in range(30):
            db.session.add(Service(name=f"Service {number}", status=ServiceStatus.PUBLISHED,
                                   organisation=Organisation(name=f"Org {number}")))
        db.session.commit()
        state = housing_app.extensions["search"]
        assert state.catch_up() == "current"
        # Nothing was rewritten: the index files are the same ones.
        before = sorted(os.listdir(state.index.path))
        state.catch_up()
        assert sorted(os.listdir(state.index.path)) == before


def test_a_busy_index_makes_a_commit_wait_not_fail(tmp_path):
    app = make_app(tmp_path, SEARCH_LOCK_TIMEOUT=5)
    with app.app_context():
        index = app.extensions["search"].index
        lock = index.storage.lock("sync.lock")
        assert lock.acquire(False)
        threading.Timer(0.3, lock.release).start()
        started = time.monotonic()
        add_service("Hostel beds")
        assert time.monotonic() - started >= 0.25
        assert names_found(app, "hostel") == ["Hostel beds"]


def test_an_index_busy_for_too_long_is_repaired_later_and_never_errors(tmp_path):
    app = make_app(tmp_path, SEARCH_LOCK_TIMEOUT=0.2)
    with app.app_context():
        state = app.extensions["search"]
        lock = state.index.storage.lock("sync.lock")
        assert lock.acquire(False)
        add_service("Hostel beds")  # the commit stands although the index was busy
        client = app.test_client()
        assert client.get("/search?q=hostel").status_code == 200
        lock.release()
        assert state.catch_up() in ("reconciled", "rebuilt")
        assert names_found(app, "hostel") == ["Hostel beds"]


def test_an_edit_the_busy_index_missed_is_repaired_in_the_background(tmp_path):
    app = make_app(tmp_path, SEARCH_LOCK_TIMEOUT=0.2, SEARCH_TIDY_SECONDS="0.5")
    with app.app_context():
        add_service("Debt clinic")
        app.extensions["search"].checked_at = time.monotonic()  # as if it had just caught up
        index = app.extensions["search"].index
        lock = index.storage.lock("sync.lock")
        assert lock.acquire(False)
        service_id = str(add_service("Hostel beds").id)  # the index stayed busy
        lock.release()

        def indexed() -> bool:  # the index itself: a search would catch up by itself
            with index.searcher() as searcher:
                return searcher.document(id=service_id) is not None

        assert not indexed()
        deadline = time.monotonic() + 10
        while not indexed() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert indexed()


def test_an_unwritable_index_folder_degrades_without_errors(tmp_path):
    # A folder that cannot be created (its parent is a file): unwritable, even for root.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app = make_app(tmp_path, SEARCH_INDEX_DIR=str(blocker / "index"))
    with app.app_context():
        add_service("Hostel beds")  # the commit stands
        assert db.session.scalar(select(Service.name)) == "Hostel beds"
    response = app.test_client().get("/search?q=hostel")
    assert response.status_code == 200
    assert "Search is not working right now" in text_of(page(response))


def test_rebuild_command_indexes_every_published_service(housing_app):
    with housing_app.app_context():
        add_service("Hostel beds")
        add_service("Draft thing", status=ServiceStatus.DRAFT)
        index = housing_app.extensions["search"].index
        index.reset()
        with index.open().searcher() as searcher:
            assert searcher.doc_count() == 0
    result = housing_app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert "Indexed 1 published services." in result.output
    with housing_app.app_context():
        assert names_found(housing_app, "hostel") == ["Hostel beds"]
        assert indexing.catch_up(index, db.session) == "current"


def edit_one_by_one(names: list[str]) -> list[Service]:
    """Services created and then renamed one commit at a time, as people edit."""
    services = [add_service(f"Hostel {number}") for number in range(len(names))]
    for service, name in zip(services, names, strict=True):
        service.name = name
        db.session.commit()
    return services


def test_tidying_the_segments_edits_leave_changes_no_result(housing_app):
    names = [f"Shelter {word}" for word in ("oak", "ash", "elm", "yew", "fir", "bay")]
    with housing_app.app_context():
        services = edit_one_by_one(names)
        services[0].status = ServiceStatus.ARCHIVED  # gone from search, and stays gone
        db.session.commit()
        index = housing_app.extensions["search"].index
        before = len(index.segments())
        assert before > 2  # each edit wrote a small segment of its own
        assert indexing.tidy(index, db.session) is True
        assert len(index.segments()) < before
        assert sorted(names_found(housing_app, "shelter")) == sorted(names[1:])
        assert names_found(housing_app, "hostel") == []  # the old names stay gone
        # The watermark still matches the database: nothing to catch up.
        assert housing_app.extensions["search"].catch_up() == "current"
        assert indexing.tidy(index, db.session) is False  # nothing left to tidy


def test_edits_never_leave_more_than_the_most_segments_allowed(housing_app):
    from directory.search.store import MAX_SEGMENTS

    with housing_app.app_context():
        edit_one_by_one([f"Shelter {number}" for number in range(MAX_SEGMENTS + 5)])
        index = housing_app.extensions["search"].index
        assert len(index.segments()) <= MAX_SEGMENTS
        with housing_app.test_request_context():
            assert find_services("shelter", ServiceFilters()).results.total == MAX_SEGMENTS + 5


def test_the_background_tidy_merges_segments_after_edits(tmp_path):
    app = make_app(tmp_path, SEARCH_TIDY_SECONDS="0.05")
    with app.app_context():
        db.session.add(Pathway(slug="accommodation", name="Accommodation"))
        db.session.commit()
        edit_one_by_one(["Shelter oak", "Shelter ash", "Shelter elm", "Shelter yew"])
        index = app.extensions["search"].index
        deadline = time.monotonic() + 10
        while index.has_small_segments() and time.monotonic() < deadline:
            time.sleep(0.05)
        sizes = [segment.doc_count_all() for segment in index.segments()]
        assert not index.has_small_segments(), sizes
        assert len(names_found(app, "shelter")) == 4, sizes


def test_reading_the_index_while_edits_commit_never_finds_it_broken(tmp_path):
    """Each commit deletes the index's old table of contents, and each tidy the segments it
    replaced; a reader that found the old ones just before must read the new ones, not call
    the index broken (which would rebuild it, or tell people search is not working)."""
    app = make_app(tmp_path, SEARCH_TIDY_SECONDS="0.01")
    with app.app_context():
        add_service("Hostel beds")
    index = app.extensions["search"].index
    done = threading.Event()

    def edit_many():
        with app.app_context():
            service = db.session.scalar(select(Service))
            for number in range(60):
                service.name = f"Hostel {number}"
                db.session.commit()
        done.set()

    editor = threading.Thread(target=edit_many)
    editor.start()
    readings = []
    while not done.is_set():
        with index.searcher() as searcher:  # this thread's searcher, reopened on each change
            searched = searcher.doc_count() == 1
        readings.append((index.is_healthy(), bool(index.segments()), searched))
    editor.join()
    assert readings and all(all(reading) for reading in readings)


def test_a_catch_up_never_undoes_commits_made_while_it_waited_for_the_index(tmp_path):
    """The interleaving behind the tidy's missing documents: a catch-up (the background tidy
    runs one, as does any search after 30 s) read the published services, then waited for
    the index while edits committed and wrote themselves; it then removed the services
    created meanwhile as "gone" and wrote its older watermark over theirs. Forced here:
    the edits commit exactly while the catch-up waits for the index."""
    app = make_app(tmp_path)
    with app.app_context():
        renamed = add_service("Hostel oak").id
        add_service("Hostel ash")
    search = app.extensions["search"]
    index = search.index
    with app.app_context():  # a change the index has not seen, so the catch-up has work
        db.session.execute(Service.__table__.update().values(name="Hostel elm", version=7)
                           .where(Service.id == renamed))
        db.session.commit()
    acquire = index._acquire
    waiting = []

    def edits_commit_meanwhile(lock):
        if not waiting:
            waiting.append(True)
            with app.app_context():
                add_service("Shelter new")
                service = db.session.get(Service, renamed)
                service.name = "Shelter renamed"
                db.session.commit()
        return acquire(lock)

    index._acquire = edits_commit_meanwhile
    with app.app_context():
        assert search.catch_up() == "reconciled"
        index._acquire = acquire
        assert waiting
        assert indexing.differences(index, db.session) == ([], [])
        assert indexing.catch_up(index, db.session) == "current"
    assert sorted(names_found(app, "shelter")) == ["Shelter new", "Shelter renamed"]
