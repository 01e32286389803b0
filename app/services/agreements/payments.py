"""A grant's tranches (scheduled with the draft, approved, paid) and the returns of unused money.

A grant agreement's payments are planned while it is a draft: each tranche has a due date within
or near the period, an amount, the funding row it is paid from, and may wait for an accepted
partial report. Once the agreement is in force the department approves a tranche, then records
its payment (the date and the bank reference). A service contract is paid through its monthly
statements instead (``statements.py``), whose approval makes an approved tranche.

Money may never pass what was agreed. ``approve_tranche`` — and ``statements.approve_statement`` —
lock the agreement's row and then the budget line's (``app.database.lock``: FOR UPDATE on
PostgreSQL, the write lock on SQLite) before adding up what is approved or paid on the agreement,
on its funding row and on the budget line across every agreement (``check_room``). Two officers
approving at once are served one after the other, and the second sees the first's approval.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.database import lock
from app.extensions import db
from app.i18n import format_day, money
from app.localtime import local_today, to_local
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementStatus,
    BudgetLine,
    Refund,
    ReportDue,
    ReportKind,
    Tranche,
    TrancheState,
    utcnow,
)
from app.money import AmountError, parse_amount
from app.services import Problems, ServiceError, clean_text
from app.services.agreements.money import approved_on_line
from app.services.audit.log import record_event
from app.services.funding.budgets import ZERO
from app.tenancy import parse_id

NEAR_DAYS = 60  # a tranche may fall due this long before the start or after the end of the period
REFERENCE_MAX, NOTE_MAX = 100, 2000
SPENT = (TrancheState.APPROVED, TrancheState.PAID)
# an approved tranche is paid — on a terminated agreement too: money owed for what was delivered
PAYABLE = (AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED)
REFUNDABLE = (AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED)
AMOUNT_ERRORS = {"negative": _l("Give an amount without a minus sign."), "too_large": _l("This amount is too large."),
                 "shape": _l("Write the amount in złoty, such as 64 500,00.")}
ONLY_DRAFT = _l("Tranches are planned while the agreement is a draft; a signed one changes by an amendment.")


# -- reading what was typed ------------------------------------------------------------------------

def parse_money(value, field: str, *, allow_zero: bool = False) -> Decimal:
    """An amount in złoty (a Decimal, or text as people type it) greater than zero (or zero, when allowed)."""
    if isinstance(value, Decimal):
        amount = value
    else:
        try:
            amount = parse_amount(None if value is None else str(value))
        except AmountError as error:
            raise ServiceError(AMOUNT_ERRORS.get(str(error), AMOUNT_ERRORS["shape"]), field=field) from None
    if amount is None:
        raise ServiceError(_l("Give the amount in złoty."), field=field)
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero) or amount >= Decimal("1e12"):
        raise ServiceError(_l("Give an amount greater than zero."), field=field)
    return amount.quantize(Decimal("0.01"))


def _day(value, field: str, message) -> date:
    if not isinstance(value, date):
        raise ServiceError(message, field=field)
    return value


def funding_row(agreement: Agreement, value, field: str = "funding_id") -> AgreementFunding:
    """One of the agreement's funding rows by its id (the only one when there is one and none was chosen)."""
    rows = list(agreement.funding)
    if value in (None, "") and len(rows) == 1:
        return rows[0]
    row_id = parse_id(value)
    for row in rows:
        if row.id == row_id:
            return row
    raise ServiceError(_l("Choose one of the agreement's budget lines."), field=field)


def _partial_report(agreement: Agreement, value) -> ReportDue | None:
    if value in (None, "", "0", 0):
        return None
    report_id = parse_id(value)
    for due in agreement.reports_due:
        if due.id == report_id and due.kind == ReportKind.PARTIAL:
            return due
    raise ServiceError(_l("Choose one of the agreement's partial reports."), field="report_due_id")


# -- sums ----------------------------------------------------------------------------------------------

def _sum(query) -> Decimal:
    return Decimal(db.session.execute(query).scalar_one() or 0).quantize(Decimal("0.01"))


