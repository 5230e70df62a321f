"""A test that sets the app's clock sets the date with it (the board's windows, "funding
ended" and the search log all read clock.today())."""

from datetime import UTC, date, datetime

from flask import Flask

from directory import clock


def test_today_follows_the_apps_clock_in_norfolk_time():
    app = Flask(__name__)
    # 23:30 UTC on 30 June is already 1 July in Norfolk (British Summer Time).
    app.config["CLOCK"] = lambda: datetime(2027, 6, 30, 23, 30, tzinfo=UTC)
    with app.app_context():
        assert clock.today() == date(2027, 7, 1)
        assert clock.now().date() == date(2027, 7, 1)


def test_today_is_the_real_date_without_a_set_clock():
    with Flask(__name__).app_context():
        assert clock.today() == date.today()
    assert clock.today() == date.today()
