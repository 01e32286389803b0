"""Answering a referral (the receiver accepts or declines it, then records how it ended) and withdrawing it (the
sender cancels it).

Every change locks the referral's row first, so a second click — or a second person — finds it already answered
and is refused, changing nothing. Accepting a referral to a capacity unit then holds one of the unit's places
(``occupancy.reserve_place``, under the unit's lock): when none is free the acceptance is refused with
``occupancy.NO_FREE_PLACE`` and the referral stays waiting. Completing ends the hold (the person arrived: the place
is occupied; did not arrive or moved on: it is free again); cancelling frees it. Each change is in the audit log
and e-mailed, after the commit, to the other side.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.database import lock
from app.models import Referral, utcnow
from app.models.referrals import CancelReason, DeclineReason, ReferralOutcome, ReferralStatus
from app.permissions import Permission
from app.services import ServiceError
from app.services.audit.log import record_event, widened_scope
from app.services.capacity import occupancy
from app.services.referrals import notify

ALREADY = {
    ReferralStatus.ACCEPTED: _l("This referral has already been accepted."),
    ReferralStatus.DECLINED: _l("This referral has already been declined."),
    ReferralStatus.COMPLETED: _l("This referral has already been completed."),
    ReferralStatus.CANCELLED: _l("This referral has been cancelled by the referring organisation."),
    ReferralStatus.SENT: _l("This referral has not been accepted yet."),
}


def _may_handle(actor) -> None:
    if actor.membership is None or actor.in_department or not actor.has(Permission.REFERRALS_HANDLE):
        raise ServiceError(_l("Only the organisation's admin or a coordinator can do this."))


def _locked_received(actor, referral_id: int, *expected: ReferralStatus) -> Referral:
    """The actor's organisation's received referral, locked, in one of the ``expected`` states (else refused)."""
    _may_handle(actor)
    referral = lock(Referral, referral_id)  # through the actor's own scope: another organisation's is a 404
    if referral.organisation_id != actor.organisation_id:
        raise ServiceError(_l("Only the receiving organisation can answer this referral."))
    if referral.status not in expected:
        raise ServiceError(ALREADY[referral.status])
    return referral


def accept_referral(actor, referral_id: int) -> Referral:
    """Accept a waiting referral; one to a capacity unit holds one of its free places (refused when none is)."""
    referral = _locked_received(actor, referral_id, ReferralStatus.SENT)
    if referral.capacity_unit_id is not None:
        occupancy.reserve_place(referral.capacity_unit_id, actor.user)  # NO_FREE_PLACE: nothing changes
        referral.place_reserved = True
    referral.status = ReferralStatus.ACCEPTED
    referral.responded_at = utcnow()
    referral.responded_by_id = actor.user.id
    record_event("referral.accepted", actor=actor.user, organisation_id=referral.organisation_id, target=referral,
                 details={"reference": referral.reference, "place_reserved": referral.place_reserved})
    notify.tell(referral, "accepted", referral.referring_organisation_id)
    return referral


def decline_referral(actor, referral_id: int, reason) -> Referral:
    """Decline a waiting referral with a reason from the list."""
    if not reason or reason not in {item.value for item in DeclineReason}:
        raise ServiceError(_l("Choose why the referral is declined."), field="reason")
    referral = _locked_received(actor, referral_id, ReferralStatus.SENT)
    now = utcnow()
    referral.status = ReferralStatus.DECLINED
    referral.decline_reason = DeclineReason(reason)
    referral.responded_at = referral.closed_at = now
    referral.responded_by_id = referral.closed_by_id = actor.user.id
    record_event("referral.declined", actor=actor.user, organisation_id=referral.organisation_id, target=referral,
                 details={"reference": referral.reference, "reason": referral.decline_reason.value})
    notify.tell(referral, "declined", referral.referring_organisation_id)
    return referral


def _end_hold(referral: Referral, author, *, arrived: bool) -> None:
    if referral.place_reserved and referral.capacity_unit_id is not None:
        occupancy.end_reservation(referral.capacity_unit_id, author, arrived=arrived)
    referral.place_reserved = False


def complete_referral(actor, referral_id: int, outcome) -> Referral:
    """Record how an accepted referral ended: helped (the held place is occupied now), did not arrive or moved on
    (the held place is free again)."""
    if not outcome or outcome not in {item.value for item in ReferralOutcome}:
        raise ServiceError(_l("Choose how the referral ended."), field="outcome")
    referral = _locked_received(actor, referral_id, ReferralStatus.ACCEPTED)
    outcome = ReferralOutcome(outcome)
    _end_hold(referral, actor.user, arrived=outcome is ReferralOutcome.HELPED)
    referral.status = ReferralStatus.COMPLETED
    referral.outcome = outcome
    referral.closed_at = utcnow()
    referral.closed_by_id = actor.user.id
    record_event("referral.completed", actor=actor.user, organisation_id=referral.organisation_id, target=referral,
                 details={"reference": referral.reference, "outcome": outcome.value})
    notify.tell(referral, "completed", referral.referring_organisation_id)
    return referral


def cancel_referral(actor, referral_id: int, reason) -> Referral:
    """The referring organisation withdraws its open referral (a held place is freed). The row and the unit are the
    receiver's: the change goes through ``widened_scope``."""
    if not reason or reason not in {item.value for item in CancelReason}:
        raise ServiceError(_l("Choose why the referral is cancelled."), field="reason")
    _may_handle(actor)
    with widened_scope("referrals.cancel", actor=actor.user, organisation_id=actor.organisation_id):
        referral = lock(Referral, referral_id)
        if referral.referring_organisation_id != actor.organisation_id:
            raise ServiceError(_l("Only the referring organisation can cancel this referral."))
        if not referral.is_open:
            raise ServiceError(ALREADY[referral.status])
        _end_hold(referral, actor.user, arrived=False)
        referral.status = ReferralStatus.CANCELLED
        referral.cancel_reason = CancelReason(reason)
        referral.closed_at = utcnow()
        referral.closed_by_id = actor.user.id
        record_event("referral.cancelled", actor=actor.user, organisation_id=referral.organisation_id,
                     target=referral, details={"reference": referral.reference, "reason": reason})
        notify.tell(referral, "cancelled", referral.organisation_id)
    return referral
