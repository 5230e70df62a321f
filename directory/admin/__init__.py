"""The signed-in side for board members. Every route here needs a signed-in user."""

from flask import Blueprint

from directory.permissions import protect_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
protect_blueprint(bp)

from directory.admin import views  # noqa: E402, F401  (registers the routes)
