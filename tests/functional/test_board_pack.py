"""The meeting pack: its one-page summary, the dates it compares, one window for funding and
the gaps it would open, refreshing until the meeting is held, and its A4 PDF (read back with
pdftotext: every page numbered and dated, no column cut off, no row label on its own)."""

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest

from directory.analysis import remembered
from directory.board import meetings as meetings_module
from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import Funding, Meeting, PackSnapshot, Pathway, Service
from tests.functional.test_board_register import add_meeting
from tests.helpers import csrf_token, page, text_of

SPRING = date(2027, 3, 12)  # after the women's meet-at-the-gate funding ended (2026-12-31)


def meeting_url(client, day: date) -> str:
    return add_meeting(client, day).headers["Location"]


def saved_content(app, url: str) -> dict:
    with app.app_context():
        meeting = db.session.get(Meeting, _id(url))
        return meeting.pack.content


def _id(url: str):
    import uuid
    return uuid.UUID(url.rstrip("/").split("/")[-1])


def pack_text(client, url: str) -> str:
    """The pack as read, without the message about what was just done."""
    main = page(client.get(url)).select_one("main")
    for banner in main.select(".govuk-notification-banner"):
        banner.decompose()
    return text_of(main)


def post(client, url: str, action: str):
    return client.post(f"{url}/{action}", data={"csrf_token": csrf_token(client.get(url))})


def test_since_is_the_previous_held_meeting_never_a_future_date(admin_client, demo_app):
    today = date.today()
    meeting_url(admin_client, today - timedelta(days=30))
    soon = meeting_url(admin_client, today + timedelta(days=10))
    later = meeting_url(admin_client, today + timedelta(days=100))
    text = text_of(page(admin_client.get(later)))
    since = today - timedelta(days=30)
    assert f"Changes are since {since.day} {since:%B %Y}" in text
    # Marking the coming meeting held early: still never a day after today.
    post(admin_client, soon, "held")
    text = text_of(page(admin_client.get(later)))
    assert f"Changes are since {today.day} {today:%B %Y}" in text


def test_a_pack_refreshes_until_the_meeting_is_held_then_reads_as_saved(admin_client, demo_app):
    url = meeting_url(admin_client, date.today())
    post(admin_client, url, "save")
    with demo_app.app_context():
        service = db.session.get(Service, seed_id("service", "nht-move-on-rooms"))
        service.status = "archived"
        db.session.commit()
    before = saved_content(demo_app, url)["summary"]["closed_count"]
    assert saved_content(demo_app, url)["summary"]["closed_count"] == before  # saved: unchanged
    post(admin_client, url, "save")  # refresh
    assert saved_content(demo_app, url)["summary"]["closed_count"] == before + 1
    post(admin_client, url, "held")
    final = pack_text(admin_client, url)
    assert "this pack is final" in final and "Refresh the pack" not in final
    with demo_app.app_context():
        service = db.session.get(Service, seed_id("service", "wwh-hostel-beds"))
        service.status = "archived"
        db.session.commit()
    response = post(admin_client, url, "save")
    assert response.status_code == 302
    assert saved_content(demo_app, url)["summary"]["closed_count"] == before + 1
    assert pack_text(admin_client, url) == final


