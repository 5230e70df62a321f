"""Who may do what on the signed-in side. Every admin view goes through here."""

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort
from flask_login import current_user

from directory.extensions import login_manager
from directory.models.accounts import Role

# Roles that may read the admin side at all.
SIGNED_IN_ROLES = Role.ALL


def _check(roles: tuple[str, ...]):
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None


def protect_blueprint(bp: Blueprint, roles: tuple[str, ...] = SIGNED_IN_ROLES) -> None:
    """Refuse every route of `bp` to anyone not signed in with one of `roles`."""
    bp.before_request(lambda: _check(roles))


def role_required(*roles: str) -> Callable:
    """Narrow one view further than its blueprint, e.g. `@role_required(Role.ADMIN)`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            refusal = _check(roles)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        return wrapped

    return decorator