def approved_on_agreement(agreement_id: int, *, leaving_out: int | None = None) -> Decimal:
    """What the agreement's tranches approved or paid add up to (but the tranche ``leaving_out``)."""
    query = select(func.coalesce(func.sum(Tranche.amount), 0)).where(Tranche.agreement_id == agreement_id,
                                                                     Tranche.state.in_(SPENT))
    if leaving_out is not None:
        query = query.where(Tranche.id != leaving_out)
    return _sum(query)


def approved_on_row(funding_id: int, *, leaving_out: int | None = None) -> Decimal:
    """What the tranches approved or paid from one funding row add up to (but the tranche ``leaving_out``)."""
    query = select(func.coalesce(func.sum(Tranche.amount), 0)).where(Tranche.funding_id == funding_id,
                                                                     Tranche.state.in_(SPENT))
    if leaving_out is not None:
        query = query.where(Tranche.id != leaving_out)
    return _sum(query)


def scheduled_on(agreement_id: int, *, funding_id: int | None = None, leaving_out: int | None = None) -> Decimal:
    """What every tranche of the agreement (or of one funding row) adds up to, whatever its state."""
    query = select(func.coalesce(func.sum(Tranche.amount), 0)).where(Tranche.agreement_id == agreement_id)
    if funding_id is not None:
        query = query.where(Tranche.funding_id == funding_id)
    if leaving_out is not None:
        query = query.where(Tranche.id != leaving_out)
    return _sum(query)


def net_paid_on_row(funding_id: int) -> Decimal:
    """Paid from one funding row less what came back to it."""
    paid = _sum(select(func.coalesce(func.sum(Tranche.amount), 0)).where(Tranche.funding_id == funding_id,
                                                                         Tranche.state == TrancheState.PAID))
    returned = _sum(select(func.coalesce(func.sum(Refund.amount), 0)).where(Refund.funding_id == funding_id))
    return paid - returned


def check_room(agreement: Agreement, funding: AgreementFunding, amount: Decimal, *, leaving_out: int | None = None,
               too_much=None) -> None:
    """Refuse when approving ``amount`` from ``funding`` would pass the agreement's value, the funding row's amount,
    or the budget line's amount across every agreement. Call it holding the agreement's lock: it takes the budget
    line's. ``too_much(left)`` words the refusal on the agreement's value (a statement's says it in units)."""
    line = lock(BudgetLine, funding.budget_line_id)  # approvals from this line, on any agreement, wait here
    left = agreement.value - approved_on_agreement(agreement.id, leaving_out=leaving_out)
    if amount > left:
        left = max(left, ZERO)
        raise ServiceError(too_much(left) if too_much else _l(
            "The agreement is worth %(value)s and %(left)s of it is left to approve.", value=money(agreement.value),
            left=money(left)), field="amount")
    row_left = funding.amount - approved_on_row(funding.id, leaving_out=leaving_out)
    if amount > row_left:
        raise ServiceError(_l("The agreement's part from this budget line has %(left)s left to approve.",
                              left=money(max(row_left, ZERO))), field="amount")
    line_left = line.amount - approved_on_line(line.id, leaving_out=leaving_out)
    if amount > line_left:
        raise ServiceError(_l("The budget line has %(left)s left to approve across all agreements.",
                              left=money(max(line_left, ZERO))), field="amount")


# -- scheduling (a draft grant) --------------------------------------------------------------------------

