"""The board remembers its slow results (overlaps, gap counts) between page views: a change to
a listing, a funding end date or a board decision must still show on the very next view."""

from datetime import date

import pytest
from sqlalchemy import select

from directory.analysis import data, remembered
from directory.analysis.gaps import GAP_KINDS, opened_gaps
from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import Area, Funding, Pathway, Service
from tests.helpers import csrf_token, page, text_of

O1 = ("nht-move-on-rooms", "wwh-hostel-beds", "fdn-move-on-houses")


def clustered_with(client, service_key: str) -> set[str]:
    """The services (by seed key) in an overlap pair with one service, on the page now."""
    keys = {f"/services/{seed_id('service', key)}": key for key in O1}
    found = set()
    for card in page(client.get("/board/overlaps")).select(".govuk-summary-card"):
        hrefs = {a["href"] for a in card.select(".govuk-summary-card__content a")}
        if f"/services/{seed_id('service', service_key)}" in hrefs:
            found |= {keys.get(href, href) for href in hrefs}
    return found


def change_service(app, key: str, change) -> None:
    with app.app_context():
        change(db.session.get(Service, seed_id("service", key)))
        db.session.commit()


def test_overlaps_follow_a_changed_description(demo_app, admin_client):
    assert clustered_with(admin_client, "nht-move-on-rooms") == set(O1)

    def rewrite(service):
        service.description = "Knitting and crochet evenings with tea, cake and good company."
        service.summary = "A knitting circle."
    change_service(demo_app, "wwh-hostel-beds", rewrite)
    assert clustered_with(admin_client, "nht-move-on-rooms") == {"nht-move-on-rooms",
                                                                  "fdn-move-on-houses"}


def test_overlaps_follow_a_changed_pathway(demo_app, admin_client):
    assert clustered_with(admin_client, "nht-move-on-rooms") == set(O1)

    def leave_accommodation(service):
        service.pathways = [p for p in service.pathways if p.slug != "accommodation"]
    change_service(demo_app, "fdn-move-on-houses", leave_accommodation)
    assert clustered_with(admin_client, "nht-move-on-rooms") == {"nht-move-on-rooms",
                                                                  "wwh-hostel-beds"}


def test_a_changed_triage_decision_shows_at_once(demo_app, admin_client):
    html = text_of(page(admin_client.get("/board/overlaps")))
    assert "Real overlap (0)" in html and "Not an overlap (0)" in html
    with demo_app.app_context():
        key = remembered.overlaps()[0].key
    for decision, shown in (("complementary", "Not an overlap (1)"),
                            ("overlap-action", "Real overlap (1)")):
        form = admin_client.get(f"/board/overlaps/{key}")
        admin_client.post(f"/board/overlaps/{key}", data={
            "csrf_token": csrf_token(form), "decision": decision, "reason": "Board meeting"})
        assert shown in text_of(page(admin_client.get("/board/overlaps")))
    assert "Not an overlap (0)" in text_of(page(admin_client.get("/board/overlaps")))


def gap_labels(client) -> set[str]:
    html = page(client.get("/board/gaps/all"))
    return {text_of(item.strong).rstrip(".") for item in html.select(".app-gap-list li")}


def test_gaps_follow_a_service_reaching_a_new_district(demo_app, admin_client):
    gap = "No sex workers support services in Breckland"
    assert gap in gap_labels(admin_client)
    with demo_app.app_context():
        service = db.session.scalar(
            select(Service).where(Service.status == "published",
                                  Service.pathways.any(Pathway.slug == "sex-workers-support")))
        service.areas.append(db.session.scalar(select(Area).filter_by(slug="breckland")))
        db.session.commit()
    assert gap not in gap_labels(admin_client)


def test_gaps_that_would_open_follow_a_changed_funding_end_date(demo_app):
    horizon = date(2027, 5, 31)
    gap = "domestic-abuse × north-norfolk × women"

    def opened() -> list[str]:
        found = opened_gaps(remembered.gap_counts(), remembered.gap_counts(horizon),
                            data.taxonomy())
        return [" × ".join(t.slug for t in terms) for _kind, terms in found]

    with demo_app.app_context():
        assert gap in opened()
        # The funding row alone changes: the service's own version does not move.
        funding = db.session.scalar(select(Funding).where(
            Funding.service_id == seed_id("service", "cds-idva-north-norfolk")))
        funding.end_date = date(2030, 3, 31)
        db.session.commit()
        assert gap not in opened()


@pytest.mark.parametrize("horizon", [None, date(2027, 5, 31)])
def test_gap_counts_agree_with_the_maps_sql_counts(shared_demo_app, horizon):
    """Gaps are counted in numpy over the remembered listings; the map counts in SQL. A
    board member comparing the two pages must see the same numbers."""
    with shared_demo_app.app_context():
        counts = remembered.gap_counts(horizon)
        assert set(counts) == set(GAP_KINDS)
        for kind, found in counts.items():
            assert found == data.combo_counts(kind, funding_ending_by=horizon), kind


def test_the_packs_district_counts_agree_with_the_maps_sql_counts(shared_demo_app):
    """The pack counts services per pathway and district from the remembered listings; the
    map page counts them in SQL: the pack must print the numbers the map shows."""
    with shared_demo_app.app_context():
        from_listings, from_sql = remembered.district_provision(), data.provision_counts("area")
        assert sum(from_listings.apart.values()) > 0  # the demo has county-wide services
        assert from_listings.cells == from_sql.cells
        assert dict(from_listings.apart) == from_sql.apart
        assert dict(from_listings.totals) == from_sql.totals


