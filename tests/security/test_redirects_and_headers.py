"""``next=`` stays on this site; every response carries the security headers."""

from __future__ import annotations

import re

import pytest
from cryptography.fernet import Fernet

import config
from app import create_app

EVIL_TARGETS = [
    "//evil.example/", "/\\evil.example", "/%09/evil.example", "/\t/evil.example", "https://evil.example/",
    "http:evil.example", "javascript:alert(1)", "\\\\evil.example", "/\r\n/evil.example", " //evil.example",
]


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_sign_in_never_redirects_off_site(client, city, target):
    response = client.post("/sign-in", data={"email": city.a_admin.email, "password": city.a_admin.password,
                                             "next": target})
    location = response.headers["Location"]
    assert location == "/workspace/", f"{target!r} led to {location!r}"


def test_sign_in_follows_a_local_next(client, city):
    response = client.post("/sign-in", data={"email": city.a_admin.email, "password": city.a_admin.password,
                                             "next": "/workspace/members?x=1"})
    assert response.headers["Location"] == "/workspace/members?x=1"


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_hsts_in_production(monkeypatch, app, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("TOTP_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setattr(config.Production, "TOTP_ENCRYPTION_KEYS", config.Production.TOTP_ENCRYPTION_KEYS)
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("MAIL_OUTBOX_DIR", str(tmp_path))
    production = create_app("production")
    response = production.test_client().get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert production.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("path", ["/", "/sign-in", "/password/forgot", "/accessibility", "/no-such-page"])
def test_pages_have_no_inline_script_or_style(client, path):
    page = client.get(path).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline <script> would be blocked by the CSP"
    assert not re.search(r"\sstyle=\"", page), "inline style attributes would be blocked by the CSP"
    assert not re.search(r"\son[a-z]+=\"", page), "inline event handlers would be blocked by the CSP"
