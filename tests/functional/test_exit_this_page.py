"""Exit this page on every page about domestic abuse and sex work, the "Cover your tracks"
page, support for people being hurt listed before programmes for people who harm, and a
finder that never asks anyone to call themselves "people who harm others"."""

from urllib.parse import urlsplit

import pytest

from directory.listings.seeding import seed_id
from tests.helpers import page, text_of

STARTS = ("/pathways/domestic-abuse", "/pathways/sex-workers-support")
# Pages whose links the walk follows: the pathways, their services, their organisations
# (and so every service of an organisation that provides this support).
EXPANDED = ("/pathways/domestic-abuse", "/pathways/sex-workers-support", "/services/",
            "/organisations/")


def has_exit(html) -> bool:
    button = html.select_one(".govuk-exit-this-page a")
    return button is not None and button["href"] == "/exit"


def links_in_main(html) -> set[str]:
    found = set()
    for link in html.select("main a[href]"):
        href = link["href"]
        if href.startswith("/") and not href.startswith("/exit"):
            found.add(href)
    return found


def test_every_page_reachable_from_the_two_pathways_offers_exit_this_page(demo_client):
    to_visit, seen, missing = list(STARTS), set(), []
    while to_visit:
        url = to_visit.pop()
        if url in seen:
            continue
        seen.add(url)
        response = demo_client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        html = page(response)
        if not has_exit(html):
            missing.append(url)
        if urlsplit(url).path.startswith(EXPANDED):
            to_visit += sorted(links_in_main(html) - seen)
    assert not missing, f"no Exit this page on {missing}"
    kinds = {urlsplit(url).path.split("/")[1] for url in seen}
    # The walk really went everywhere it should.
    assert {"pathways", "services", "organisations", "prisons", "shortlist"} <= kinds, kinds
    assert len(seen) > 60


def test_pages_not_about_abuse_or_sex_work_have_no_exit_button(demo_client):
    for url in ("/", "/pathways/accommodation", "/search?q=job",
                f"/services/{seed_id('service', 'nht-move-on-rooms')}",
                f"/organisations/{seed_id('organisation', 'norwich-housing-trust')}"):
        assert not has_exit(page(demo_client.get(url))), url


def test_an_organisation_providing_abuse_support_offers_exit_on_its_other_services(
        demo_client):
    organisation = f"/organisations/{seed_id('organisation', 'change-course-norfolk')}"
    assert has_exit(page(demo_client.get(organisation)))


@pytest.mark.parametrize("query", ["my partner hits me", "sex work", "escort"])
def test_search_for_abuse_or_sex_work_words_offers_exit(demo_client, query):
    assert has_exit(page(demo_client.get("/search", query_string={"q": query})))


def test_search_filtered_to_those_pathways_or_groups_offers_exit(demo_client):
    assert has_exit(page(demo_client.get("/search?q=help&pathway=sex-workers-support")))
    assert has_exit(page(demo_client.get("/search?q=help&client_group=sex-workers")))


def test_finder_steps_offer_exit_once_abuse_is_chosen(demo_client):
    assert not has_exit(page(demo_client.get("/get-support/help")))
    for step in ("where", "who", "when"):
        html = page(demo_client.get(f"/get-support/{step}?pathway=domestic-abuse&area=anywhere"
                                    "&client_group=anyone"))
        assert has_exit(html), step
    html = page(demo_client.get("/get-support/when?pathway=health&area=anywhere"
                                "&client_group=domestic-abuse-survivors"))
    assert has_exit(html)
    assert not has_exit(page(demo_client.get("/get-support/where?pathway=health")))


def test_cover_your_tracks_is_linked_from_the_exit_button(demo_client):
    html = page(demo_client.get("/pathways/domestic-abuse"))
    link = html.select_one(".app-exit-this-page a[href='/cover-your-tracks']")
    assert link is not None
    tracks = page(demo_client.get("/cover-your-tracks"))
    assert has_exit(tracks)
    words = text_of(tracks.select_one("main"))
    for part in ("private", "history", "Shift key 3 times", "Exit this page"):
        assert part in words


def _names(nodes) -> list[str]:
    return [text_of(a) for a in nodes]


def test_abuse_pathway_lists_support_first_and_programmes_for_people_who_harm_apart(
        demo_client):
    html = page(demo_client.get("/pathways/domestic-abuse"))
    section = html.select_one("section.app-stop-hurting")
    assert text_of(section.h2) == "If you want to stop hurting someone"
    harm = _names(section.select(".app-result__title a"))
    assert "Change Course: a group for men who hurt their partners" in harm
    assert "Respect at home for teenagers" in harm
    body = str(html)
    first_support = html.select(".app-result__title a")[0]
    assert text_of(first_support) not in harm
    assert body.index(str(first_support)) < body.index("app-stop-hurting")
    everything = _names(html.select(".app-result__title a"))
    support = [name for name in everything if name not in harm]
    assert everything == support + harm  # every programme for people who harm comes last


def test_finder_never_asks_people_to_call_themselves_people_who_harm(demo_client):
    html = page(demo_client.get("/get-support/who?pathway=domestic-abuse&area=anywhere"))
    labels = text_of(html.select_one("main"))
    assert "People who harm others" not in labels
    assert "harm others" not in labels
    results = page(demo_client.get("/get-support/results?pathway=domestic-abuse&area=anywhere"
                                   "&client_group=anyone&when=not-sure"))
    headings = _names(results.select("main h3.govuk-heading-m"))
    assert "If you want to stop hurting someone" in headings
    names = _names(results.select("main .app-result__title a"))
    assert names.index("Change Course: a group for men who hurt their partners") > max(
        names.index(name) for name in names
        if "hurt their partners" not in name and "Respect at home" not in name
        and "Healthy relationships" not in name)


def test_the_printable_list_offers_exit_when_it_holds_abuse_support(demo_client):
    abuse, housing = seed_id("service", "bbt-da-outreach"), seed_id("service", "nht-move-on-rooms")
    with_abuse = page(demo_client.get(f"/shortlist/print?services={abuse},{housing}"))
    assert has_exit(with_abuse)
    assert not has_exit(page(demo_client.get(f"/shortlist/print?services={housing}")))
