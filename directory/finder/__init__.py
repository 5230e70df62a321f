"""Help for one person: the guided finder, "near me" and a shortlist to print or send.

Public pages: no sign-in, answers and lists live in the URL, everything works without JavaScript.
"""

from flask import Blueprint

bp = Blueprint("finder", __name__)

from directory.finder import text_views, views  # noqa: E402, F401  (registers the routes)
