"""Error pages in the site's own style."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        template = {403: "errors/403.html", 404: "errors/404.html"}.get(
            error.code, "errors/error.html"
        )
        return render_template(template, error=error), error.code

    @app.errorhandler(StaleDataError)
    def changed_meanwhile(_error: StaleDataError):
        """Two people changed the same record at the same moment: the later change is not
        saved (nothing is overwritten), and they are told, rather than shown a 500."""
        from directory.extensions import db

        db.session.rollback()
        return render_template("errors/conflict.html"), 409

    @app.errorhandler(500)
    def server_error(error):
        return render_template("errors/500.html"), 500
