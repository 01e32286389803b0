"""The stages of a call after its deadline, and the formal check of its offers (the department's side).

A published call is closed at its deadline (``stage_of`` in calls.py). The department then starts
the formal check (status FORMAL_CHECK) and checks each submitted offer against a checklist
(on time, form complete, signed by the people entitled per KRS, attachments): it passes, it is
to be corrected by a date (the organisation corrects only the named items, then it is checked
again), or it is rejected with a reason. The organisation is told by e-mail. When every submitted
offer has a final outcome (passed or rejected) the department starts the evaluation (status
EVALUATION): the commission scores the offers that passed.

The department reads the applicants' offers in its own view (department scope); an offer's
attachment is read as the organisation's own download reads it (``attachments.attachment_file``).
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.mail import send_mail
from app.models import Call, CallStatus, FormalOutcome, Offer, OfferStatus, utcnow
from app.services import Problems, ServiceError
from app.services.audit.log import record_event
from app.services.funding.calls import Stage, stage_of
from app.services.moderation.review import organisation_contacts, workspace_link

FORMAL_ITEMS = ("on_time", "complete", "signed", "attachments")
NOT_CORRECTABLE = frozenset({"on_time"})  # an offer sent late cannot be made on time
REASON_MAX = 4000
# art. 18a: a call that no offer answered is annulled; there is nothing to check or evaluate
NO_OFFERS = _l("No offer was submitted in this call: there is nothing to check. Annul the call instead (art. 18a).")


# -- the stages after the deadline ----------------------------------------------------------------------

def submitted_offers(call: Call) -> list[Offer]:
    """The call's submitted offers (withdrawn ones and drafts left out), by receipt number."""
    return list(db.session.execute(
        select(Offer).where(Offer.call_id == call.id, Offer.status == OfferStatus.SUBMITTED)
        .order_by(Offer.receipt_number, Offer.id)).scalars())


def start_formal_check(call: Call, *, actor) -> None:
    """Department admin or officer: a published call whose deadline has passed goes to the formal check."""
    if call.status != CallStatus.PUBLISHED or stage_of(call) != Stage.CLOSED:
        raise ServiceError(_l("The formal check starts after the deadline for offers, once."))
    if not submitted_offers(call):
        raise ServiceError(NO_OFFERS)
    call.status = CallStatus.FORMAL_CHECK
    record_event("call.formal_check_started", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"offers": len(submitted_offers(call))})
    db.session.flush()


def unfinished_checks(call: Call) -> list[Offer]:
    """The submitted offers without a final formal outcome (not checked yet, or to be corrected)."""
    return [offer for offer in submitted_offers(call)
            if offer.formal_outcome not in (FormalOutcome.PASSED, FormalOutcome.REJECTED)]


def start_evaluation(call: Call, *, actor) -> None:
    """Department admin or officer: once every submitted offer has passed or been rejected, the commission
    evaluates the offers that passed."""
    if call.status != CallStatus.FORMAL_CHECK:
        raise ServiceError(_l("The evaluation starts after the formal check."))
    if not submitted_offers(call):
        raise ServiceError(NO_OFFERS)
    waiting = unfinished_checks(call)
    if waiting:
        raise ServiceError(_l("Some offers have no final formal outcome yet: %(offers)s.",
                              offers=", ".join(offer.receipt_number or offer.title for offer in waiting)))
    passed = [offer for offer in submitted_offers(call) if offer.formal_outcome == FormalOutcome.PASSED]
    if not passed:
        raise ServiceError(_l("No offer passed the formal check: annul the call instead."))
    call.status = CallStatus.EVALUATION
    record_event("call.evaluation_started", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"offers": len(passed)})
    db.session.flush()


# -- the formal check of one offer ----------------------------------------------------------------------

