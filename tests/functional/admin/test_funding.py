"""Funding on the service form: what the board's "funding at risk" report is made from."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from directory.extensions import db
from directory.formatting import long_date
from directory.models import AuditEntry, Funding, Service
from tests.functional.admin.conftest import client_as
from tests.functional.admin.test_editing import _form_data
from tests.helpers import csrf_token, page, text_of


def _dmy(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _funding(app) -> list[tuple]:
    with app.app_context():
        service = db.session.get(Service, uuid.UUID(app.listing.service))
        return [(f.funder, f.amount_per_year, f.start_date, f.end_date) for f in service.funding]


def _edit(app, client, **rows):
    url = f"/admin/services/{app.listing.service}/edit"
    return client.post(url, data=_form_data(client.get(url), **rows))


def test_funding_that_ends_soon_is_on_the_board_s_at_risk_list(listing_app):
    client = client_as(listing_app, "own_editor")
    ends = date.today() + timedelta(days=60)
    response = _edit(listing_app, client, **{
        "funding-0-funder": "Norfolk County Council", "funding-0-amount": "£12,500",
        "funding-0-start": "1/4/2025", "funding-0-end": _dmy(ends),
        "funding-1-funder": "Lottery Fund"})
    assert response.status_code == 302
    assert sorted(_funding(listing_app)) == [
        ("Lottery Fund", None, None, None),
        ("Norfolk County Council", Decimal("12500.00"), date(2025, 4, 1), ends)]
    # The edit form shows it again as it was typed.
    html = page(client.get(f"/admin/services/{listing_app.listing.service}/edit"))
    shown = {html.select_one(f"#funding-{i}-funder")["value"]:
             html.select_one(f"#funding-{i}-amount")["value"] for i in (0, 1)}
    assert shown == {"Norfolk County Council": "12500", "Lottery Fund": ""}
    board = text_of(page(client_as(listing_app, "admin").get("/board/funding")))
    assert "1 service with funding ending" in board
    assert "Move-on housing" in board and "Norfolk County Council" in board
    assert "£12,500" in board and long_date(ends) in board
    # Funding is for the board: the public page does not show it.
    public = text_of(page(listing_app.test_client().get(
        f"/services/{listing_app.listing.service}")))
    assert "Norfolk County Council" not in public and "Lottery Fund" not in public


def test_a_bad_funding_row_is_shown_again_and_nothing_is_saved(listing_app):
    client = client_as(listing_app, "own_editor")
    response = _edit(listing_app, client, phone="01632 960999", **{
        "funding-0-funder": "Probation Service", "funding-0-amount": "lots",
        "funding-0-start": "1/4/2027", "funding-0-end": "31/3/2026",
        "funding-1-amount": "-5"})
    assert response.status_code == 200
    html = page(response)
    assert html.title.string.startswith("Error:")
    summary = text_of(html.select_one(".govuk-error-summary"))
    for message in ("Enter the amount each year as a number",
                    "The end date must be the same as or after the start date",
                    "Enter who pays for it", "Enter an amount each year that is more than 0"):
        assert message in summary
    assert html.select_one(".govuk-error-summary a[href='#funding-0-end']")
    assert html.select_one("#funding-0-funder")["value"] == "Probation Service"
    assert html.select_one("#funding-0-amount")["value"] == "lots"
    assert html.select_one("#funding-0-start")["value"] == "1/4/2027"
    assert html.select_one("#funding-0-end")["value"] == "31/3/2026"
    assert html.select_one("#funding-1-amount")["value"] == "-5"
    assert _funding(listing_app) == []
    with listing_app.app_context():
        assert db.session.get(Service, uuid.UUID(listing_app.listing.service)).phone \
            == "01632 960001"


def test_clearing_a_row_removes_that_funding_and_the_history_shows_it(listing_app):
    with listing_app.app_context():
        service = db.session.get(Service, uuid.UUID(listing_app.listing.service))
        service.funding = [Funding(funder="Police and Crime Commissioner",
                                   amount_per_year=Decimal("8000.00"),
                                   end_date=date(2027, 3, 31)),
                           Funding(funder="Big Trust", end_date=date(2028, 3, 31))]
        db.session.commit()
    client = client_as(listing_app, "own_editor")
    url = f"/admin/services/{listing_app.listing.service}/edit"
    form = page(client.get(url))
    row = next(i for i in (0, 1) if form.select_one(f"#funding-{i}-funder")["value"]
               == "Police and Crime Commissioner")
    cleared = {f"funding-{row}-{name}": "" for name in ("funder", "amount", "start", "end")}
    assert client.post(url, data=_form_data(client.get(url), **cleared)).status_code == 302
    assert _funding(listing_app) == [("Big Trust", None, None, date(2028, 3, 31))]
    history = text_of(page(client.get(
        f"/admin/history/service/{listing_app.listing.service}")))
    assert ("Funding Big Trust until 31 March 2028; Police and Crime Commissioner £8,000 a year"
            " until 31 March 2027 Big Trust until 31 March 2028") in history
    # Restoring the version before the change puts the removed funding back.
    with listing_app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.record_id == uuid.UUID(listing_app.listing.service))
            .order_by(AuditEntry.changed_at.desc())).first()
    restore = client.post(f"/admin/history/entries/{entry.id}/restore", data={
        "csrf_token": csrf_token(client.get(url)), "which": "before"})
    assert restore.status_code == 302
    assert sorted(_funding(listing_app)) == [
        ("Big Trust", None, None, date(2028, 3, 31)),
        ("Police and Crime Commissioner", Decimal("8000.00"), None, date(2027, 3, 31))]
