"""The search page answers the person, not the words: each thing typed is a concept, a place
or postcode is the area, and who or when ranks and narrows (issue 12)."""

import pytest
from sqlalchemy import or_, select

from directory.extensions import db
from directory.models import Area, Service, ServiceStatus
from tests.helpers import page, text_of


@pytest.fixture
def client(search_app):
    return search_app.test_client()


def results(client, text: str, **args) -> list[Service]:
    """The services listed on the first page, in order, loaded with their terms."""
    html = page(client.get("/search", query_string={"q": text, **args}))
    ids = [a["href"].rsplit("/", 1)[1] for a in html.select(".app-result__title a")]
    import uuid

    from directory.listings.catalogue import services_in_order
    return services_in_order([uuid.UUID(i) for i in ids])


def slugs(terms) -> set[str]:
    return {t.slug for t in terms}


def total(html) -> int:
    return int(text_of(html.select_one("#results-heading")).split()[0])


def in_district(service, district: str) -> bool:
    return district in slugs(service.areas) or any(a.county_wide for a in service.areas)


def test_a_need_a_person_and_a_place_find_help_for_that_person_there(client, search_app):
    with search_app.test_request_context():
        found = results(client, "son in prison great yarmouth")
        assert found
        assert "families" in slugs(found[0].client_groups)
        assert all(in_district(s, "great-yarmouth") for s in found)
        assert "Rooms for men leaving prison" not in found[0].name


def test_a_moment_alone_finds_services_for_that_moment(client, search_app):
    with search_app.test_request_context():
        top = results(client, "i get out next week")[:5]
        assert len(top) == 5
        assert all("release" in slugs(s.stages) for s in top), [s.name for s in top]
        assert "Family fun days in Dereham" not in [s.name for s in top]


def test_a_misspelt_phrase_is_one_concept_not_every_service(client, search_app):
    html = page(client.get("/search?q=somewere+to+live"))
    assert total(html) < 60
    with search_app.test_request_context():
        top = results(client, "somewere to live")[:5]
        assert all("accommodation" in slugs(s.pathways) for s in top)


def test_filler_is_not_a_concept(client):
    housing = total(page(client.get("/search?q=housing")))
    assert total(page(client.get("/search?q=I+need+some+help+with+housing+please"))) == housing


def test_services_found_counts_those_matching_every_concept(client, search_app):
    html = page(client.get("/search?q=drugs+housing"))
    with search_app.test_request_context():
        shown = results(client, "drugs housing")
    assert total(html) == len(shown) < total(page(client.get("/search?q=drugs")))


def test_when_nothing_matches_everything_the_page_says_what_the_results_match(client):
    html = page(client.get("/search?q=housing+zebracorn"))
    assert text_of(html.select_one("#results-heading")) == "Nothing matches everything you typed"
    partial = text_of(html.select_one("#partial-heading"))
    assert "match ‘housing’" in partial
    assert html.select(".app-result")
    html = page(client.get("/search?q=housing+zebracorn+gorleston"))
    assert text_of(html.select_one("#partial-heading")).endswith("‘housing’ in Great Yarmouth:")


def test_a_place_alone_lists_everything_in_its_district(client, search_app):
    html = page(client.get("/search?q=thetford"))
    with search_app.app_context():
        expected = db.session.scalars(select(Service.id).where(
            Service.status == ServiceStatus.PUBLISHED,
            Service.areas.any(or_(Area.slug == "breckland", Area.county_wide.is_(True))))).all()
    assert total(html) == len(expected)
    understood = text_of(html.select_one("#understood-place"))
    assert understood.startswith("In Thetford (Breckland)")


def test_the_place_is_shown_with_a_link_that_removes_it(client):
    html = page(client.get("/search?q=money+help+great+yarmouth"))
    place = html.select_one("#understood-place")
    assert text_of(place).startswith("In Great Yarmouth · search all of Norfolk")
    link = place.select_one("a")
    assert link["href"] == "/search?q=money+help"
    everywhere = total(page(client.get(link["href"])))
    assert total(html) < everywhere


def test_misspelt_places_and_prisons_are_places(client):
    for text, district in [("housing kings lyn", "King's Lynn and West Norfolk"),
                           ("housing yarmuth", "Great Yarmouth"),
                           ("visits hmp bure", "North Norfolk"),
                           ("jobs windham", "South Norfolk")]:
        place = page(client.get("/search", query_string={"q": text})).select_one(
            "#understood-place")
        assert place and district in text_of(place), text


def test_an_unknown_place_is_just_a_word(client):
    html = page(client.get("/search?q=housing+london"))
    assert not html.select("#understood-place")


