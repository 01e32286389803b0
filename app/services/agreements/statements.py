"""A service contract's monthly statements: the units delivered in a month (341 place-days in March), prepared
by the organisation's coordinator or admin, submitted by its admin, approved or returned by the department.

An approved statement becomes an amount due — units × the contract's unit price — as a tranche in state
``APPROVED`` paid from the funding row of the month's year. The amount never passes what the contract has
left: submitting and approving say why, in units ("At 38,50 zł per place-day this contract has 1 155,00 zł
left: at most 30 place-days"). The approval runs under the agreement's lock and the budget line's
(``payments.check_room``), so two approvals at once cannot pass the contract's value or the line.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from babel import dates as babel_dates
from flask_babel import format_decimal, lazy_ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.database import lock
from app.extensions import db
from app.i18n import format_day, formatting_locale, money
from app.labels import SERVICE_UNIT_LABELS
from app.localtime import local_today
from app.mail import send_mail
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementStatus,
    ServiceUnit,
    Statement,
    StatementStatus,
    Tranche,
    TrancheState,
    utcnow,
)
from app.services import Problems, ServiceError, clean_text
from app.services.agreements import lifecycle, payments
from app.services.audit.log import record_event
from app.services.funding.budgets import ZERO
from app.services.moderation.review import organisation_contacts
from app.unit_of_work import unique

NOTE_MAX, REASON_MAX = 2000, 5000
UNITS_MAX = Decimal("1e9")
PAYMENT_DAYS = 14  # an approved statement's amount is due this many days after the approval
EDITABLE = (StatementStatus.DRAFT, StatementStatus.RETURNED)
MONTH_TAKEN = _l("A statement for this month already exists: open it from the list of statements.")
unique("uq_statement_month", MONTH_TAKEN, field="month")
unique("uq_tranche_statement", _l("This statement has already been approved."))


def _payments_link(agreement: Agreement) -> str | None:
    """The agreement's payments page in the organisation's workspace, for the statements' e-mails."""
    return lifecycle.agreement_link(agreement, "payments_workspace.payments")


def month_label(month: date) -> str:
    """A month as people name it, in the reader's language: "March 2026", "marzec 2026"."""
    return babel_dates.format_date(month, "LLLL y", locale=formatting_locale())


def units_in_words(unit: ServiceUnit | None, count: Decimal):
    """``count`` units in words with the right plural ("30 place-days", "1 meal", "12,5 meals")."""
    shown = units_number(count)
    number = int(count) if count == count.to_integral_value() else 5  # a fraction reads like "many"
    words = {
        ServiceUnit.PLACE_DAY: lambda: lazy_ngettext("%(units)s place-day", "%(units)s place-days", number,
                                                     units=shown),
        ServiceUnit.FLAT_MONTH: lambda: lazy_ngettext("%(units)s flat-month", "%(units)s flat-months", number,
                                                      units=shown),
        ServiceUnit.PLACE_MONTH: lambda: lazy_ngettext("%(units)s place-month", "%(units)s place-months", number,
                                                       units=shown),
        ServiceUnit.HOUR: lambda: lazy_ngettext("%(units)s hour of service", "%(units)s hours of service", number,
                                                units=shown),
        ServiceUnit.MEAL: lambda: lazy_ngettext("%(units)s meal", "%(units)s meals", number, units=shown),
    }
    return words.get(unit, lambda: lazy_ngettext("%(units)s service delivered", "%(units)s services delivered",
                                                 number, units=shown))()


def amount_of(statement: Statement) -> Decimal:
    """What a statement is worth: its units × the contract's unit price."""
    price = statement.agreement.unit_price or ZERO
    return (statement.units * price).quantize(Decimal("0.01"))


def left_in_units(agreement: Agreement, left: Decimal) -> Decimal:
    """How many units (to the hundredth) ``left`` złoty still pays at the contract's price."""
    price = agreement.unit_price or ZERO
    if price <= 0 or left <= 0:
        return ZERO
    return (left / price).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def too_much(agreement: Agreement):
    """The refusal of an amount beyond what the contract has left, said in money and in units."""
    def explain(left: Decimal):
        return _l("At %(price)s per %(unit)s this contract has %(left)s left: at most %(units)s.",
                  price=money(agreement.unit_price or ZERO), unit=SERVICE_UNIT_LABELS.get(agreement.unit, ""),
                  left=money(left), units=units_in_words(agreement.unit, left_in_units(agreement, left)))
    return explain


