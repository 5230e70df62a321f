"""The board's maps and reports. Every signed-in role reads them; only admins write
the gap register, overlap triage, need weights and meeting packs."""

from flask import Blueprint

from directory.auth.permissions import declared_only

bp = Blueprint("board", __name__, url_prefix="/board")
declared_only(bp)

from directory.board import gaps, meetings, register, trends, views  # noqa: E402, F401  (registers routes)
