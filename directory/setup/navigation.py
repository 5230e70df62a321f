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
    items = [item for item in sorted(app.extensions.get("admin_navigation", []),
                                     key=lambda i: i.position)
             if current_user.role in item.roles]
    return [
        {"text": item.label, "href": url_for(item.endpoint), "active": _is_current(item, items)}
        for item in items
    ]


def _is_current(item: NavItem, items: list[NavItem]) -> bool:
    """The link to this page; or, for a blueprint with one link, any page of the blueprint
    (a blueprint with several links would otherwise mark them all as current)."""
    endpoint = request.endpoint or ""
    if any(other.endpoint == endpoint for other in items):
        return item.endpoint == endpoint
    blueprint = item.endpoint.split(".")[0]
    siblings = [other for other in items if other.endpoint.split(".")[0] == blueprint]
    return len(siblings) == 1 and endpoint.split(".")[0] == blueprint
