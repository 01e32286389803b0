"""What the portal's iCalendar feeds share on the web side."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import current_app, request


def uid_domain() -> str:
    """The domain in the UIDs of calendar entries: the public address's host, else the request's."""
    configured = urlparse(current_app.config.get("PUBLIC_BASE_URL") or "").hostname
    return configured or request.host.split(":")[0] or "siec-wsparcia"
