"""An agreement's life: created (from an award, or as a service contract), edited as a draft, sent to the
organisation, accepted by its admin, signed (recorded by the department with the date and a scan), in
force, then completed (the final report accepted) or terminated with a reason.

The department writes in its department scope; the organisation's admin accepts or sends a draft back
in the organisation's own scope. Every change writes its dotted audit entry (``agreement.created``,
``agreement.sent``, ``agreement.accepted``…) in the same transaction; e-mails go after the commit.

A draft's terms are saved whole by ``save_draft`` from a plain dict (the console's form gives it):
every problem is reported at once beside its field, and nothing changes when one is found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.database import lock_row
from app.extensions import db
from app.i18n import format_day, money
from app.localtime import local_today, to_local
from app.mail import send_mail
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementParty,
    AgreementService,
    AgreementStatus,
    AgreementTarget,
    Award,
    AwardState,
    BudgetLine,
    Call,
    District,
    Organisation,
    ReportDue,
    ReportKind,
    Service,
    ServiceUnit,
    SigningMethod,
    StatementStatus,
    TrancheState,
    User,
    utcnow,
)
from app.services import Problems, ServiceError, clean_text
from app.services.agreements.numbers import next_number
from app.services.audit.log import record_event
from app.services.funding.budgets import ZERO
from app.services.moderation.review import organisation_contacts
from app.tenancy import parse_id
from app.unit_of_work import after_commit

FINAL_REPORT_DAYS = 30  # art. 18: the final report within 30 days of the task's end
TITLE_MAX, TEXT_MAX, REFERENCE_MAX, REASON_MAX = 300, 10000, 200, 5000
TARGETS_MAX, REPORTS_MAX, FUNDING_MAX = 30, 24, 12
EDITABLE = (AgreementStatus.DRAFT,)
CANNOT_EDIT = _l("Only a draft agreement can be edited; a signed one changes by an amendment.")


def _one(model, value):
    """The row of ``model`` with this id read through the scope (never from the identity map), or None."""
    row_id = parse_id(value)
    if row_id is None:
        return None
    return db.session.execute(select(model).where(model.id == row_id)).scalar_one_or_none()


def parse_amount(value, field: str, *, positive: bool = True) -> Decimal:
    """An amount in złoty as people type it ("1 500,50"), refused beside ``field`` when it is not one."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ServiceError(_l("Write the amount in złoty, such as 64 500,00."), field=field) from None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0) or amount >= Decimal("1e12"):
        raise ServiceError(_l("Give an amount greater than zero."), field=field)
    return amount.quantize(Decimal("0.01"))


def parse_units(value, field: str) -> Decimal | None:
    """A number of units (None when blank), refused beside ``field`` when it is not one."""
    if value in (None, ""):
        return None
    try:
        units = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ServiceError(_l("Give a number such as 341 or 12,5."), field=field) from None
    if not units.is_finite() or units < 0 or units >= Decimal("1e10"):
        raise ServiceError(_l("Give a number such as 341 or 12,5."), field=field)
    return units.quantize(Decimal("0.01"))


@dataclass
class DraftTerms:
    """The checked terms of a draft, ready to be written."""

    values: dict
    funding: list[tuple[BudgetLine, Decimal]]
    targets: list[dict]
    partial_reports: list[date]
    services: list[Service]
    parties: list[Organisation]


def check_period(starts, ends) -> tuple[date, date]:
    """An agreement's first and last day: both given, in order, at most five years apart (refused beside
    ``starts_on`` or ``ends_on``)."""
    missing = Problems()
    if not isinstance(starts, date):
        missing.errors.append(ServiceError(_l("Give the first day of the agreement."), field="starts_on"))
    if not isinstance(ends, date):
        missing.errors.append(ServiceError(_l("Give the last day of the agreement."), field="ends_on"))
    missing.raise_any()  # both days missing: both said at once
    if ends < starts:
        raise ServiceError(_l("The agreement cannot end before it starts."), field="ends_on")
    if ends > starts + timedelta(days=366 * 5):
        raise ServiceError(_l("An agreement runs for at most five years."), field="ends_on")
    return starts, ends


