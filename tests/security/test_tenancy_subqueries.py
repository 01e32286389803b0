"""The tenant scope reaches into subqueries, counts and joins, not only the top-level entity."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Membership, User
from app.tenancy import TenantScopeError, department_scope, organisation_scope, public_scope


def _count_members(statement) -> int:
    return db.session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()


def test_count_over_a_subquery_is_filtered_to_the_tenant(app, city):
    with app.app_context():
        with organisation_scope(city.org_a.id):
            assert _count_members(select(Membership)) == 3  # A's admin, coordinator and staff
        with organisation_scope(city.org_b.id):
            assert _count_members(select(Membership)) == 2
        with department_scope():
            assert _count_members(select(Membership)) == 8


def test_join_from_an_unguarded_model_is_filtered(app, city):
    with app.app_context(), organisation_scope(city.org_a.id):
        emails = db.session.execute(select(User.email).join(Membership, Membership.user_id == User.id)).scalars()
        assert set(emails) == {"a.admin@example.org", "a.coordinator@example.org", "a.staff@example.org"}


def test_subquery_with_no_scope_raises(app, city):
    with app.app_context(), pytest.raises(TenantScopeError):
        _count_members(select(Membership))


def test_public_scope_refuses_a_model_with_nothing_public_even_in_a_subquery(app, city):
    with app.app_context(), public_scope(), pytest.raises(TenantScopeError):
        _count_members(select(Membership))


def test_audit_log_in_a_subquery_is_department_only(app, city):
    with app.app_context(), organisation_scope(city.org_a.id), pytest.raises(TenantScopeError):
        db.session.execute(select(func.count()).select_from(select(AuditEvent).subquery())).scalar_one()
