"""Pages for people looking for help. No sign-in, no tracking, works without JavaScript."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from directory.public import health, prisons, views  # noqa: E402, F401  (registers the routes)
