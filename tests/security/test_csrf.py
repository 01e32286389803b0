"""CSRF protection, with the protection switched back on."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Organisation
from app.tenancy import system_scope
from tests.functional.support import form_token


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
        "csrf_token": form_token(page), "name": "Fundacja Nowa", "kind": "foundation"})
    assert response.status_code == 303
    with app.app_context(), system_scope("tests"):
        assert db.session.execute(select(Organisation).where(Organisation.name == "Fundacja Nowa")).scalar_one()


def test_sign_in_needs_the_token_too(client, city, csrf_on):
    response = client.post("/sign-in", data={"email": city.a_admin.email, "password": city.a_admin.password})
    assert response.status_code == 400
    page = client.get("/sign-in").get_data(as_text=True)
    response = client.post("/sign-in", data={"csrf_token": form_token(page), "email": city.a_admin.email,
                                             "password": city.a_admin.password})
    assert response.status_code == 303


def test_language_switch_needs_no_cookie_but_refuses_other_sites(app, client, csrf_on):
    home = client.get("/")
    assert "Set-Cookie" not in home.headers  # residents' pages set no cookie at all
    assert 'name="csrf_token"' not in home.get_data(as_text=True)
    forged = client.post("/language", data={"lang": "en", "next": "/"},
                         headers={"Origin": "https://evil.example", "Accept-Language": "en"})
    assert forged.status_code == 400
    assert "The form had expired" in forged.get_data(as_text=True)
    assert "sw_lang" not in forged.headers.get("Set-Cookie", "")
    cross_site = client.post("/language", data={"lang": "en"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status_code == 400
    no_origin = client.post("/language", data={"lang": "en"})
    assert no_origin.status_code == 400
    ours = client.post("/language", data={"lang": "en", "next": "/"}, headers={"Origin": "http://portal.test"})
    assert ours.status_code == 303
    assert "sw_lang=en" in ours.headers["Set-Cookie"]
    fetch = client.post("/language", data={"lang": "uk"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert fetch.status_code == 303


def test_signed_in_language_switch_still_needs_the_token(app, city, client_as, csrf_on):
    client = client_as("a_admin")
    response = client.post("/language", data={"lang": "en"}, headers={"Origin": "http://portal.test"})
    assert response.status_code == 400
    page = client.get("/").get_data(as_text=True)
    response = client.post("/language", data={"lang": "en", "csrf_token": form_token(page)},
                           headers={"Origin": "http://portal.test"})
    assert response.status_code == 303