def line_free(line: BudgetLine, *, leaving_out: int | None = None) -> Decimal:
    """What a budget line has left for service contracts: its amount less the calls' pools, small grants and
    what other contracts hold on it (``money.contracts_on_line``)."""
    from app.services.funding.awards import free_for_small_grants

    return free_for_small_grants(line, leaving_out_agreement=leaving_out)


def _funding(agreement: Agreement, rows: list[dict], starts: date | None, ends: date | None
             ) -> list[tuple[BudgetLine, Decimal]]:
    """Checked (line, amount) pairs: lines of the agreement's programme, of a year within its period, each once,
    within what the line has left (a grant's funding is the award's and is not entered here)."""
    problems, chosen, seen = Problems(), [], set()
    # Rows keep their place in the form (``funding-2-amount``); a row left blank is skipped.
    rows = [(index, row) for index, row in enumerate(rows)
            if str(row.get("budget_line_id") or "").strip() or str(row.get("amount") or "").strip()]
    if not rows:
        raise ServiceError(_l("Name at least one budget line and the amount paid from it."), field="funding")
    if len(rows) > FUNDING_MAX:
        raise ServiceError(_l("Name at most %(num)d budget lines.", num=FUNDING_MAX), field="funding")
    for index, row in rows:
        field = f"funding-{index}-amount"
        line_field = f"funding-{index}-budget_line_id"
        line = _one(BudgetLine, row.get("budget_line_id"))
        if line is None or line.programme_id != agreement.programme_id:
            problems.errors.append(ServiceError(_l("Choose a budget line of the agreement's programme."),
                                                field=line_field))
            continue
        if line.id in seen:
            problems.errors.append(ServiceError(_l("Each budget line once: add the amounts together."),
                                                field=line_field))
            continue
        seen.add(line.id)
        if starts and ends and not (starts.year <= line.year <= ends.year):
            problems.errors.append(ServiceError(_l("This line is for %(year)d, outside the agreement's period.",
                                                   year=line.year), field=line_field))
            continue
        amount = problems.check(parse_amount, row.get("amount"), field)
        if amount is None:
            continue
        lock_row(line)  # contracts paid from this line wait here for one another
        free = line_free(line, leaving_out=agreement.id)
        if amount > free:
            problems.errors.append(ServiceError(_l("The budget line has %(left)s left.", left=money(free)),
                                                field=field))
            continue
        chosen.append((line, amount))
    problems.raise_any()
    return chosen


def _targets(rows: list[dict]) -> list[dict]:
    problems, targets = Problems(), []
    rows = [(index, row) for index, row in enumerate(rows)
            if any(str(row.get(key) or "").strip() for key in ("name", "target_value"))]
    if len(rows) > TARGETS_MAX:
        raise ServiceError(_l("Name at most %(num)d targets.", num=TARGETS_MAX), field="targets")
    for index, row in rows:
        name = problems.check(clean_text, row.get("name"), TITLE_MAX, f"targets-{index}-name", one_line=True)
        if not name and not problems.errors:
            problems.errors.append(ServiceError(_l("Say what is to be achieved."), field=f"targets-{index}-name"))
        value = problems.check(parse_units, row.get("target_value"), f"targets-{index}-target_value")
        unit = problems.check(clean_text, row.get("unit"), 60, f"targets-{index}-unit", one_line=True)
        monitoring = problems.check(clean_text, row.get("monitoring"), TITLE_MAX, f"targets-{index}-monitoring",
                                    one_line=True)
        text = problems.check(clean_text, row.get("target_text"), 200, f"targets-{index}-target_text",
                              one_line=True)
        targets.append({"name": name, "target_value": value, "unit": unit, "monitoring": monitoring,
                        "target_text": text})
    problems.raise_any()
    return targets


