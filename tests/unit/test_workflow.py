"""The versioned workflow every reviewed record will use: numbered revisions, decisions, history, follow-ups."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, ChangeAction, Organisation, RevisionStatus
from app.services import ServiceError
from app.services.workflow import kinds, revisions
from app.services.workflow.comparison import comparison, title_of
from app.tenancy import system_scope

DECIDED: list[tuple[str, str]] = []
APPLIED: list[dict] = []


def _apply(revision, _actor) -> int:
    APPLIED.append(dict(revision.proposed))
    return revision.object_id or 999


kinds.register_kind("test_plan", apply=_apply, labels={"goal": "Goal", "budget": "Budget"},
                    title=lambda values: values.get("goal"), label="Plan",
                    decided=lambda revision: DECIDED.append((revision.status.value, revision.decision_note)))


@pytest.fixture
def organisation(ctx, make):
    created = make.organisation("Fundacja Planów")
    DECIDED.clear()
    APPLIED.clear()
    with system_scope("tests"):
        yield db.session.execute(select(Organisation).where(Organisation.id == created.id)).scalar_one()


def _submit(organisation, goal: str, object_id: int | None = 7, action=ChangeAction.UPDATE):
    return revisions.submit("test_plan", action, organisation=organisation, object_id=object_id,
                            before={"goal": "stary cel", "budget": 100}, proposed={"goal": goal, "budget": 120},
                            actor=None)


def _actions() -> list[str]:
    return list(db.session.execute(select(AuditEvent.action).where(AuditEvent.action.like("revision.%"))
                                   .order_by(AuditEvent.id)).scalars())


def test_revisions_of_a_record_are_numbered_and_a_newer_one_withdraws_the_waiting_one(organisation):
    first = _submit(organisation, "pierwszy")
    second = _submit(organisation, "drugi")
    assert (first.number, second.number) == (1, 2)
    assert first.status == RevisionStatus.WITHDRAWN and second.status == RevisionStatus.PENDING
    assert revisions.pending_for("test_plan", 7, organisation.id) is second
    assert [r.number for r in revisions.history("test_plan", 7, organisation.id)] == [1, 2]
    assert _actions() == ["revision.submitted", "revision.submitted"]


def test_returned_for_correction_then_resubmitted_then_approved_keeps_every_version(organisation):
    first = _submit(organisation, "niejasny")
    with pytest.raises(ServiceError) as refused:
        revisions.return_for_correction(first, actor=None, note="  ")
    assert refused.value.field == "note"
    revisions.return_for_correction(first, actor=None, note="Opisz cel dokładniej.")
    assert first.status == RevisionStatus.RETURNED
    assert DECIDED == [("returned", "Opisz cel dokładniej.")]  # the kind's follow-up ran
    corrected = _submit(organisation, "jasny cel")
    revisions.approve(corrected, actor=None, note="Dziękujemy.")
    assert APPLIED == [{"goal": "jasny cel", "budget": 120}]
    assert [(r.number, r.status) for r in revisions.history("test_plan", 7, organisation.id)] == [
        (1, RevisionStatus.RETURNED), (2, RevisionStatus.APPROVED)]
    assert revisions.latest_decision("test_plan", 7, organisation.id) is corrected
    assert _actions() == ["revision.submitted", "revision.returned", "revision.submitted", "revision.approved"]


def test_a_revision_is_decided_once(organisation):
    waiting = _submit(organisation, "cel")
    revisions.reject(waiting, actor=None, note="Poza programem.")
    for decide in (lambda: revisions.approve(waiting, actor=None),
                   lambda: revisions.return_for_correction(waiting, actor=None, note="Popraw.")):
        with pytest.raises(ServiceError, match="already been decided"):
            decide()
    assert APPLIED == [] and waiting.status == RevisionStatus.REJECTED


def test_a_revision_reads_as_before_and_after(organisation):
    waiting = _submit(organisation, "nowy cel")
    assert title_of(waiting) == "nowy cel"
    rows = {row.name: row for row in comparison(waiting)}
    assert [row.label for row in comparison(waiting)] == ["Goal", "Budget"]
    assert (rows["goal"].before, rows["goal"].after, rows["goal"].changed) == ("stary cel", "nowy cel", True)
    assert (rows["budget"].before, rows["budget"].after) == ("100", "120")


def test_an_unknown_kind_cannot_be_decided(organisation):
    waiting = revisions.submit("nobody_registered_this", ChangeAction.CREATE, organisation=organisation,
                               object_id=None, before=None, proposed={"x": 1}, actor=None)
    with pytest.raises(ServiceError, match="cannot be decided here"):
        revisions.approve(waiting, actor=None)
