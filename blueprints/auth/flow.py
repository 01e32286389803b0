"""The steps between a correct password and a signed-in session, kept in the cookie session."""

from __future__ import annotations

import time

from flask import g, session, url_for
from flask_login import current_user

from app.extensions import db
from app.models import User
from app.permissions import Permission, permissions_of
from app.security import safe_next
from app.services.accounts import sessions
from app.services.accounts.authentication import complete_sign_in, memberships_of

PENDING_SECONDS = 600


def begin_second_factor(user: User, *, remember: bool, next_url: str | None) -> None:
    """Remember who passed the password step, for a few minutes only."""
    session.clear()
    session["pending_user"] = user.id
    session["pending_since"] = int(time.time())
    session["pending_remember"] = bool(remember)
    session["pending_next"] = next_url or ""


def pending_user() -> User | None:
    """The user waiting for the second step, or None when there is none or it is stale."""
    user_id = session.get("pending_user")
    if not isinstance(user_id, int) or time.time() - session.get("pending_since", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_active_account else None


def finish_sign_in(user: User, *, remember: bool, method: str) -> None:
    """Open a new server-side session under a fresh cookie (no fixation) and log it."""
    session.clear()
    raw = sessions.start_session(user, remember=remember)
    session["sid"] = raw
    session.permanent = remember
    complete_sign_in(user, method=method)


def landing_for(user: User, next_url: str | None = None) -> str:
    """Where to go after signing in: ``next`` if it is on this site, else the user's home."""
    memberships = memberships_of(user)
    granted = permissions_of(memberships[0]) if memberships else frozenset()
    if Permission.CONSOLE_VIEW in granted:
        default = url_for("console.dashboard")
    elif Permission.WORKSPACE_VIEW in granted:
        default = url_for("workspace.dashboard")
    else:
        default = url_for("account.overview")
    return safe_next(next_url, default)


def current_session_id() -> str | None:
    """The raw id of the session this request came with."""
    return session.get("sid") if current_user.is_authenticated and g.get("user_session") else None
