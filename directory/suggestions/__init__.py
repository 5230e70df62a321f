""""Suggest a change": the public tell an organisation's editors that a listing is wrong."""

from flask import Blueprint

bp = Blueprint("suggestions", __name__)

from directory.suggestions import views  # noqa: E402, F401  (registers the routes)
