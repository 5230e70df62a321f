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


def test_an_organisation_hidden_before_the_rename_is_still_hidden_and_its_history_restores(
        tmp_path):
    """Migration i17 renames organisation.archived to hidden: a hidden organisation stays
    hidden, and a version saved in its history under the old name still restores."""
    import uuid
    from datetime import datetime

    from flask_migrate import upgrade as upgrade_to
    from sqlalchemy import text

    from directory.listings.editing import restore_version
    from directory.models import AuditEntry, Organisation
    from tests.helpers import make_user

    config = {"TESTING": True, "SEARCH_INDEX_DIR": str(tmp_path / "index"),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'renamed.sqlite3'}"}
    if os.environ.get("TEST_DATABASE_URL"):
        from tests import postgres

        config.update(postgres.fresh_schema_config(os.environ["TEST_DATABASE_URL"]))
    app = create_app(config)
    organisation_id, entry_id = uuid.uuid4(), uuid.uuid4()
    with app.app_context():
        upgrade_to(revision="i13b_plain_pathway_names")
        audit = db.metadata.tables["audit_entry"]
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO organisation (id, name, description, email, url, phone, archived,"
                " created_at, updated_at) VALUES (:id, 'Hidden Trust', '', '', '', '', :yes,"
                " :now, :now)"), {"id": organisation_id if db.engine.name == "postgresql"
                                  else organisation_id.hex, "yes": True,
                                  "now": "2026-01-01 00:00:00"})
            connection.execute(audit.insert().values(
                id=entry_id, record_type="organisation", record_id=organisation_id,
                record_name="Hidden Trust", action="changed", reason="",
                changed_at=datetime(2026, 1, 1),
                changes={"archived": [False, True]},
                snapshot={"name": "Hidden Trust", "archived": True}))
        upgrade_to()
        organisation = db.session.get(Organisation, organisation_id)
        assert organisation.hidden is True
        entry = db.session.get(AuditEntry, entry_id)
        assert entry.changes == {"hidden": [False, True]} and entry.snapshot["hidden"] is True
        admin = make_user("admin@example.org", "admin")
        restore_version(entry, admin, before=True)
        assert db.session.get(Organisation, organisation_id).hidden is False