def _check_tranche(agreement: Agreement, data: dict, *, leaving_out: int | None = None) -> dict:
    """The checked values of a tranche: every problem at once, beside its field."""
    if agreement.kind != AgreementKind.GRANT:
        raise ServiceError(_l("A service contract is paid through its monthly statements."))
    if agreement.status != AgreementStatus.DRAFT:
        raise ServiceError(ONLY_DRAFT)
    problems = Problems()
    due_on = problems.check(_day, data.get("due_on"), "due_on", _l("Give the day the tranche is due."))
    first, last = agreement.starts_on - timedelta(days=NEAR_DAYS), agreement.ends_on + timedelta(days=NEAR_DAYS)
    if due_on is not None and not first <= due_on <= last:
        problems.errors.append(ServiceError(_l("Give a day from %(first)s to %(last)s: within the agreement's "
                                               "period or near it.", first=format_day(first),
                                               last=format_day(last)), field="due_on"))
    amount = problems.check(parse_money, data.get("amount"), "amount")
    row = problems.check(funding_row, agreement, data.get("funding_id"))
    report = problems.check(_partial_report, agreement, data.get("report_due_id"))
    if amount is not None and due_on is not None and any(
            other.id != leaving_out and other.due_on == due_on and other.amount == amount for other in
            agreement.tranches):  # a form sent twice plans one tranche
        problems.errors.append(ServiceError(_l("A tranche of %(amount)s due on %(day)s is already scheduled.",
                                               amount=money(amount), day=format_day(due_on)), field="amount"))
    elif amount is not None:
        left = agreement.value - scheduled_on(agreement.id, leaving_out=leaving_out)
        row_left = row.amount - scheduled_on(agreement.id, funding_id=row.id, leaving_out=leaving_out) \
            if row is not None else None
        if amount > left:
            problems.errors.append(ServiceError(_l(
                "The tranches may add up to the agreement's value of %(value)s: %(left)s is left to schedule.",
                value=money(agreement.value), left=money(max(left, ZERO))), field="amount"))
        elif row_left is not None and amount > row_left:
            problems.errors.append(ServiceError(_l(
                "The agreement's part from this budget line has %(left)s left to schedule.",
                left=money(max(row_left, ZERO))), field="amount"))
    problems.raise_any()
    return {"due_on": due_on, "amount": amount, "funding_id": row.id, "report_due_id": report.id if report else None}


def schedule_tranche(agreement: Agreement, data: dict, *, actor) -> Tranche:
    """Department admin or officer: plan a tranche of a draft grant agreement (``data``: due_on, amount,
    funding_id, report_due_id — the partial report it waits for, if any). The tranches may not add up to more
    than the agreement's value."""
    agreement = lock(Agreement, agreement.id)  # two officers scheduling at once add up one after the other
    values = _check_tranche(agreement, data)
    tranche = Tranche(organisation_id=agreement.organisation_id, agreement_id=agreement.id,
                      state=TrancheState.SCHEDULED, **values)
    db.session.add(tranche)
    db.session.flush()
    record_event("tranche.scheduled", actor=actor, organisation_id=agreement.organisation_id, target=tranche,
                 details={"agreement": agreement.number, "amount": str(tranche.amount),
                          "due_on": tranche.due_on.isoformat()})
    return tranche


def _scheduled_of_draft(tranche: Tranche) -> Agreement:
    agreement = lock(Agreement, tranche.agreement_id)
    db.session.refresh(tranche)
    if agreement.status != AgreementStatus.DRAFT or tranche.state != TrancheState.SCHEDULED:
        raise ServiceError(_l("Only a scheduled tranche of a draft agreement can be changed or removed."))
    return agreement


def change_tranche(tranche: Tranche, data: dict, *, actor) -> Tranche:
    """Department admin or officer: change a scheduled tranche of a draft (its date, amount, row, report)."""
    agreement = _scheduled_of_draft(tranche)
    values = _check_tranche(agreement, data, leaving_out=tranche.id)
    before = {"amount": str(tranche.amount), "due_on": tranche.due_on.isoformat()}
    for key, value in values.items():
        setattr(tranche, key, value)
    db.session.flush()
    record_event("tranche.changed", actor=actor, organisation_id=agreement.organisation_id, target=tranche,
                 details={"agreement": agreement.number, "before": before,
                          "after": {"amount": str(tranche.amount), "due_on": tranche.due_on.isoformat()}})
    return tranche


def remove_tranche(tranche: Tranche, *, actor) -> None:
    """Department admin or officer: remove a scheduled tranche of a draft."""
    agreement = _scheduled_of_draft(tranche)
    record_event("tranche.removed", actor=actor, organisation_id=agreement.organisation_id, target=tranche,
                 details={"agreement": agreement.number, "amount": str(tranche.amount),
                          "due_on": tranche.due_on.isoformat()})
    db.session.delete(tranche)
    db.session.flush()


