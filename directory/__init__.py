"""Rehabilitation Pathways: a service directory for people leaving prison and their families."""

import os

from flask import Flask

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), "..", "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    from directory.setup import config

    testing = bool(test_config and test_config.get("TESTING"))
    app.config.from_mapping(config.load(app.instance_path, app.debug, testing))
    if test_config:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    from directory import search
    from directory.analysis import remembered
    from directory.listings import audit
    from directory.setup import cli, errors, security, templating

    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    audit.init_app(app)  # records every change to listings
    search.init_app(app)  # keeps the index in step with every commit
    remembered.init_app(app)  # the board's reads in a request are forgotten once it writes
    cli.plain_errors(app)  # last: wraps every command registered above
    return app


def register_extensions(app: Flask) -> None:
    from directory import auth  # noqa: F401  (registers the user loader)
    from directory.extensions import csrf, db, login_manager, migrate
    from directory.setup import sqlite_tuning

    db.init_app(app)
    sqlite_tuning.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)


def register_blueprints(app: Flask) -> None:
    from directory import interop
    from directory.admin import bp as admin_bp
    from directory.auth import bp as auth_bp
    from directory.board import bp as board_bp
    from directory.finder import bp as finder_bp
    from directory.models.accounts import Role
    from directory.public import bp as public_bp
    from directory.setup.navigation import add_admin_link
    from directory.suggestions import bp as suggestions_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(finder_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(suggestions_bp)
    app.register_blueprint(board_bp)
    interop.init_app(app)
    add_admin_link(app, "Dashboard", "admin.dashboard", Role.ALL, position=0)
    add_admin_link(app, "Board", "board.provision", Role.ALL, position=20)
