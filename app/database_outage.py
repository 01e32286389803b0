"""The database out of reach (restarted, its network gone, the pool exhausted): a 503 page, never a 500.

A request whose statement meets an unreachable database — SQLAlchemy's ``OperationalError``, ``InterfaceError``,
``DisconnectionError``, the pool's ``TimeoutError``, or any database error that invalidated its connection — is
answered 503 with ``Retry-After``: the translated page with the helplines (``errors/error.html``), or JSON under
/api/. Nothing it did stays: the request is one transaction (app/unit_of_work.py), rolled back, and a connection
that cannot even roll back is invalidated, so the pool drops it instead of lending it again.

The portal recovers by itself: a connection the driver reports broken is invalidated by SQLAlchemy when the error
happens (and with it the pool's older connections), and ``pool_pre_ping`` (config.py) tests every other one before
a request gets it, so the first request after the database is back opens fresh connections. Nothing is restarted.

The page is drawn for an anonymous reader: after the rollback a signed-in person's rows could only be read again
from the database that is not answering.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, request
from flask_login import AnonymousUserMixin
from sqlalchemy import exc

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS: tuple[type[Exception], ...] = (
    exc.OperationalError,  # the server went away, refused the connection, or the statement was cut off
    exc.InterfaceError,  # the driver's connection is closed
    exc.DisconnectionError,  # the pool could not get a live connection
    exc.TimeoutError,  # every pooled connection is in use for longer than DB_POOL_TIMEOUT
)


def is_outage(error: BaseException) -> bool:
    """True when ``error`` says the database cannot be reached now, rather than that a statement was wrong."""
    if isinstance(error, OUTAGE_ERRORS):
        return True
    return isinstance(error, exc.DBAPIError) and bool(error.connection_invalidated)


def discard_transaction() -> None:
    """Roll the request's transaction back; when even that fails, invalidate its connections (the pool drops them)."""
    from app.extensions import db

    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is beyond use: it must not go back to the pool
        log.warning("the rollback failed too; the request's database connection is discarded")
        try:
            db.session.invalidate()
        except Exception:
            log.debug("invalidating the session failed", exc_info=True)


def _as_anonymous() -> None:
    """Draw the page without touching the database: no signed-in person, no memberships."""
    g._login_user = AnonymousUserMixin()
    g.memberships = []
    g.membership = None


def answer(error: BaseException):
    """The 503 answer for a database that is not answering; the request's changes are thrown away."""
    from app.errors import render_error
    from app.unit_of_work import mark_failed

    mark_failed()
    discard_transaction()
    cause = getattr(error, "orig", None) or error
    log.warning("the database is not answering on %s %s (%s): answered 503", request.method, request.path,
                type(cause).__name__)
    _as_anonymous()
    response = current_app.make_response(render_error(503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register(app: Flask) -> None:
    """Answer each kind of outage with the 503 page (``errors.handle_unexpected`` sends the rest of them here)."""
    for kind in OUTAGE_ERRORS:
        app.register_error_handler(kind, answer)
