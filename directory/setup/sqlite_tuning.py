"""SQLite settings for several gunicorn workers writing to one file.

In SQLite's default journal mode a reader blocks a writer's commit, and after 5 s of waiting
the writer fails with "database is locked": a 500 for an editor under load. Write-ahead
logging lets readers and one writer work at once, and a longer busy timeout lets writers
queue instead of failing.
"""

from flask import Flask
from sqlalchemy import event

BUSY_TIMEOUT_MS = 30_000


def _tune(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def init_app(app: Flask) -> None:
    from directory.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        event.listen(engine, "connect", _tune)
