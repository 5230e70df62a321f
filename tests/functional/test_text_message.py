"""'Send as a text message' through GOV.UK Notify, tested against a fake Notify on loopback:
offered only with NOTIFY_API_KEY, rate-limited, the number neither stored nor logged."""

import logging

import pytest
from sqlalchemy import inspect, text

from directory.extensions import db
from directory.finder import text_message
from directory.models import Service
from tests.conftest import make_app
from tests.fake_notify import FakeNotify
from tests.functional.finder_data import load_finder_data, service_id
from tests.helpers import csrf_token, page, text_of

NEAR, FAR = service_id("near-rooms"), service_id("far-rooms")
NUMBER = "07700 900123"


@pytest.fixture
def notify():
    with FakeNotify() as fake:
        yield fake


@pytest.fixture
def notify_app(tmp_path, notify):
    app = make_app(tmp_path, NOTIFY_API_KEY=notify.api_key,
                   NOTIFY_SMS_TEMPLATE_ID=notify.template_id, NOTIFY_BASE_URL=notify.base_url)
    with app.app_context():
        load_finder_data(tmp_path)
    return app


def send(client, number=NUMBER, address="192.0.2.1"):
    url = f"/shortlist/text?services={NEAR},{FAR}"
    form = client.get(url, environ_base={"REMOTE_ADDR": address})
    return client.post(url, data={"csrf_token": csrf_token(form), "phone_number": number},
                       environ_base={"REMOTE_ADDR": address})


def test_hidden_without_a_notify_key(app, tmp_path):
    with app.app_context():
        load_finder_data(tmp_path)
    client = app.test_client()
    assert "Send as a text message" not in text_of(page(client.get(f"/shortlist?services={NEAR}")))
    assert client.get(f"/shortlist/text?services={NEAR}").status_code == 404


def test_sends_the_list_through_notify_and_keeps_no_number(notify_app, notify, caplog,
                                                           monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(text_message.log, "disabled", False)
    client = notify_app.test_client()
    link = page(client.get(f"/shortlist?services={NEAR},{FAR}")).find(
        "a", string="Send as a text message")
    assert link["href"] == f"/shortlist/text?services={NEAR},{FAR}"
    response = send(client)
    assert response.status_code == 200
    assert "List sent" in text_of(page(response).select_one("h1"))
    [sent] = notify.received
    assert sent["phone_number"] == "07700900123"
    assert sent["template_id"] == notify.template_id
    message = sent["personalisation"]["list"]
    assert message.splitlines() == [
        "Your list of support from Rehabilitation Pathways:",
        "Rooms in the city: 01632 960001",
        "Rooms in the country: 01632 960002",
        f"See the whole list: http://localhost/shortlist?services={NEAR},{FAR}",
    ]
    # Neither stored nor logged nor shown back.
    assert "900123" not in response.get_data(as_text=True)
    assert "900123" not in caplog.text
    with notify_app.app_context():
        for table in inspect(db.engine).get_table_names():
            rows = db.session.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608
            assert "900123" not in repr(rows), table


def test_a_wrong_number_is_shown_again_with_an_error_and_nothing_is_sent(notify_app, notify):
    response = send(notify_app.test_client(), number="0161 496 0000")
    assert response.status_code == 400
    html = page(response)
    assert "Enter a UK mobile phone number" in text_of(html.select_one(".govuk-error-summary"))
    assert html.select_one("#phone_number")["value"] == "0161 496 0000"
    assert html.title.string.startswith("Error:")
    assert notify.received == []


def test_sends_are_limited_per_sender(notify_app, notify):
    client = notify_app.test_client()
    for _ in range(text_message.MAX_PER_SENDER):
        assert send(client).status_code == 200
    refused = send(client)
    assert refused.status_code == 429
    assert "3 times in the last hour" in text_of(page(refused).select_one(".govuk-error-summary"))
    assert len(notify.received) == text_message.MAX_PER_SENDER
    assert send(client, address="198.51.100.7").status_code == 200  # someone else still can


def test_sends_are_limited_for_the_whole_site(notify_app, notify, monkeypatch):
    monkeypatch.setattr(text_message, "MAX_FOR_THE_SITE", 2)
    client = notify_app.test_client()
    assert send(client, address="192.0.2.1").status_code == 200
    assert send(client, address="192.0.2.2").status_code == 200
    assert send(client, address="192.0.2.3").status_code == 429
    assert len(notify.received) == 2


def test_notify_refusing_says_so_and_logs_no_number(notify_app, notify, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    # Alembic's logging set-up (an earlier migration test) disables loggers that exist then.
    monkeypatch.setattr(text_message.log, "disabled", False)
    notify.fail_with = 400
    response = send(notify_app.test_client())
    assert response.status_code == 502
    assert "could not be sent" in text_of(page(response).select_one(".govuk-error-summary"))
    assert "GOV.UK Notify did not send" in caplog.text
    assert "900123" not in caplog.text


def test_notify_out_of_reach_says_so(notify_app, notify, caplog):
    notify_app.config["NOTIFY_BASE_URL"] = "http://127.0.0.1:9"  # nothing listens there
    response = send(notify_app.test_client())
    assert response.status_code == 502
    assert notify.received == []


@pytest.mark.parametrize("typed, expected", [
    ("07700 900123", "07700900123"), ("+44 7700 900123", "07700900123"),
    ("(0044) 7700-900123", "07700900123"), ("447700900123", "07700900123"),
    ("0161 496 0000", None), ("0770090012", None), ("", None), ("07700 900123 ext", None),
])
def test_uk_mobile_numbers(typed, expected):
    assert text_message.uk_mobile_number(typed) == expected


def test_a_long_list_is_cut_to_fit_and_keeps_the_link():
    services = [Service(name=f"A service with a long name, number {n}", phone="01632 960000")
                for n in range(12)]
    message = text_message.list_message(services, "https://example.org/shortlist?services=x")
    assert len(message) <= text_message.MAX_MESSAGE_LENGTH
    assert message.endswith("See the whole list: https://example.org/shortlist?services=x")
    assert "more." in message.splitlines()[-2]