def _reports(days: list, starts: date | None, ends: date | None) -> list[date]:
    chosen = sorted({day for day in days if isinstance(day, date)})
    if len(chosen) > REPORTS_MAX:
        raise ServiceError(_l("Ask for at most %(num)d partial reports.", num=REPORTS_MAX), field="partial_reports")
    for day in chosen:
        if starts and ends and not starts < day <= ends:  # after the end, the final report is due
            raise ServiceError(
                _l("A partial report is due after the start and no later than the end of the agreement."),
                field="partial_reports")
    return chosen


def _services(agreement: Agreement, ids: list, party_ids: set[int]) -> list[Service]:
    wanted = {int(value) for value in ids if str(value).isdigit()}
    if not wanted:
        return []
    found = list(db.session.execute(select(Service).where(Service.id.in_(wanted))).scalars())
    allowed = {agreement.organisation_id, *party_ids}
    if len(found) != len(wanted) or any(service.organisation_id not in allowed for service in found):
        raise ServiceError(_l("Choose services of the organisation or of a joint party."), field="services")
    return found


def _parties(agreement: Agreement, ids: list) -> list[Organisation]:
    wanted = {int(value) for value in ids if str(value).isdigit()} - {agreement.organisation_id}
    if not wanted:
        return []
    found = list(db.session.execute(select(Organisation).where(Organisation.id.in_(wanted))).scalars())
    if len(found) != len(wanted) or any(org.is_department for org in found):
        raise ServiceError(_l("Choose organisations from the registry."), field="parties")
    return found


def check_draft(agreement: Agreement, data: dict) -> DraftTerms:
    """Every term of a draft checked at once (``CombinedServiceError`` names each problem's field)."""
    problems = Problems()
    values: dict = {}
    values["title"] = problems.check(clean_text, data.get("title"), TITLE_MAX, "title", one_line=True)
    if values["title"] is None and not any(error.field == "title" for error in problems.errors):
        problems.errors.append(ServiceError(_l("Give the agreement a title."), field="title"))
    values["subject"] = problems.check(clean_text, data.get("subject"), TEXT_MAX, "subject")
    period = problems.check(check_period, data.get("starts_on"), data.get("ends_on"))
    starts, ends = period if period else (None, None)
    values["starts_on"], values["ends_on"] = starts, ends
    district_id = data.get("district_id")
    values["district_id"] = None
    if district_id not in (None, "", "0", 0):
        district = _one(District, district_id)
        if district is None:
            problems.errors.append(ServiceError(_l("Choose a district from the list."), field="district_id"))
        else:
            values["district_id"] = district.id
    return_days = data.get("return_days", agreement.return_days or 15)
    if not isinstance(return_days, int) or not (1 <= return_days <= 90):
        problems.errors.append(ServiceError(_l("Give a number of days from 1 to 90."), field="return_days"))
    values["return_days"] = return_days
    funding = []
    if agreement.kind == AgreementKind.SERVICE_CONTRACT:
        values["procurement_reference"] = problems.check(clean_text, data.get("procurement_reference"),
                                                         REFERENCE_MAX, "procurement_reference", one_line=True)
        if not values["procurement_reference"] and not any(e.field == "procurement_reference"
                                                           for e in problems.errors):
            problems.errors.append(ServiceError(_l("Give the reference of the procurement or decision the contract "
                                                   "comes from."), field="procurement_reference"))
        unit = data.get("unit")
        if unit not in {member.value for member in ServiceUnit}:
            problems.errors.append(ServiceError(_l("Choose what the contract pays for."), field="unit"))
        else:
            values["unit"] = ServiceUnit(unit)
        values["unit_price"] = problems.check(parse_amount, data.get("unit_price"), "unit_price")
        values["units_planned"] = problems.check(parse_units, data.get("units_planned"), "units_planned")
        places = data.get("places")
        if places not in (None, "") and (not isinstance(places, int) or not (0 < places < 10000)):
            problems.errors.append(ServiceError(_l("Give a number of places from 1 to 9999."), field="places"))
        values["places"] = places or None
        funding = problems.check(_funding, agreement, list(data.get("funding") or []), starts, ends) or []
    targets = problems.check(_targets, list(data.get("targets") or [])) or []
    reports = problems.check(_reports, list(data.get("partial_reports") or []), starts, ends) or []
    parties = problems.check(_parties, agreement, list(data.get("parties") or [])) or []
    services = problems.check(_services, agreement, list(data.get("services") or []),
                              {party.id for party in parties}) or []
    problems.raise_any()
    return DraftTerms(values, funding, targets, reports, services, parties)


