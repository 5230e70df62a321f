"""The board's pages on the demo data: what a board member sees, and who may change what."""

import csv
import io
import itertools
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from directory.analysis import data, remembered
from directory.analysis.funding import at_risk
from directory.analysis.gaps import find_gaps, opened_gaps
from directory.analysis.overlaps import find_overlaps
from directory.board import views
from directory.extensions import db
from directory.listings.seeding import SEED_DIR, seed_id
from directory.models import SearchLog, Service, User
from tests.helpers import csrf_token, make_user, page, sign_in_as, text_of

EXPECTED = yaml.safe_load((Path(SEED_DIR) / "expectations.yaml").read_text())


@pytest.fixture
def viewer_client(shared_demo_app):
    client = shared_demo_app.test_client()
    with shared_demo_app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="board-viewer@example.org"))
        user = user or make_user("board-viewer@example.org", "viewer")
        sign_in_as(client, user)
    return client


@pytest.mark.parametrize("url", [
    "/board/", "/board/?by=client_group", "/board/?by=stage&client_group=women&self_referral=1",
    "/board/gaps", "/board/overlaps", "/board/funding", "/board/demand",
])
def test_every_board_page_reads_for_a_viewer(viewer_client, url):
    response = viewer_client.get(url)
    assert response.status_code == 200, url
    assert page(response).h1 is not None


def test_anonymous_people_are_sent_to_sign_in(demo_client):
    response = demo_client.get("/board/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_provision_map_counts_county_wide_services_in_every_district(viewer_client):
    html = page(viewer_client.get("/board/"))
    rows = {text_of(tr.th): [text_of(td) for td in tr.find_all("td")]
            for tr in html.select("table.app-matrix tbody tr")}
    sex_work = rows["Sex workers support"]
    # Norwich only (G1): no county-wide service, six empty districts.
    assert [cell.split(" ")[0] for cell in sex_work[:7]].count("0") == 6
    assert html.select(".app-board-legend li"), "the map has a key"
    accommodation = [int(c.split(" ")[0]) for c in rows["Accommodation"]]
    county_wide = accommodation[7]
    assert county_wide > 0 and min(accommodation[:7]) >= county_wide


def test_a_map_cell_lists_the_services_behind_its_number(viewer_client):
    html = page(viewer_client.get("/board/"))
    link = html.select("table.app-matrix tbody tr")[0].find("td").a
    number = int(link.contents[0].strip())
    listing = page(viewer_client.get(link["href"]))
    assert len(listing.select(".app-result")) == number


def test_the_map_downloads_as_csv(viewer_client):
    response = viewer_client.get("/board/?by=stage&format=csv")
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).splitlines()[0].startswith("Pathway,")


def _gap_labels(app):
    with app.app_context():
        taxonomy = data.taxonomy()
        return taxonomy, find_gaps(taxonomy, remembered.gap_counts(), {})


def test_documented_gaps_are_found_and_ranked_by_evidence(shared_demo_app):
    taxonomy, found = _gap_labels(shared_demo_app)
    slugs = {t.id: t.slug for t in taxonomy.by_id().values()}

    def keys(kind):
        return [tuple(slugs[t.id] for t in g.terms) for g in found[kind]]

    g1, g2, g3, g4 = EXPECTED["gaps"]
    by_district = keys(("pathway", "area"))
    # G1 is the whole of the pathway × district list, at the top.
    assert sorted(by_district) == sorted((g1["pathway"], a) for a in g1["areas_without"])
    across = keys(("area", "client_group", "stage"))
    assert (g2["area"], g2["client_group"], g2["stage"]) in across[:3]
    within = keys(("pathway", "area", "stage"))
    assert (g3["pathway"], g3["area"], g3["stage"]) in within
    for area in g4["areas_without"]:
        assert (g4["pathway"], area, g4["stage"]) in within[:12]
    # Nothing ranks above G3 without more evidence: every gap above it has a higher score.
    g3_gap = found[("pathway", "area", "stage")][within.index(
        (g3["pathway"], g3["area"], g3["stage"]))]
    assert all(g.score >= g3_gap.score for g in found[("pathway", "area", "stage")]
               [:within.index((g3["pathway"], g3["area"], g3["stage"]))])
    assert g3_gap.reason == "5 of the 8 other pathways have a service in North Norfolk (in prison)"
    assert g3_gap.title == "No finance, benefits and debt services in North Norfolk (in prison)"


def test_overlaps_list_each_pair_of_the_documented_overlaps_first(shared_demo_app):
    with shared_demo_app.app_context():
        pairs = find_overlaps(data.service_facts(), data.taxonomy(), data.area_names())
    expected = {frozenset(pair) for o in EXPECTED["overlaps"]
                for pair in itertools.combinations(
                    [seed_id("service", key) for key in o["services"]], 2)}
    assert {frozenset(m.id for m in p.members) for p in pairs[:len(expected)]} == expected
    assert [p.similarity for p in pairs] == sorted((p.similarity for p in pairs), reverse=True)


def test_the_overlaps_page_has_one_entry_per_pair_in_plain_words(viewer_client):
    cards = page(viewer_client.get("/board/overlaps")).select(".govuk-summary-card")
    titles = [text_of(c.select_one("h3")) for c in cards]
    assert "Move-on houses for men after prison and Move-on rooms for men leaving prison" in titles
    second = text_of(cards[1].select_one(".govuk-summary-card__content p"))
    assert second.startswith("Both accommodation services for men in Norwich, both leaving "
                             "prison; their descriptions are ")
    assert re.search(r"are \d+% alike\.$", second)
    assert any("both in the community on licence" in text_of(c) for c in cards)
    assert all(len(c.select(".govuk-summary-card__content li a")) == 2 for c in cards)


