"""The board's maps and reports. Every signed-in role reads them; only admins write
the gap register, overlap triage, need weights and meeting packs."""

from flask import Blueprint

from directory.auth.permissions import protect_blueprint
from directory.models.accounts import Role

bp = Blueprint("board", __name__, url_prefix="/board")
protect_blueprint(bp, Role.ALL)

from directory.board import gaps, meetings, register, trends, views  # noqa: E402, F401  (registers routes)
