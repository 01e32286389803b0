"""The named permissions and the one place that checks them: on routes, and on objects.

Routes: every view declares what it needs with ``@requires(permission)``, ``@signed_in`` or
``@public``. A view that declares nothing is refused at run time (``refuse_undeclared``), and
tests/security/test_route_matrix.py walks every route with every role. A role's permissions
are fixed here; the active membership decides which role applies.

Objects: a feature registers named checks with ``@object_check("feedback.handle")`` — a
function of the actor and the object answering yes, or no and why (``Decision``). Routes and
templates ask ``may("feedback.handle", item)``; ``authorize`` turns a no into a 404 (for an
object the actor may not even know of) or a 403. A name nobody registered is an error, never
a yes: access is refused by default.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models.tenancy import Role


class Permission(enum.StrEnum):
    """What a person may do. Department permissions cut across organisations."""

    CONSOLE_VIEW = "console.view"
    ORGANISATIONS_VIEW = "organisations.view"
    ORGANISATIONS_MANAGE = "organisations.manage"
    USERS_VIEW = "users.view"
    USERS_MANAGE = "users.manage"
    AUDIT_VIEW = "audit.view"
    WORKSPACE_VIEW = "workspace.view"
    PROFILE_EDIT = "profile.edit"
    MEMBERS_VIEW = "members.view"
    MEMBERS_MANAGE = "members.manage"
    LISTINGS_EDIT = "listings.edit"
    LISTINGS_VIEW = "listings.view"  # an organisation's own listings, events, offers and residents' reports
    DIRECTORY_VIEW = "directory.view"  # department: moderation queue, reports inbox, alerts, taxonomy (read)
    DIRECTORY_MODERATE = "directory.moderate"  # department: approve/reject changes, unpublish, handle reports
    DIRECTORY_MANAGE = "directory.manage"  # department: taxonomy terms and home-page alerts
    FUNDING_VIEW = "funding.view"  # department: programmes and budgets (read)
    FUNDING_MANAGE = "funding.manage"  # department: programmes, calls, formal check, commission, awards
    OFFERS_VIEW = "offers.view"  # an organisation's own offers in calls and small grants (read)
    OFFERS_EDIT = "offers.edit"  # an organisation's admin or coordinator: draft, submit, withdraw, correct offers
    AGREEMENTS_VIEW = "agreements.view"  # department: every agreement (read); organisation: its own agreements
    AGREEMENTS_MANAGE = "agreements.manage"  # department: create, send, sign, amend, approve payments, terminate
    AGREEMENTS_ACCEPT = "agreements.accept"  # organisation admin: accept agreements and amendments, submit statements
    STATEMENTS_PREPARE = "statements.prepare"  # organisation admin or coordinator: prepare monthly statements
    REPORTS_WRITE = "reports.write"  # organisation admin or coordinator: write and submit outcome reports
    REPORTS_REVIEW = "reports.review"  # department admin or officer: accept or return outcome reports
    DASHBOARDS_VIEW = "dashboards.view"  # department: what the money achieved, per programme, year and organisation
    INDICATORS_VIEW = "indicators.view"  # department: the city's own yearly indicators (read)
    INDICATORS_MANAGE = "indicators.manage"  # department admin or officer: keep the indicators and their figures
    CAPACITY_VIEW = "capacity.view"  # department: the city's capacity board; organisation: its own units (read)
    CAPACITY_UPDATE = "capacity.update"  # any organisation member: +1 / −1 / set the occupancy of its units
    CAPACITY_MANAGE = "capacity.manage"  # organisation admin or coordinator: its units; department: the kinds
    REFERRALS_VIEW = "referrals.view"  # organisation: referrals it sent or received; department: the aggregates
    REFERRALS_HANDLE = "referrals.handle"  # any organisation member (the worker on duty): send, answer, close
    REFERRALS_INSPECT = "referrals.inspect"  # department admin or officer: open one referral (audited)
    NETWORKS_VIEW = "networks.view"  # department: every network; organisation: the networks it is in, their members
    NETWORKS_MANAGE = "networks.manage"  # department admin or officer: networks, their members and coordinators
    MEETINGS_MANAGE = "meetings.manage"  # department admin/officer; a coordinating organisation's admin/coordinator
    NETWORK_RESPOND = "network.respond"  # organisation admin or coordinator: answer invitations, update its actions
    MESSAGES_VIEW = "messages.view"  # everyone signed in to an organisation: its messages; department: sent ones
    MESSAGES_SEND = "messages.send"  # department admin or officer; a network coordinator's admin/coordinator


P = Permission

DEPARTMENT_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {P.CONSOLE_VIEW, P.ORGANISATIONS_VIEW, P.ORGANISATIONS_MANAGE, P.USERS_VIEW, P.USERS_MANAGE, P.AUDIT_VIEW,
         P.DIRECTORY_VIEW, P.DIRECTORY_MODERATE, P.DIRECTORY_MANAGE, P.FUNDING_VIEW, P.FUNDING_MANAGE,
         P.AGREEMENTS_VIEW, P.AGREEMENTS_MANAGE, P.REPORTS_REVIEW, P.INDICATORS_VIEW, P.INDICATORS_MANAGE,
         P.DASHBOARDS_VIEW, P.CAPACITY_VIEW, P.CAPACITY_MANAGE, P.REFERRALS_VIEW, P.REFERRALS_INSPECT,
         P.NETWORKS_VIEW, P.NETWORKS_MANAGE, P.MEETINGS_MANAGE, P.MESSAGES_VIEW, P.MESSAGES_SEND}
    ),
    Role.OFFICER: frozenset({P.CONSOLE_VIEW, P.ORGANISATIONS_VIEW, P.DIRECTORY_VIEW, P.DIRECTORY_MODERATE,
                             P.DIRECTORY_MANAGE, P.FUNDING_VIEW, P.FUNDING_MANAGE, P.AGREEMENTS_VIEW,
                             P.AGREEMENTS_MANAGE, P.REPORTS_REVIEW, P.INDICATORS_VIEW,
                             P.INDICATORS_MANAGE, P.DASHBOARDS_VIEW, P.CAPACITY_VIEW, P.CAPACITY_MANAGE,
                             P.REFERRALS_VIEW, P.REFERRALS_INSPECT, P.NETWORKS_VIEW, P.NETWORKS_MANAGE,
                             P.MEETINGS_MANAGE, P.MESSAGES_VIEW, P.MESSAGES_SEND}),
    Role.ANALYST: frozenset({P.CONSOLE_VIEW, P.ORGANISATIONS_VIEW, P.DIRECTORY_VIEW, P.FUNDING_VIEW,
                             P.AGREEMENTS_VIEW, P.INDICATORS_VIEW, P.DASHBOARDS_VIEW, P.CAPACITY_VIEW,
                             P.REFERRALS_VIEW, P.NETWORKS_VIEW, P.MESSAGES_VIEW}),
}

ORGANISATION_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset({P.WORKSPACE_VIEW, P.PROFILE_EDIT, P.MEMBERS_VIEW, P.MEMBERS_MANAGE, P.LISTINGS_VIEW,
                           P.LISTINGS_EDIT, P.OFFERS_VIEW, P.OFFERS_EDIT, P.AGREEMENTS_VIEW, P.AGREEMENTS_ACCEPT,
                           P.STATEMENTS_PREPARE, P.REPORTS_WRITE, P.CAPACITY_VIEW, P.CAPACITY_UPDATE,
                           P.CAPACITY_MANAGE, P.REFERRALS_VIEW, P.REFERRALS_HANDLE, P.NETWORKS_VIEW,
                           P.MEETINGS_MANAGE, P.NETWORK_RESPOND, P.MESSAGES_VIEW, P.MESSAGES_SEND}),
    Role.COORDINATOR: frozenset({P.WORKSPACE_VIEW, P.PROFILE_EDIT, P.MEMBERS_VIEW, P.LISTINGS_VIEW, P.LISTINGS_EDIT,
                                 P.OFFERS_VIEW, P.OFFERS_EDIT, P.AGREEMENTS_VIEW, P.STATEMENTS_PREPARE,
                                 P.REPORTS_WRITE, P.CAPACITY_VIEW, P.CAPACITY_UPDATE, P.CAPACITY_MANAGE,
                                 P.REFERRALS_VIEW, P.REFERRALS_HANDLE, P.NETWORKS_VIEW, P.MEETINGS_MANAGE,
                                 P.NETWORK_RESPOND, P.MESSAGES_VIEW, P.MESSAGES_SEND}),
    Role.STAFF: frozenset({P.WORKSPACE_VIEW, P.MEMBERS_VIEW, P.LISTINGS_VIEW, P.OFFERS_VIEW, P.AGREEMENTS_VIEW,
                           P.CAPACITY_VIEW, P.CAPACITY_UPDATE, P.REFERRALS_VIEW, P.REFERRALS_HANDLE,
                           P.NETWORKS_VIEW, P.MESSAGES_VIEW}),
}

log = logging.getLogger(__name__)

PUBLIC = "public"
SIGNED_IN = "signed_in"


def permissions_of(membership) -> frozenset[Permission]:
    """The permissions a membership grants (empty for None)."""
    if membership is None:
        return frozenset()
    table = DEPARTMENT_PERMISSIONS if membership.organisation.is_department else ORGANISATION_PERMISSIONS
    return table.get(membership.role, frozenset())


def can(permission: Permission) -> bool:
    """Whether the current actor, in their active organisation, holds ``permission``."""
    if not current_user.is_authenticated:
        return False
    return permission in permissions_of(g.get("membership"))


def _declare(view: Callable, permission: str) -> Callable:
    view.__permission__ = permission
    return view


def public(view: Callable) -> Callable:
    """Anyone may open this view, signed in or not."""
    return _declare(view, PUBLIC)


def signed_in(view: Callable) -> Callable:
    """Any signed-in person may open this view (their own account)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return _declare(wrapper, SIGNED_IN)


