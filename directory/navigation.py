"""The signed-in side's navigation. Each blueprint adds its own links when it is registered,
so no template needs to know every part of the admin side."""

from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: tuple[str, ...]
    position: int = 50


def add_admin_link(app: Flask, label: str, endpoint: str, roles: tuple[str, ...],
                   position: int = 50) -> None:
    app.extensions.setdefault("admin_navigation", []).append(
        NavItem(label, endpoint, roles, position)
    )


def admin_navigation(app: Flask) -> list[dict]:
    """Links the signed-in user may follow, for govukServiceNavigation."""
    if not current_user.is_authenticated:
        return []
    items = sorted(app.extensions.get("admin_navigation", []), key=lambda i: i.position)
    blueprint = (request.endpoint or "").split(".")[0]
    return [
        {
            "text": item.label,
            "href": url_for(item.endpoint),
            "active": item.endpoint.split(".")[0] == blueprint,
        }
        for item in items
        if current_user.role in item.roles
    ]
