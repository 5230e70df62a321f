"""On PostgreSQL too, `flask db upgrade` reaches head and builds exactly what the models say."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from directory import MIGRATIONS_DIR, create_app
from directory.extensions import db
from tests import postgres

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL=postgresql://…")


def migrated_app(tmp_path):
    app = create_app({
        "TESTING": True,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        **postgres.fresh_schema_config(os.environ["TEST_DATABASE_URL"]),
    })
    with app.app_context():
        upgrade()
    return app


def test_postgres_migrations_reach_head_and_match_the_models(tmp_path):
    app = migrated_app(tmp_path)
    head = ScriptDirectory(MIGRATIONS_DIR).get_current_head()
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_revision() == head
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "the migrations and the models differ on PostgreSQL"


def test_postgres_migrations_go_down_and_up_again(tmp_path):
    app = migrated_app(tmp_path)
    with app.app_context():
        downgrade(revision="base")
        upgrade()
        with db.engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() is not None
