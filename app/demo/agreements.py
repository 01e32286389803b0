"""The demo city's agreements (app/demo/data/agreements.json), dated from the day of loading.

Grant agreements come from the demo's awards (the decided call's and a small grant's) through
``lifecycle.create_from_award``; service contracts — the crisis-intervention centre's hotel places
(per place-day) and two protected flats (per flat-month), TPD's day clubs and the "Promyk" day club
(per place-month), the night shelter for men and the winter warming centre (per place-day) — through
``lifecycle.create_contract``, paid from budget lines that have room for them. Then each goes as far
as its ``status``: sent, accepted by the organisation's admin, signed (with a scanned PDF), completed
or terminated with a reason. Every state is somewhere.

The money of a signed agreement is written as rows: a grant's tranches (paid, or scheduled after a
partial report), a contract's monthly statements (approved with their tranches paid or due, one
submitted, one being prepared, one returned with the reason) and a return of unused money with
interest. One amendment was approved (the period extended, the value and a target raised: its
before and after are the terms as plain JSON) and one waits for the department. A contract's month
counts at most the units its places allow; what is approved never exceeds the contract's value.

Dates are offsets from today (or from the contract's first day) so the demo always looks current.
An agreement whose award or budget line the demo does not have (another year) is left out.
Idempotent: an agreement is found by its organisation and title.
"""

from __future__ import annotations

import calendar
import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.demo.content import read
from app.demo.offers import _small_pdf
from app.extensions import db
from app.localtime import WARSAW, local_now, local_today
from app.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Award,
    BudgetLine,
    District,
    Membership,
    Offer,
    Organisation,
    Programme,
    Refund,
    ReportKind,
    Role,
    Service,
    ServiceUnit,
    Side,
    Statement,
    StatementStatus,
    Tranche,
    TrancheState,
    User,
)
from app.services.agreements import amendments, documents, lifecycle
from app.services.agreements.numbers import next_number

CENT = Decimal("0.01")
MONTHLY = (ServiceUnit.FLAT_MONTH, ServiceUnit.PLACE_MONTH)
OFFICER = "officer@demo.example"


# -- dates -----------------------------------------------------------------------------------------

def _month(offset: int) -> date:
    """The first day of the month ``offset`` months from the current one."""
    today = local_today()
    index = today.year * 12 + today.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _plus_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _moment(day: date, clock: time = time(10, 0)) -> datetime:
    """Ten in the morning of ``day`` in Warsaw, never later than now."""
    return min(datetime.combine(day, clock, WARSAW), local_now() - timedelta(minutes=5))


def _day(days: int) -> date:
    return local_today() + timedelta(days=days)


# -- what the demo refers to -----------------------------------------------------------------------

def _user(email: str) -> User:
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def _member(organisation: Organisation, *roles: Role) -> User | None:
    """The organisation's first member in the first of ``roles`` it has."""
    for role in roles:
        membership = db.session.execute(select(Membership).where(
            Membership.organisation_id == organisation.id, Membership.role == role)
            .order_by(Membership.id).limit(1)).scalar_one_or_none()
        if membership is not None:
            return membership.user
    return None


def _district_id(code: str | None) -> int | None:
    if not code:
        return None
    return db.session.execute(select(District.id).where(District.code == code)).scalar_one_or_none()


def _service_ids(organisation: Organisation, names: list[str]) -> list[int]:
    return list(db.session.execute(select(Service.id).where(
        Service.organisation_id == organisation.id, Service.name_pl.in_(names))).scalars())


def _award(organisation: Organisation, offer_title: str) -> Award | None:
    return db.session.execute(select(Award).join(Offer, Offer.id == Award.offer_id).where(
        Offer.organisation_id == organisation.id, Offer.title == offer_title)).scalar_one_or_none()


def _line(department: Organisation, spec: dict, starts: date, ends: date) -> BudgetLine | None:
    """The programme's budget line for the task, of the contract's first year (else of a year within its period)."""
    lines = db.session.execute(select(BudgetLine).join(Programme, Programme.id == BudgetLine.programme_id).where(
        Programme.organisation_id == department.id, Programme.name_pl == spec["programme"],
        BudgetLine.task_pl == spec["line"], BudgetLine.year.between(starts.year, ends.year))
        .order_by(BudgetLine.year)).scalars().all()
    return lines[0] if lines else None


def _targets(rows: list) -> list[dict]:
    return [{"name": name, "target_value": value, "unit": unit, "monitoring": monitoring}
            for name, value, unit, monitoring in rows]


def _report_days(offsets: list[int], starts: date, ends: date, *, monthly: bool) -> list[date]:
    """Partial reports on the 15th of a month (a contract) or so many days from today (a grant), kept within the
    agreement's period (after its end the final report is due)."""
    days = [_month(offset).replace(day=15) if monthly else _day(offset) for offset in offsets]
    return sorted({min(max(day, starts + timedelta(days=1)), ends) for day in days})


