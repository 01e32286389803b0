"""Who is acting: the signed-in user, their memberships, the active organisation and scope.

Runs before every view. The scope it sets is what app/tenancy.py enforces on queries.
"""

from __future__ import annotations

from flask import Flask, g, request, session
from flask_login import current_user

from app.extensions import login_manager
from app.services.accounts.authentication import memberships_of
from app.services.accounts.sessions import resolve_session
from app.tenancy import Scope, reset_scope, set_scope

ACTIVE_ORGANISATION_KEY = "active_organisation"
# Answers that are nobody's: static files and the operations' probes (blueprints/ops), read no session.
BARE_ENDPOINTS = frozenset({"static", "ops.healthz", "ops.readyz", "ops.metrics"})


@login_manager.request_loader
def load_user_from_session(_request):
    """The user behind the server-side session named in the signed cookie."""
    row = resolve_session(session.get("sid"))
    if row is None:
        if "sid" in session:
            session.pop("sid", None)
        return None
    g.user_session = row
    return row.user


def choose_membership(memberships, wanted_id):
    """The membership in the organisation the user chose, else their first."""
    for membership in memberships:
        if membership.organisation_id == wanted_id:
            return membership
    return memberships[0] if memberships else None


def load_actor() -> None:
    """Load the actor and set the tenant scope for this request."""
    g.memberships = []
    g.membership = None
    if request.endpoint in BARE_ENDPOINTS:
        return
    if current_user.is_authenticated:
        g.memberships = memberships_of(current_user)
        g.membership = choose_membership(g.memberships, session.get(ACTIVE_ORGANISATION_KEY))
    membership = g.membership
    if membership is None:
        scope = Scope("public")
    elif membership.organisation.is_department:
        scope = Scope("department")
    else:
        scope = Scope("organisation", organisation_id=membership.organisation_id)
    g.scope_token = set_scope(scope)


def end_request(_exc=None) -> None:
    """Restore the scope from before the request, so nothing carries over on this thread."""
    token = g.pop("scope_token", None)
    if token is not None:
        reset_scope(token)


def register(app: Flask) -> None:
    """Hook the actor loading into every request."""
    app.before_request(load_actor)
    app.teardown_request(end_request)
