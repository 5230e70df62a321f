"""Running the suite on PostgreSQL: one database per xdist worker, one schema per test app.

Every test app gets a fresh schema (about 40 ms to build) instead of sharing one database, so
a session-wide app (`shared_demo_app`, `live_app`) keeps its data while function-scoped apps
come and go beside it in the same worker.
"""

import itertools
import os
import weakref

from sqlalchemy import create_engine, make_url, text

_schema_numbers = itertools.count()
_engines_in_use: weakref.WeakSet = weakref.WeakSet()
_worker_url = None


def _create_worker_database(base_url: str) -> str:
    """Create (afresh) this worker's own database and return its URL."""
    url = make_url(base_url).set(drivername="postgresql+psycopg")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{url.database or 'directory_test'}_{worker}"
    # The server's maintenance database, since the named one need not exist.
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def fresh_schema_config(base_url: str) -> dict:
    """Config that points a new test app at an empty schema of this worker's database."""
    global _worker_url
    if _worker_url is None:
        _worker_url = _create_worker_database(base_url)
    # Idle pooled connections of earlier apps would add up past max_connections.
    for engine in list(_engines_in_use):
        engine.dispose()
    schema = f"app_{next(_schema_numbers)}"
    engine = create_engine(_worker_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    # The schema rides in the URL (psycopg's `options`), so a test that starts a second app
    # from SQLALCHEMY_DATABASE_URI alone (another "worker") lands in the same schema.
    url = make_url(_worker_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return {"SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False)}


def track_engine(engine) -> None:
    _engines_in_use.add(engine)