def test_the_overlaps_page_is_paged_when_there_are_many_pairs(viewer_client, monkeypatch):
    monkeypatch.setattr(views, "OVERLAPS_PER_PAGE", 4)
    first = page(viewer_client.get("/board/overlaps"))
    second = page(viewer_client.get("/board/overlaps?page=2"))
    assert len(first.select(".govuk-summary-card")) == 4
    assert first.select_one("nav.govuk-pagination a[href*='page=2']") is not None
    assert text_of(second.title) != text_of(first.title)
    titles = {text_of(h) for h in first.select(".govuk-summary-card h3")}
    assert titles.isdisjoint(text_of(h) for h in second.select(".govuk-summary-card h3"))


def test_the_overlaps_download_has_a_row_per_pair(viewer_client, shared_demo_app):
    rows = list(csv.reader(io.StringIO(
        viewer_client.get("/board/overlaps?format=csv").data.decode("utf-8-sig"))))
    with shared_demo_app.app_context():
        pairs = find_overlaps(data.service_facts(), data.taxonomy(), data.area_names())
    assert rows[0][:5] == ["Pathway", "Service", "Organisation", "Other service",
                           "Other organisation"]
    assert len(rows) == len(pairs) + 1
    assert rows[1][6] == pairs[0].summary and rows[1][7] == "not decided"


def test_funding_at_risk_matches_and_names_the_gap_it_would_open(shared_demo_app):
    with shared_demo_app.app_context():
        ending = at_risk(data.funding_facts(), date(2026, 12, 31), date(2027, 5, 31))
        # Reading only the funding that ends in the window (as the pages do) finds the same.
        assert at_risk(data.funding_facts((date(2026, 12, 31), date(2027, 5, 31))),
                       date(2026, 12, 31), date(2027, 5, 31)) == ending
        taxonomy = data.taxonomy()
        opened = opened_gaps(remembered.gap_counts(), remembered.gap_counts(date(2027, 5, 31)),
                             taxonomy)
    assert {f.service_id for f in ending} == {
        seed_id("service", key) for key in EXPECTED["funding_at_risk"]}
    labels = [" × ".join(t.slug for t in terms) for _kind, terms in opened]
    assert "domestic-abuse × north-norfolk × women" in labels
    assert "finance-benefits-debt × breckland × in-custody" in labels


def test_unmet_demand_groups_searches_by_pathway(app):
    with app.app_context():
        from directory.listings.seeding import load_seed
        load_seed()
        today = date.today()
        for query, results in [("hostel", 0), ("hostel", 1), ("crack cocaine", 0),
                               ("zzzz", 0), ("food bank", 40)]:
            db.session.add(SearchLog(query=query, filters={}, result_count=results,
                                     searched_on=today))
        db.session.commit()
        client = app.test_client()
        sign_in_as(client, make_user())
    html = page(client.get("/board/demand"))
    headings = [text_of(h) for h in html.select("main h2")]
    assert headings[0] == "Accommodation: 2 searches"
    assert "Drugs and alcohol: 1 search" in headings
    assert headings[-1] == "No pathway suggested: 1 search"
    assert "food bank" not in text_of(html)


def test_viewer_cannot_triage_an_overlap(viewer_client, shared_demo_app):
    with shared_demo_app.app_context():
        key = find_overlaps(data.service_facts(), data.taxonomy(), data.area_names())[0].key
    assert viewer_client.get(f"/board/overlaps/{key}").status_code == 403
    token = csrf_token(viewer_client.get("/board/"))
    response = viewer_client.post(f"/board/overlaps/{key}", data={
        "csrf_token": token, "decision": "complementary", "reason": "Not allowed"})
    assert response.status_code == 403


def test_not_an_overlap_holds_for_that_pair_until_either_listing_changes(demo_app):
    client = demo_app.test_client()
    with demo_app.app_context():
        sign_in_as(client, make_user("admin@example.org", "admin"))
        pairs = find_overlaps(data.service_facts(), data.taxonomy(), data.area_names())
    pair = pairs[0]
    form = client.get(f"/board/overlaps/{pair.key}")
    response = client.post(f"/board/overlaps/{pair.key}", data={
        "csrf_token": csrf_token(form), "decision": "complementary", "reason": ""})
    assert page(response).title.string.startswith("Error:")
    client.post(f"/board/overlaps/{pair.key}", data={
        "csrf_token": csrf_token(form), "decision": "complementary",
        "reason": "One is for men on licence, the other on remand"})
    html = text_of(page(client.get("/board/overlaps")))
    assert "Not an overlap (1)" in html
    assert f"To look at ({len(pairs) - 1} pairs)" in html  # the other pairs wait still
    with demo_app.app_context():
        service = db.session.get(Service, pair.second.id)
        service.summary += " Now open on Saturdays."
        db.session.commit()
    html = text_of(page(client.get("/board/overlaps")))
    assert "Not an overlap (0)" in html and f"To look at ({len(pairs)} pairs)" in html
    assert "A listing changed since the board decided (Not an overlap)" in html