def _units_planned(unit: ServiceUnit, places: int, starts: date, ends: date, months: int) -> Decimal:
    if unit in MONTHLY:
        return Decimal(places * months)
    return Decimal(places * ((ends - starts).days + 1))


def _capacity(agreement: Agreement, month: date) -> Decimal:
    """The most units one month can hold: the places × the days (per place-day) or the places (per month)."""
    if agreement.unit in MONTHLY:
        return Decimal(agreement.places)
    return Decimal(agreement.places * calendar.monthrange(month.year, month.month)[1])


# -- creating --------------------------------------------------------------------------------------

def _contract(spec: dict, organisation: Organisation, department: Organisation, officer: User,
              partners: list[int]) -> Agreement | None:
    starts = _month(spec["start_month"])
    ends = _month_end(_plus_months(starts, spec["months"] - 1))
    line = _line(department, spec, starts, ends)
    if line is None:
        return None
    unit = ServiceUnit(spec["unit"])
    units = _units_planned(unit, spec["places"], starts, ends, spec["months"])
    value = (units * Decimal(spec["unit_price"])).quantize(CENT)
    data = {"title": spec["title"], "subject": spec["subject"], "starts_on": starts, "ends_on": ends,
            "district_id": _district_id(spec["district"]), "return_days": 15,
            "procurement_reference": spec["procurement_reference"].format(year=starts.year), "unit": unit.value,
            "unit_price": spec["unit_price"], "units_planned": str(units), "places": spec["places"],
            "funding": [{"budget_line_id": line.id, "amount": str(value)}], "targets": _targets(spec["targets"]),
            "partial_reports": _report_days(spec["partial_reports"], starts, ends, monthly=True),
            "services": _service_ids(organisation, spec["services"]), "parties": partners}
    return lifecycle.create_contract(organisation, line.programme_id, data, actor=officer,
                                     department_id=department.id)


def _grant(spec: dict, organisation: Organisation, department: Organisation, officer: User,
           partners: list[int]) -> Agreement | None:
    award = _award(organisation, spec["award_offer"])
    if award is None or lifecycle.agreement_of_award(award) is not None:
        return None
    agreement = lifecycle.create_from_award(award, actor=officer, department_id=department.id)
    targets = [{"name": target.name, "target_value": target.target_value, "unit": target.unit,
                "target_text": target.target_text, "monitoring": target.monitoring} for target in agreement.targets]
    data = {"title": spec["title"], "subject": spec["subject"], "starts_on": agreement.starts_on,
            "ends_on": agreement.ends_on, "district_id": _district_id(spec["district"]), "return_days": 15,
            "targets": targets,
            "partial_reports": _report_days(spec["partial_reports"], agreement.starts_on, agreement.ends_on,
                                            monthly=False),
            "services": _service_ids(organisation, spec["services"]),
            "parties": [party.partner_id for party in agreement.parties] + partners}
    lifecycle.save_draft(agreement, data, actor=officer)
    _schedule(agreement, spec["tranches"])
    return agreement


def _schedule(agreement: Agreement, specs: list[dict]) -> None:
    """A grant's tranches, scheduled: shares of its value (the last takes what is left); one may wait for a partial
    report (due a week after it)."""
    funding = agreement.funding[0]
    partial = [due for due in agreement.reports_due if due.kind == ReportKind.PARTIAL]
    left = agreement.value
    for index, spec in enumerate(specs):
        amount = left if index == len(specs) - 1 else (agreement.value * spec["percent"] / 100).quantize(CENT)
        left -= amount
        report = partial[spec["after_report"]] if "after_report" in spec and partial else None
        due_on = _day(spec["due"])
        if report is not None:
            due_on = max(due_on, report.due_on + timedelta(days=7))
        agreement.tranches.append(Tranche(organisation_id=agreement.organisation_id, funding_id=funding.id,
                                          due_on=due_on, amount=amount, state=TrancheState.SCHEDULED,
                                          report_due_id=report.id if report is not None else None))
    db.session.flush()


def _dates(spec: dict, agreement: Agreement) -> dict[str, date]:
    """The days of the agreement's steps: offsets from today or from its first day, never after today."""
    origin = local_today() if spec["dates_from"] == "today" else agreement.starts_on
    return {step: min(origin + timedelta(days=spec[step]), local_today())
            for step in ("created", "sent", "accepted", "signed") if step in spec}


