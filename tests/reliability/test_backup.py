"""`flask backup` takes a copy that `flask restore` puts back, data and all."""

import os

import pytest
from sqlalchemy import make_url, select

from directory.extensions import db
from directory.models import Organisation
from directory.setup.backup import postgres_hint

sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite's online backup")


def organisation_names(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Organisation.name)))


@sqlite_only
def test_backup_then_restore_brings_the_data_back(app, runner, tmp_path):
    with app.app_context():
        db.session.add(Organisation(name="Norwich Housing Advice"))
        db.session.commit()
    backup = tmp_path / "backups" / "directory.sqlite3"

    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert backup.is_file() and not backup.with_name(backup.name + ".partial").exists()

    with app.app_context():
        db.session.execute(db.delete(Organisation))
        db.session.add(Organisation(name="Added after the backup"))
        db.session.commit()
    assert organisation_names(app) == ["Added after the backup"]

    result = runner.invoke(args=["restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output
    assert organisation_names(app) == ["Norwich Housing Advice"]


@sqlite_only
def test_restore_refuses_a_damaged_backup_and_keeps_the_data(app, runner, tmp_path):
    with app.app_context():
        db.session.add(Organisation(name="Still here"))
        db.session.commit()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)

    result = runner.invoke(args=["restore", "--yes", str(damaged)])
    assert result.exit_code != 0
    assert organisation_names(app) == ["Still here"]


def test_restore_asks_before_replacing_everything(app, runner, tmp_path):
    backup = tmp_path / "b.sqlite3"
    backup.write_bytes(b"")
    result = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert result.exit_code != 0 and "replaces everything" in result.output


def test_postgres_backup_says_which_pg_dump_command_to_run():
    hint = postgres_hint(make_url("postgresql+psycopg://directory:s3cret@db.example.org/directory"))
    assert "pg_dump --format=custom" in hint and "pg_restore" in hint
    assert "s3cret" not in hint and "postgresql://directory:***@db.example.org/directory" in hint


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_flask_backup_sqlite_only_points_to_pg_dump(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output and not (tmp_path / "x").exists()
