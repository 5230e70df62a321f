"""Open data: the Open Referral UK API, import and export."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.interop.api import bp as api_bp
    from directory.interop.cli import export_command, import_command

    app.register_blueprint(api_bp)
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
