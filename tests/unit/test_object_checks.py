"""Permissions on objects (app/permissions.py): registered checks answer yes, or no and why.

The two registered checks — ``feedback.handle`` (app/services/feedback/access.py) and
``change_request.decide`` (app/services/moderation/access.py) — say yes to the right actor
while the object waits, and no otherwise, with a reason; a refusal about another tenant's
object is hidden, so ``authorize`` answers 404 for it and 403 for a role without the
permission. A name nobody registered is an error (refused by default), and a name cannot be
taken by a second function.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from werkzeug.exceptions import Forbidden, NotFound

from app import permissions
from app.models import FeedbackStatus, RevisionStatus, Role
from app.permissions import YES, Actor, Decision, authorize, may, no, object_check
from app.services.feedback import access as feedback_access  # noqa: F401 - registers feedback.handle
from app.services.moderation import access as moderation_access  # noqa: F401 - registers change_request.decide

ORG_A, ORG_B, DEPARTMENT = 11, 12, 1


def actor(role: Role | None, organisation_id: int | None = ORG_A) -> Actor:
    """Someone acting in one membership (None: signed in, or not, with no membership)."""
    if role is None:
        return Actor(SimpleNamespace(id=99), None)
    membership = SimpleNamespace(role=role, organisation_id=organisation_id,
                                 organisation=SimpleNamespace(is_department=organisation_id == DEPARTMENT))
    return Actor(SimpleNamespace(id=7), membership)


def feedback(status=FeedbackStatus.NEW, organisation_id=ORG_A):
    return SimpleNamespace(organisation_id=organisation_id, status=status)


def revision(status=RevisionStatus.PENDING, organisation_id=ORG_A):
    return SimpleNamespace(organisation_id=organisation_id, status=status)


def refused(decision: Decision, *, hidden: bool) -> bool:
    """A no, with a reason, hidden or not as expected."""
    return not decision and decision.allowed is False and bool(decision.reason) and decision.hidden is hidden


# -- feedback.handle --------------------------------------------------------------------------------

@pytest.mark.parametrize("who", [actor(Role.ADMIN), actor(Role.COORDINATOR), actor(Role.ADMIN, DEPARTMENT),
                                 actor(Role.OFFICER, DEPARTMENT)])
def test_feedback_is_handled_by_its_organisations_editors_and_the_departments_moderators(who):
    assert may("feedback.handle", feedback(), actor=who) == YES


def test_feedback_of_another_organisation_is_hidden():
    for role in (Role.ADMIN, Role.COORDINATOR, Role.STAFF):
        decision = may("feedback.handle", feedback(organisation_id=ORG_B), actor=actor(role, ORG_A))
        assert refused(decision, hidden=True), (role, decision)
    assert refused(may("feedback.handle", feedback(), actor=actor(None)), hidden=True)


@pytest.mark.parametrize("who", [actor(Role.STAFF), actor(Role.ANALYST, DEPARTMENT)])
def test_feedback_is_not_handled_by_a_role_without_the_permission(who):
    """Staff may read their organisation's feedback (not hidden), not handle it; nor may the department's analyst."""
    assert refused(may("feedback.handle", feedback(), actor=who), hidden=False)


@pytest.mark.parametrize("status", [FeedbackStatus.RESOLVED, FeedbackStatus.DISMISSED])
@pytest.mark.parametrize("who", [actor(Role.ADMIN), actor(Role.OFFICER, DEPARTMENT)])
def test_feedback_already_handled_is_not_handled_again(who, status):
    decision = may("feedback.handle", feedback(status), actor=who)
    assert refused(decision, hidden=False) and "handled" in decision.reason


# -- change_request.decide ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.ADMIN, Role.OFFICER])
def test_the_departments_moderators_decide_a_waiting_change(role):
    assert may("change_request.decide", revision(), actor=actor(role, DEPARTMENT)) == YES


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.STAFF])
@pytest.mark.parametrize("organisation_id", [ORG_A, ORG_B])
def test_an_organisation_never_decides_a_change_not_even_its_own(role, organisation_id):
    decision = may("change_request.decide", revision(organisation_id=organisation_id), actor=actor(role, ORG_A))
    assert refused(decision, hidden=True)


def test_the_departments_analyst_does_not_decide():
    assert refused(may("change_request.decide", revision(), actor=actor(Role.ANALYST, DEPARTMENT)), hidden=False)
    assert refused(may("change_request.decide", revision(), actor=actor(None)), hidden=True)


@pytest.mark.parametrize("status", [status for status in RevisionStatus if status != RevisionStatus.PENDING])
def test_a_decided_change_is_not_decided_again(status):
    decision = may("change_request.decide", revision(status), actor=actor(Role.ADMIN, DEPARTMENT))
    assert refused(decision, hidden=False) and "decided" in decision.reason


# -- authorize: a hidden no is 404, another no is 403 -----------------------------------------------------

@pytest.fixture
def acting_as(ctx, monkeypatch):
    """``acting_as(actor)``: the request's actor, as app/actor.py would set it."""
    return lambda who: monkeypatch.setattr(permissions, "current_actor", lambda: who)