def _write_terms(agreement: Agreement, terms: DraftTerms) -> None:
    for key, value in terms.values.items():
        setattr(agreement, key, value)
    org = agreement.organisation_id
    if agreement.kind == AgreementKind.SERVICE_CONTRACT:
        agreement.funding.clear()
        db.session.flush()
        for line, amount in terms.funding:
            agreement.funding.append(AgreementFunding(organisation_id=org, budget_line_id=line.id, amount=amount))
    agreement.targets.clear()
    for position, target in enumerate(terms.targets):
        agreement.targets.append(AgreementTarget(organisation_id=org, position=position, **target))
    agreement.parties.clear()
    db.session.flush()
    for party in terms.parties:
        agreement.parties.append(AgreementParty(organisation_id=org, partner_id=party.id))
    agreement.services.clear()
    db.session.flush()
    for service in terms.services:
        agreement.services.append(AgreementService(organisation_id=org, service_id=service.id))
    set_reports_due(agreement, terms.partial_reports)


def set_reports_due(agreement: Agreement, partial: list[date]) -> None:
    """The reporting schedule: the partial reports on the given dates and the final one within 30 days of the
    end. Rows are kept where they still hold (a tranche may wait for one, a report may answer one): a partial
    report on a date still asked for stays, the final one moves with the end; an accepted report never changes."""
    wanted = set(partial)
    for due in list(agreement.reports_due):
        if due.accepted_at is not None:
            wanted.discard(due.due_on)
        elif due.kind == ReportKind.PARTIAL:
            if due.due_on in wanted:
                wanted.discard(due.due_on)
            else:
                agreement.reports_due.remove(due)
    for day in sorted(wanted):
        agreement.reports_due.append(ReportDue(organisation_id=agreement.organisation_id, kind=ReportKind.PARTIAL,
                                               due_on=day, period_ends_on=day - timedelta(days=1)))
    final = next((due for due in agreement.reports_due if due.kind == ReportKind.FINAL), None)
    if final is None:
        final = ReportDue(organisation_id=agreement.organisation_id, kind=ReportKind.FINAL)
        agreement.reports_due.append(final)
    if final.accepted_at is None:
        final.period_ends_on = agreement.ends_on
        final.due_on = agreement.ends_on + timedelta(days=FINAL_REPORT_DAYS)


def _new(organisation_id: int, kind: AgreementKind, programme_id: int, *, actor, department_id: int) -> Agreement:
    year = local_today().year
    sequence, number = next_number(department_id, year)
    agreement = Agreement(organisation_id=organisation_id, kind=kind, programme_id=programme_id, year=year,
                          sequence=sequence, number=number, created_by_id=getattr(actor, "id", None),
                          title="", starts_on=local_today(), ends_on=local_today())
    return agreement