def _clean_check(data: dict) -> dict:
    """What the department ticked, checked; every problem beside its field."""
    problems = Problems()
    met = {str(item) for item in data.get("met") or []}
    if met - set(FORMAL_ITEMS):
        problems.errors.append(ServiceError(_l("Choose from the list."), field="met"))
    not_met = [item for item in FORMAL_ITEMS if item not in met]
    try:
        outcome = FormalOutcome(data.get("outcome") or "")
    except ValueError:
        outcome = None
        problems.errors.append(ServiceError(_l("Choose the outcome of the check."), field="outcome"))
    reason = str(data.get("reason") or "").strip()
    if len(reason) > REASON_MAX:
        problems.errors.append(ServiceError(_l("Write at most %(max)d characters.", max=REASON_MAX), field="reason"))
    correct_by = data.get("correct_by")
    if outcome == FormalOutcome.PASSED and not_met:
        problems.errors.append(ServiceError(_l("An offer passes only when every item is met."), field="outcome"))
    if outcome == FormalOutcome.TO_CORRECT:
        if not not_met:
            problems.errors.append(ServiceError(_l("Leave unticked the items the organisation must correct."),
                                                field="met"))
        elif set(not_met) & NOT_CORRECTABLE:
            problems.errors.append(ServiceError(_l("An offer sent after the deadline cannot be corrected: reject it."),
                                                field="outcome"))
        if not isinstance(correct_by, date):
            problems.errors.append(ServiceError(_l("Give the date by which the organisation corrects the offer."),
                                                field="correct_by"))
        elif correct_by <= local_today():
            problems.errors.append(ServiceError(_l("The date for the correction must be tomorrow or later."),
                                                field="correct_by"))
    if outcome == FormalOutcome.REJECTED and not reason:
        problems.errors.append(ServiceError(_l("Give the reason for the rejection: the organisation reads it."),
                                            field="reason"))
    problems.raise_any()
    return {"outcome": outcome, "not_met": not_met,
            "reason": None if outcome == FormalOutcome.PASSED else reason or None,  # a passed offer keeps no old reason
            "correct_by": correct_by if outcome == FormalOutcome.TO_CORRECT else None}


def check_offer(offer: Offer, data: dict, *, actor) -> None:
    """Department admin or officer: record the formal check of a submitted offer during the call's formal check
    (again after a correction, or to put a mistake right); the organisation is told by e-mail."""
    call = offer.call
    if offer.status != OfferStatus.SUBMITTED or call is None or call.status != CallStatus.FORMAL_CHECK:
        raise ServiceError(_l("Offers are checked during the call's formal check."))
    values = _clean_check(data)
    offer.formal_outcome = values["outcome"]
    offer.formal_items = values["not_met"]
    offer.formal_reason = values["reason"]
    offer.correct_by = values["correct_by"]
    offer.formal_checked_at = utcnow()
    offer.formal_checked_by_id = getattr(actor, "id", None)
    if values["outcome"] == FormalOutcome.TO_CORRECT:
        offer.corrected_at = None  # the organisation's next correction is checked again
    record_event("offer.formal_checked", actor=actor, organisation_id=offer.organisation_id, target=offer,
                 details={"outcome": values["outcome"].value, "not_met": values["not_met"],
                          "correct_by": values["correct_by"].isoformat() if values["correct_by"] else None})
    db.session.flush()
    tell_organisation(offer)


def tell_organisation(offer: Offer) -> None:
    """E-mail the applicant's admins and coordinators the outcome of the formal check (after the commit)."""
    for user in organisation_contacts(offer.organisation_id):
        locale = user.locale or "pl"
        send_mail(user.email, _l("The formal check of your offer %(receipt)s", receipt=offer.receipt_number or ""),
                  "offer_formal_check", locale, offer=offer, call=offer.call,
                  call_title=offer.call.text("title", locale),
                  link=workspace_link(offer.organisation_id))


def needs_recheck(offer: Offer) -> bool:
    """Whether the organisation sent its correction after the last check (the department checks it again)."""
    return (offer.formal_outcome == FormalOutcome.TO_CORRECT and offer.corrected_at is not None
            and (offer.formal_checked_at is None or offer.corrected_at >= offer.formal_checked_at))
