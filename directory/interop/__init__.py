"""Open data: the Open Referral UK API, import and export."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.interop.api import bp as api_bp

    app.register_blueprint(api_bp)
