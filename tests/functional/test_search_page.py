"""The search page as a person uses it: results, filters with counts, order, pages, help when
nothing matches, any text at all, and the unmet-demand log."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import SearchLog, Service
from tests.conftest import make_app
from tests.helpers import page, text_of

GENERAL_ADVICE = ["nhl-helpline", "nml-helpline", "rca-advice-line", "fln-helpline"]


@pytest.fixture
def client(search_app):
    return search_app.test_client()


def result_names(html) -> list[str]:
    return [text_of(a) for a in html.select(".app-result__title a")]


def total_shown(html) -> int:
    return int(text_of(html.select_one("#results-heading")).split()[0])


def test_results_show_matching_services_with_the_words_marked(client):
    html = page(client.get("/search?q=hostel"))
    names = result_names(html)
    assert "Hostel beds for men coming out of prison" in names[:3]
    assert total_shown(html) >= len(names) > 0
    assert html.select(".app-search-snippet mark.app-search-match")
    assert html.title.string.startswith('Search results for "hostel"')


def test_everyday_words_and_misspellings_find_services(client):
    for text in ("booze", "benifits", "acommodation", "job after prison"):
        assert result_names(page(client.get("/search", query_string={"q": text}))), text


def test_did_you_mean_offers_the_right_spelling_only_when_it_finds_more(client, tmp_path):
    # A misspelling is searched with its correction: nothing more to offer.
    html = page(client.get("/search?q=acommodation"))
    assert result_names(html) and not html.select(".app-did-you-mean")
    # A misspelling some listing shares finds little; the right spelling finds more.
    app = make_app(tmp_path)
    with app.app_context():
        from directory.models import Organisation
        trust = Organisation(name="Trust")
        db.session.add_all([Service(name=name, status="published", organisation=trust)
                            for name in ("Hostle list", "Hostel beds", "Hostel rooms")])
        db.session.commit()
    html = page(app.test_client().get("/search?q=Hostle+please"))
    link = html.select_one(".app-did-you-mean a")
    assert text_of(link) == "hostel please"
    assert "q=hostel+please" in link["href"]


def test_filter_panel_has_pathway_and_counts_that_match_the_results(client):
    html = page(client.get("/search?q=money"))
    pathway_options = html.select("#pathway option")
    assert text_of(pathway_options[0]) == "Any kind of help"
    for select_id in ("pathway", "area", "client_group", "stage"):
        option = next(o for o in html.select(f"#{select_id} option") if o["value"]
                      and "(0)" not in text_of(o))
        count = int(text_of(option).rsplit("(", 1)[1].rstrip(")"))
        narrowed = page(client.get(f"/search?q=money&{select_id}={option['value']}"))
        assert total_shown(narrowed) == count, (select_id, option["value"])
        assert narrowed.select_one(f"#{select_id} option[selected]")["value"] == option["value"]


def test_area_filter_keeps_county_wide_services(client):
    names = result_names(page(client.get("/search?q=money+helpline&area=breckland")))
    assert "Norfolk Money Line: money and benefits helpline" in names


def test_sort_by_name_lists_a_to_z(client):
    html = page(client.get("/search?q=housing&sort=name"))
    names = result_names(html)
    assert names == sorted(names, key=str.casefold)
    assert "best match" in text_of(html.select_one(".app-sort"))


def test_pages_hold_every_result_once(client):
    first = page(client.get("/search?q=prison"))
    total = total_shown(first)
    assert total > 20
    names, number = [], 1
    while True:
        html = page(client.get(f"/search?q=prison&page={number}"))
        batch = result_names(html)
        if not batch:
            break
        names += batch
        number += 1
    assert len(names) == total == len(set(names))


def test_nothing_found_offers_pathways_and_general_advice_phone_numbers(client, search_app):
    html = page(client.get("/search?q=zzzzqqqq"))
    body = text_of(html)
    assert "0 services found" in body
    assert "We could not find a service for that" in body
    assert len(html.select(".app-nothing-found a[href^='/pathways/']")) == 9
    with search_app.app_context():
        advice = [db.session.get(Service, seed_id("service", key)) for key in GENERAL_ADVICE]
        for service in advice:
            assert service.name in body
            phone = service.phone or service.organisation.phone
            assert html.select_one(f".app-advice-list a[href='tel:{phone.replace(' ', '')}']")


HOSTILE = [
    '"', "'", '"unclosed quote', "(((", ")", "[x]", "{y}", "AND", "OR", "NOT", "a AND OR b",
    "*", "hous*", "?", "~", "^2", "name:hostel", "field:", "\\", "/", "a" * 2000,
    "housing " * 300, "😀", "🏠 housing", "\x00", "hostel\x00beds", "", "   ",
    "<script>alert(1)</script>", "%00", "ö ü ß", "住房", "DROP TABLE service;--",
    "-", "--", "+", "!", "&&", "||", "NOT housing", "hostel~2", "\t\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_gives_a_sensible_page(client, text):
    response = client.get("/search", query_string={"q": text})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "Traceback" not in html


def test_hostile_filters_sort_and_page_are_ignored(client):
    response = client.get("/search?q=housing&area=%00&pathway=<x>&sort=drop&page=-1"
                          "&self_referral=maybe&stage=" + "x" * 3000)
    assert response.status_code == 200
    assert result_names(page(response))
    assert client.get("/search?q=housing&page=99999999").status_code == 200


def test_a_listing_with_markup_is_shown_as_text(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        from directory.models import Organisation
        db.session.add(Service(name="Hostel", status="published",
                               organisation=Organisation(name="Trust"),
                               description="A <b>hostel</b> bed <script>x()</script>"))
        db.session.commit()
    html = app.test_client().get("/search?q=hostel").get_data(as_text=True)
    assert "&lt;b&gt;<mark" in html or "&lt;b&gt;" in html
    assert "<script>x()" not in html


def test_a_search_is_logged_without_anything_personal(client, search_app):
    client.get("/search", query_string={
        "q": "Housing NR1 3AB call 07700 900123 me@example.org", "area": "norwich"})
    client.get("/search", query_string={"q": "rent deposit", "page": "2"})
    client.get("/search", query_string={"q": ""})
    with search_app.app_context():
        entry = db.session.scalars(select(SearchLog).order_by(SearchLog.id)).all()
        entry = next(e for e in entry if e.query.startswith("housing nr1"))
        assert entry.query == "housing nr1 call"  # "call" is a word listings use
        assert entry.filters == {"area": "norwich"}
        assert entry.result_count > 0
        assert entry.searched_on == date.today()
        assert db.session.scalar(select(func.count()).where(SearchLog.query == "")) == 0
        # A second page is the same search as the first: not logged again.
        assert db.session.scalar(
            select(func.count()).where(SearchLog.query == "rent deposit")) == 0

def test_purge_log_deletes_only_old_searches(search_app):
    with search_app.app_context():
        old = date.today() - timedelta(days=181)
        db.session.add_all([
            SearchLog(query="old search", filters={}, result_count=1, searched_on=old),
            SearchLog(query="recent search", filters={}, result_count=1,
                      searched_on=date.today() - timedelta(days=179)),
        ])
        db.session.commit()
    result = search_app.test_cli_runner().invoke(args=["search", "purge-log"])
    assert "older than 180 days" in result.output
    with search_app.app_context():
        queries = set(db.session.scalars(select(SearchLog.query)))
        assert "old search" not in queries and "recent search" in queries


def test_the_log_keeps_only_words_the_directory_knows(client, search_app):
    client.get("/search", query_string={
        "q": "housing for John Smythe at 12 Acacia Avenue john dot smythe at gmail"})
    client.get("/search", query_string={"q": "Zbigniew Quorthwaite"})
    client.get("/search", query_string={"q": "drink help in Gorleston NR31 6AB"})
    with search_app.app_context():
        logged = set(db.session.scalars(select(SearchLog.query)))
    assert "housing for … at … at …" in logged
    assert "…" in logged  # a search was made, with no word worth keeping
    assert "drink help in gorleston nr31" in logged
    assert not [q for q in logged if "smythe" in q or "acacia" in q or "zbigniew" in q]


def test_old_searches_are_deleted_automatically_when_searches_are_logged(tmp_path):
    app = make_app(tmp_path, SEARCH_LOG_RETENTION_DAYS=30)
    with app.app_context():
        db.session.add_all([
            SearchLog(query="old search", filters={}, result_count=1,
                      searched_on=date.today() - timedelta(days=31)),
            SearchLog(query="recent search", filters={}, result_count=1,
                      searched_on=date.today() - timedelta(days=29)),
        ])
        db.session.commit()
    app.test_client().get("/search?q=housing")
    with app.app_context():
        kept = set(db.session.scalars(select(SearchLog.query)))
    assert "old search" not in kept and "recent search" in kept


def test_the_privacy_page_says_what_the_log_keeps_and_for_how_long(tmp_path):
    html = page(make_app(tmp_path, SEARCH_LOG_RETENTION_DAYS=90).test_client().get("/privacy"))
    body = text_of(html)
    assert "only words this website already knows" in body
    assert "replaced with “…”" in body
    assert "deleted automatically after 90 days" in body


def test_the_page_loads_its_results_in_a_fixed_number_of_queries(client, search_app):
    """No query per result: a page of 20 results costs what a page of 1 does."""
    from sqlalchemy import event

    statements = []

    def count(*_args):
        statements.append(1)

    with search_app.app_context():
        engine = db.engine
    client.get("/search?q=warm+up")
    event.listen(engine, "before_cursor_execute", count)
    try:
        counts = {}
        for text in ("cscs card", "prison"):
            statements.clear()
            html = page(client.get("/search", query_string={"q": text}))
            counts[len(result_names(html))] = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert set(counts) == {1, 20}, counts
    assert counts[1] == counts[20] <= 16, counts
