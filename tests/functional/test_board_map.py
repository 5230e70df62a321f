"""The provision map's district maps, read as a parser reads the SVG: one shape per district,
the right number in each, each a link to the services behind it, prisons marked."""

from urllib.parse import parse_qs, urlparse

import pytest

from directory.extensions import db
from directory.models import User
from tests.helpers import make_user, page, sign_in_as, text_of

DISTRICTS = {"Breckland", "Broadland", "Great Yarmouth", "King's Lynn and West Norfolk",
             "North Norfolk", "Norwich", "South Norfolk"}


@pytest.fixture
def viewer_client(shared_demo_app):
    client = shared_demo_app.test_client()
    with shared_demo_app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="map-viewer@example.org"))
        sign_in_as(client, user or make_user("map-viewer@example.org", "viewer"))
    return client


def table_counts(html) -> dict[str, dict[str, int]]:
    """{pathway: {district: number}} from the table below the maps."""
    districts = [text_of(th) for th in html.select("table.app-matrix thead th")][1:8]
    return {text_of(tr.th): dict(zip(districts, (int(text_of(td).split(" ")[0])
                                                 for td in tr.find_all("td")), strict=False))
            for tr in html.select("table.app-matrix tbody tr")}


def map_counts(svg) -> dict[str, tuple[int, str]]:
    """{district: (number printed, link)} from one map's SVG."""
    found = {}
    for shape in svg.select("path.app-map__district"):
        link = shape.find_parent("a")
        found[shape["data-district"]] = (int(text_of(link.find("text"))), link["href"])
    return found


def test_the_big_map_has_one_linked_shape_per_district_with_the_tables_numbers(viewer_client):
    html = page(viewer_client.get("/board/?pathway=drugs-alcohol"))
    big = html.select("svg.app-map")[0]
    shapes = big.select("path.app-map__district")
    assert len(shapes) == 7 and {s["data-district"] for s in shapes} == DISTRICTS
    assert all(s["d"].startswith("M") and s["d"].endswith("Z") for s in shapes)
    drawn = map_counts(big)
    table = table_counts(html)["Drugs and alcohol"]
    assert {name: n for name, (n, _href) in drawn.items()} == table
    for name, (number, href) in drawn.items():
        query = parse_qs(urlparse(href).query)
        assert urlparse(href).path == "/board/provision/drugs-alcohol" and query["by"] == ["area"]
        listing = page(viewer_client.get(href))
        assert len(listing.select(".app-result")) == number, name
        assert text_of(listing.h1) == f"Drugs and alcohol: {name}"


def test_every_pathway_has_a_small_map_on_the_same_page(viewer_client):
    html = page(viewer_client.get("/board/"))
    table = table_counts(html)
    small = html.select(".app-small-maps svg.app-map")
    assert len(small) == len(table) == 9
    for svg, (pathway, counts) in zip(small, table.items(), strict=True):
        assert pathway in text_of(svg.title)
        assert {name: n for name, (n, _href) in map_counts(svg).items()} == counts


def test_the_maps_follow_the_filters(viewer_client):
    html = page(viewer_client.get("/board/?client_group=women&pathway=accommodation"))
    table = table_counts(html)["Accommodation"]
    drawn = map_counts(html.select("svg.app-map")[0])
    assert {name: n for name, (n, _href) in drawn.items()} == table
    assert all("client_group=women" in href for _n, href in drawn.values())
    everyone = table_counts(page(viewer_client.get("/board/")))["Accommodation"]
    assert sum(table.values()) < sum(everyone.values())


def test_districts_with_nothing_are_striped_not_only_lighter(viewer_client):
    html = page(viewer_client.get("/board/?pathway=sex-workers-support"))
    big = html.select("svg.app-map")[0]
    striped = [s["data-district"] for s in big.select("path.app-map__district")
               if s.get("fill", "").startswith("url(#")]
    assert sorted(striped) == sorted(DISTRICTS - {"Norwich"})  # the demo's gap G1
    key = text_of(html.select_one(".app-board-legend"))
    assert "None (striped)" in key and "A prison" in key and "number in each district" in key


def test_prisons_are_marked_and_the_boundaries_credited(viewer_client):
    html = page(viewer_client.get("/board/"))
    marks = {text_of(t) for t in html.select("svg.app-map")[0].select(".app-map__prison title")}
    assert marks == {"HMP Norwich", "HMP Bure", "HMP Wayland"}  # not Peterborough: outside
    assert html.select_one(".app-map-layout a[href='/prisons/hmp-bure']")
    assert "Martin Chorley" in text_of(html) and "Ordnance Survey" in text_of(html)


def test_maps_are_for_districts_only(viewer_client):
    html = page(viewer_client.get("/board/?by=stage"))
    assert not html.select("svg.app-map") and html.select("table.app-matrix")
