"""Submitting and deciding revisions; the history of a record is its revisions in order.

An organisation ``submit``s a revision of a record; a newer one withdraws the one still
waiting (it carries everything wanted). Someone with the right to decide ``approve``s it (the
kind's ``apply`` makes it live), ``reject``s it with a note, or ``return_for_correction`` with
comments, after which the organisation submits a corrected revision. Deciding locks the
revision first, so of two people deciding at once the second is told it is decided. Every
step is written to the audit log as ``revision.<step>``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.database import lock_row
from app.extensions import db
from app.models import ChangeAction, Revision, RevisionStatus, utcnow
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.workflow.kinds import kind_of
from app.unit_of_work import unique

NOTE_MAX = 2000
DECIDED = (RevisionStatus.APPROVED, RevisionStatus.REJECTED, RevisionStatus.RETURNED)
unique("uq_revision_pending", _l("Another change of this listing was sent at the same moment. Look at the "
                                 "listing again and save once more."))


def _of_record(kind: str, object_id: int | None, organisation_id: int):
    return select(Revision).where(Revision.organisation_id == organisation_id, Revision.kind == str(kind),
                                  Revision.object_id == object_id)


def submit(kind: str, action: ChangeAction, *, organisation, object_id: int | None, before: dict | None,
           proposed: dict, actor) -> Revision:
    """Store a revision that waits for a decision; the live record is not touched.

    The record's revision still waiting is withdrawn: the newest replaces it. A change of a
    record the department has not yet accepted stays a creation.
    """
    action = ChangeAction(action)
    number = 1
    if object_id is not None:
        number = (db.session.execute(select(func.max(Revision.number)).where(
            Revision.organisation_id == organisation.id, Revision.kind == str(kind),
            Revision.object_id == object_id)).scalar() or 0) + 1
        for older in db.session.execute(
                _of_record(kind, object_id, organisation.id).where(Revision.status == RevisionStatus.PENDING)
        ).scalars():
            _close(older, RevisionStatus.WITHDRAWN, actor, None)
            if action == ChangeAction.UPDATE and older.action == ChangeAction.CREATE:
                action = ChangeAction.CREATE  # still a new record until it is accepted
                before = older.before
    revision = Revision(organisation_id=organisation.id, kind=str(kind), action=action, object_id=object_id,
                        number=number, before=before, proposed=proposed, status=RevisionStatus.PENDING,
                        submitted_by_id=getattr(actor, "id", None))
    db.session.add(revision)
    db.session.flush()
    record_event("revision.submitted", actor=actor, organisation_id=organisation.id, target=revision,
                 details={"kind": str(kind), "action": str(action), "object_id": object_id, "number": number})
    return revision


def pending_for(kind: str, object_id: int | None, organisation_id: int) -> Revision | None:
    """The revision of this record that waits for a decision, or None."""
    if object_id is None:
        return None
    return db.session.execute(_of_record(kind, object_id, organisation_id)
                              .where(Revision.status == RevisionStatus.PENDING)
                              .order_by(Revision.id.desc())).scalars().first()


def latest_decision(kind: str, object_id: int | None, organisation_id: int) -> Revision | None:
    """The record's most recently decided revision (approved, rejected or returned)."""
    if object_id is None:
        return None
    return db.session.execute(_of_record(kind, object_id, organisation_id)
                              .where(Revision.status.in_(DECIDED))
                              .order_by(Revision.decided_at.desc(), Revision.id.desc())).scalars().first()


def history(kind: str, object_id: int, organisation_id: int) -> list[Revision]:
    """Every revision of a record, the first first."""
    return list(db.session.execute(_of_record(kind, object_id, organisation_id)
                                   .order_by(Revision.number, Revision.id)).scalars())


def pending_ids(kind: str, organisation_id: int) -> set[int]:
    """Ids of the organisation's records of ``kind`` with a revision waiting."""
    return set(db.session.execute(
        select(Revision.object_id).where(Revision.organisation_id == organisation_id, Revision.kind == str(kind),
                                         Revision.status == RevisionStatus.PENDING)).scalars())


def withdraw(revision: Revision, *, actor) -> None:
    """The organisation no longer wants the revision (it saved the record as it is, or it went live)."""
    if revision.status != RevisionStatus.PENDING:
        return
    _close(revision, RevisionStatus.WITHDRAWN, actor, None)
    record_event("revision.withdrawn", actor=actor, organisation_id=revision.organisation_id, target=revision,
                 details={"kind": revision.kind, "object_id": revision.object_id})
    db.session.flush()


def _waiting(revision: Revision) -> None:
    """Lock the revision and check it still waits: of two people deciding at once, the second is told."""
    lock_row(revision)
    if revision.status != RevisionStatus.PENDING:
        raise ServiceError(_l("This change has already been decided."))


def _required_note(note: str | None, message) -> str:
    note = (note or "").strip()
    if not note:
        raise ServiceError(message, field="note")
    if len(note) > NOTE_MAX:
        raise ServiceError(_l("Keep the note under %(num)d characters.", num=NOTE_MAX), field="note")
    return note


def approve(revision: Revision, *, actor, note: str | None = None) -> None:
    """Accept the revision: its kind makes it live; the decision is recorded and followed up."""
    _waiting(revision)
    kind = kind_of(revision.kind)
    revision.object_id = kind.apply(revision, actor)
    _decided(kind, revision, RevisionStatus.APPROVED, actor, (note or "").strip()[:NOTE_MAX] or None)


def reject(revision: Revision, *, actor, note: str) -> None:
    """Refuse the revision; the record stays as it was. The note says why (the organisation reads it)."""
    _waiting(revision)
    note = _required_note(note, _l("Say why the change is rejected: the organisation will see this."))
    _decided(kind_of(revision.kind), revision, RevisionStatus.REJECTED, actor, note)


def return_for_correction(revision: Revision, *, actor, note: str) -> None:
    """Send the revision back with comments; the organisation submits a corrected one."""
    _waiting(revision)
    note = _required_note(note, _l("Say what to correct: the organisation will see this."))
    _decided(kind_of(revision.kind), revision, RevisionStatus.RETURNED, actor, note)


def _close(revision: Revision, status: RevisionStatus, actor, note: str | None) -> None:
    revision.status = status
    revision.decided_by_id = getattr(actor, "id", None)
    revision.decided_at = utcnow()
    revision.decision_note = note


def _decided(kind, revision: Revision, status: RevisionStatus, actor, note: str | None) -> None:
    _close(revision, status, actor, note)
    record_event(f"revision.{status.value}", actor=actor, organisation_id=revision.organisation_id,
                 target=revision, details={"kind": revision.kind, "object_id": revision.object_id,
                                           "number": revision.number})
    db.session.flush()
    if kind.decided is not None:
        kind.decided(revision)