def requires(permission: Permission) -> Callable[[Callable], Callable]:
    """The view needs ``permission`` in the active organisation: sign-in first, else 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
            if not can(permission):
                abort(403)
            membership = g.get("membership")
            if membership is not None and membership.organisation.is_department and not current_user.has_two_factor:
                # A department role without a second factor (e.g. just invited, or reset): set it up first.
                flash(_("Department roles need two-factor sign-in. Set it up to continue."), "info")
                return redirect(url_for("account.two_factor_setup"))
            return view(*args, **kwargs)

        return _declare(wrapper, permission)

    return decorator


def refuse_undeclared() -> None:
    """Before any view: one that declares no access (``@public``, ``@signed_in``, ``@requires``) is refused."""
    if request.endpoint is None or request.endpoint == "static":
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and not hasattr(view, "__permission__"):
        log.error("refused %s: the view %s declares no access", request.path, request.endpoint)
        abort(403)


# -- objects -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Actor:
    """Who is acting: the signed-in user (or nobody) in their active membership."""

    user: object | None
    membership: object | None

    @property
    def organisation_id(self) -> int | None:
        return self.membership.organisation_id if self.membership is not None else None

    @property
    def in_department(self) -> bool:
        return self.membership is not None and self.membership.organisation.is_department

    def has(self, permission: Permission) -> bool:
        return permission in permissions_of(self.membership)


def current_actor() -> Actor:
    """The actor of this request (set up by app/actor.py)."""
    user = current_user if current_user.is_authenticated else None
    return Actor(user, g.get("membership") if user is not None else None)


@dataclass(frozen=True)
class Decision:
    """Yes, or no with the reason (for the log and the tests; the page says 404 or 403).

    ``hidden`` is true when the actor may not even know the object exists: ``authorize``
    answers 404 then, as for another tenant's object.
    """

    allowed: bool
    reason: str = ""
    hidden: bool = False

    def __bool__(self) -> bool:
        return self.allowed


YES = Decision(True)


def no(reason: str, *, hidden: bool = False) -> Decision:
    """A refusal, with why."""
    return Decision(False, reason, hidden)


ObjectCheck = Callable[[Actor, object], Decision]
_object_checks: dict[str, ObjectCheck] = {}


def object_check(name: str) -> Callable[[ObjectCheck], ObjectCheck]:
    """Register ``check(actor, obj) -> Decision`` as the answer to "may the actor do ``name`` to this object?"."""
    def register(check: ObjectCheck) -> ObjectCheck:
        if name in _object_checks and _object_checks[name] is not check:
            raise ValueError(f"the object check {name!r} is registered twice")
        _object_checks[name] = check
        return check

    return register


def may(name: str, obj, *, actor: Actor | None = None) -> Decision:
    """Whether the actor (the current one by default) may do ``name`` to ``obj``, and why not."""
    try:
        check = _object_checks[name]
    except KeyError:
        raise LookupError(f"no object check is registered as {name!r}") from None
    return check(actor or current_actor(), obj)


def authorize(name: str, obj) -> None:
    """Go on only if the actor may do ``name`` to ``obj``: 404 for a hidden refusal, else 403."""
    decision = may(name, obj)
    if not decision:
        log.info("refused %s on %s: %s", name, type(obj).__name__, decision.reason)
        abort(404 if decision.hidden else 403)


def register(app: Flask) -> None:
    """Refuse undeclared views, and let templates ask ``can`` and ``may``."""
    app.before_request(refuse_undeclared)
    app.jinja_env.globals.update(may=may)
