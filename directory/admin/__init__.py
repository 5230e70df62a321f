"""The signed-in side for board members. Every route here says who may use it
(`directory.auth.permissions`)."""

from flask import Blueprint

from directory.auth.permissions import declared_only
from directory.models.accounts import Role
from directory.setup.navigation import add_admin_link

bp = Blueprint("admin", __name__, url_prefix="/admin")
declared_only(bp)

# (label, endpoint, roles, position) of the links this blueprint adds to the navigation.
NAVIGATION = (
    ("Organisations", "admin.organisations", Role.ALL, 10),
    ("To check", "admin.review", Role.ALL, 20),
    ("Suggestions", "admin.suggestions", (Role.ADMIN, Role.EDITOR), 30),
    ("Taxonomies", "admin.taxonomies", (Role.ADMIN,), 80),
    ("Crisis help", "admin.crisis_panel", (Role.ADMIN,), 85),
    ("Users", "admin.users", (Role.ADMIN,), 90),
)


@bp.record_once
def _add_navigation(state) -> None:
    for label, endpoint, roles, position in NAVIGATION:
        add_admin_link(state.app, label, endpoint, roles, position)


from directory.admin import (  # noqa: E402, F401  (registers the routes)
    crisis_panel,
    dashboard,
    history,
    listings,
    organisations,
    review,
    suggestions,
    taxonomies,
    users,
)
