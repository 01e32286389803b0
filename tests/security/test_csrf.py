"""CSRF protection, with the protection switched back on."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Organisation
from app.tenancy import system_scope


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_every_post_route_refuses_a_request_without_token(app, city, client_as, csrf_on):
    client = client_as("dept_admin")
    post_rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert post_rules
    with app.app_context(), system_scope("tests"):
        audit_before = db.session.execute(select(func.count(AuditEvent.id))).scalar_one()
    for rule in post_rules:
        url = re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "1", rule.rule)
        response = client.post(url, data={"name": "X", "kind": "ngo", "lang": "en"},
                               headers={"Accept-Language": "en"})
        assert response.status_code == 400, f"{url} answered {response.status_code} without a CSRF token"
        assert "The form had expired" in response.get_data(as_text=True)
    with app.app_context(), system_scope("tests"):
        assert db.session.execute(select(func.count(AuditEvent.id))).scalar_one() == audit_before


def test_form_with_token_is_accepted(app, city, client_as, csrf_on):
    client = client_as("dept_admin")
    page = client.get("/console/organisations/new").get_data(as_text=True)
    response = client.post("/console/organisations/new", data={
        "csrf_token": _token(page), "name": "Fundacja Nowa", "kind": "foundation"})
    assert response.status_code == 303
    with app.app_context(), system_scope("tests"):
        assert db.session.execute(select(Organisation).where(Organisation.name == "Fundacja Nowa")).scalar_one()


def test_sign_in_needs_the_token_too(client, city, csrf_on):
    response = client.post("/sign-in", data={"email": city.a_admin.email, "password": city.a_admin.password})
    assert response.status_code == 400
    page = client.get("/sign-in").get_data(as_text=True)
    response = client.post("/sign-in", data={"csrf_token": _token(page), "email": city.a_admin.email,
                                             "password": city.a_admin.password})
    assert response.status_code == 303
