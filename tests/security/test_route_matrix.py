"""Every route × every role, with a second tenant's ids in the URL.

- A route without a declared permission fails the test (``@public``, ``@signed_in`` or
  ``@requires``).
- Anonymous visitors are sent to sign in; a role without the permission gets 403; an
  organisation role reaching for tenant B's object gets 404 and changes nothing.
- No GET changes anything (the audit log does not grow); nothing answers 500.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Invitation, Membership, Role
from app.permissions import PUBLIC, SIGNED_IN, permissions_of
from app.tenancy import system_scope
from tests.security.conftest import ROLES

SKIP_ENDPOINTS = {"static"}
ORG_ROLES = {"a_admin": Role.ADMIN, "a_coordinator": Role.COORDINATOR, "a_staff": Role.STAFF}
DEPT_ROLES = {"dept_admin": Role.ADMIN, "dept_officer": Role.OFFICER, "dept_analyst": Role.ANALYST}


def _rules(app):
    """Every rule; signing out comes last, since it ends the session the walk uses."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in SKIP_ENDPOINTS]
    return sorted(rules, key=lambda rule: rule.endpoint == "auth.sign_out")


def test_every_route_declares_a_permission(app):
    undeclared = [
        rule.rule for rule in _rules(app)
        if not hasattr(app.view_functions[rule.endpoint], "__permission__")
    ]
    assert undeclared == [], f"routes without @public, @signed_in or @requires: {undeclared}"


@pytest.fixture
def tenant_b_objects(app, city, make):
    """Ids of tenant B's rows to put into every URL."""
    with app.app_context(), system_scope("tests"):
        membership = db.session.execute(
            select(Membership).where(Membership.user_id == city.b_staff.id)).scalar_one()
        from datetime import timedelta

        from app.models import utcnow

        invitation = Invitation(organisation_id=city.org_b.id, email="new.b@example.org", role=Role.STAFF,
                                token_hash="b" * 64, invited_by_id=city.b_admin.id,
                                expires_at=utcnow() + timedelta(days=3))
        db.session.add(invitation)
        from app.models import Service

        service = Service(organisation_id=city.org_b.id, name_pl="Usługa B", description_pl="Opis usługi B.")
        db.session.add(service)
        from app.models import Alert, Feedback, ListingKind, ServiceTaxonomy, TaxonomyTerm

        term = TaxonomyTerm(code="b-term", label_pl="Kategoria B")  # used by B's service, so never deleted
        service.taxonomy_links.append(ServiceTaxonomy(organisation_id=city.org_b.id, term=term))
        alert = Alert(message_pl="Komunikat", starts_at=utcnow(), ends_at=utcnow() + timedelta(days=1))
        db.session.add(alert)
        db.session.flush()
        report = Feedback(organisation_id=city.org_b.id, kind=ListingKind.SERVICE, object_id=service.id,
                               message="Zły numer telefonu.")
        db.session.add(report)
        from app.models import ChangeAction, ChangeRequest, Location, ServiceAtLocation
        from app.services.listings.values import service_values

        place = Location(organisation_id=city.org_b.id, name="Punkt B", street="ul. Tajna 7")
        service.service_at_locations.append(ServiceAtLocation(organisation_id=city.org_b.id, location=place))
        db.session.flush()
        change = ChangeRequest(organisation_id=city.org_b.id, kind=ListingKind.SERVICE, action=ChangeAction.UPDATE,
                               object_id=service.id, before=service_values(service),
                               proposed={**service_values(service), "name_pl": "Usługa B (nowa nazwa)",
                                         "audience_pl": "Dorośli."})
        db.session.add(change)
        from app.models import Event, VolunteerOpportunity

        event = Event(organisation_id=city.org_b.id, kind="workshop", title_pl="Warsztat B", description_pl="Opis.",
                      starts_at=utcnow() + timedelta(days=2), ends_at=utcnow() + timedelta(days=2, hours=2))
        offer = VolunteerOpportunity(organisation_id=city.org_b.id, title_pl="Wolontariat B", description_pl="Opis.")
        db.session.add_all([event, offer])
        db.session.commit()
        return {
            "organisation_id": city.org_b.id,
            "membership_id": membership.id,
            "invitation_id": invitation.id,
            "user_id": city.b_staff.id,
            "token": "not-a-real-token",
            "message_id": "no-such-message",
            "service_id": service.id,
            "organization_id": "not-a-uuid",
            "taxonomy_id": "not-a-uuid",
            "term_id": "not-a-uuid",
            "link_id": "not-a-uuid",
            "feedback_id": report.id,
            "alert_id": alert.id,
            "taxonomy_term_id": term.id,
            "location_id": place.id,
            "change_id": change.id,
            "event_id": event.id,
            "opportunity_id": offer.id,
        }


