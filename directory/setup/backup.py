"""Backups of the directory's database, taken while the site is running.

SQLite: the online backup API copies a consistent snapshot page by page, even while workers
write. PostgreSQL: `pg_dump` does the same job better than we could, so we say how to call it.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL


class BackupNotPossible(RuntimeError):
    """This database is not one we copy ourselves; the message says what to run instead."""


def sqlite_file(url: URL) -> Path:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupNotPossible(postgres_hint(url))
    return Path(url.database)


def postgres_hint(url: URL) -> str:
    plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
    return (
        "This database is PostgreSQL: back it up with pg_dump, for example\n"
        f"  pg_dump --format=custom --file=backup.dump '{plain}'\n"
        "and restore it with\n"
        f"  pg_restore --clean --if-exists --no-owner --dbname='{plain}' backup.dump"
    )


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API."""
    with closing(sqlite3.connect(source)) as from_db, closing(sqlite3.connect(target)) as to_db:
        from_db.backup(to_db)


def back_up(url: URL, target: Path) -> Path:
    """Write a consistent copy of the live database to `target` (a file, replaced if there)."""
    source = sqlite_file(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    copy_sqlite(source, partial)
    # Only a finished copy takes the backup's name, so a crash never leaves half a backup.
    partial.replace(target)
    return target


def restore(url: URL, backup: Path) -> None:
    """Put a backup back in place of the live database (running workers see it at once)."""
    if not backup.is_file():
        raise FileNotFoundError(f"There is no backup at {backup}")
    with closing(sqlite3.connect(backup)) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ValueError(f"{backup} is damaged: not restoring it")
    copy_sqlite(backup, sqlite_file(url))
