"""`flask import FILE` and `flask export --format json|csv PATH`."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from directory.interop import exporting, importing


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
    """Import services from ORUK / HSDS 3.0 JSON, ORUK v1 JSON or our CSV. All or nothing."""
    report = importing.import_file(path.read_bytes(), path.name, file_format, dry_run,
                                   list(mappings), source=source.strip() or importing.FILES)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)


@click.command("export")
@with_appcontext
@click.option("--format", "file_format", type=click.Choice(exporting.FORMATS), default="json",
              show_default=True)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export_command(file_format: str, path: Path) -> None:
    """Write every published service to PATH, as ORUK JSON or CSV."""
    path.write_text(exporting.export_text(file_format), encoding="utf-8")
    click.echo(f"Wrote {path}.")
