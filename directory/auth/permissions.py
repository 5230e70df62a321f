"""Who may do what on the signed-in side.

Every signed-in view says who may use it, in one visible way, just under its route:

    @bp.get("/users")
    @role_required(Role.ADMIN)

`@role_required(*Role.ALL)` lets in anyone signed in; a page for people not yet signed in
(sign-in, set a password) says `@public`. Whether an editor may change this organisation's
listings depends on the record, so the view asks `admin.access` once it has the record.
The signed-in blueprints refuse any view that declares nothing (`declared_only`), and
tests/functional/test_admin_protection.py fails for one.
"""

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, current_app, request
from flask_login import current_user

from directory.extensions import login_manager

# What `@public` records: anyone, signed in or not.
PUBLIC = ()


def _check(roles: tuple[str, ...]):
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None


def role_required(*roles: str) -> Callable:
    """Let only people signed in with one of `roles` use this view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            refusal = _check(roles)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


def public(view: Callable) -> Callable:
    """Anyone may use this view, signed in or not (sign-in pages)."""
    view.allowed_roles = PUBLIC
    return view


def allowed_roles(view: Callable) -> tuple[str, ...] | None:
    """The roles a view declared (`PUBLIC` for anyone), or None when it declared nothing."""
    return getattr(view, "allowed_roles", None)


def declared_only(bp: Blueprint) -> None:
    """Refuse every view of `bp` that does not say who may use it: a view added without
    `@role_required` is closed, not open."""

    @bp.before_request
    def _refuse_undeclared():
        view = current_app.view_functions.get(request.endpoint)
        if view is not None and allowed_roles(view) is None:
            abort(403)