def test_funding_and_the_gaps_it_opens_use_one_window_and_name_the_right_services(
        admin_client, demo_app):
    # The only domestic-abuse service for women in North Norfolk: its funding ended before
    # the meeting, but it is still listed. The gaps it would open must name it, as ended.
    with demo_app.app_context():
        funding = db.session.scalar(db.select(Funding).where(
            Funding.service_id == seed_id("service", "cds-idva-north-norfolk")))
        funding.end_date = date(2027, 1, 31)
        db.session.commit()
    url = meeting_url(admin_client, SPRING)
    post(admin_client, url, "save")
    pack = saved_content(demo_app, url)
    assert pack["since"] <= date.today().isoformat() and pack["horizon"] > pack["held_on"]
    named = {f["service"] for s in pack["pathways"] for f in s["funding"] + s["ended_funding"]}
    for section in pack["pathways"]:
        for f in section["funding"]:
            assert pack["held_on"] <= f["ends"] <= pack["horizon"]
        for f in section["ended_funding"]:
            assert f["ends"] < pack["held_on"]
        for gap in section["would_open"]:
            # Every gap is blamed on services the pack lists as losing their funding.
            assert gap["services"] and set(gap["services"]) <= named, gap
    abuse = next(s for s in pack["pathways"] if s["name"] == "Domestic abuse")
    assert [f["service"] for f in abuse["ended_funding"]] == [
        "IDVA support for women in North Norfolk"]
    assert "IDVA support for women in North Norfolk" not in {f["service"] for f in abuse["funding"]}
    women = next(g for g in abuse["would_open"]
                 if g["gap"] == "No domestic abuse services in North Norfolk for women")
    assert women["services"] == ["IDVA support for women in North Norfolk"] and women["ended"]
    accommodation = next(s for s in pack["pathways"] if s["name"] == "Accommodation")
    assert [f["service"] for f in accommodation["ended_funding"]] == ["Meet at the gate for women"]
    html = text_of(page(admin_client.get(url))).replace(" :", ":")
    assert "Funding already ended, but the service is still listed" in html
    assert ("No domestic abuse services in North Norfolk for women: only IDVA support for women "
            "in North Norfolk (funding already ended)") in html


def test_the_pack_opens_with_a_one_page_summary(admin_client, demo_app):
    url = meeting_url(admin_client, SPRING)
    summary = page(admin_client.get(url)).select_one("section.app-pack-summary")
    headings = [text_of(h) for h in summary.select("h3")]
    for wanted in ("The five gaps with most evidence", "Services new and closed since",
                   "Funding that ends before", "Top searches that found little",
                   "Overlaps awaiting a decision"):
        assert any(h.startswith(wanted) for h in headings), wanted
    assert len(summary.select("table tbody tr")) == 9  # each pathway's RAG and its change
    assert len(summary.select("ol li")) == 5


def test_the_pack_counts_and_lists_overlaps_one_pair_at_a_time(admin_client, demo_app):
    with demo_app.app_context():
        pairs = remembered.overlaps()
    url = meeting_url(admin_client, SPRING)

    def awaiting() -> str:
        summary = page(admin_client.get(url)).select_one("section.app-pack-summary")
        return next(text_of(h) for h in summary.select("h3")
                    if text_of(h).startswith("Overlaps awaiting a decision"))
    assert awaiting() == f"Overlaps awaiting a decision ({len(pairs)})"
    form = admin_client.get(f"/board/overlaps/{pairs[0].key}")
    admin_client.post(f"/board/overlaps/{pairs[0].key}", data={
        "csrf_token": csrf_token(form), "decision": "overlap-action", "reason": "Same hostel"})
    assert awaiting() == f"Overlaps awaiting a decision ({len(pairs) - 1})"
    text = pack_text(admin_client, url)
    assert f"{pairs[0].summary}. Board decision: Real overlap." in text
    assert f"{pairs[1].summary}. Board decision: Not decided." in text


@pytest.fixture
def pdf_text():
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: make pango installs it")

    def read(pdf: bytes) -> list[str]:
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                              capture_output=True, check=True).stdout.decode()
        return text.split("\f")[:-1]
    return read


