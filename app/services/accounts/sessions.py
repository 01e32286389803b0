"""Server-side sign-in sessions.

The browser's cookie holds a random id; the row here is the session. Signing out deletes
the row, a password change deletes all of a user's rows, and a session past its idle or
absolute limit is refused and deleted, so an old cookie never works again. Like every
change, these are committed with the request's unit of work (app/unit_of_work.py).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import User, UserSession, utcnow
from app.security import hash_token, new_token

log = logging.getLogger(__name__)
LAST_SEEN_RESOLUTION = timedelta(seconds=60)


def start_session(user: User, *, remember: bool = False) -> str:
    """Open a session for ``user`` and return the raw id for the cookie."""
    raw, token_hash = new_token()
    row = UserSession(token_hash=token_hash, user_id=user.id, remember=remember)
    if has_request_context():
        row.ip_address = (request.remote_addr or "")[:45] or None
        row.user_agent = (request.user_agent.string or "")[:200] or None
    db.session.add(row)
    db.session.flush()
    return raw


def _expired(row: UserSession, now) -> bool:
    config = current_app.config
    if row.remember:
        absolute = timedelta(days=config["SESSION_REMEMBER_DAYS"])
        idle = absolute
    else:
        absolute = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
        idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    return now - row.created_at > absolute or now - row.last_seen_at > idle


def resolve_session(raw: str | None) -> UserSession | None:
    """The live session for a cookie id, or None; refreshes its last-seen time."""
    if not raw or not isinstance(raw, str) or len(raw) > 100:
        return None
    row = db.session.execute(
        select(UserSession).where(UserSession.token_hash == hash_token(raw))
    ).scalar_one_or_none()
    if row is None:
        return None
    now = utcnow()
    if _expired(row, now) or not row.user.is_active_account:
        _bookkeeping(lambda: db.session.delete(row))
        return None
    if now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        _bookkeeping(lambda: setattr(row, "last_seen_at", now))
    return row


def _bookkeeping(change) -> None:
    """Record a session's last use or expiry with the request's unit of work, never failing the request.

    The change goes in a savepoint: when the database cannot take it now (SQLite busy with
    another writer), it is dropped and made on a later request instead.
    """
    try:
        with db.session.begin_nested():
            change()
    except OperationalError as error:
        if error.connection_invalidated:  # the database went away, not busy: the request cannot go on (a 503)
            raise
        log.info("session bookkeeping postponed: the database is busy")


def end_session(raw: str | None) -> None:
    """Delete the session behind a cookie id, if any."""
    if raw and isinstance(raw, str):
        db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(raw)))


def end_all_sessions(user: User, *, keep_raw: str | None = None) -> int:
    """Delete every session of ``user`` except the one named by ``keep_raw``."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep_raw:
        statement = statement.where(UserSession.token_hash != hash_token(keep_raw))
    return db.session.execute(statement).rowcount or 0
