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


def test_a_statement_shape_seen_before_is_still_filtered_and_refused(app, city):
    """The models a statement touches are found once per statement shape (``tenancy._guarded_in``): the same
    shape with other values, and a shape that differs only by a guarded subquery, are judged each on their own."""
    def members_of(user_id: int):
        return select(func.count()).select_from(select(Membership).where(Membership.user_id > user_id).subquery())

    def users_only(user_id: int):
        return select(func.count()).select_from(select(User).where(User.id > user_id).subquery())

    with app.app_context():
        with organisation_scope(city.org_a.id):
            assert db.session.execute(members_of(0)).scalar_one() == 3
        with organisation_scope(city.org_b.id):
            assert db.session.execute(members_of(-1)).scalar_one() == 2
        with pytest.raises(TenantScopeError):
            db.session.execute(members_of(1)).scalar_one()
        assert db.session.execute(users_only(0)).scalar_one() > 0  # no guarded model: no scope needed
        with pytest.raises(TenantScopeError):
            db.session.execute(members_of(2)).scalar_one()