def page_lines(pdf: bytes) -> list[tuple[float, list[str]]]:
    """Each page's lines of text between its running header and its page number, top to
    bottom, as (how far down the space for text the line is, 0 to 1; the line's text)."""
    words = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                           check=True).stdout.decode()
    pages = []
    for text in words.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', text).group(1))
        bottom = height - 16 * 72 / 25.4  # the foot margin, where the page number is
        lines: dict[int, list[str]] = {}
        for top, low, word in re.findall(
                r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', text):
            if 16 * 72 / 25.4 < float(low) < bottom:
                lines.setdefault(round(float(top)), []).append(word.replace("&apos;", "'"))
        pages.append([(top / bottom, " ".join(line)) for top, line in sorted(lines.items())])
    return pages


def test_the_pdf_fits_a4_with_page_numbers_dates_and_whole_rows(admin_client, demo_app,
                                                                pdf_text):
    url = meeting_url(admin_client, SPRING)
    pages = pdf_text(admin_client.get(f"{url}/pack.pdf").data)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert "Board pack: 12 March 2027" in text, number
        assert f"Page {number} of {len(pages)}" in text, number
    assert "Summary" in pages[0] and "Overlaps awaiting a decision" in pages[0]
    assert "Provision" not in pages[0]  # the summary is a page of its own
    table = next(p for p in pages if "Pathways: rating and published services" in p)
    headers = ("Pathway", "RAG", "Breckland", "Broadland", "Great", "Yarmouth", "Norwich",
               "South", "County-", "All")
    for header in headers:
        assert header in table, header
    # No row split from its label: each pathway's numbers are on a line of the same page.
    post(admin_client, url, "save")
    for section in saved_content(demo_app, url)["pathways"]:
        numbers = [*section["provision"]["districts"], section["provision"]["county_wide"],
                   section["provision"]["total"]]
        row = re.compile(r"\s+".join(str(n) for n in numbers) + r"\s*$", re.MULTILINE)
        label = section["name"].split(" ")[0]
        assert label in table and row.search(table), section["name"]
        # Every page with a row of the table has the table's headers too.
        for text in pages:
            if row.search(text):
                assert all(header in text for header in headers), section["name"]


def test_the_pdf_has_no_half_empty_pages_nor_a_heading_left_at_the_foot(admin_client,
                                                                         demo_app, pdf_text):
    url = meeting_url(admin_client, SPRING)
    pdf = admin_client.get(f"{url}/pack.pdf").data
    pages = page_lines(pdf)
    # 32 pages once, several half empty before each map and pathway: now it flows.
    assert len(pages) <= 20, len(pages)
    with demo_app.app_context():
        names = db.session.scalars(db.select(Pathway.name)).all()
    headings = {*names, "Provision", "Every pathway on a map", "Key", "Changes since the last "
                "meeting", "Gap register", "Gaps found in the directory", "Likely overlaps",
                "Funding at risk", "Unmet demand", "Funding already ended, but the service is "
                "still listed", "Gaps that would open if this funding stops"}
    for number, lines in enumerate(pages[:-1], start=1):
        lowest, last = lines[-1]
        # Text reaches the foot of every page but the last (the summary fills its own).
        assert lowest > 0.8, (number, lowest, last)
        # Nor does a heading end a page, nor a pathway's heading with only its rating under it.
        assert last not in headings and not last.startswith(
            ("Listings overdue for review (", "Rating: ")), (number, last)
    # The small maps share the provision table's page: none is pushed to a page of its own.
    table_page = next(n for n, lines in enumerate(pages)
                      if any("Every pathway on a map" in text for _, text in lines))
    assert any(text.startswith("Pathways: rating and published services")
               for _, text in pages[table_page]), "the maps start on the table's page"


def test_a_saved_packs_pdf_is_made_once_and_kept(admin_client, demo_app, monkeypatch):
    made = []
    real = meetings_module.make_pdf
    monkeypatch.setattr(meetings_module, "make_pdf", lambda html: made.append(1) or real(html))
    url = meeting_url(admin_client, SPRING)
    admin_client.get(f"{url}/pack.pdf")
    admin_client.get(f"{url}/pack.pdf")
    assert len(made) == 2  # a preview is made each time: it follows the directory
    post(admin_client, url, "save")
    first = admin_client.get(f"{url}/pack.pdf").data
    assert admin_client.get(f"{url}/pack.pdf").data == first and len(made) == 3
    with demo_app.app_context():
        assert db.session.scalar(db.select(PackSnapshot.pdf)) == first
    post(admin_client, url, "save")  # a refresh makes it again, once
    admin_client.get(f"{url}/pack.pdf")
    admin_client.get(f"{url}/pack.pdf")
    assert len(made) == 4
