"""Tokens, safe redirects and the response headers every page carries."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, g, request, session

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


FIXED_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "geolocation=(self), camera=(), microphone=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


def set_security_headers(app: Flask, response: Response) -> Response:
    """Headers on every response: CSP without inline script, no framing, no sniffing."""
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    wanted = (*FIXED_HEADERS, HSTS) if app.config.get("HSTS_ENABLED") else FIXED_HEADERS
    headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
    if _signed_in() or (request.endpoint and request.endpoint.startswith(("auth.", "account."))):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def _signed_in() -> bool:
    """Whether the answer is for a signed-in person (without loading the user just to ask, nor reading it again:
    after the request's commit its attributes are expired, and ``is_authenticated`` would query the database)."""
    user = g.get("_login_user")
    if user is not None:
        return not user.is_anonymous
    return "sid" in session  # no user loaded yet (e.g. a cached page): a session says signed in


def same_origin_post() -> bool:
    """Whether a POST comes from a page of this site (Fetch Metadata, else Origin, else Referer).

    The CSRF defence for the one form that anonymous visitors send, the language switcher,
    so that public pages need no session cookie (OWASP: verifying origin with standard headers).
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin.rstrip("/") == request.host_url.rstrip("/")
    referer = urlsplit(request.headers.get("Referer", ""))
    return bool(referer.netloc) and f"{referer.scheme}://{referer.netloc}" == request.host_url.rstrip("/")