def capacity(agreement: Agreement, month: date) -> Decimal | None:
    """The most units one month can hold on the places the contract keeps: places × the month's days for a
    place-day, the places for a place- or flat-month; None when the contract names no places or pays by the hour,
    meal or service."""
    if not agreement.places:
        return None
    if agreement.unit == ServiceUnit.PLACE_DAY:
        return Decimal(agreement.places * calendar.monthrange(month.year, month.month)[1])
    if agreement.unit in (ServiceUnit.PLACE_MONTH, ServiceUnit.FLAT_MONTH):
        return Decimal(agreement.places)
    return None


def _within_capacity(agreement: Agreement, month: date, units: Decimal) -> None:
    most = capacity(agreement, month)
    if most is not None and units > most:
        raise ServiceError(_l("Places the contract keeps: %(places)d; %(month)s holds at most %(units)s.",
                              places=agreement.places, month=month_label(month),
                              units=units_in_words(agreement.unit, most)), field="units")


def accepts_statements(agreement: Agreement) -> bool:
    """Whether statements may be prepared for the agreement now: a service contract in force (not once it is
    terminated or completed; a statement submitted before may still be decided)."""
    return agreement.kind == AgreementKind.SERVICE_CONTRACT and agreement.status == AgreementStatus.IN_FORCE


def _preparable(agreement: Agreement) -> None:
    """Refuse preparing or correcting a statement of anything but a service contract in force, saying why."""
    if agreement.kind != AgreementKind.SERVICE_CONTRACT:
        raise ServiceError(_l("Monthly statements are for service contracts."))
    if agreement.status == AgreementStatus.TERMINATED:
        raise ServiceError(_l("The contract was terminated on %(day)s: no more statements are prepared.",
                              day=format_day(agreement.terminated_on)) if agreement.terminated_on else
                           _l("The contract was terminated: no more statements are prepared."))
    if agreement.status == AgreementStatus.COMPLETED:
        raise ServiceError(_l("The contract is completed: no more statements are prepared."))
    if agreement.status != AgreementStatus.IN_FORCE:
        raise ServiceError(_l("Statements are made while the contract is in force."))


def left_on(agreement: Agreement) -> Decimal:
    """What the contract has left to approve: its value less the tranches approved or paid."""
    return agreement.value - payments.approved_on_agreement(agreement.id)


def units_number(count: Decimal | None) -> str:
    """A number of units as people write it, without needless decimals ("8", "12,5", "1 234,25")."""
    if count is None:
        return ""
    return format_decimal(count, format="#,##0.##")


def _open_for(agreement: Agreement, month: date | None) -> None:
    """Refuse statements of anything but a service contract in force (or terminated, for months before its end)."""
    if agreement.kind != AgreementKind.SERVICE_CONTRACT:
        raise ServiceError(_l("Monthly statements are for service contracts."))
    if agreement.status == AgreementStatus.IN_FORCE:
        return
    if agreement.status == AgreementStatus.TERMINATED and agreement.terminated_on and month is not None \
            and month <= agreement.terminated_on:
        return
    raise ServiceError(_l("Statements are made while the contract is in force."))


def _month(agreement: Agreement, value) -> date:
    if not isinstance(value, date):
        raise ServiceError(_l("Choose the month, like 2026-03."), field="month")
    month = value.replace(day=1)
    if not agreement.starts_on.replace(day=1) <= month <= agreement.ends_on:
        raise ServiceError(_l("Choose a month of the contract's period, %(first)s – %(last)s.",
                              first=format_day(agreement.starts_on), last=format_day(agreement.ends_on)),
                           field="month")
    if month > local_today():
        raise ServiceError(_l("A statement is made for a month that has begun."), field="month")
    return month


