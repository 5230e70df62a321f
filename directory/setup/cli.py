"""Command-line tasks, registered on the app: `flask seed`, …

A mistake on the command line is one plain line, never a traceback: Click's own errors
already are, and `plain_errors` makes a database that has not been set up one too."""

import functools
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from directory.board.demo import load_board_demo
from directory.extensions import db
from directory.listings.seeding import SEED_DIR, load_seed
from directory.setup import backup


@click.command("seed")
@with_appcontext
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=SEED_DIR, show_default=True, help="Folder of seed files.")
def seed_command(path: Path) -> None:
    """Load the demo data: only what is missing, never over changes made in the site."""
    click.echo(load_seed(path).summary())
    board = load_board_demo(path / "board_demo.yaml")
    if board["meetings"]:
        click.echo(f"Added the board's demo year: {board['meetings']} meetings, "
                   f"{board['register']} register entries, {board['searches']} searches.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the live database to PATH (safe while the site runs)."""
    try:
        written = backup.back_up(db.engine.url, path)
    except backup.BackupNotPossible as reason:
        raise click.ClickException(str(reason)) from None
    click.echo(f"Backed up the database to {written}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces everything in the database. Go on?")
@with_appcontext
def restore_command(path: Path) -> None:
    """Replace the live database with the backup at PATH. Rebuild the search index after."""
    try:
        backup.restore(db.engine.url, path)
    except (backup.BackupNotPossible, ValueError) as reason:
        raise click.ClickException(str(reason)) from None
    click.echo(f"Restored the database from {path}")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


DATABASE_NOT_READY = ("The database has no tables yet: run `make migrate` "
                      "(or `flask --app app db upgrade`) first.")


def plain_errors(app: Flask) -> None:
    """Every command registered so far says DATABASE_NOT_READY instead of a traceback when
    the database has not been migrated. create_app calls this after registering them all."""
    for command in app.cli.commands.values():
        _plain(command)


def _plain(command: click.Command) -> None:
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            _plain(subcommand)
        return
    callback = command.callback
    if callback is None or getattr(callback, "plain_errors", False):
        return

    @functools.wraps(callback)
    def plain(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except (OperationalError, ProgrammingError) as error:
            if _missing_table(error):
                raise click.ClickException(DATABASE_NOT_READY) from None
            raise

    plain.plain_errors = True
    command.callback = plain


def _missing_table(error: Exception) -> bool:
    text = str(getattr(error, "orig", error)).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)
