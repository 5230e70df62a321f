"""A mistake on the command line is one plain line, never a traceback, and the README's
first-account command works right after `make run` on a local checkout."""

import os
import subprocess
import sys
from pathlib import Path

from directory import create_app

REPO = Path(__file__).resolve().parents[2]


def _flask(*args, env_changes, cwd=REPO, stdin=""):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "FLASK_DEBUG")}
    env.update(env_changes)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=cwd,
                          env=env, input=stdin, capture_output=True, text=True, timeout=120)


def test_starting_without_a_secret_key_says_so_in_one_line(tmp_path):
    done = _flask("users", "create", "a@example.org", env_changes={
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "SECRET_KEY is not set" in lines[0] and "make user" in lines[0]


def test_first_account_in_development_settings_then_a_duplicate_is_one_line(tmp_path):
    env = {"FLASK_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "SEARCH_INDEX_DIR": str(tmp_path / "index")}
    assert _flask("db", "upgrade", env_changes=env).returncode == 0
    password = "correct horse battery staple\n"
    made = _flask("users", "create", "first@example.org", "--role", "admin",
                  env_changes=env, stdin=password * 2)
    assert made.returncode == 0, made.stderr
    assert "Created first@example.org (admin)." in made.stdout
    again = _flask("users", "create", "first@example.org", "--role", "admin",
                   env_changes=env, stdin=password * 2)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    # Before it: the password prompts, which go to stderr when there is no terminal.
    assert again.stderr.strip().splitlines()[-1] == (
        "Error: There is already an account for first@example.org")


def test_a_database_not_yet_set_up_is_one_plain_line(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                      "SEARCH_INDEX_DIR": str(tmp_path / "index")})
    result = app.test_cli_runner().invoke(args=["users", "create", "a@example.org", "--invite"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "The database has no tables yet: run `make migrate`" in result.output


def test_a_missing_file_is_one_plain_line(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "nothing.sqlite3")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output
