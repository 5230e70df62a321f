"""`flask import FILE` and `flask export --format json|csv PATH`."""

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from directory.interop import exporting, feeds, importing


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; save "
              "nothing.")
@click.option("--format", "file_format", type=click.Choice(importing.FORMATS),
              help="Say what the file is, if its name does not (default: guess).")
@click.option("--mapping", "mappings", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An extra term mapping file (seed/import_mappings/*.yaml are always used).")
@click.option("--source", default=importing.FILES, show_default=True,
              help="Who published the file. Only files from the same source may change the "
              "records it brings.")
def import_command(path: Path, dry_run: bool, file_format: str | None, mappings,
                   source: str) -> None:
    """Import services from ORUK / HSDS 3.0 JSON (services, organizations or
    service_at_locations), ORUK v1 JSON, our CSV, or the HSDS tabular package (a zip file or a
    folder of its CSV files). All or nothing."""
    with click.progressbar(length=max(1, path.stat().st_size), label="Importing",
                           file=sys.stderr) as bar:
        def progress(done: int, _total: int) -> None:
            bar.update(done - bar.pos)

        report = importing.import_path(path, file_format, dry_run, list(mappings),
                                       source.strip() or importing.FILES, progress)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)
    if report.index_later:
        started = time.perf_counter()
        click.echo("Bringing the search index up to date…")
        current_app.extensions["search"].catch_up()
        click.echo(f"Search index up to date in {time.perf_counter() - started:.0f} s.")


@click.command("export")
@with_appcontext
@click.option("--format", "file_format", type=click.Choice(exporting.FORMATS), default="json",
              show_default=True)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export_command(file_format: str, path: Path) -> None:
    """Write every published service to PATH, as ORUK JSON or CSV."""
    path.write_text(exporting.export_text(file_format), encoding="utf-8")
    click.echo(f"Wrote {path}.")


@click.group("feeds")
def feeds_command() -> None:
    """Follow other directories' Open Referral UK APIs."""


@feeds_command.command("add")
@with_appcontext
@click.argument("name")
@click.argument("url")
@click.option("--every", "hours", type=click.IntRange(1, 24 * 28),
              help="Pull it by itself every so many hours (default: only when asked).")
def feeds_add(name: str, url: str, hours: int | None) -> None:
    """Follow the API at URL (its root, such as https://example.org/api) as NAME."""
    try:
        feed = feeds.add_feed(name, url, hours)
    except feeds.FeedError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Added the feed {feed.name}. Pull it with: flask feeds pull {feed.name!r}")


@feeds_command.command("pull")
@with_appcontext
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Say what would change; save nothing.")
def feeds_pull(name: str, dry_run: bool) -> None:
    """Pull the feed NAME now: all or nothing, changing only that feed's records."""
    feed = feeds.feed_named(name)
    if feed is None:
        raise click.ClickException(f"There is no feed called {name!r}: see flask feeds list.")
    report = feeds.pull(feed, dry_run=dry_run)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)


@feeds_command.command("list")
@with_appcontext
def feeds_list() -> None:
    """Every feed, with its last result."""
    for feed in feeds.all_feeds():
        when = f"{feed.last_tried_at:%Y-%m-%d %H:%M}" if feed.last_tried_at else "never"
        click.echo(f"{feed.name}  {feed.url}  last pulled {when}: "
                   f"{(feed.last_result or 'not pulled yet').splitlines()[0]}")