def test_an_area_chosen_wins_over_a_place_typed(client):
    html = page(client.get("/search?q=housing+gorleston&area=norwich"))
    assert not html.select("#understood-place")
    assert html.select_one("#area option[selected]")["value"] == "norwich"


def test_a_postcode_is_the_area_and_sorts_by_distance(client, search_app):
    html = page(client.get("/search?q=housing+NR30+2AA"))
    assert text_of(html.select_one("#understood-place")).startswith(
        "Near NR30 2AA, in Great Yarmouth")
    distances = []
    for result in html.select(".app-result"):
        shown = result.select_one(".app-result__distance")
        distances.append(text_of(shown) if shown else None)
    assert distances[0] is not None
    miles = [0 if d.startswith("Less") else int(d.split()[1]) for d in distances if d]
    assert miles == sorted(miles)
    assert distances.index(None) > len(miles) - 1 if None in distances else True


def test_a_refuge_never_gets_a_distance(client):
    html = page(client.get("/search?q=refuge+NR2+4AB"))
    refuge = next(r for r in html.select(".app-result")
                  if "refuge" in text_of(r.select_one(".app-result__title")).lower())
    assert not refuge.select(".app-result__distance")


def test_who_is_typed_ranks_and_is_offered_as_a_filter(client, search_app):
    with search_app.test_request_context():
        top = results(client, "housing for women")[:5]
    assert all(slugs(s.client_groups) & {"women"} or not s.client_groups for s in top)
    assert not any(slugs(s.client_groups) == {"men"} for s in top)
    html = page(client.get("/search?q=housing+for+women"))
    link = next(a for a in html.select("#narrowings a") if text_of(a) == "for women")
    narrowed = page(client.get(link["href"]))
    assert narrowed.select_one("#client_group option[selected]")["value"] == "women"
    assert not narrowed.select("#narrowings a")


def test_the_api_search_understands_the_same_way(client):
    html = page(client.get("/search?q=money+help+great+yarmouth"))
    site = [text_of(a) for a in html.select(".app-result__title a")]
    api = client.get("/api/services?search=money%20help%20great%20yarmouth").get_json()
    assert [item["name"] for item in api["contents"]][:len(site)] == site[:20]
    assert api["total_items"] == total(html)


def test_browse_pages_have_a_town_or_postcode_box_that_sorts_by_distance(client):
    html = page(client.get("/pathways/accommodation?near=NR30+2AA"))
    assert html.select_one("label[for=near]") and html.select_one("#area")
    shown = [text_of(d) for d in html.select(".app-result__distance")]
    assert shown
    miles = [0 if d.startswith("Less") else int(d.split()[1]) for d in shown]
    assert miles == sorted(miles)
    place = html.select_one("#understood-place")
    assert "Great Yarmouth" in text_of(place)
    assert place.select_one("a")["href"] == "/pathways/accommodation"
    town = page(client.get("/pathways/accommodation?near=Thetford"))
    assert "Breckland" in text_of(town.select_one("#understood-place"))


def test_a_town_or_postcode_that_cannot_be_read_is_an_error_on_the_field(client):
    for url in ("/pathways/accommodation?near=Atlantis", "/search?q=housing&near=Atlantis"):
        html = page(client.get(url))
        assert html.title.string.startswith("Error:")
        summary = html.select_one(".govuk-error-summary a")
        assert summary["href"] == "#near"
        assert "Enter a town or village in Norfolk" in text_of(summary)
        assert html.select_one("#near")["value"] == "Atlantis"
        assert html.select(".app-result")  # still a page of services


def test_open_now_shows_only_services_open_at_this_moment(client, search_app):
    from datetime import datetime

    from directory.finder.opening_hours import LONDON, is_open_at

    monday_morning = datetime(2026, 11, 30, 10, 30, tzinfo=LONDON)
    search_app.config["CLOCK"] = lambda: monday_morning
    try:
        with search_app.test_request_context():
            everything = total(page(client.get("/search?q=advice")))
            html = page(client.get("/search?q=advice&open_now=1"))
            assert html.select_one("#open_now").has_attr("checked")
            shown = results(client, "advice", open_now="1")
            assert 0 < total(html) < everything
            from directory.listings.catalogue import get_public_service
            for service in shown:
                assert is_open_at(get_public_service(service.id).schedule, monday_morning)
            browse = page(client.get("/pathways/accommodation?open_now=1"))
            assert 0 < total(browse) < total(page(client.get("/pathways/accommodation")))
    finally:
        search_app.config.pop("CLOCK")