def _scan(agreement: Agreement, officer: User, name: str, amendment: Amendment | None = None) -> None:
    pdf = _small_pdf(f"Demo - {name} - {agreement.number}")
    upload = FileStorage(stream=io.BytesIO(pdf), filename=f"{name}-{agreement.number}.pdf",
                         content_type="application/pdf")
    documents.add_document(agreement, upload, actor=officer, amendment=amendment)


def _advance(spec: dict, agreement: Agreement, organisation: Organisation, officer: User, department_id: int) -> None:
    """Send, accept and sign the agreement as far as its status goes (with the days of each step)."""
    status = AgreementStatus(spec["status"])
    days = _dates(spec, agreement)
    agreement.created_at = _moment(days["created"], time(9, 0))
    if days["created"].year != agreement.year:  # drafted last year: a number of last year's sequence
        sequence, number = next_number(department_id, days["created"].year)
        agreement.year, agreement.sequence, agreement.number = days["created"].year, sequence, number
        db.session.flush()
    if status == AgreementStatus.DRAFT:
        return
    lifecycle.send(agreement, actor=officer)
    agreement.sent_at = _moment(days["sent"])
    if status == AgreementStatus.SENT:
        return
    admin = _member(organisation, Role.ADMIN)
    lifecycle.accept(agreement, actor=admin, confirmed=True)
    agreement.accepted_at = _moment(days["accepted"], time(13, 0))
    if status == AgreementStatus.ACCEPTED:
        return
    lifecycle.record_signing(agreement, days["signed"], spec["signing"], actor=officer)
    _scan(agreement, officer, "umowa")


# -- money -----------------------------------------------------------------------------------------

def _pay_grant(spec: dict, agreement: Agreement, officer: User) -> None:
    """Mark the grant's tranches paid as the data say (approved the day before, with a payment reference)."""
    for tranche, tranche_spec in zip(agreement.tranches, spec["tranches"], strict=True):
        if tranche_spec.get("paid") is None:
            continue
        paid_on = min(_day(tranche_spec["paid"]), local_today())
        tranche.state = TrancheState.PAID
        tranche.approved_at = _moment(paid_on - timedelta(days=1))
        tranche.approved_by_id = officer.id
        tranche.paid_on = paid_on
        tranche.payment_reference = f"PP/{paid_on.year}/{agreement.sequence:03d}/{tranche.id}"


def _statements(spec: dict, agreement: Agreement, organisation: Organisation, officer: User) -> None:
    """The contract's monthly statements: each submitted on the 5th of the next month and decided on the 10th; an
    approved one's tranche (units × price) is due 14 days later and, when "paid", paid on time."""
    admin = _member(organisation, Role.ADMIN)
    preparer = _member(organisation, Role.COORDINATOR, Role.ADMIN)
    funding = agreement.funding[0]
    approved = Decimal("0.00")
    for offset, units_text, state, *reason in spec.get("statements", []):
        month = _month(offset)
        units = min(Decimal(units_text), _capacity(agreement, month)) if state != "returned" else Decimal(units_text)
        status = StatementStatus.APPROVED if state in ("paid", "due") else StatementStatus(state)
        following = _plus_months(month, 1)
        submitted = _moment(following + timedelta(days=4), time(11, 0))
        decided = _moment(following + timedelta(days=9), time(12, 0))
        statement = Statement(organisation_id=agreement.organisation_id, agreement_id=agreement.id, month=month,
                              units=units, status=status, prepared_by_id=getattr(preparer, "id", None),
                              note=None if status != StatementStatus.DRAFT else "Zestawienie w przygotowaniu.")
        if status != StatementStatus.DRAFT:
            statement.submitted_at, statement.submitted_by_id = submitted, admin.id
        if status in (StatementStatus.APPROVED, StatementStatus.RETURNED):
            statement.decided_at, statement.decided_by_id = decided, officer.id
        if status == StatementStatus.RETURNED:
            statement.return_reason = reason[0]
        db.session.add(statement)
        db.session.flush()
        if status != StatementStatus.APPROVED:
            continue
        amount = (units * agreement.unit_price).quantize(CENT)
        approved += amount
        if approved > agreement.value:
            raise ValueError(f"the demo's statements of {agreement.title!r} exceed its value")
        tranche = Tranche(organisation_id=agreement.organisation_id, agreement_id=agreement.id,
                          funding_id=funding.id, statement_id=statement.id, amount=amount,
                          due_on=decided.date() + timedelta(days=14), approved_at=decided,
                          approved_by_id=officer.id, state=TrancheState.APPROVED)
        if state == "paid":
            tranche.state = TrancheState.PAID
            tranche.paid_on = min(decided.date() + timedelta(days=12), local_today())
            tranche.payment_reference = f"PP/{tranche.paid_on.year}/{agreement.sequence:03d}/{month:%m}"
        db.session.add(tranche)
    db.session.flush()