def _units(value) -> Decimal:
    try:
        units = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(" ", "")
                                                                  .replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ServiceError(_l("Give a number such as 341 or 12,5."), field="units") from None
    if not units.is_finite() or units < 0 or units >= UNITS_MAX:
        raise ServiceError(_l("Give a number such as 341 or 12,5."), field="units")
    if units != units.quantize(Decimal("0.01")):
        raise ServiceError(_l("Give the units with at most two decimals."), field="units")
    return units.quantize(Decimal("0.01"))


def statement_for(agreement: Agreement, month: date) -> Statement | None:
    """The agreement's statement for ``month``, if there is one."""
    return db.session.execute(select(Statement).where(Statement.agreement_id == agreement.id,
                                                      Statement.month == month)).scalar_one_or_none()


def _taken(statement: Statement) -> ServiceError:
    if statement.status == StatementStatus.APPROVED:
        message = _l("A statement for %(month)s has already been approved.", month=month_label(statement.month))
    else:
        message = _l("A statement for %(month)s has already been submitted.", month=month_label(statement.month))
    return ServiceError(message, field="month")


def save_statement(agreement: Agreement, month, units, note, *, actor, statement: Statement | None = None
                   ) -> Statement:
    """Organisation admin or coordinator: the units delivered in one month (a draft, or a statement returned for
    correction, is edited — and becomes a draft again, its return reason kept as history; a month already submitted
    or approved is refused). ``statement`` edits that one (its month stays). Units costing more than the contract
    has left are refused beside the units, as submitting would refuse them. Only while the contract is in force."""
    _preparable(agreement)
    problems = Problems()
    if statement is None:
        month = problems.check(_month, agreement, month)
        if month is not None:
            existing = statement_for(agreement, month)
            if existing is not None:  # never overwritten from "a new statement": it is opened and corrected
                problems.errors.append(_taken(existing) if existing.status not in EDITABLE else ServiceError(
                    _l("A statement for %(month)s is already being prepared: correct it rather than start another.",
                       month=month_label(month)), field="month"))
    elif statement.status not in EDITABLE:
        raise ServiceError(_l("This statement has been submitted and can no longer be changed."))
    else:
        month = statement.month
    units = problems.check(_units, units)
    if units is not None and month is not None:
        refused = len(problems.errors)
        problems.check(_within_capacity, agreement, month, units)
        if len(problems.errors) > refused:
            units = None
    if units is not None:
        left = left_on(agreement)
        if (units * (agreement.unit_price or ZERO)).quantize(Decimal("0.01")) > left:
            problems.errors.append(ServiceError(too_much(agreement)(max(left, ZERO)), field="units"))
    note = problems.check(clean_text, note, NOTE_MAX, "note")
    problems.raise_any()
    if statement is None:
        statement = Statement(organisation_id=agreement.organisation_id, agreement_id=agreement.id, month=month,
                              status=StatementStatus.DRAFT)
        db.session.add(statement)
    statement.units, statement.note = units, note
    statement.status = StatementStatus.DRAFT  # a statement returned for correction, corrected, is prepared again
    statement.prepared_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_event("statement.saved", actor=actor, organisation_id=agreement.organisation_id, target=statement,
                 details={"agreement": agreement.number, "month": month.isoformat(), "units": str(units)})
    return statement


def submit_statement(statement: Statement, *, actor) -> Statement:
    """Organisation admin: submit a prepared (or corrected) statement to the department — refused beside the
    units when they would cost more than the contract has left."""
    agreement = statement.agreement
    if statement.status not in EDITABLE:
        raise ServiceError(_l("This statement has already been submitted."))
    _open_for(agreement, statement.month)
    _within_capacity(agreement, statement.month, statement.units)
    left = left_on(agreement)
    if amount_of(statement) > left:
        raise ServiceError(too_much(agreement)(max(left, ZERO)), field="units")
    statement.status = StatementStatus.SUBMITTED
    statement.submitted_at = utcnow()
    statement.submitted_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_event("statement.submitted", actor=actor, organisation_id=agreement.organisation_id, target=statement,
                 details={"agreement": agreement.number, "month": statement.month.isoformat(),
                          "units": str(statement.units), "amount": str(amount_of(statement))})
    return statement


def _submitted(statement: Statement) -> Agreement:
    """The statement's agreement locked and the statement read again: it must still be waiting for a decision."""
    agreement = lock(Agreement, statement.agreement_id)  # the contract's approvals wait here for one another
    db.session.refresh(statement)
    if statement.status != StatementStatus.SUBMITTED:
        raise ServiceError(_l("This statement is not waiting for a decision."))
    return agreement


