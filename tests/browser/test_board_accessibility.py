"""The board's pages in chromium: no axe-core violation, no sideways scroll at 320px."""

from datetime import date, timedelta

import pytest

from directory.board.demo import load_board_demo
from directory.board.gaps import current_gaps
from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import GapEntry, Meeting
from tests.browser.conftest import SCREENSHOTS, check_accessibility
from tests.helpers import make_user

PASSWORD = "board pages are for the board"


@pytest.fixture(scope="module")
def board_urls(live_app):
    with live_app.app_context():
        make_user("board-admin@example.org", "admin", password=PASSWORD)
        db.session.add(GapEntry(pathway_id=seed_id("pathway", "finance-benefits-debt"),
                                issue="No money help at HMP Bure", rag="red", owner="Finance"))
        load_board_demo()  # a year of meetings with saved packs, for the trends and a saved pack
        meeting = Meeting(held_on=date.today() + timedelta(days=10), title="Winter")
        db.session.add(meeting)
        db.session.commit()
        saved = db.session.scalar(db.select(Meeting).where(Meeting.marked_held_at.is_not(None))
                                  .order_by(Meeting.held_on.desc()))
        gap = next(g for gaps in current_gaps().values() for g in gaps)
        return {
            "board-map": "/board/",
            "board-map-by-group": "/board/?by=client_group&self_referral=1",
            "board-gaps": "/board/gaps",
            "board-overlaps": "/board/overlaps",
            "board-funding": "/board/funding",
            "board-demand": "/board/demand",
            "board-register": "/board/register",
            "board-gap-form": "/board/register/new",
            "board-meetings": "/board/meetings",
            "board-pack": f"/board/meetings/{meeting.id}",
            "board-pack-saved": f"/board/meetings/{saved.id}",
            "board-trends": "/board/trends",
            "board-all-gaps": "/board/gaps/all",
            "board-not-a-gap": f"/board/gaps/not-a-gap?gap={gap.key_text}",
            "board-add-from-gap": f"/board/register/new?gap={gap.key_text}",
            "board-map-pathway": "/board/?pathway=sex-workers-support",
            "board-cell": "/board/provision/accommodation?column=norwich&by=area",
            "board-need-weights": "/board/gaps/weights/accommodation",
        }


def test_board_pages_are_accessible(browser_page, live_server, board_urls):
    browser_page.goto(f"{live_server}/sign-in")
    browser_page.fill("#email", "board-admin@example.org")
    browser_page.fill("#password", PASSWORD)
    browser_page.get_by_role("button", name="Sign in").click()
    browser_page.wait_for_url(f"{live_server}/admin/")
    for name, url in board_urls.items():
        browser_page.goto(f"{live_server}{url}")
        assert browser_page.locator("h1").count() == 1, name
        check_accessibility(browser_page, name)


FOCUSED_CELL = """() => {
  const link = document.activeElement;
  if (!link.closest('table.app-matrix')) return null;
  const header = link.closest('tr').querySelector('th').getBoundingClientRect();
  return [link.getBoundingClientRect().left, header.right];
}"""


def sign_in(browser_page, live_server):
    browser_page.goto(f"{live_server}/sign-in")
    browser_page.fill("#email", "board-admin@example.org")
    browser_page.fill("#password", PASSWORD)
    browser_page.get_by_role("button", name="Sign in").click()
    browser_page.wait_for_url(f"{live_server}/admin/")


@pytest.mark.parametrize("url", ["/board/", "/board/?by=client_group"])
def test_tab_never_hides_a_number_under_the_tables_first_column(browser_page, live_server,
                                                                board_urls, url):
    """WCAG 2.4.11 at 320px: forwards with Tab, back with Shift+Tab."""
    sign_in(browser_page, live_server)
    browser_page.set_viewport_size({"width": 320, "height": 700})
    browser_page.goto(f"{live_server}{url}")
    browser_page.focus(".app-matrix-wrapper")
    seen, hidden = 0, []
    for key in ["Tab"] * 110 + ["Shift+Tab"] * 110:
        browser_page.keyboard.press(key)
        place = browser_page.evaluate(FOCUSED_CELL)
        if place:
            seen += 1
            if place[0] < place[1] - 1:
                hidden.append(place)
    assert seen > 100 and not hidden


def test_the_whole_provision_table_is_in_view_at_1280px(browser_page, live_server, board_urls):
    """Issue 15: the table's last columns ("All services") scrolled out of view on a desktop."""
    sign_in(browser_page, live_server)
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    browser_page.goto(f"{live_server}/board/")
    hidden = browser_page.evaluate("""() => {
      const wrapper = document.querySelector('.app-matrix-wrapper');
      return wrapper.scrollWidth - wrapper.clientWidth;
    }""")
    assert hidden <= 0, f"the table scrolls sideways by {hidden}px at 1280px"


def test_a_map_district_takes_focus_and_opens_its_services(browser_page, live_server,
                                                           board_urls):
    sign_in(browser_page, live_server)
    browser_page.goto(f"{live_server}/board/?pathway=accommodation")
    district = browser_page.locator("svg.app-map").first.locator("a").first
    district.focus()
    label = district.get_attribute("aria-label")
    assert browser_page.evaluate("document.activeElement.getAttribute('aria-label')") == label
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/board/provision/accommodation**")
    assert browser_page.locator("h1").inner_text().startswith("Accommodation: ")


def test_the_trends_page_prints_every_chart_whole_with_its_numbers(browser_page, live_server,
                                                                   board_urls):
    """Printed from chromium (A4): no chart is cut across two pages, and the numbers each
    chart draws are printed in words or a table too (the charts' text alternatives)."""
    import subprocess

    from tests.functional.test_board_pack import page_lines

    sign_in(browser_page, live_server)
    browser_page.goto(f"{live_server}/board/trends")
    charts = browser_page.evaluate("""() =>
      [...document.querySelectorAll('svg[class^="app-chart"]')].map(svg =>
        [...svg.querySelectorAll('text')].map(t => t.textContent.trim()).filter(Boolean))""")
    names = browser_page.locator(".app-chart h3").all_inner_texts()
    pdf = browser_page.pdf(format="A4", print_background=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "board-trends-print.pdf").write_bytes(pdf)  # to look at
    # Each page's words (a heading may wrap onto two lines).
    pages = [" ".join(text for _, text in lines).split() for lines in page_lines(pdf)]
    assert len(charts) == len(names) + 2 and len(pages) >= 2
    for name, words in zip([*names, None, None], charts, strict=True):  # the last two: no h3
        # Every text of a chart is printed on one page, with the chart's heading if it has one.
        wanted = [*" ".join(words).split(), *(name.split() if name else [])]
        whole = [n for n, text in enumerate(pages) if all(word in text for word in wanted)]
        assert whole, f"{name or words[:3]}: the chart is cut across pages (or not printed)"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    for alternative in ("Services per pathway at each meeting (the numbers in the charts)",
                        "The same as a list"):
        assert alternative in text, alternative