def create_contract(organisation: Organisation, programme_id: int, data: dict, *, actor,
                    department_id: int) -> Agreement:
    """Department admin or officer: a service contract with ``organisation`` (a draft), with the reference of the
    procurement or decision it came from, priced per unit, paid from the programme's budget lines."""
    if organisation.is_department or not organisation.is_active:
        raise ServiceError(_l("Choose an organisation from the registry."), field="organisation_id")
    agreement = _new(organisation.id, AgreementKind.SERVICE_CONTRACT, programme_id, actor=actor,
                     department_id=department_id)
    terms = check_draft(agreement, data)
    db.session.add(agreement)
    _write_terms(agreement, terms)
    db.session.flush()
    record_event("agreement.created", actor=actor, organisation_id=organisation.id, target=agreement,
                 details={"number": agreement.number, "kind": agreement.kind.value, "value": str(agreement.value)})
    return agreement


def agreement_of_award(award: Award) -> Agreement | None:
    """The agreement made from an award, if there is one."""
    return db.session.execute(select(Agreement).where(Agreement.award_id == award.id)).scalar_one_or_none()


def create_from_award(award: Award, *, actor, department_id: int) -> Agreement:
    """Department admin or officer: the grant agreement of an award (a draft). Its value is the award's amount
    from the award's budget line; its period, targets and joint parties come from the offer (a reduced award
    waits for the accepted updated budget); its cost estimate and schedule stay the offer's."""
    offer = award.offer
    if award.call_id is not None:
        call = _one(Call, award.call_id)
        if call is None or call.results_published_at is None:
            raise ServiceError(_l("The agreement is made once the call's results are published."))
    if award.state == AwardState.UPDATE_REQUESTED or award.state == AwardState.UPDATE_SUBMITTED:
        raise ServiceError(_l("The agreement waits for the updated budget of this reduced award to be accepted."))
    if agreement_of_award(award) is not None:
        raise ServiceError(_l("This award already has its agreement."))
    revised = bool(offer.cost_lines(revised=True))
    agreement = _new(offer.organisation_id, AgreementKind.GRANT, award.budget_line.programme_id, actor=actor,
                     department_id=department_id)
    agreement.award_id = award.id
    call = award.call
    agreement.grant_mode = call.grant_mode if call is not None else None
    agreement.title = offer.title[:TITLE_MAX]
    agreement.subject = offer.summary
    agreement.starts_on = offer.starts_on or (call.task_starts_on if call else local_today())
    agreement.ends_on = offer.ends_on or (call.task_ends_on if call else local_today())
    total = offer.total_costs(revised=revised)
    agreement.own_contribution = max(ZERO, total - award.amount) if total else None
    db.session.add(agreement)
    org = agreement.organisation_id
    agreement.funding.append(AgreementFunding(organisation_id=org, budget_line_id=award.budget_line_id,
                                              amount=award.amount))
    for position, result in enumerate(offer.results):
        value = None
        try:
            value = parse_units(result.target_value, "target")
        except ServiceError:
            value = None
        agreement.targets.append(AgreementTarget(organisation_id=org, position=position, name=result.result,
                                                 target_value=value, monitoring=result.monitoring,
                                                 target_text=None if value is not None else result.target_value))
    for partner in offer.partners:
        if partner.confirmed_at is not None:
            agreement.parties.append(AgreementParty(organisation_id=org, partner_id=partner.partner_id))
    db.session.flush()
    set_reports_due(agreement, [])
    db.session.flush()
    record_event("agreement.created", actor=actor, organisation_id=org, target=agreement,
                 details={"number": agreement.number, "kind": agreement.kind.value, "award": award.id,
                          "value": str(agreement.value)})
    return agreement


def save_draft(agreement: Agreement, data: dict, *, actor) -> Agreement:
    """Department admin or officer: the terms of a draft, saved whole (every problem at once, nothing changed)."""
    if agreement.status not in EDITABLE:
        raise ServiceError(CANNOT_EDIT)
    terms = check_draft(agreement, data)
    _write_terms(agreement, terms)
    db.session.flush()
    record_event("agreement.saved", actor=actor, organisation_id=agreement.organisation_id, target=agreement,
                 details={"number": agreement.number, "value": str(agreement.value)})
    return agreement


