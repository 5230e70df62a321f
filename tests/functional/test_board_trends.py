"""Trends on the board's demo year: services per pathway from the saved packs, each
pathway's RAG at each meeting, funding ending in the next 24 months, unmet demand; every chart
is SVG with a text alternative (a title and the same numbers in a table or list)."""

import re

import pytest

from directory.board.demo import load_board_demo
from directory.extensions import db
from directory.models import Meeting, PackSnapshot, RagHistory, SearchLog
from tests.helpers import page, text_of


@pytest.fixture
def demo_year(demo_app, admin_client):
    with demo_app.app_context():
        added = load_board_demo()
    return added


def test_the_demo_year_adds_held_meetings_with_packs_ratings_and_searches(demo_app, demo_year):
    assert demo_year == {"meetings": 5, "register": 8, "searches": demo_year["searches"]}
    assert 300 <= demo_year["searches"] <= 600
    with demo_app.app_context():
        held = db.session.scalars(db.select(Meeting).where(Meeting.marked_held_at.is_not(None)))
        assert all(m.pack is not None for m in held)
        assert db.session.scalar(db.select(db.func.count()).select_from(PackSnapshot)) == 4
        assert db.session.scalar(db.select(db.func.count()).select_from(RagHistory)) == 32
        assert db.session.scalar(db.select(db.func.count()).select_from(SearchLog)) == \
            demo_year["searches"]
        # Loading again adds nothing: a board's own meetings are never overwritten.
        assert load_board_demo()["meetings"] == 0


def test_trends_chart_services_per_pathway_from_the_saved_packs(admin_client, demo_year):
    html = page(admin_client.get("/board/trends"))
    charts = html.select("svg.app-chart__svg")
    assert len(charts) == 9
    table = html.find("caption", id="services-table").find_parent("table")
    assert [text_of(th) for th in table.select("thead th")][-1] == "Today"
    rows = {text_of(tr.th): [int(text_of(td)) for td in tr.find_all("td")]
            for tr in table.select("tbody tr")}
    # The demo directory grew by 4 social-networks services a quarter.
    assert rows["Social networks (friends and family)"] == sorted(
        rows["Social networks (friends and family)"])
    for svg in charts:
        name = text_of(svg.title).split(":")[0]
        values = [int(n) for n in re.findall(r"\d+", text_of(svg.title).split(":")[1])[:5]]
        assert values == rows[name] and len(svg.select("circle")) == len(rows[name])


def test_trends_show_ratings_funding_and_demand_with_text(admin_client, demo_year):
    html = page(admin_client.get("/board/trends"))
    rag = html.find("caption", id="rag-table").find_parent("table")
    finance = next(tr for tr in rag.select("tbody tr")
                   if text_of(tr.th) == "Finance, benefits and debt")
    assert [text_of(td) for td in finance.find_all("td")] == ["Red", "Red", "Red", "Amber"]
    timeline = html.select_one("svg.app-chart__timeline")
    assert timeline.title and timeline.select("circle")
    listed = text_of(html.find("h3", string="The same as a list").find_next("ul"))
    assert re.search(r": \d+ in [A-Z][a-z]+ \d{4}", listed)
    demand = text_of(html.select_one("svg.app-chart__bars title"))
    assert re.search(r"Finance, benefits and debt \d+", demand)
    assert int(re.search(r"Finance, benefits and debt (\d+)", demand).group(1)) > 0
