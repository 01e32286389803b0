"""The enforced query scope: no scope is an error; organisations see only their own rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, update
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models import AuditEvent, Invitation, Membership, Role, utcnow
from app.services.audit.log import record_event
from app.tenancy import (
    TenantScopeError,
    current_scope,
    department_scope,
    get_or_404,
    organisation_scope,
    public_scope,
    system_scope,
)


@pytest.fixture
def two_tenants(app, make):
    org_a, org_b = make.organisation("Tenant A"), make.organisation("Tenant B")
    a_member = make.user("member.a@example.org", member_of=org_a, role=Role.ADMIN)
    b_member = make.user("member.b@example.org", member_of=org_b, role=Role.STAFF)
    with app.app_context(), system_scope("tests"):
        for org, person in ((org_a, a_member), (org_b, b_member)):
            db.session.add(Invitation(organisation_id=org.id, email=f"new.{org.id}@example.org", role=Role.STAFF,
                                      token_hash=f"{org.id:064d}", invited_by_id=person.id,
                                      expires_at=utcnow() + timedelta(days=7)))
        db.session.commit()
        ids = {
            "a": org_a.id, "b": org_b.id,
            "a_membership": db.session.execute(select(Membership.id).filter_by(user_id=a_member.id)).scalar_one(),
            "b_membership": db.session.execute(select(Membership.id).filter_by(user_id=b_member.id)).scalar_one(),
        }
    return ids


def _organisations_of(model):
    return sorted(db.session.execute(select(model.organisation_id)).scalars())


def test_no_scope_is_an_error(app, two_tenants):
    with app.app_context():
        assert current_scope() is None
        with pytest.raises(TenantScopeError):
            db.session.execute(select(Membership)).all()
        with pytest.raises(TenantScopeError):
            db.session.execute(select(func.count(Invitation.id))).scalar_one()
        with pytest.raises(TenantScopeError):
            db.session.execute(select(AuditEvent)).all()


def test_no_scope_refuses_bulk_changes(app, two_tenants):
    with app.app_context():
        with pytest.raises(TenantScopeError):
            db.session.execute(update(Membership).values(role=Role.ADMIN))
        with pytest.raises(TenantScopeError):
            db.session.execute(delete(Invitation))
    with app.app_context(), system_scope("tests"):
        assert db.session.execute(select(func.count(Invitation.id))).scalar_one() == 2


def test_organisation_scope_hides_the_other_tenant(app, two_tenants):
    ids = two_tenants
    with app.app_context(), organisation_scope(ids["a"]):
        assert _organisations_of(Membership) == [ids["a"]]
        assert _organisations_of(Invitation) == [ids["a"]]
        assert db.session.execute(
            select(Membership).where(Membership.id == ids["b_membership"])).scalar_one_or_none() is None
        # joins and counts are filtered too
        assert db.session.execute(select(func.count(Membership.id))).scalar_one() == 1


def test_organisation_scope_bulk_update_leaves_the_other_tenant_alone(app, two_tenants):
    ids = two_tenants
    with app.app_context(), organisation_scope(ids["a"]):
        db.session.execute(update(Membership).values(role=Role.COORDINATOR))
        db.session.commit()
    with app.app_context(), system_scope("tests"):
        roles = dict(db.session.execute(select(Membership.organisation_id, Membership.role)).all())
    assert roles == {ids["a"]: Role.COORDINATOR, ids["b"]: Role.STAFF}


@pytest.mark.parametrize("scope", [department_scope, lambda: system_scope("tests")])
def test_department_and_system_see_every_tenant(app, two_tenants, scope):
    ids = two_tenants
    with app.app_context(), scope():
        assert _organisations_of(Membership) == sorted([ids["a"], ids["b"]])
        assert _organisations_of(Invitation) == sorted([ids["a"], ids["b"]])
        db.session.execute(select(AuditEvent)).all()  # the department may read the audit log


def test_public_scope_refuses_models_with_nothing_public(app, two_tenants):
    with app.app_context(), public_scope():
        with pytest.raises(TenantScopeError):
            db.session.execute(select(Membership)).all()
        with pytest.raises(TenantScopeError):
            db.session.execute(select(Invitation)).all()
        with pytest.raises(TenantScopeError):
            db.session.execute(update(Membership).values(role=Role.ADMIN))


@pytest.mark.parametrize("scope", ["organisation", "public"])
def test_audit_log_is_refused_outside_the_department(app, two_tenants, scope):
    chosen = organisation_scope(two_tenants["a"]) if scope == "organisation" else public_scope()
    with app.app_context(), chosen:
        with pytest.raises(TenantScopeError):
            db.session.execute(select(AuditEvent)).all()
        with pytest.raises(TenantScopeError):
            db.session.execute(select(func.count(AuditEvent.id))).scalar_one()


def test_writing_the_audit_log_works_in_an_organisation_scope(app, two_tenants):
    with app.app_context(), organisation_scope(two_tenants["a"]):
        record_event("invitation.sent", organisation_id=two_tenants["a"])
        db.session.commit()
    with app.app_context(), department_scope():
        assert db.session.execute(select(AuditEvent).filter_by(action="invitation.sent")).scalar_one()


def test_scopes_nest_and_end(app, two_tenants):
    with app.app_context():
        with organisation_scope(two_tenants["a"]) as outer:
            with department_scope():
                assert current_scope().kind == "department"
            assert current_scope() is outer
        assert current_scope() is None


def test_system_scope_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        system_scope("")


def test_get_or_404_answers_404_for_the_other_tenant_even_from_the_identity_map(app, two_tenants):
    ids = two_tenants
    with app.app_context():
        with system_scope("tests"):
            b_membership = db.session.execute(
                select(Membership).where(Membership.id == ids["b_membership"])).scalar_one()
        assert b_membership in db.session  # already in the identity map
        with organisation_scope(ids["a"]):
            with pytest.raises(NotFound):
                get_or_404(Membership, ids["b_membership"])
            assert get_or_404(Membership, ids["a_membership"]).organisation_id == ids["a"]


@pytest.mark.parametrize("bad_id", [None, "abc", "", "1.5", 10**9])
def test_get_or_404_with_junk_or_unknown_ids(app, two_tenants, bad_id):
    with app.app_context(), system_scope("tests"), pytest.raises(NotFound):
        get_or_404(Membership, bad_id)