def agreement_link(agreement: Agreement, page: str = "agreements_workspace.detail") -> str | None:
    """The address of the agreement (or of another of its workspace pages, ``page``) in the organisation's
    workspace, for e-mails sent during a request (it first makes a member of several organisations act for this
    one); None outside a request."""
    if not has_request_context():
        return None
    return url_for("account.act_for", organisation=agreement.organisation_id,
                   next=url_for(page, agreement_id=agreement.id), _external=True)


def _tell(agreement: Agreement, subject, template: str, **context) -> None:
    for user in organisation_contacts(agreement.organisation_id):
        send_mail(user.email, subject, template, user.locale or "pl", agreement=agreement,
                  link=agreement_link(agreement), **context)


def _tell_department(agreement: Agreement, subject, template: str, **context) -> None:
    """E-mail the department officer who prepared the agreement (if their account is still active), in their
    language, with the address of its console page."""
    if agreement.created_by_id is None:
        return
    officer = db.session.execute(select(User).where(User.id == agreement.created_by_id,
                                                    User.is_active_account.is_(True))).scalar_one_or_none()
    if officer is None:
        return
    link = url_for("agreements_console.detail", agreement_id=agreement.id, _external=True) \
        if has_request_context() else None
    send_mail(officer.email, subject, template, officer.locale or "pl", agreement=agreement, link=link,
              organisation=agreement.organisation, **context)


def send(agreement: Agreement, *, actor) -> None:
    """Department admin or officer: send a complete draft to the organisation, whose admin accepts it (its
    admins and coordinators are told by e-mail)."""
    if agreement.status != AgreementStatus.DRAFT:
        raise ServiceError(_l("Only a draft agreement can be sent."))
    problems = Problems()
    if not agreement.title:
        problems.errors.append(ServiceError(_l("Give the agreement a title."), field="title"))
    if agreement.value <= 0:
        problems.errors.append(ServiceError(_l("Name at least one budget line and the amount paid from it."),
                                            field="funding"))
    if agreement.kind == AgreementKind.SERVICE_CONTRACT and not (agreement.unit and agreement.unit_price):
        problems.errors.append(ServiceError(_l("Give the unit and its price."), field="unit_price"))
    if agreement.kind == AgreementKind.GRANT:
        scheduled = sum((tranche.amount for tranche in agreement.tranches), ZERO)
        if scheduled != agreement.value:
            problems.errors.append(ServiceError(
                _l("The tranches add up to %(scheduled)s; the grant is %(value)s.", scheduled=money(scheduled),
                   value=money(agreement.value)), field="tranches"))
    problems.raise_any()
    agreement.status = AgreementStatus.SENT
    agreement.sent_at = utcnow()
    agreement.declined_reason = None
    db.session.flush()
    record_event("agreement.sent", actor=actor, organisation_id=agreement.organisation_id, target=agreement,
                 details={"number": agreement.number, "value": str(agreement.value)})
    _tell(agreement, _l("An agreement waits for your acceptance: %(number)s", number=agreement.number),
          "agreement_sent")


def accept(agreement: Agreement, *, actor, confirmed: bool) -> None:
    """Organisation admin: accept a sent agreement, explicitly (the signatures are then recorded)."""
    if agreement.status != AgreementStatus.SENT:
        raise ServiceError(_l("This agreement is not waiting for your acceptance."))
    if not confirmed:
        raise ServiceError(_l("Confirm that you have read the agreement and accept it."), field="confirm")
    agreement.status = AgreementStatus.ACCEPTED
    agreement.accepted_at = utcnow()
    agreement.accepted_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_event("agreement.accepted", actor=actor, organisation_id=agreement.organisation_id, target=agreement,
                 details={"number": agreement.number})
    _tell_department(agreement, _l("Agreement accepted by the organisation: %(number)s", number=agreement.number),
                     "agreement_accepted")