def _url(rule, values) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(values[name]), path)
    return path


def _audit_count(app) -> int:
    with app.app_context(), system_scope("tests"):
        return db.session.execute(select(func.count(AuditEvent.id))).scalar_one()


def _granted(role_name: str, city):
    if role_name in DEPT_ROLES:
        return permissions_of(_FakeMembership(True, DEPT_ROLES[role_name]))
    if role_name in ORG_ROLES:
        return permissions_of(_FakeMembership(False, ORG_ROLES[role_name]))
    return frozenset()


class _FakeMembership:
    def __init__(self, department: bool, role: Role):
        self.role = role
        self.organisation = type("O", (), {"is_department": department})()


@pytest.mark.parametrize("role_name", ROLES)
def test_route_matrix(app, city, client_as, tenant_b_objects, role_name):
    client = client_as(role_name)
    granted = _granted(role_name, city)
    problems = []
    for rule in _rules(app):
        permission = app.view_functions[rule.endpoint].__permission__
        url = _url(rule, tenant_b_objects)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            before = _audit_count(app) if method == "GET" else None
            response = client.open(url, method=method, data={})
            status = response.status_code
            where = f"{role_name} {method} {url} [{permission}] → {status}"
            if status >= 500:
                problems.append(f"server error: {where}")
                continue
            if method == "GET" and _audit_count(app) != before:
                problems.append(f"GET changed state: {where}")
            if permission == PUBLIC:
                continue
            location = response.headers.get("Location", "")
            if role_name == "anonymous":
                if not (status in (302, 303) and "/sign-in" in location):
                    problems.append(f"anonymous not sent to sign in: {where}")
                continue
            if permission == SIGNED_IN:
                if status == 403:
                    problems.append(f"signed-in route refused: {where}")
                continue
            if permission not in granted:
                if status != 403:
                    problems.append(f"missing permission did not give 403: {where}")
                continue
            touches_tenant_b = bool(rule.arguments & {"membership_id", "invitation_id", "service_id",
                                                      "feedback_id", "location_id", "change_id",
                                                      "event_id", "opportunity_id"})
            if role_name in ORG_ROLES and touches_tenant_b and status != 404:
                problems.append(f"tenant B's object did not give 404: {where}")
            if role_name in DEPT_ROLES and status == 404 and rule.arguments:
                problems.append(f"department cannot see tenant B's object: {where}")
    assert problems == [], "\n".join(problems)


def test_tenant_b_unchanged_after_organisation_admin_tries_everything(app, city, client_as, tenant_b_objects):
    client = client_as("a_admin")
    ids = tenant_b_objects
    assert client.post(f"/workspace/members/{ids['membership_id']}/role", data={"role": "admin"}).status_code == 404
    assert client.post(f"/workspace/members/{ids['membership_id']}/remove").status_code == 404
    assert client.post(f"/workspace/invitations/{ids['invitation_id']}/revoke").status_code == 404
    with app.app_context(), system_scope("tests"):
        membership = db.session.get(Membership, ids["membership_id"])
        invitation = db.session.get(Invitation, ids["invitation_id"])
        assert membership is not None and membership.role == Role.STAFF
        assert invitation.revoked_at is None
