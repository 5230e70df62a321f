"""The migrations build exactly the schema the models describe."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from directory import create_app
from directory.extensions import db


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite file database")
def test_migrations_match_the_models(tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.sqlite3'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
    })
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == [], "run `flask db migrate` and commit the new migration"