def decline(agreement: Agreement, reason: str, *, actor) -> None:
    """Organisation admin: send a sent agreement back to the department with what should change (it is a draft
    again)."""
    if agreement.status != AgreementStatus.SENT:
        raise ServiceError(_l("This agreement is not waiting for your acceptance."))
    reason = clean_text(reason, REASON_MAX, "reason")
    if not reason:
        raise ServiceError(_l("Say what should change in the agreement."), field="reason")
    agreement.status = AgreementStatus.DRAFT
    agreement.declined_reason = reason
    db.session.flush()
    record_event("agreement.declined", actor=actor, organisation_id=agreement.organisation_id, target=agreement,
                 details={"number": agreement.number})
    _tell_department(agreement, _l("Agreement sent back by the organisation: %(number)s", number=agreement.number),
                     "agreement_declined", reason=reason)


def record_signing(agreement: Agreement, signed_on, method, *, actor) -> None:
    """Department admin or officer: record that the accepted agreement was signed (the date and how); it is in
    force from then on. The scan is added with ``documents.add_document``."""
    if agreement.status != AgreementStatus.ACCEPTED:
        raise ServiceError(_l("Signing is recorded once the organisation has accepted the agreement."))
    problems = Problems()
    if not isinstance(signed_on, date):
        problems.errors.append(ServiceError(_l("Give the date of signing."), field="signed_on"))
    elif signed_on > local_today():
        problems.errors.append(ServiceError(_l("The date of signing cannot be in the future."), field="signed_on"))
    elif agreement.accepted_at and signed_on < to_local(agreement.accepted_at).date():
        problems.errors.append(ServiceError(
            _l("Give a date of signing on or after %(day)s, when the organisation accepted the agreement.",
               day=format_day(to_local(agreement.accepted_at).date())), field="signed_on"))
    if method not in {member.value for member in SigningMethod}:
        problems.errors.append(ServiceError(_l("Choose how it was signed."), field="method"))
    problems.raise_any()
    agreement.signed_on = signed_on
    agreement.signing_method = SigningMethod(method)
    agreement.status = AgreementStatus.IN_FORCE
    db.session.flush()
    record_event("agreement.signed", actor=actor, organisation_id=agreement.organisation_id, target=agreement,
                 details={"number": agreement.number, "signed_on": signed_on.isoformat(), "method": method})


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _termination_day(agreement: Agreement, ended_on: date) -> list[ServiceError]:
    """The last day of a terminated agreement keeps what was delivered and owed: not before the end of the last
    month of an approved monthly statement, nor before the due day of a tranche approved or paid (a grant's; a
    statement's tranche is paid for its month); and not after the agreement's own end."""
    errors = []
    if ended_on > agreement.ends_on:
        errors.append(ServiceError(_l("The agreement ends on %(day)s anyway: give a day no later than that.",
                                      day=format_day(agreement.ends_on)), field="ended_on"))
    months = [statement.month for statement in agreement.statements
              if statement.status == StatementStatus.APPROVED
              or (statement.tranche is not None and statement.tranche.state != TrancheState.SCHEDULED)]
    if months and ended_on < _month_end(max(months)):
        errors.append(ServiceError(_l("A monthly statement up to %(day)s has been approved: the agreement cannot end "
                                      "before that.", day=format_day(_month_end(max(months)))), field="ended_on"))
    # A statement's tranche pays for its month (due after it): that month holds, not the tranche's due day.
    owed = [tranche.due_on for tranche in agreement.tranches
            if tranche.state in (TrancheState.APPROVED, TrancheState.PAID) and tranche.due_on is not None
            and tranche.statement_id is None]
    if owed and ended_on < max(owed):
        errors.append(ServiceError(_l("A tranche due on %(day)s has been approved or paid: the agreement cannot end "
                                      "before that.", day=format_day(max(owed))), field="ended_on"))
    waiting = [statement.month for statement in agreement.statements if statement.status == StatementStatus.SUBMITTED]
    if waiting:
        from app.services.agreements.statements import month_label

        errors.append(ServiceError(_l("The monthly statement for %(month)s waits for a decision: approve it or return "
                                      "it before the agreement is terminated.", month=month_label(min(waiting))),
                                   field="ended_on"))
    return errors


