"""Awards: the department funds an offer with an amount, never beyond the call's pool or the budget line.

An award in a call is paid from the call's budget line and counts against the call's pool; a
small grant (art. 19a) is paid from a budget line the department chooses and counts against
what the line has left beside the pools of its calls. ``decide_award`` locks the budget line's
row first (``lock_row``: FOR UPDATE on PostgreSQL, the write lock on SQLite), so two officers
awarding at once are served one after the other and the second sees the first's award: the
money committed can never pass the pool or the line.

"Committed" is always computed from the awards (never stored): per call, per line, per
programme.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.database import lock_row
from app.extensions import db
from app.i18n import money
from app.mail import send_mail
from app.models import Award, AwardState, BudgetLine, Call, Offer, OfferStatus, Programme, utcnow
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.funding.budgets import ZERO, set_aside_on
from app.services.moderation.review import organisation_contacts, workspace_link

REASON_MAX = 5000


def _sum(query) -> Decimal:
    return Decimal(db.session.execute(query).scalar_one() or 0).quantize(Decimal("0.01"))


def committed_in_call(call_id: int, *, leaving_out: int | None = None) -> Decimal:
    """What the awards of one call commit (but the award of the offer ``leaving_out``)."""
    query = select(func.coalesce(func.sum(Award.amount), 0)).where(Award.call_id == call_id)
    if leaving_out is not None:
        query = query.where(Award.offer_id != leaving_out)
    return _sum(query)


def committed_on_line(line_id: int, *, leaving_out: int | None = None) -> Decimal:
    """What every award paid from one budget line commits (calls and small grants alike)."""
    query = select(func.coalesce(func.sum(Award.amount), 0)).where(Award.budget_line_id == line_id)
    if leaving_out is not None:
        query = query.where(Award.offer_id != leaving_out)
    return _sum(query)


def committed_by_line(programme: Programme) -> dict[int, Decimal]:
    """{budget line id: committed by awards} for one programme (one query)."""
    return {line_id: Decimal(total).quantize(Decimal("0.01")) for line_id, total in db.session.execute(
        select(Award.budget_line_id, func.sum(Award.amount))
        .join(BudgetLine, BudgetLine.id == Award.budget_line_id)
        .where(BudgetLine.programme_id == programme.id)
        .group_by(Award.budget_line_id))}


def small_grants_by_line(programme: Programme) -> dict[int, Decimal]:
    """{budget line id: committed by small grants (awards outside any call)} for one programme (one query)."""
    return {line_id: Decimal(total).quantize(Decimal("0.01")) for line_id, total in db.session.execute(
        select(Award.budget_line_id, func.sum(Award.amount))
        .join(BudgetLine, BudgetLine.id == Award.budget_line_id)
        .where(BudgetLine.programme_id == programme.id, Award.call_id.is_(None))
        .group_by(Award.budget_line_id))}


def free_for_small_grants(line: BudgetLine, *, leaving_out: int | None = None,
                          leaving_out_agreement: int | None = None) -> Decimal:
    """What a budget line has left beside the pools of its calls: its amount less those pools, the small grants
    paid from it (but the award of the offer ``leaving_out``) and what service contracts hold on it (but the
    agreement ``leaving_out_agreement``)."""
    from app.services.agreements.money import contracts_on_line

    small = _sum(select(func.coalesce(func.sum(Award.amount), 0))
                 .where(Award.budget_line_id == line.id, Award.call_id.is_(None),
                        *([Award.offer_id != leaving_out] if leaving_out is not None else [])))
    contracts = contracts_on_line(line.id, leaving_out=leaving_out_agreement)
    return max(ZERO, line.amount - set_aside_on(line.id) - small - contracts)


def award_of(offer: Offer) -> Award | None:
    """The award of an offer, if it has one."""
    return db.session.execute(select(Award).where(Award.offer_id == offer.id)).scalar_one_or_none()


def decide_award(offer: Offer, amount: Decimal, *, line: BudgetLine, call: Call | None, actor,
                 reason: str | None = None) -> Award:
    """Fund ``offer`` with ``amount`` from ``line`` (a new award, or a changed amount of its award).

    Refused beside the amount when the offer asked for less, when the call's pool or the line would be
    exceeded. An amount below the requested grant asks the organisation for an updated budget and schedule
    (``AwardState.UPDATE_REQUESTED``) and needs a reason.
    """
    if offer.status != OfferStatus.SUBMITTED:
        raise ServiceError(_l("Only a submitted offer can be funded."))
    if not isinstance(amount, Decimal) or amount <= 0:
        raise ServiceError(_l("Give an amount greater than zero."), field="amount")
    amount = amount.quantize(Decimal("0.01"))
    requested = offer.requested_grant or ZERO
    if amount > requested:
        raise ServiceError(_l("The offer asks for %(amount)s; the award cannot be more.", amount=money(requested)),
                           field="amount")
    reduced = amount < requested
    if reduced and not (reason or "").strip():
        raise ServiceError(_l("Say why the amount is less than requested: the organisation is told."),
                           field="reason")
    lock_row(line)  # every award from this line waits here for the one before it
    if call is not None:
        left = call.pool - committed_in_call(call.id, leaving_out=offer.id)
        if amount > left:
            raise ServiceError(_l("The call's pool has %(left)s left.", left=money(max(left, ZERO))), field="amount")
    else:
        left = free_for_small_grants(line, leaving_out=offer.id)
        if amount > left:
            raise ServiceError(_l("The budget line has %(left)s left.", left=money(left)), field="amount")
    line_left = line.amount - committed_on_line(line.id, leaving_out=offer.id)
    if amount > line_left:
        raise ServiceError(_l("The budget line has %(left)s left.", left=money(max(line_left, ZERO))),
                           field="amount")
    award = award_of(offer)
    if award is None:
        award = Award(organisation_id=line.organisation_id, offer_id=offer.id, offer=offer,
                      call_id=call.id if call else None, budget_line_id=line.id)
        db.session.add(award)
    award.amount = amount
    award.reason = (reason or "").strip() or None
    award.state = AwardState.UPDATE_REQUESTED if reduced else AwardState.AWARDED
    award.decided_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_event("award.decided", actor=actor, organisation_id=offer.organisation_id,
                 details={"offer": offer.id, "call": call.id if call else None, "line": line.id,
                          "amount": str(amount), "reduced": reduced})
    return award


def withdraw_award(award: Award, *, actor) -> None:
    """Take back an award before the results are published (the money is free again)."""
    record_event("award.withdrawn", actor=actor, organisation_id=award.offer.organisation_id,
                 details={"offer": award.offer_id, "amount": str(award.amount)})
    db.session.delete(award)
    db.session.flush()


def accept_update(award: Award, *, actor) -> None:
    """Department admin or officer: accept the budget and schedule an organisation re-entered within a reduced
    award (``UPDATE_SUBMITTED`` → ``ACCEPTED``)."""
    if award.state != AwardState.UPDATE_SUBMITTED:
        raise ServiceError(_l("There is no updated budget waiting to be accepted."))
    award.state = AwardState.ACCEPTED
    award.accepted_at = utcnow()
    db.session.flush()
    record_event("award.update_accepted", actor=actor, organisation_id=award.offer.organisation_id,
                 details={"offer": award.offer_id, "award": award.id, "amount": str(award.amount)})


def return_update(award: Award, reason: str, *, actor) -> None:
    """Department admin or officer: send an updated budget back to the organisation with the reason
    (``UPDATE_SUBMITTED`` → ``UPDATE_REQUESTED``); its admins and coordinators are told by e-mail."""
    if award.state != AwardState.UPDATE_SUBMITTED:
        raise ServiceError(_l("There is no updated budget waiting to be accepted."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Say what the organisation should change in its updated budget."), field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(_l("Keep the reason under %(num)d characters.", num=REASON_MAX), field="reason")
    award.state = AwardState.UPDATE_REQUESTED
    award.update_submitted_at = None
    db.session.flush()
    record_event("award.update_returned", actor=actor, organisation_id=award.offer.organisation_id,
                 details={"offer": award.offer_id, "award": award.id, "reason": reason})
    offer = award.offer
    for user in organisation_contacts(offer.organisation_id):
        send_mail(user.email, _l("Your updated budget needs changes: %(title)s", title=offer.title),
                  "award_update_returned", user.locale or "pl", offer=offer, award=award, reason=reason,
                  link=workspace_link(offer.organisation_id))
