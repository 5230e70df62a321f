"""The gap register, meetings and saved packs: admins write, everyone signed in reads."""

from datetime import date, timedelta

from directory.extensions import db
from directory.listings.seeding import seed_id
from directory.models import GapEntry, Meeting, Pathway, RagHistory, Service
from tests.helpers import csrf_token, make_user, page, sign_in_as, text_of


def add_gap(client, **changes):
    form = client.get("/board/register/new")
    values = {
        "csrf_token": csrf_token(form),
        "pathway_id": str(seed_id("pathway", "finance-benefits-debt")),
        "issue": "No money help at HMP Bure",
        "local_gap": "Men in HMP Bure cannot get debt advice before release",
        "rag": "red", "evidence": "Probation caseload review", "owner": "Finance lead",
        "target_date": ["31", "3", "2027"], "status": "open",
    }
    values.update(changes)
    return client.post("/board/register/new", data=values)


def add_meeting(client, day: date):
    form = client.get("/board/meetings")
    return client.post("/board/meetings", data={
        "csrf_token": csrf_token(form), "held_on": [str(day.day), str(day.month), str(day.year)],
        "title": ""})


def test_admin_records_a_gap_and_the_pathway_takes_its_rating(admin_client):
    response = add_gap(admin_client)
    assert response.status_code == 302
    html = page(admin_client.get("/board/register"))
    heading = text_of(html.select_one("#pathway-finance-benefits-debt"))
    assert heading == "Finance, benefits and debt: Red"
    assert "No money help at HMP Bure" in text_of(html.select_one("table"))
    csv = admin_client.get("/board/register?format=csv").get_data(as_text=True)
    assert "Finance lead" in csv and "2027-03-31" in csv


def test_a_bad_gap_form_shows_what_was_typed_with_an_error_summary(admin_client):
    response = add_gap(admin_client, issue="", target_date=["31", "2", "2027"])
    html = page(response)
    assert html.title.string.startswith("Error:")
    summary = text_of(html.select_one(".govuk-error-summary"))
    assert "Describe the issue" in summary
    assert html.select_one("#owner")["value"] == "Finance lead"


def test_viewer_reads_the_register_but_cannot_write(demo_app):
    client = demo_app.test_client()
    with demo_app.app_context():
        sign_in_as(client, make_user("viewer@example.org", "viewer"))
    assert client.get("/board/register").status_code == 200
    assert "Add a gap" not in text_of(page(client.get("/board/register")))
    token = csrf_token(client.get("/board/register"))
    assert client.post("/board/register/new", data={"csrf_token": token}).status_code == 403
    assert client.post("/board/meetings", data={"csrf_token": token}).status_code == 403


def test_a_saved_pack_reads_the_same_after_the_directory_changes(demo_app, admin_client):
    add_gap(admin_client)
    first = add_meeting(admin_client, date.today() - timedelta(days=1))
    url = first.headers["Location"]
    html = page(admin_client.get(url))
    assert "not saved yet" in text_of(html)
    admin_client.post(f"{url}/save", data={"csrf_token": csrf_token(admin_client.get(url))})
    assert "The pack is saved" in text_of(page(admin_client.get(url)))
    saved = text_of(page(admin_client.get(url)).select_one("main"))
    with demo_app.app_context():
        service = db.session.get(Service, seed_id("service", "nht-move-on-rooms"))
        service.status = "archived"
        entry = db.session.scalar(db.select(GapEntry))
        entry.rag = "green"
        db.session.commit()
        history = db.session.scalars(db.select(RagHistory)).all()
        assert [h.rag for h in history] == ["red"]
    assert text_of(page(admin_client.get(url)).select_one("main")) == saved
    # A later meeting's live pack sees the change, counted since the earlier meeting.
    later = add_meeting(admin_client, date.today() + timedelta(days=1)).headers["Location"]
    live = page(admin_client.get(later))
    accommodation = next(s for s in live.select("section.app-board-pathway")
                         if text_of(s.h2) == "Accommodation")
    assert "Move-on rooms for men leaving prison" in text_of(accommodation)


def test_the_pack_downloads_as_pdf_and_csv(admin_client):
    url = add_meeting(admin_client, date(2026, 12, 1)).headers["Location"]
    pdf = admin_client.get(f"{url}/pack.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    csv = admin_client.get(f"{url}?format=csv").get_data(as_text=True)
    assert "Sex workers support,Funding ends,Night outreach van,2027-05-31" in csv


def test_a_meeting_date_is_checked(admin_client, demo_app):
    add_meeting(admin_client, date(2026, 12, 1))
    response = add_meeting(admin_client, date(2026, 12, 1))
    assert "There is already a meeting on that date" in text_of(page(response))
    with demo_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 1


G3 = "No finance, benefits and debt services in North Norfolk (in prison)"


class _Titles(list):
    def index(self, title):
        return next(i for i, text in enumerate(self) if text.startswith(title))


def finance_gaps(client) -> list[str]:
    html = page(client.get("/board/gaps/all"))
    finance = html.find("h2", id="finance-benefits-debt").find_next("ol")
    return _Titles(text_of(item) for item in finance.select("li"))


def test_need_weights_move_a_gap_up(admin_client, demo_app):
    with demo_app.app_context():
        pathway = db.session.scalar(db.select(Pathway).filter_by(slug="finance-benefits-debt"))
        slug = pathway.slug
    before = finance_gaps(admin_client)
    url = f"/board/gaps/weights/{slug}"
    form = admin_client.get(url)
    values = {f"w_{d}": "1" for d in ("breckland", "broadland", "great-yarmouth",
                                       "kings-lynn-west-norfolk", "norwich", "south-norfolk")}
    response = admin_client.post(url, data={"csrf_token": csrf_token(form), **values,
                                            "w_north-norfolk": "eleven"})
    assert page(response).title.string.startswith("Error:")
    admin_client.post(url, data={"csrf_token": csrf_token(form), **values,
                                 "w_north-norfolk": "3"})
    after = finance_gaps(admin_client)
    assert after.index(G3) < before.index(G3) and after.index(G3) < 5
    assert "the board's need weight here is 3" in after[after.index(G3)]
