"""Writing to the audit log."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from flask import current_app, has_request_context, request

from app.extensions import db
from app.models import AuditEvent
from app.services.audit.actions import is_registered
from app.sql import contains, starts_with
from app.tenancy import department_scope, system_scope

FORBIDDEN_DETAIL_KEYS = {"password", "token", "secret", "code", "totp", "recovery"}

log = logging.getLogger(__name__)


def client_address() -> str | None:
    """The address the request came from (after ProxyFix, when configured)."""
    if has_request_context():
        return (request.remote_addr or "")[:45] or None
    return None


def record_event(action: str, *, actor=None, organisation_id: int | None = None, target=None,
                 details: dict | None = None) -> AuditEvent:
    """Add one audit entry to the current transaction.

    ``action`` is dotted (``organisation.verified``) and named for people in
    app/services/audit/actions.py: an unnamed code is refused in development and tests (and
    logged in production, where the entry keeps it); ``target`` is the changed row.
    Details must never contain secrets: keys that look like one are refused.
    """
    if not is_registered(action):
        if current_app.testing or current_app.debug:
            raise ValueError(f"audit action {action!r} has no name in app/services/audit/actions.py")
        log.error("audit action %r has no name in app/services/audit/actions.py", action)
    target = _unwrapped(target)  # current_user is a proxy: the entry names the User behind it
    details = dict(details or {})
    leaked = {key for key in details if any(word in key.lower() for word in FORBIDDEN_DETAIL_KEYS)}
    if leaked:
        raise ValueError(f"audit details may not hold {sorted(leaked)}")
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        organisation_id=organisation_id,
        object_type=type(target).__name__ if target is not None else None,
        object_id=getattr(target, "id", None),
        ip_address=client_address(),
        details=details,
    )
    db.session.add(event)
    return event


def _unwrapped(value):
    """The object behind a werkzeug LocalProxy (such as ``current_user``), else the value itself."""
    unwrap = getattr(value, "_get_current_object", None)
    return unwrap() if callable(unwrap) else value


@contextlib.contextmanager
def widened_scope(reason: str, *, actor=None, organisation_id: int | None = None,
                  view: str = "system") -> Iterator[None]:
    """A service reads beyond the actor's own scope (the system's or the department's view) and says why.

    The audit log gets ``tenancy.scope_widened`` with the reason, in the same transaction as
    the work. (The few ways around the scope that are not a service's decision — the command
    line, signing in, an invitation link — use ``system_scope`` directly; app/tenancy.py.)
    """
    record_event("tenancy.scope_widened", actor=actor, organisation_id=organisation_id,
                 details={"view": view, "reason": reason})
    with system_scope(reason) if view == "system" else department_scope():
        yield


def search_events(*, organisation_id: int | None = None, user_email: str = "", action: str = "",
                  date_from=None, date_to=None):
    """The audit log query for the console: newest first, filtered (dates in Europe/Warsaw)."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from app.models import User

    warsaw = ZoneInfo("Europe/Warsaw")
    query = select(AuditEvent)
    if organisation_id:
        query = query.where(AuditEvent.organisation_id == organisation_id)
    if user_email.strip():
        query = query.join(User, AuditEvent.actor_id == User.id).where(contains(User.email, user_email.strip()))
    if action.strip():
        query = query.where(starts_with(AuditEvent.action, action.strip()))
    if date_from:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(date_from, time.min, warsaw))
    if date_to:
        query = query.where(AuditEvent.occurred_at < datetime.combine(date_to + timedelta(days=1), time.min, warsaw))
    return query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