def _refund(spec: dict, agreement: Agreement, officer: User) -> None:
    """A return of unused money, when the data give one (a contract paid per unit has none)."""
    refund = spec.get("refund")
    if refund is None:
        return
    db.session.add(Refund(organisation_id=agreement.organisation_id, agreement_id=agreement.id,
                          funding_id=agreement.funding[0].id, amount=Decimal(refund["amount"]),
                          due_on=_day(refund["due"]), returned_on=_day(refund["returned"]),
                          interest=Decimal(refund["interest"]), note=refund["note"], recorded_by_id=officer.id,
                          recorded_at=_moment(_day(refund["returned"] + 1))))


# -- amendments, the end ---------------------------------------------------------------------------

def _amend(spec: dict, agreement: Agreement, organisation: Organisation, officer: User) -> None:
    """The contract's amendments through the amendments service: proposed by one side (the department's officer or
    the organisation's admin), and where the data say so approved by the other (its before and after kept)."""
    for amendment_spec in spec.get("amendments", []):
        side = Side(amendment_spec["proposed_by"])
        admin = _member(organisation, Role.ADMIN)
        proposer, decider = (officer, admin) if side == Side.DEPARTMENT else (admin, officer)
        data: dict = {}
        if "extend_months" in amendment_spec:
            starts = agreement.starts_on
            ends = _month_end(_plus_months(agreement.ends_on.replace(day=1), amendment_spec["extend_months"]))
            units = _units_planned(agreement.unit, agreement.places, starts, ends,
                                   (ends.year - starts.year) * 12 + ends.month - starts.month + 1)
            data["ends_on"] = ends.isoformat()
            data["funding"] = [{"budget_line_id": agreement.funding[0].budget_line_id,
                                "amount": str((units * agreement.unit_price).quantize(CENT))}]
        if "targets" in amendment_spec:
            data["targets"] = _targets(amendment_spec["targets"])
        if "partial_reports" in amendment_spec:
            data["partial_reports"] = [day.isoformat() for day in _report_days(
                amendment_spec["partial_reports"], agreement.starts_on, agreement.ends_on, monthly=True)]
        amendment = amendments.propose(agreement, side, data, amendment_spec["reason"], actor=proposer)
        amendment.created_at = _moment(_day(amendment_spec["proposed"]))
        if amendment_spec["status"] == AmendmentStatus.APPROVED:
            amendments.approve(amendment, Side.ORGANISATION if side == Side.DEPARTMENT else Side.DEPARTMENT,
                               actor=decider)
            amendment.decided_at = _moment(_day(amendment_spec["decided"]), time(14, 0))
            amendment.decision_note = amendment_spec.get("decision_note")
            if amendment_spec.get("scan"):
                _scan(agreement, officer, "aneks-1", amendment)
    db.session.flush()


def _finish(spec: dict, agreement: Agreement, officer: User) -> None:
    """Terminate (with the reason, at the end of a month) or complete (the final report accepted) as the data say."""
    if "termination" in spec:
        ended = _month_end(_month(spec["termination"]["month"]))
        lifecycle.terminate(agreement, ended, spec["termination"]["reason"], actor=officer)
    if "final_report_accepted" in spec:
        for due in agreement.reports_due:
            if due.kind == ReportKind.FINAL:
                due.accepted_at = _moment(_day(spec["final_report_accepted"]))
        _refund(spec, agreement, officer)
        lifecycle.complete(agreement, actor=officer)
        agreement.completed_at = _moment(_day(spec["completed"]))


def _exists(organisation: Organisation, title: str) -> bool:
    return db.session.execute(select(Agreement.id).where(Agreement.organisation_id == organisation.id,
                                                         Agreement.title == title)).first() is not None


def load_agreements(organisations: dict[str, Organisation]) -> int:
    """The demo agreements with their money and amendments; returns how many were created."""
    department = organisations["department"]
    officer = _user(OFFICER)
    created = 0
    for spec in read("agreements"):
        organisation = organisations[spec["organisation"]]
        if _exists(organisation, spec["title"]):
            continue
        make = _grant if spec["kind"] == AgreementKind.GRANT else _contract
        partners = [organisations[key].id for key in spec.get("parties", [])]  # joint parties (a contract's)
        agreement = make(spec, organisation, department, officer, partners)
        if agreement is None:
            continue
        agreement.is_demo = True
        _advance(spec, agreement, organisation, officer, department.id)
        if agreement.is_signed:
            if agreement.is_grant:
                _pay_grant(spec, agreement, officer)
            else:
                _statements(spec, agreement, organisation, officer)
                _amend(spec, agreement, organisation, officer)
            _finish(spec, agreement, officer)
        created += 1
    db.session.flush()
    return created
