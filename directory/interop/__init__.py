"""Open data: the Open Referral UK API, import and export."""

from flask import Flask

from directory.models.accounts import Role
from directory.setup.navigation import add_admin_link


def init_app(app: Flask) -> None:
    from directory.interop import feeds
    from directory.interop.admin import exports_bp, imports_bp
    from directory.interop.api import bp as api_bp
    from directory.interop.api import routing_errors_as_json
    from directory.interop.cli import export_command, feeds_command, import_command
    from directory.interop.v1 import bp as api_v1_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(api_v1_bp)
    app.before_request(routing_errors_as_json)
    app.register_blueprint(imports_bp)
    app.register_blueprint(exports_bp)
    # Admins land on the import page (which links to the downloads); others on the downloads.
    add_admin_link(app, "Open data", "data_admin.upload", (Role.ADMIN,), position=80)
    add_admin_link(app, "Open data", "data_export.index", (Role.EDITOR, Role.VIEWER),
                   position=80)
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
    app.cli.add_command(feeds_command)
    feeds.init_app(app)
