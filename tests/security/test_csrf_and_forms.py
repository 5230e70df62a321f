"""Every form refuses a missing or wrong CSRF token, and survives any input without a 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import csrf_token, page, text_of
from tests.security.forms import example_ids, forms_on, post_rules, signed_in_admin, urls_for

FORM_FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(demo_app):
    client = signed_in_admin(demo_app)
    ids = example_ids(demo_app)
    rules = post_rules(demo_app)
    assert any(rule.endpoint == "auth.sign_in" for rule in rules)
    good_token = csrf_token(client.get("/sign-in"))
    for rule in rules:
        url = urls_for(rule, ids)[0]
        for token in (None, "", "not-a-token", good_token[:-4] + "AAAA"):
            data = {"name": "Changed by a forged form"}
            if token is not None:
                data["csrf_token"] = token
            response = client.post(url, data=data)
            assert response.status_code == 400, (rule.rule, token, response.status_code)
            assert "Your form has expired" in text_of(page(response).h1), rule.rule


def test_a_token_from_another_session_is_refused(demo_app):
    stolen = csrf_token(demo_app.test_client().get("/sign-in"))
    victim = signed_in_admin(demo_app)
    response = victim.post("/sign-out", data={"csrf_token": stolen})
    assert response.status_code == 400


def fill(form, draw) -> dict:
    """Any text in free-text fields; a real choice or any text in the others."""
    data = dict(form.hidden)
    for name, choices in form.fields.items():
        options = [st.text(max_size=300)] + ([st.sampled_from(choices)] if choices else [])
        if draw(st.booleans()) or not choices:
            data[name] = draw(st.one_of(*options))
    return data


def test_every_form_survives_any_input(demo_app):
    client = signed_in_admin(demo_app)
    ids = example_ids(demo_app)
    forms = [form for rule in post_rules(demo_app) for form in forms_on(client, rule, ids)]
    if not forms:
        pytest.skip("no signed-in page shows a form yet (sign-in has its own test below)")

    @FORM_FUZZ
    @given(data=st.data())
    def post_anything(data):
        form = data.draw(st.sampled_from(forms))
        fresh = client.get(form.url)
        values = fill(form, data.draw)
        values["csrf_token"] = csrf_token(fresh)
        response = client.post(form.url, data=values)
        assert response.status_code < 500, (form.url, values)

    post_anything()


def test_the_sign_in_form_survives_any_input(app):
    client = app.test_client()

    @FORM_FUZZ
    @given(email=st.text(max_size=300), password=st.text(max_size=300))
    def sign_in_with(email, password):
        token = csrf_token(client.get("/sign-in"))
        response = client.post(
            "/sign-in", data={"csrf_token": token, "email": email, "password": password})
        assert response.status_code == 200
        assert page(response).title.string.startswith("Error:")

    sign_in_with()