def _schedule_ends(agreement: Agreement, ended_on: date) -> None:
    """The reporting schedule of a terminated agreement: the final report covers the time up to the last day and
    is due within 30 days of it; a partial report not yet accepted that is due after that goes (the final one
    covers it)."""
    final_due = ended_on + timedelta(days=FINAL_REPORT_DAYS)
    for due in list(agreement.reports_due):
        if due.accepted_at is not None:
            continue
        if due.kind == ReportKind.FINAL:
            due.period_ends_on, due.due_on = ended_on, final_due
        elif due.due_on >= final_due or (due.period_ends_on is not None and due.period_ends_on >= ended_on):
            agreement.reports_due.remove(due)


def terminate(agreement: Agreement, ended_on, reason: str, *, actor) -> None:
    """Department admin or officer: end an agreement early with the date and the reason (the organisation is
    told). The last day keeps what was delivered (``_termination_day``). Tranches already approved are still paid
    (money owed for what was delivered); scheduled ones are never paid."""
    if agreement.status in (AgreementStatus.COMPLETED, AgreementStatus.TERMINATED, AgreementStatus.DRAFT):
        raise ServiceError(_l("Only a sent, accepted or signed agreement can be terminated."))
    problems = Problems()
    if not isinstance(ended_on, date):
        problems.errors.append(ServiceError(_l("Give the day the agreement ends."), field="ended_on"))
    else:
        problems.errors.extend(_termination_day(agreement, ended_on))
    reason = problems.check(clean_text, reason, REASON_MAX, "reason")
    if not reason and not any(error.field == "reason" for error in problems.errors):
        problems.errors.append(ServiceError(_l("Say why the agreement is terminated."), field="reason"))
    problems.raise_any()
    agreement.status = AgreementStatus.TERMINATED
    agreement.terminated_on = ended_on
    agreement.termination_reason = reason
    _schedule_ends(agreement, ended_on)
    db.session.flush()
    record_event("agreement.terminated", actor=actor, organisation_id=agreement.organisation_id, target=agreement,
                 details={"number": agreement.number, "ended_on": ended_on.isoformat()})
    _tell(agreement, _l("Agreement terminated: %(number)s", number=agreement.number), "agreement_terminated",
          reason=reason)


def delete_draft(agreement: Agreement, *, actor) -> None:
    """Department admin or officer: delete a draft that will not be sent, with its rows (funding, targets,
    parties, services, reports due, tranches); the money it held on its budget lines is free again. Its number is
    not reused: numbers are taken from the year's sequence, which only goes up."""
    if agreement.status != AgreementStatus.DRAFT:
        raise ServiceError(_l("Only a draft agreement can be deleted."))
    details = {"number": agreement.number, "kind": agreement.kind.value, "title": agreement.title,
               "value": str(agreement.value)}
    record_event("agreement.deleted", actor=actor, organisation_id=agreement.organisation_id, target=agreement,
                 details=details)
    from app.services.agreements.documents import folder

    scans = [folder() / document.stored_name for document in agreement.documents]
    db.session.delete(agreement)
    db.session.flush()
    for path in scans:  # a scan kept with a draft goes once the deletion is committed
        after_commit(path.unlink, missing_ok=True)


def complete(agreement: Agreement, *, actor) -> None:
    """Complete an agreement in force (called when its final report is accepted)."""
    if agreement.status != AgreementStatus.IN_FORCE:
        raise ServiceError(_l("Only an agreement in force can be completed."))
    agreement.status = AgreementStatus.COMPLETED
    agreement.completed_at = utcnow()
    db.session.flush()
    record_event("agreement.completed", actor=actor, organisation_id=agreement.organisation_id, target=agreement,
                 details={"number": agreement.number})
