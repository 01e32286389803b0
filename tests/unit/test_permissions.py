"""The fixed table of what each role may do."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.models import DEPARTMENT_ROLES, ORGANISATION_ROLES, OrganisationKind, Role, roles_for
from app.permissions import P, permissions_of


def _membership(department: bool, role: Role):
    return SimpleNamespace(role=role, organisation=SimpleNamespace(is_department=department))


def test_nobody_without_a_membership_has_anything():
    assert permissions_of(None) == frozenset()


@pytest.mark.parametrize(("role", "allowed", "refused"), [
    (Role.ADMIN, {P.CONSOLE_VIEW, P.ORGANISATIONS_MANAGE, P.USERS_MANAGE, P.AUDIT_VIEW}, {P.WORKSPACE_VIEW}),
    (Role.OFFICER, {P.CONSOLE_VIEW, P.ORGANISATIONS_VIEW},
     {P.ORGANISATIONS_MANAGE, P.USERS_VIEW, P.USERS_MANAGE, P.AUDIT_VIEW}),
    (Role.ANALYST, {P.CONSOLE_VIEW, P.ORGANISATIONS_VIEW},
     {P.ORGANISATIONS_MANAGE, P.USERS_VIEW, P.USERS_MANAGE, P.AUDIT_VIEW}),
])
def test_department_roles(role, allowed, refused):
    granted = permissions_of(_membership(True, role))
    assert allowed <= granted
    assert not refused & granted


@pytest.mark.parametrize(("role", "allowed", "refused"), [
    (Role.ADMIN, {P.WORKSPACE_VIEW, P.PROFILE_EDIT, P.MEMBERS_VIEW, P.MEMBERS_MANAGE}, {P.CONSOLE_VIEW}),
    (Role.COORDINATOR, {P.WORKSPACE_VIEW, P.PROFILE_EDIT, P.MEMBERS_VIEW}, {P.MEMBERS_MANAGE, P.CONSOLE_VIEW}),
    (Role.STAFF, {P.WORKSPACE_VIEW, P.MEMBERS_VIEW}, {P.PROFILE_EDIT, P.MEMBERS_MANAGE, P.CONSOLE_VIEW}),
])
def test_organisation_roles_never_reach_the_console(role, allowed, refused):
    granted = permissions_of(_membership(False, role))
    assert allowed <= granted
    assert not refused & granted


def test_an_organisation_admin_is_not_a_department_admin():
    assert P.ORGANISATIONS_MANAGE not in permissions_of(_membership(False, Role.ADMIN))
    assert P.ORGANISATIONS_MANAGE in permissions_of(_membership(True, Role.ADMIN))


def test_roles_offered_per_kind():
    assert roles_for(OrganisationKind.DEPARTMENT) == DEPARTMENT_ROLES
    for kind in OrganisationKind:
        if kind != OrganisationKind.DEPARTMENT:
            assert roles_for(kind) == ORGANISATION_ROLES
    assert Role.COORDINATOR not in DEPARTMENT_ROLES and Role.OFFICER not in ORGANISATION_ROLES