# -- approving and paying ------------------------------------------------------------------------------

def waits_for(tranche: Tranche) -> ReportDue | None:
    """The partial report the tranche still waits for (not accepted yet), or None."""
    due = tranche.report_due
    return due if due is not None and due.accepted_at is None else None


def approve_tranche(tranche: Tranche, *, actor) -> Tranche:
    """Department admin or officer: approve a scheduled tranche of an agreement in force for payment — once the
    partial report it waits for is accepted, and never beyond the agreement's value, its budget line's part, or
    the budget line across all agreements (under their locks)."""
    agreement = lock(Agreement, tranche.agreement_id)  # the agreement's approvals wait here for one another
    db.session.refresh(tranche)
    if agreement.status == AgreementStatus.TERMINATED:
        raise ServiceError(_l("The agreement has been terminated: its scheduled tranches are no longer approved."))
    if agreement.status != AgreementStatus.IN_FORCE:
        raise ServiceError(_l("Tranches are approved while the agreement is in force."))
    if tranche.state != TrancheState.SCHEDULED:
        raise ServiceError(_l("This tranche has already been approved."))
    report = waits_for(tranche)
    if report is not None:
        raise ServiceError(_l("This tranche waits for the partial report due on %(day)s.",
                              day=format_day(report.due_on)))
    check_room(agreement, tranche.funding, tranche.amount, leaving_out=tranche.id)
    tranche.state = TrancheState.APPROVED
    tranche.approved_at = utcnow()
    tranche.approved_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_event("tranche.approved", actor=actor, organisation_id=agreement.organisation_id, target=tranche,
                 details={"agreement": agreement.number, "amount": str(tranche.amount)})
    return tranche


def pay_tranche(tranche: Tranche, paid_on, reference, *, actor) -> Tranche:
    """Department admin or officer: record that an approved tranche was paid (the day and the transfer's
    reference) — on a terminated agreement too, for what was delivered before its end."""
    agreement = lock(Agreement, tranche.agreement_id)
    db.session.refresh(tranche)
    if tranche.state != TrancheState.APPROVED:
        raise ServiceError(_l("Only an approved tranche can be paid."))
    if agreement.status not in PAYABLE:
        raise ServiceError(_l("Nothing more is paid on this agreement."))
    problems = Problems()
    paid_on = problems.check(_day, paid_on, "paid_on", _l("Give the day it was paid."))
    if paid_on is not None:
        approved_on = to_local(tranche.approved_at).date() if tranche.approved_at else None
        if paid_on > local_today():
            problems.errors.append(ServiceError(_l("The day of payment cannot be in the future."), field="paid_on"))
        elif approved_on and paid_on < approved_on:
            problems.errors.append(ServiceError(_l("The tranche was approved on %(day)s: it was paid on that day or "
                                                   "later.", day=format_day(approved_on)), field="paid_on"))
    reference = problems.check(clean_text, reference, REFERENCE_MAX, "reference", one_line=True)
    if not reference and not any(error.field == "reference" for error in problems.errors):
        problems.errors.append(ServiceError(_l("Give the transfer's reference."), field="reference"))
    problems.raise_any()
    tranche.state = TrancheState.PAID
    tranche.paid_on = paid_on
    tranche.payment_reference = reference
    db.session.flush()
    record_event("tranche.paid", actor=actor, organisation_id=agreement.organisation_id, target=tranche,
                 details={"agreement": agreement.number, "amount": str(tranche.amount),
                          "paid_on": paid_on.isoformat()})
    return tranche


# -- returns of unused money ---------------------------------------------------------------------------

def return_due_on(agreement: Agreement) -> date:
    """When unused money should be back: the agreement's last day (its termination day, when it ended early) and
    its return days."""
    last = agreement.terminated_on if agreement.terminated_on and agreement.terminated_on < agreement.ends_on \
        else agreement.ends_on
    return last + timedelta(days=agreement.return_days)


