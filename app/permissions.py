"""The named permissions and the one place that checks them.

Every view declares what it needs with ``@requires(permission)``, ``@signed_in`` or
``@public``; tests/security/test_route_matrix.py fails for a view that declares nothing.
A role's permissions are fixed here; the active membership decides which role applies.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps

from flask import abort, flash, g, redirect, request, url_for
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


P = Permission

DEPARTMENT_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {P.CONSOLE_VIEW, P.ORGANISATIONS_VIEW, P.ORGANISATIONS_MANAGE, P.USERS_VIEW, P.USERS_MANAGE, P.AUDIT_VIEW,
         P.DIRECTORY_VIEW, P.DIRECTORY_MODERATE, P.DIRECTORY_MANAGE}
    ),
    Role.OFFICER: frozenset({P.CONSOLE_VIEW, P.ORGANISATIONS_VIEW, P.DIRECTORY_VIEW, P.DIRECTORY_MODERATE,
                             P.DIRECTORY_MANAGE}),
    Role.ANALYST: frozenset({P.CONSOLE_VIEW, P.ORGANISATIONS_VIEW, P.DIRECTORY_VIEW}),
}

ORGANISATION_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset({P.WORKSPACE_VIEW, P.PROFILE_EDIT, P.MEMBERS_VIEW, P.MEMBERS_MANAGE, P.LISTINGS_VIEW,
                           P.LISTINGS_EDIT}),
    Role.COORDINATOR: frozenset({P.WORKSPACE_VIEW, P.PROFILE_EDIT, P.MEMBERS_VIEW, P.LISTINGS_VIEW, P.LISTINGS_EDIT}),
    Role.STAFF: frozenset({P.WORKSPACE_VIEW, P.MEMBERS_VIEW, P.LISTINGS_VIEW}),
}

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
