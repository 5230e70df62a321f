"""`flask search rebuild` and `flask search purge-log`."""

import click
from flask import current_app
from flask.cli import AppGroup

from directory.extensions import db
from directory.search import indexing
from directory.search import log as search_log

search_cli = AppGroup("search", help="Look after the search index and the search log.")


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild this machine's search index from the database."""
    count = indexing.rebuild(current_app.extensions["search"].index, db.session)
    click.echo(f"Indexed {count} published services.")


@search_cli.command("purge-log")
@click.option("--days", type=int, default=None,
              help="Keep this many days (default: SEARCH_LOG_RETENTION_DAYS).")
def purge_log_command(days: int | None) -> None:
    """Delete logged searches older than the retention period."""
    days = current_app.config["SEARCH_LOG_RETENTION_DAYS"] if days is None else days
    removed = search_log.purge(days)
    click.echo(f"Deleted {removed} searches older than {days} days.")