def _row_for(agreement: Agreement, month: date, amount: Decimal) -> AgreementFunding:
    """The funding row that pays a month: the one of the month's year if it has room, else the first with room."""
    rows = sorted(agreement.funding, key=lambda row: (row.budget_line.year != month.year, row.id))
    for row in rows:
        if amount <= row.amount - payments.approved_on_row(row.id):
            return row
    return rows[0]  # none has room: check_room says why


def approve_statement(statement: Statement, *, actor) -> Tranche | None:
    """Department admin or officer: approve a submitted statement; its amount (units × price) becomes a tranche
    approved for payment within 14 days, from the funding row of the month's year — never beyond what the
    contract, the row or the budget line has left (under their locks). The organisation's admins and
    coordinators are told the amount due by e-mail. A terminated contract's statement for a month up to its end,
    submitted before, may still be approved."""
    agreement = _submitted(statement)
    _open_for(agreement, statement.month)
    amount = amount_of(statement)
    tranche = None
    if amount > 0:
        row = _row_for(agreement, statement.month, amount)
        payments.check_room(agreement, row, amount, too_much=too_much(agreement))
        tranche = Tranche(organisation_id=agreement.organisation_id, agreement_id=agreement.id, funding_id=row.id,
                          statement_id=statement.id, due_on=local_today() + timedelta(days=PAYMENT_DAYS),
                          amount=amount, state=TrancheState.APPROVED, approved_at=utcnow(),
                          approved_by_id=getattr(actor, "id", None))
        db.session.add(tranche)
    statement.status = StatementStatus.APPROVED
    statement.decided_at = utcnow()
    statement.decided_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_event("statement.approved", actor=actor, organisation_id=agreement.organisation_id, target=statement,
                 details={"agreement": agreement.number, "month": statement.month.isoformat(),
                          "units": str(statement.units), "amount": str(amount)})
    for user in organisation_contacts(agreement.organisation_id):
        send_mail(user.email, _l("A monthly statement was approved: %(number)s", number=agreement.number),
                  "statement_approved", user.locale or "pl", agreement=agreement, statement=statement, amount=amount,
                  due_on=tranche.due_on if tranche else None, month_label=month_label,
                  units_in_words=units_in_words, link=_payments_link(agreement))
    return tranche


def return_statement(statement: Statement, reason, *, actor) -> Statement:
    """Department admin or officer: send a submitted statement back to the organisation to correct, with the
    reason (its admins and coordinators are told by e-mail)."""
    agreement = _submitted(statement)
    reason = clean_text(reason, REASON_MAX, "reason")
    if not reason:
        raise ServiceError(_l("Say what should be corrected: the organisation is told."), field="reason")
    statement.status = StatementStatus.RETURNED
    statement.return_reason = reason
    statement.decided_at = utcnow()
    statement.decided_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_event("statement.returned", actor=actor, organisation_id=agreement.organisation_id, target=statement,
                 details={"agreement": agreement.number, "month": statement.month.isoformat()})
    for user in organisation_contacts(agreement.organisation_id):
        locale = user.locale or "pl"
        send_mail(user.email, _l("A monthly statement was returned for correction: %(number)s",
                                 number=agreement.number), "statement_returned", locale, agreement=agreement,
                  statement=statement, reason=reason, month_label=month_label,
                  link=_payments_link(agreement))
    return statement


def waiting_statements() -> list[Statement]:
    """Every submitted statement waiting for the department's decision in the reader's scope (the department's:
    every organisation's), the longest waiting first, with its agreement and organisation loaded."""
    return list(db.session.execute(
        select(Statement).where(Statement.status == StatementStatus.SUBMITTED)
        .options(selectinload(Statement.agreement).selectinload(Agreement.organisation))
        .order_by(Statement.submitted_at, Statement.id)).scalars())


def count_waiting() -> int:
    """How many submitted statements wait for the department's decision."""
    return db.session.execute(select(func.count(Statement.id)).where(Statement.status == StatementStatus.SUBMITTED)
                              ).scalar_one()