def days_late(refund: Refund) -> int:
    """How many days after its due day the money came back (0 when on time)."""
    if refund.due_on is None:
        return 0
    return max(0, (refund.returned_on - refund.due_on).days)


def record_refund(agreement: Agreement, data: dict, *, actor) -> Refund:
    """Department admin or officer: record unused money the organisation returned (``data``: funding_id, amount,
    returned_on, due_on — by default the end plus the return days —, interest for a late return, note). At most
    what was paid from that budget line and not returned yet. Every problem is said at once: a wrong interest hides
    neither the amount's nor the day's."""
    agreement = lock(Agreement, agreement.id)  # two returns recorded at once add up one after the other
    if agreement.status not in REFUNDABLE:
        raise ServiceError(_l("Returns are recorded on a signed agreement."))
    problems = Problems()
    row = problems.check(funding_row, agreement, data.get("funding_id"))
    amount = problems.check(parse_money, data.get("amount"), "amount")
    if row is not None and amount is not None:
        net = net_paid_on_row(row.id)
        if amount > net:
            problems.errors.append(ServiceError(_l("At most what was paid from this budget line and not returned "
                                                   "yet: %(left)s.", left=money(max(net, ZERO))), field="amount"))
    returned_on = problems.check(_day, data.get("returned_on"), "returned_on", _l("Give the day the money came back."))
    if returned_on is not None and returned_on > local_today():
        problems.errors.append(ServiceError(_l("The day of the return cannot be in the future."),
                                            field="returned_on"))
    elif returned_on is not None and returned_on < agreement.starts_on:
        problems.errors.append(ServiceError(_l("The money came back after the agreement began on %(day)s.",
                                               day=format_day(agreement.starts_on)), field="returned_on"))
    due_on = data.get("due_on") or return_due_on(agreement)
    if not isinstance(due_on, date):
        problems.errors.append(ServiceError(_l("Give the day the money was due back."), field="due_on"))
    interest = data.get("interest")
    interest = ZERO if interest in (None, "") else problems.check(parse_money, interest, "interest", allow_zero=True)
    note = problems.check(clean_text, data.get("note"), NOTE_MAX, "note")
    if amount is not None and returned_on is not None and any(
            other.amount == amount and other.returned_on == returned_on and other.funding_id == getattr(row, "id", 0)
            for other in agreement.refunds):  # a form sent twice records one return
        problems.errors.append(ServiceError(_l("A return of %(amount)s on %(day)s is already recorded.",
                                               amount=money(amount), day=format_day(returned_on)), field="amount"))
    problems.raise_any()
    refund = Refund(organisation_id=agreement.organisation_id, agreement_id=agreement.id, funding_id=row.id,
                    amount=amount, due_on=due_on, returned_on=returned_on, interest=interest, note=note,
                    recorded_by_id=getattr(actor, "id", None))
    db.session.add(refund)
    db.session.flush()
    record_event("refund.recorded", actor=actor, organisation_id=agreement.organisation_id, target=refund,
                 details={"agreement": agreement.number, "amount": str(amount), "interest": str(interest),
                          "returned_on": returned_on.isoformat(), "days_late": days_late(refund)})
    return refund


# -- what waits for the department ---------------------------------------------------------------------------

def tranches_to_pay() -> list[Tranche]:
    """Every tranche approved and not yet paid the reader's scope sees (the department's: every organisation's),
    the earliest due first, with its agreement and organisation loaded."""
    return list(db.session.execute(
        select(Tranche).where(Tranche.state == TrancheState.APPROVED)
        .options(selectinload(Tranche.agreement).selectinload(Agreement.organisation),
                 selectinload(Tranche.statement))
        .order_by(Tranche.due_on, Tranche.id)).scalars())


def count_to_pay() -> int:
    """How many tranches are approved and not yet paid."""
    return db.session.execute(select(func.count(Tranche.id)).where(Tranche.state == TrancheState.APPROVED)
                              ).scalar_one()
