"""Every signed-in route refuses anyone who is not signed in (after GOV.UK Notify)."""

import pytest

from directory.auth.permissions import PUBLIC, allowed_roles
from tests.helpers import make_user, page, sign_in_as, text_of

PUBLIC_ENDPOINTS_PREFIXES = ("public.", "static", "auth.", "api.", "api_v1.", "finder.",
                             "suggestions.")


def signed_in_only_rules(app):
    return [
        rule for rule in app.url_map.iter_rules()
        if not rule.endpoint.startswith(PUBLIC_ENDPOINTS_PREFIXES)
    ]


def example_url(rule) -> str:
    values = {}
    for argument in rule.arguments:
        converter = rule._converters[argument]
        kind = converter.__class__.__name__
        values[argument] = (
            "00000000-0000-0000-0000-000000000000" if kind == "UUIDConverter"
            else 1 if kind == "IntegerConverter"
            else sorted(converter.items)[0] if kind == "AnyConverter" else "x"
        )
    return rule.build(values, append_unknown=False)[1]


def test_every_admin_route_refuses_anonymous_users(app):
    client = app.test_client()
    rules = signed_in_only_rules(app)
    assert any(rule.endpoint == "admin.dashboard" for rule in rules)
    for rule in rules:
        url = example_url(rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            assert response.status_code in (302, 400, 401), (method, url, response.status_code)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/sign-in"), (method, url)


def test_every_signed_in_view_says_who_may_use_it(app):
    """A view on the signed-in side (or sign-in itself) declares its roles with
    `@role_required(...)` or `@public`: one without is caught here, not found by a user."""
    open_to_all = tuple(p for p in PUBLIC_ENDPOINTS_PREFIXES if p != "auth.")
    undeclared = [rule.endpoint for rule in app.url_map.iter_rules()
                  if not rule.endpoint.startswith(open_to_all)
                  and allowed_roles(app.view_functions[rule.endpoint]) is None]
    assert undeclared == []
    assert allowed_roles(app.view_functions["admin.users"]) == ("admin",)
    assert allowed_roles(app.view_functions["auth.sign_in"]) == PUBLIC


def test_a_view_that_declares_nothing_is_closed_even_to_admins(app):
    app.add_url_rule("/admin/forgotten", endpoint="admin.forgotten",
                     view_func=lambda: "secret listings")
    with app.app_context():
        admin = make_user("admin@example.org", "admin")
        client = app.test_client()
        sign_in_as(client, admin)
    response = client.get("/admin/forgotten")
    assert response.status_code == 403 and b"secret listings" not in response.data


def test_sign_in_then_dashboard(app):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password="correct horse battery staple")
    client = app.test_client()
    form = client.get("/sign-in")
    from tests.helpers import csrf_token

    response = client.post("/sign-in?next=/admin/", data={
        "csrf_token": csrf_token(form),
        "email": "viewer@example.org",
        "password": "correct horse battery staple",
    })
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert "Dashboard" in text_of(page(client.get("/admin/")))


@pytest.mark.parametrize("email, password", [
    ("viewer@example.org", "wrong password"),
    ("nobody@example.org", "correct horse battery staple"),
])
def test_failed_sign_in_says_the_same_thing_and_keeps_the_email(app, email, password):
    with app.app_context():
        make_user("viewer@example.org", "viewer", password="correct horse battery staple")
    client = app.test_client()
    from tests.helpers import csrf_token

    response = client.post("/sign-in", data={
        "csrf_token": csrf_token(client.get("/sign-in")), "email": email, "password": password})
    html = page(response)
    assert response.status_code == 200
    assert html.title.string.startswith("Error:")
    assert "The email address or password is not right" in text_of(
        html.select_one(".govuk-error-summary"))
    assert html.select_one("#email")["value"] == email


def test_next_only_goes_to_this_site(app):
    from directory.setup.redirects import local_redirect_target

    for hostile in ("https://evil.example", "//evil.example", "/\\evil.example",
                    "javascript:alert(1)", "evil"):
        assert local_redirect_target(hostile, "/admin/") == "/admin/"
    assert local_redirect_target("/admin/services", "/admin/") == "/admin/services"


def test_signed_in_session_works_in_tests(app):
    with app.app_context():
        user = make_user()
        client = app.test_client()
        sign_in_as(client, user)
    assert client.get("/admin/").status_code == 200
