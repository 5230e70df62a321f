"""Command-line tasks, registered on the app: `flask seed`, …"""

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from directory.seeding import SEED_DIR, load_seed


@click.command("seed")
@with_appcontext
@click.option("--path", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=SEED_DIR, show_default=True, help="Folder of seed files.")
def seed_command(path: Path) -> None:
    """Load the demo data (safe to run again)."""
    counts = load_seed(path)
    click.echo(
        f"Loaded {counts['organisations']} organisations and {counts['services']} services."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
