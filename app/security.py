"""Tokens, safe redirects and the response headers every page carries."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def new_token() -> tuple[str, str]:
    """A fresh random token for a link or cookie, and the hash to store instead of it."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def hash_token(raw: str) -> str:
    """SHA-256 of a token: enough for random 256-bit values, and searchable."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def safe_next(target: str | None, default: str) -> str:
    """Return ``target`` if it is a path on this site, otherwise ``default``.

    Refuses absolute URLs, scheme-relative ``//host``, backslashes (``/\\host``) and any
    control or space character (browsers drop tabs and newlines, turning ``/\\t/host``
    into ``//host``).
    """
    if not target or len(target) > 2000:
        return default
    for candidate in (target, unquote(target)):  # "/%09/host" is refused as "/\t/host" would be
        if any(unicodedata.category(ch)[0] in "CZ" for ch in candidate) or "\\" in candidate:
            return default
        if not candidate.startswith("/") or candidate.startswith("//"):
            return default
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return default
    return target


def set_security_headers(app: Flask, response: Response) -> Response:
    """Headers on every response: CSP without inline script, no framing, no sniffing."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if app.config.get("HSTS_ENABLED"):
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    signed_in = current_user.is_authenticated if _has_user() else False
    if signed_in or (request.endpoint and request.endpoint.startswith(("auth.", "account."))):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def _has_user() -> bool:
    try:
        current_user.is_authenticated  # noqa: B018 - touching it loads the user
    except Exception:  # noqa: BLE001 - no user loader outside a full request
        return False
    return True