def test_a_result_made_while_the_listings_change_is_not_kept(demo_app, monkeypatch):
    """Another worker adds a service between reading the listings' state and reading the
    listings: the clusters made then include it, so they must not be filed under the state
    from before, which comes back exactly once that service is deleted again."""
    copy_of = seed_id("service", "nht-move-on-rooms")
    read_listings = data.service_facts

    def another_worker_adds_a_service_first():
        original = db.session.get(Service, copy_of)
        db.session.add(Service(
            name="Copied move-on rooms", organisation_id=original.organisation_id,
            status="published", summary=original.summary, description=original.description,
            pathways=list(original.pathways), areas=list(original.areas),
            client_groups=list(original.client_groups), stages=list(original.stages)))
        db.session.commit()
        return read_listings()

    def clustered_names() -> set[str]:
        return {m.name for c in remembered.overlaps() for m in c.members}

    with demo_app.app_context():
        before = data.listings_state()
        monkeypatch.setattr(data, "service_facts", another_worker_adds_a_service_first)
        assert "Copied move-on rooms" in clustered_names()
        monkeypatch.setattr(data, "service_facts", read_listings)
        db.session.delete(db.session.scalar(select(Service).filter_by(
            name="Copied move-on rooms")))
        db.session.commit()
        assert data.listings_state() == before
        assert "Copied move-on rooms" not in clustered_names()


READERS = {"facts": data.service_facts, "states": data.service_states}


@pytest.fixture
def asked_for(monkeypatch) -> dict[str, list]:
    """What the board asks the readers of every service's facts and states for, call by
    call: None for every service, else the ids of the services read again."""
    calls = {kind: [] for kind in READERS}
    for kind, reader in READERS.items():
        monkeypatch.setattr(data, f"service_{kind}", lambda only=None, kind=kind, reader=reader:
                            calls[kind].append(only) or reader(only))
    return calls


def test_facts_kept_across_edits_match_reading_everything_again(demo_app, asked_for):
    """After an edit only the changed services are read again: what the board then counts is
    exactly what reading every service afresh gives, whatever the edit was."""
    from directory.models import Organisation

    def new_summary(service):
        service.summary = "Rooms for people leaving prison, now with a garden."

    def swap_district(service):  # the same number of links: only the version tells
        service.areas = [db.session.scalars(select(Area).where(
            Area.county_wide.is_(False), Area.id.not_in([a.id for a in service.areas]))).first()]

    def add_pathway(service):  # one more link
        service.pathways = [*service.pathways, db.session.scalars(select(Pathway).where(
            Pathway.id.not_in([p.id for p in service.pathways]))).first()]

    def unpublish(service):
        service.status = "draft"

    def rename_organisation(service):
        db.session.get(Organisation, service.organisation_id).name = "Renamed Trust"

    with demo_app.app_context():
        remembered.service_facts()
        remembered.service_states()
        for key, change in (("nht-move-on-rooms", new_summary),
                            ("wwh-hostel-beds", swap_district),
                            ("wwh-hostel-beds", add_pathway),
                            ("fdn-move-on-houses", unpublish),
                            ("nht-move-on-rooms", rename_organisation)):
            change_service(demo_app, key, change)
            for calls in asked_for.values():
                calls.clear()
            kept = remembered.service_facts()
            # Every service's state (drafts too, for the pack's new and closed) likewise.
            states = remembered.service_states()
            assert asked_for["states"], change.__name__  # every edit moves a state
            assert None not in asked_for["facts"] + asked_for["states"], (
                f"{change.__name__}: every service was read again")
            assert kept == tuple(READERS["facts"]()), change.__name__
            assert states == READERS["states"](), change.__name__


def test_a_link_written_without_the_app_means_reading_every_service_again(demo_app,
                                                                          asked_for):
    """A link added straight into the database (a script, not the app) moves no version:
    the kept facts cannot tell which service it belongs to, so every service is read."""
    from directory.models.taxonomy import service_pathways

    with demo_app.app_context():
        remembered.service_facts()
        service = db.session.get(Service, seed_id("service", "nht-move-on-rooms"))
        other = db.session.scalars(select(Pathway).where(
            Pathway.id.not_in([p.id for p in service.pathways]))).first()
        db.session.execute(service_pathways.insert().values(service_id=service.id,
                                                            term_id=other.id))
        db.session.commit()
        asked_for["facts"].clear()
        kept = remembered.service_facts()
        assert None in asked_for["facts"]
        assert other.id in next(f for f in kept if f.id == service.id).pathways


def test_a_pack_page_after_an_edit_reads_only_what_moved(demo_app, admin_client, asked_for,
                                                         monkeypatch):
    """What a board member waits for: the meeting pack's first view after an edit reads
    again only the edited service, asks for the listings' state once for all it shows and
    once more to keep what it made, and the next view reads nothing again."""
    from directory.models import Meeting

    with demo_app.app_context():
        meeting = Meeting(held_on=date.today())
        db.session.add(meeting)
        db.session.commit()
        url = f"/board/meetings/{meeting.id}"
    assert admin_client.get(url).status_code == 200
    states = []
    real_state = data.listings_state
    monkeypatch.setattr(data, "listings_state", lambda: states.append(1) or real_state())

    def new_summary(service):
        service.summary = "Rooms for people leaving prison, now with a garden."
    change_service(demo_app, "nht-move-on-rooms", new_summary)
    for calls in asked_for.values():
        calls.clear()
    states.clear()
    assert "now with a garden" not in text_of(page(admin_client.get(url)))  # a pack, not a list
    moved = [seed_id("service", "nht-move-on-rooms").hex]
    assert asked_for == {"facts": [moved], "states": [moved]}
    assert len(states) == 2
    for calls in asked_for.values():
        calls.clear()
    states.clear()
    assert admin_client.get(url).status_code == 200
    assert asked_for == {"facts": [], "states": []} and len(states) == 1