def test_authorize_answers_404_for_another_tenants_object(acting_as):
    acting_as(actor(Role.ADMIN, ORG_A))
    with pytest.raises(NotFound):
        authorize("feedback.handle", feedback(organisation_id=ORG_B))


def test_authorize_answers_403_for_a_role_without_the_permission(acting_as):
    acting_as(actor(Role.STAFF, ORG_A))
    with pytest.raises(Forbidden):
        authorize("feedback.handle", feedback())
    acting_as(actor(Role.ANALYST, DEPARTMENT))
    with pytest.raises(Forbidden):
        authorize("change_request.decide", revision())


def test_authorize_lets_the_right_actor_through(acting_as):
    acting_as(actor(Role.COORDINATOR, ORG_A))
    assert authorize("feedback.handle", feedback()) is None
    acting_as(actor(Role.OFFICER, DEPARTMENT))
    assert authorize("change_request.decide", revision()) is None


def test_may_asks_the_current_actor_by_default(acting_as):
    acting_as(actor(Role.ADMIN, ORG_B))
    assert refused(may("feedback.handle", feedback(organisation_id=ORG_A)), hidden=True)
    assert may("feedback.handle", feedback(organisation_id=ORG_B)) == YES


# -- the registry of checks ---------------------------------------------------------------------------------

@pytest.fixture
def checks(monkeypatch):
    """A copy of the registered checks, so that a test may register its own and leave nothing behind."""
    monkeypatch.setattr(permissions, "_object_checks", dict(permissions._object_checks))
    return permissions._object_checks


def test_an_unregistered_name_is_an_error_never_a_yes(acting_as):
    acting_as(actor(Role.ADMIN, DEPARTMENT))
    with pytest.raises(LookupError, match=r"feedback\.hadnle"):
        may("feedback.hadnle", feedback(), actor=actor(Role.ADMIN, DEPARTMENT))
    with pytest.raises(LookupError):
        authorize("agreement.sign", object())


def test_a_name_cannot_be_registered_twice_with_another_function(checks):
    def first(_actor, _obj):
        return YES

    def second(_actor, _obj):
        return no("another answer")

    assert object_check("tests.example")(first) is first
    assert object_check("tests.example")(first) is first  # the same function again (a module imported twice)
    with pytest.raises(ValueError, match=r"tests\.example"):
        object_check("tests.example")(second)
    assert checks["tests.example"] is first
    with pytest.raises(ValueError, match=r"feedback\.handle"):
        object_check("feedback.handle")(second)
    assert may("feedback.handle", feedback(), actor=actor(Role.ADMIN)) == YES


def test_a_decision_is_true_only_for_yes():
    assert YES and Decision(True)
    assert not no("why") and no("why").reason == "why" and not no("why").hidden
    assert no("why", hidden=True).hidden
