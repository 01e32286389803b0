"""No input – form, URL or query string – produces a 500, for any role."""

from __future__ import annotations

import re

import pytest

FIELDS = ("name", "short_name", "email", "password", "confirm", "new_password", "current_password", "q", "kind",
          "status", "page", "role", "code", "organisation_id", "organisation", "lang", "next", "full_name", "nip",
          "krs", "regon", "postal_code", "website", "phone", "locale", "user", "action", "date_from", "date_to",
          "remember", "admin_email")
# the huge value, posted in every field of every route, takes minutes: CI sends it once, on PostgreSQL
ONCE = (pytest.mark.slow, pytest.mark.postgres_pass)
PAYLOADS = {
    "nul": "a\x00b",
    "huge": "ż" * 6_000,  # longer than any field allows
    "markup": "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
    "sql": "' OR 1=1; DROP TABLE organisation; --",
    "numbers": "-99999999999999999999999",
    "date": "2026-02-31",
}


def _junk_url(rule, value: str) -> str:
    path = rule.rule
    for name in rule.arguments:
        converter = re.search(rf"<(\w+):{name}>", path)
        replacement = "99999999999999999999" if converter and converter.group(1) == "int" else "%00junk"
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", replacement, path)
    return path


@pytest.mark.parametrize("role_name", ["anonymous", "dept_admin", "a_admin"])
@pytest.mark.parametrize("payload", [pytest.param(name, marks=ONCE) if name == "huge" else name
                                     for name in sorted(PAYLOADS)])
def test_junk_never_gives_a_server_error(app, client_as, role_name, payload):
    value = PAYLOADS[payload]
    client = client_as(role_name)
    errors = []
    rules = sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"),
                   key=lambda r: r.endpoint == "auth.sign_out")
    for rule in rules:
        url = _junk_url(rule, value)
        data = dict.fromkeys(FIELDS, value)
        if "GET" in rule.methods:
            # gunicorn refuses request lines over 4 KB (414) before the app sees them
            response = client.get(url, query_string={"q": value[:3000], "page": value[:200], "next": value[:500],
                                                     "kind": value[:200], "date_from": value[:100]})
            if response.status_code >= 500:
                errors.append(f"GET {url}?… → {response.status_code}")
        if "POST" in rule.methods:
            response = client.post(url, data=data)
            if response.status_code >= 500:
                errors.append(f"POST {url} → {response.status_code}")
    assert errors == [], "\n".join(errors)


def test_oversized_body_gets_the_413_page(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/sign-in", data={"email": "x" * (limit + 10), "password": "y"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 413
    assert "larger than the portal accepts" in response.get_data(as_text=True)


def test_unexpected_failure_shows_the_500_page_without_internals(app, client, monkeypatch):
    from blueprints.public import routes

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internal detail: SELECT * FROM user_account")

    monkeypatch.setattr(routes, "render_template", broken)
    response = client.get("/", headers={"Accept-Language": "uk"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="uk">' in page
    assert "secret internal detail" not in page and "SELECT" not in page
