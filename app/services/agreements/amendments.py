"""Amendments (aneks) of an agreement: proposed by one side with a reason, approved (or rejected) by the other.

An accepted or signed agreement changes only this way: its period, the amount on each funding row (or a row of
another budget line of its programme), its indicator targets and its partial reporting dates. A proposal is
checked whole when it is made — every problem at once, beside its field — and again against the current state
when the other side approves it, under the agreement's row lock (and the budget lines' where an amount grows).
Amendments are numbered per agreement in the order they are proposed; one waits for a decision at a time.

The terms as plain JSON values (``terms_of``) are kept on each approved amendment as it was before and became
after, so every earlier version of the agreement can be read (``versions``).

The department acts in its department scope, the organisation's admin in the organisation's. Both read which of
the department's budget lines pay for the agreement (the named read ``agreement.budget_lines``); when an amount
grows on the organisation's side, what the lines have left is counted in the department's view, through
``widened_scope`` (audited).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from babel import dates as babel_dates
from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.database import lock, lock_row
from app.extensions import db
from app.i18n import format_day, formatting_locale, money
from app.mail import send_mail
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementStatus,
    AgreementTarget,
    Amendment,
    AmendmentStatus,
    Award,
    BudgetLine,
    ReportKind,
    Side,
    TrancheState,
    User,
    utcnow,
)
from app.services import Problems, ServiceError, clean_text
from app.services.agreements import lifecycle
from app.services.agreements import money as agreement_money
from app.services.audit.log import record_event, widened_scope
from app.services.funding.awards import committed_on_line
from app.services.funding.budgets import ZERO
from app.services.moderation.review import organisation_contacts
from app.tenancy import parse_id, system_scope

AMENDABLE = (AgreementStatus.ACCEPTED, AgreementStatus.IN_FORCE)
REASON_MAX = lifecycle.REASON_MAX
TARGETS_MAX, REPORTS_MAX, FUNDING_MAX = lifecycle.TARGETS_MAX, lifecycle.REPORTS_MAX, lifecycle.FUNDING_MAX
TERMS = ("starts_on", "ends_on", "funding", "targets", "partial_reports")
CENT = Decimal("0.01")

NOT_AMENDABLE = {
    AgreementStatus.DRAFT: _l("A draft is not amended: edit the draft instead."),
    AgreementStatus.SENT: _l("The agreement waits for the organisation's acceptance: it can be amended once "
                             "accepted."),
    AgreementStatus.COMPLETED: _l("This agreement is completed: it can no longer be amended."),
    AgreementStatus.TERMINATED: _l("This agreement was terminated: it can no longer be amended."),
}


# -- the terms as plain values -------------------------------------------------------------------------------

def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _amount(value) -> str:
    return str(Decimal(value or 0).quantize(CENT))


def _day(value) -> date | None:
    """A date from a form (a date) or from stored terms (ISO text); None for anything else."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def lines_by_id(ids) -> dict[int, BudgetLine]:
    """{id: budget line} of the department's lines with these ids — a named read: both sides read which lines pay
    for an agreement (the organisation's scope alone does not reach the department's lines)."""
    wanted = {line_id for line_id in ids if line_id}
    if not wanted:
        return {}
    with system_scope("agreement.budget_lines: both sides read which of the department's lines pay for it"):
        return {line.id: line for line in db.session.execute(
            select(BudgetLine).where(BudgetLine.id.in_(wanted))).scalars()}


def programme_lines(agreement: Agreement) -> list[BudgetLine]:
    """The budget lines of the agreement's programme, by year, source and task (the ones an amendment may add)."""
    with system_scope("agreement.budget_lines: the lines of the agreement's programme an amendment may add"):
        return list(db.session.execute(
            select(BudgetLine).where(BudgetLine.programme_id == agreement.programme_id)
            .order_by(BudgetLine.year, BudgetLine.source, BudgetLine.task_pl)).scalars())


def _line_terms(line_id: int, lines: dict[int, BudgetLine]) -> dict:
    line = lines.get(line_id)
    return {"budget_line_id": line_id, "year": line.year if line else None,
            "source": line.source.value if line else None, "task": line.task_pl if line else None,
            "task_uk": line.task_uk if line else None, "task_en": line.task_en if line else None}


def _target_terms(target) -> dict:
    """A target (a row, or a checked dict) as plain values."""
    def get(key):
        return target.get(key) if isinstance(target, dict) else getattr(target, key)

    value = get("target_value")
    return {"name": get("name"), "target_value": None if value is None else _amount(value), "unit": get("unit"),
            "target_text": get("target_text"), "monitoring": get("monitoring")}


def terms_of(agreement: Agreement) -> dict:
    """The amendable terms of an agreement as plain JSON values: the period, the value, the funding per budget line
    (its year, source and task named), the indicator targets, the partial reports' dates and the final report's."""
    lines = lines_by_id(row.budget_line_id for row in agreement.funding)
    finals = [due.due_on for due in agreement.reports_due if due.kind == ReportKind.FINAL]
    return {
        "starts_on": _iso(agreement.starts_on), "ends_on": _iso(agreement.ends_on), "value": _amount(agreement.value),
        "funding": [{**_line_terms(row.budget_line_id, lines), "amount": _amount(row.amount)}
                    for row in agreement.funding],
        "targets": [_target_terms(target) for target in agreement.targets],
        "partial_reports": sorted(_iso(due.due_on) for due in agreement.reports_due if due.kind == ReportKind.PARTIAL),
        "final_report": _iso(max(finals)) if finals else None,
    }


def proposed_terms(amendment: Amendment, current: dict) -> dict:
    """The terms ``current`` would become with the amendment's changes (for its before/after table)."""
    changes = amendment.changes or {}
    terms = copy.deepcopy(current)
    for key in ("starts_on", "ends_on", "targets", "partial_reports"):
        if key in changes:
            terms[key] = copy.deepcopy(changes[key])
    rows = {row["budget_line_id"]: row for row in terms["funding"]}
    added = [row for row in changes.get("funding", []) if row["budget_line_id"] not in rows]
    lines = lines_by_id(row["budget_line_id"] for row in added)
    for row in changes.get("funding", []):
        if row["budget_line_id"] in rows:
            rows[row["budget_line_id"]]["amount"] = row["amount"]
        else:
            terms["funding"].append({**_line_terms(row["budget_line_id"], lines), "amount": row["amount"]})
    terms["value"] = _amount(sum((Decimal(row["amount"]) for row in terms["funding"]), ZERO))
    if "ends_on" in changes and _day(changes["ends_on"]):
        terms["final_report"] = _iso(_day(changes["ends_on"]) + timedelta(days=lifecycle.FINAL_REPORT_DAYS))
    return terms


# -- checking a proposal ------------------------------------------------------------------------------------------

def _amendable(agreement: Agreement, *, field: str | None = "reason") -> None:
    if agreement.status not in AMENDABLE:
        raise ServiceError(NOT_AMENDABLE[agreement.status], field=field)


def _month(day: date) -> str:
    """A month as the reader's language names it ("March 2026", "marzec 2026")."""
    return babel_dates.format_date(day, "LLLL y", locale=formatting_locale())


def _what_happened(agreement: Agreement, starts: date, ends: date) -> list[ServiceError]:
    """The period must keep what already happened: the days tranches were paid, the months statements cover."""
    errors = []
    paid = [tranche.paid_on or tranche.due_on for tranche in agreement.tranches if tranche.state == TrancheState.PAID]
    if ends != agreement.ends_on and paid and ends < max(paid):
        errors.append(ServiceError(_l("A tranche was paid on %(day)s: the agreement cannot end before that.",
                                      day=format_day(max(paid))), field="ends_on"))
    months = [statement.month for statement in agreement.statements]
    if ends != agreement.ends_on and months and ends < max(months):
        errors.append(ServiceError(_l("There is a monthly statement for %(month)s: the agreement cannot end before "
                                      "that month.", month=_month(max(months))), field="ends_on"))
    if starts != agreement.starts_on and months:
        first = min(months)
        month_end = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if starts > month_end:
            errors.append(ServiceError(_l("There is a monthly statement for %(month)s: the agreement cannot start "
                                          "after that month.", month=_month(first)), field="starts_on"))
    return errors


def _grant_extras(line_id: int) -> Decimal:
    """What grant agreements take from a line beyond their awards (amendments that added to a grant)."""
    extra = ZERO
    for amount, award_amount, award_line in db.session.execute(
            select(AgreementFunding.amount, Award.amount, Award.budget_line_id)
            .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
            .outerjoin(Award, Award.id == Agreement.award_id)
            .where(AgreementFunding.budget_line_id == line_id, Agreement.kind == AgreementKind.GRANT,
                   Agreement.status != AgreementStatus.TERMINATED)):
        covered = Decimal(award_amount or 0) if award_line == line_id else ZERO
        extra += max(ZERO, Decimal(amount) - covered)
    return extra


def _contracts_on(line_id: int) -> Decimal:
    return Decimal(db.session.execute(
        select(func.coalesce(func.sum(AgreementFunding.amount), 0))
        .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
        .where(AgreementFunding.budget_line_id == line_id, Agreement.kind == AgreementKind.SERVICE_CONTRACT,
               Agreement.status != AgreementStatus.TERMINATED)).scalar_one() or 0).quantize(CENT)


def room_on_line(agreement: Agreement, line: BudgetLine, current: Decimal) -> Decimal:
    """How much more the agreement may take from ``line`` than the ``current`` amount it has there (in the
    department's view). A contract: what the line has left for contracts (its amount less the calls' pools, small
    grants and other contracts), less grants' additions. A grant: the line's amount less what awards, contracts and
    grants' additions commit on it (its own award among them)."""
    extras = _grant_extras(line.id)
    if agreement.kind == AgreementKind.SERVICE_CONTRACT:
        return lifecycle.line_free(line, leaving_out=agreement.id) - extras - current
    return line.amount - committed_on_line(line.id) - _contracts_on(line.id) - extras


@dataclass
class _Funding:
    """The checked funding of a proposal: {line id: new amount} of the rows that change or are added."""

    changed: dict[int, Decimal]
    lines: dict[int, BudgetLine]


def _funding_rows(agreement: Agreement, rows: list[dict], starts: date | None, ends: date | None,
                  problems: Problems) -> _Funding:
    current = {row.budget_line_id: row for row in agreement.funding}
    figures = agreement_money.line_figures(agreement) if agreement.funding else {}
    lines = lines_by_id([*current, *(parse_id(row.get("budget_line_id")) for row in rows)])
    changed: dict[int, Decimal] = {}
    seen: set[int] = set()
    filled = 0
    for index, row in enumerate(rows):
        line_value, amount_value = row.get("budget_line_id"), row.get("amount")
        if not str(line_value or "").strip() and amount_value in (None, ""):
            continue  # the empty row offered to add a line
        filled += 1
        field, line_field = f"funding-{index}-amount", f"funding-{index}-budget_line_id"
        line = lines.get(parse_id(line_value))
        if line is None or line.programme_id != agreement.programme_id:
            problems.errors.append(ServiceError(_l("Choose a budget line of the agreement's programme."),
                                                field=line_field))
            continue
        if line.id in seen:
            problems.errors.append(ServiceError(_l("Each budget line once: add the amounts together."),
                                                field=line_field))
            continue
        seen.add(line.id)
        amount = problems.check(lifecycle.parse_amount, amount_value, field, positive=False)
        if amount is None:
            continue
        existing = current.get(line.id)
        if existing is None and amount == 0:
            problems.errors.append(ServiceError(_l("Give an amount greater than zero."), field=field))
            continue
        if existing is not None:
            spent = figures[existing.id].due + figures[existing.id].paid if existing.id in figures else ZERO
            if amount < spent:
                problems.errors.append(ServiceError(
                    _l("%(amount)s is already approved or paid from this line: it cannot be less.",
                       amount=money(spent)), field=field))
                continue
        if amount > 0 and starts and ends and not (starts.year <= line.year <= ends.year):
            problems.errors.append(ServiceError(_l("This line is for %(year)d, outside the agreement's period.",
                                                   year=line.year), field=field))
            continue
        if existing is None or amount != existing.amount:
            changed[line.id] = amount
    if filled > FUNDING_MAX:
        problems.errors.append(ServiceError(_l("Name at most %(num)d budget lines.", num=FUNDING_MAX),
                                            field="funding"))
    return _Funding(changed, lines)


def shift_percent() -> int:
    """How much of an agreement's value an amendment may move between budget lines, in per cent (the setting)."""
    return int(current_app.config.get("AGREEMENT_SHIFT_PERCENT", 10))


def _shift(agreement: Agreement, changed: dict[int, Decimal]) -> ServiceError | None:
    """Money moved from some lines to others (the smaller of what grows and what shrinks) within the allowed shift."""
    old = {row.budget_line_id: row.amount for row in agreement.funding}
    grows = sum((max(ZERO, amount - old.get(line_id, ZERO)) for line_id, amount in changed.items()), ZERO)
    shrinks = sum((max(ZERO, old[line_id] - amount) for line_id, amount in changed.items() if line_id in old), ZERO)
    moved = min(grows, shrinks)
    percent = shift_percent()
    allowed = (agreement.value * percent / 100).quantize(CENT)
    if moved > allowed:
        return ServiceError(_l("This moves %(moved)s between budget lines; the allowed shift is %(allowed)s "
                               "(%(percent)d per cent of the value).", moved=money(moved), allowed=money(allowed),
                               percent=percent), field="funding")
    return None


def _room(agreement: Agreement, funding: _Funding, rows: list[dict], *, locking: bool) -> list[ServiceError]:
    """Each amount that grows must fit what its budget line has left (the lines locked first when approving)."""
    old = {row.budget_line_id: row.amount for row in agreement.funding}
    index_of = {parse_id(row.get("budget_line_id")): index for index, row in enumerate(rows)}
    errors = []
    for line_id in sorted(funding.changed):  # locked in one order, so two approvals never wait for each other
        amount, current = funding.changed[line_id], old.get(line_id, ZERO)
        if amount <= current:
            continue
        line = lock_row(funding.lines[line_id]) if locking else funding.lines[line_id]
        room = room_on_line(agreement, line, current)
        if amount - current > room:
            errors.append(ServiceError(_l("The budget line has %(left)s left.", left=money(max(room, ZERO))),
                                       field=f"funding-{index_of.get(line_id, 0)}-amount"))
    return errors


def _partial_reports(agreement: Agreement, days: list, starts: date | None, ends: date | None,
                     problems: Problems) -> list[date]:
    chosen: set[date] = set()
    for index, value in enumerate(days):
        if value in (None, ""):
            continue
        day, field = _day(value), f"partial_reports-{index}"
        if day is None:
            problems.errors.append(ServiceError(_l("Give the date like 2026-05-01."), field=field))
        elif starts and ends and not starts < day <= ends:  # after the end, the final report is due
            problems.errors.append(ServiceError(
                _l("A partial report is due after the start and no later than the end of the agreement."), field=field))
        else:
            chosen.add(day)
    if len(chosen) > REPORTS_MAX:
        problems.errors.append(ServiceError(_l("Ask for at most %(num)d partial reports.", num=REPORTS_MAX),
                                            field="partial_reports"))
    for due in agreement.reports_due:
        if due.kind == ReportKind.PARTIAL and due.accepted_at is not None and due.due_on not in chosen:
            problems.errors.append(ServiceError(_l("The partial report due on %(day)s is accepted: its date stays.",
                                                   day=format_day(due.due_on)), field="partial_reports"))
    return sorted(chosen)


def _targets(rows: list[dict], problems: Problems) -> list[dict]:
    """The indicator targets, whole: each with what is to be achieved; a number (with its unit) or words."""
    targets = []
    for index, row in enumerate(rows):
        if not any(str(row.get(key) or "").strip() for key in ("name", "target_value", "unit", "target_text",
                                                                 "monitoring")):
            continue  # an empty row offered for one more target
        before = len(problems.errors)
        prefix = f"targets-{index}-"
        name = problems.check(clean_text, row.get("name"), lifecycle.TITLE_MAX, prefix + "name", one_line=True)
        if not name and len(problems.errors) == before:
            problems.errors.append(ServiceError(_l("Say what is to be achieved."), field=prefix + "name"))
        value = problems.check(lifecycle.parse_units, row.get("target_value"), prefix + "target_value")
        unit = problems.check(clean_text, row.get("unit"), 60, prefix + "unit", one_line=True)
        text = problems.check(clean_text, row.get("target_text"), 200, prefix + "target_text", one_line=True)
        monitoring = problems.check(clean_text, row.get("monitoring"), lifecycle.TITLE_MAX, prefix + "monitoring",
                                    one_line=True)
        targets.append(_target_terms({"name": name, "target_value": value, "unit": unit, "target_text": text,
                                      "monitoring": monitoring}))
    if len(targets) > TARGETS_MAX:
        problems.errors.append(ServiceError(_l("Name at most %(num)d targets.", num=TARGETS_MAX), field="targets"))
    return targets


def _check(agreement: Agreement, data: dict, *, department_view: Callable, locking: bool = False) -> dict:
    """The terms that change, as JSON values, with every problem at once (``CombinedServiceError``). A key missing
    from ``data`` keeps the agreement's term."""
    problems = Problems()
    starts = _day(data["starts_on"]) if "starts_on" in data else agreement.starts_on
    ends = _day(data["ends_on"]) if "ends_on" in data else agreement.ends_on
    period = problems.check(lifecycle.check_period, starts, ends)
    if period is None:
        starts = ends = None
    else:
        problems.errors.extend(_what_happened(agreement, starts, ends))
    current = terms_of(agreement)
    rows = (list(data["funding"] or []) if "funding" in data else
            [{"budget_line_id": row["budget_line_id"], "amount": row["amount"]} for row in current["funding"]])
    funding = _funding_rows(agreement, rows, starts, ends, problems)
    if funding.changed:
        shift = _shift(agreement, funding.changed)
        if shift is not None:
            problems.errors.append(shift)
        if any(amount > next((row.amount for row in agreement.funding if row.budget_line_id == line_id), ZERO)
               for line_id, amount in funding.changed.items()):
            with department_view():
                problems.errors.extend(_room(agreement, funding, rows, locking=locking))
    targets = None
    if "targets" in data:
        targets = _targets(list(data["targets"] or []), problems)
    days = data["partial_reports"] if "partial_reports" in data else current["partial_reports"]
    partial = _partial_reports(agreement, list(days or []), starts, ends, problems)
    problems.raise_any()
    changes: dict = {}
    if starts != agreement.starts_on:
        changes["starts_on"] = _iso(starts)
    if ends != agreement.ends_on:
        changes["ends_on"] = _iso(ends)
    if funding.changed:
        changes["funding"] = [{"budget_line_id": line_id, "amount": _amount(amount)}
                              for line_id, amount in funding.changed.items()]
    if targets is not None and targets != current["targets"]:
        changes["targets"] = targets
    if [_iso(day) for day in partial] != current["partial_reports"]:
        changes["partial_reports"] = [_iso(day) for day in partial]
    return changes


def _data_of(changes: dict) -> dict:
    """A stored proposal as the data ``_check`` reads (the funding rows as they are, with the changed amounts)."""
    data = {key: changes[key] for key in ("starts_on", "ends_on", "targets", "partial_reports") if key in changes}
    if "funding" in changes:
        data["funding"] = [dict(row) for row in changes["funding"]]
    return data


def _view_for(side: Side, agreement: Agreement, *, actor, why: str) -> Callable:
    """What counting the budget lines needs: the department's own scope, or the organisation's widened to it."""
    if side == Side.DEPARTMENT:
        return contextlib.nullcontext
    return lambda: widened_scope(why, actor=actor, organisation_id=agreement.organisation_id, view="department")


# -- proposing and deciding ----------------------------------------------------------------------------------------

def open_proposal(agreement: Agreement) -> Amendment | None:
    """The amendment of the agreement waiting for a decision, if any."""
    return db.session.execute(select(Amendment).where(Amendment.agreement_id == agreement.id,
                                                      Amendment.status == AmendmentStatus.PROPOSED)
                              ).scalars().first()


def _reason(value) -> str:
    text = clean_text(value, REASON_MAX, "reason")
    if not text:
        raise ServiceError(_l("Say why the agreement is amended."), field="reason")
    return text


def propose(agreement: Agreement, side: Side | str, data: dict, reason: str, *, actor) -> Amendment:
    """Department admin or officer (``Side.DEPARTMENT``), or the organisation's admin (``Side.ORGANISATION``):
    propose an amendment of an accepted or signed agreement with a reason, for the other side to approve.

    ``data`` gives the new terms (any of ``starts_on``, ``ends_on``, ``funding`` rows of ``budget_line_id`` and
    ``amount``, ``targets``, ``partial_reports``); every problem is refused at once beside its field. The same
    proposal sent twice is made once; another one waiting refuses it. The organisation is told by e-mail when the
    department proposes (the department sees the organisation's proposals in its console); the decision is e-mailed
    back to the side that proposed."""
    side = Side(side)
    _amendable(agreement)
    agreement = lock(Agreement, agreement.id)  # proposals of one agreement are made one after the other
    _amendable(agreement)
    problems = Problems()
    text = problems.check(_reason, reason)
    view = _view_for(side, agreement, actor=actor,
                     why="amendment.proposed: what the budget lines have left for the amounts the organisation asks")
    changes = problems.check(_check, agreement, data, department_view=view)
    waiting = open_proposal(agreement)
    if waiting is not None:
        if (not problems.errors and waiting.proposed_by == side and waiting.changes == changes
                and waiting.reason == text):
            return waiting  # the same form sent twice
        problems.errors.append(ServiceError(
            _l("Amendment no. %(number)d waits for a decision: one amendment is proposed at a time.",
               number=waiting.number), field="reason"))
    problems.raise_any()
    if not changes:
        raise ServiceError(_l("Change at least one term: as it stands, the amendment changes nothing."))
    number = (db.session.execute(select(func.max(Amendment.number)).where(Amendment.agreement_id == agreement.id)
                                 ).scalar_one() or 0) + 1
    amendment = Amendment(organisation_id=agreement.organisation_id, agreement_id=agreement.id, number=number,
                          proposed_by=side, proposed_by_id=getattr(actor, "id", None), reason=text, changes=changes)
    db.session.add(amendment)
    db.session.flush()
    record_event("amendment.proposed", actor=actor, organisation_id=agreement.organisation_id, target=amendment,
                 details={"agreement": agreement.number, "number": number, "side": side.value,
                          "terms": sorted(changes)})
    if side == Side.DEPARTMENT:
        _tell_organisation(agreement, amendment)
    return amendment


def _workspace_link(agreement: Agreement, amendment: Amendment) -> str | None:
    """The address that opens the amendment in the organisation's workspace (it first makes a member of several
    organisations act for this one); None outside a request."""
    if not has_request_context():
        return None
    return url_for("account.act_for", organisation=agreement.organisation_id, _external=True,
                   next=url_for("amendments_workspace.amendment_detail", agreement_id=agreement.id,
                                amendment_id=amendment.id))


def _console_link(agreement: Agreement, amendment: Amendment) -> str | None:
    """The address of the amendment in the department's console; None outside a request."""
    if not has_request_context():
        return None
    return url_for("amendments_console.amendment_detail", agreement_id=agreement.id, amendment_id=amendment.id,
                   _external=True)


def _tell_organisation(agreement: Agreement, amendment: Amendment) -> None:
    """E-mail the organisation's admins and coordinators the department's proposal."""
    link = _workspace_link(agreement, amendment)
    subject = _l("Amendment no. %(amendment)d proposed to agreement %(number)s", amendment=amendment.number,
                 number=agreement.number)
    for user in organisation_contacts(agreement.organisation_id):
        send_mail(user.email, subject, "amendment_proposed", user.locale or "pl", agreement=agreement,
                  amendment=amendment, link=link)


def _proposer(amendment: Amendment) -> User | None:
    """The department's officer who proposed the amendment, while their account is active."""
    if amendment.proposed_by_id is None:
        return None
    return db.session.execute(select(User).where(User.id == amendment.proposed_by_id,
                                                 User.is_active_account.is_(True))).scalar_one_or_none()


def _tell_decision(agreement: Agreement, amendment: Amendment) -> None:
    """E-mail the side that proposed the amendment what the other side decided: the organisation's admins and
    coordinators (each in their language), or the department's officer who proposed it."""
    approved = amendment.status == AmendmentStatus.APPROVED
    subject = (_l("Amendment no. %(amendment)d to agreement %(number)s is approved", amendment=amendment.number,
                  number=agreement.number) if approved else
               _l("Amendment no. %(amendment)d to agreement %(number)s is rejected", amendment=amendment.number,
                  number=agreement.number))
    if amendment.proposed_by == Side.ORGANISATION:
        people, link = organisation_contacts(agreement.organisation_id), _workspace_link(agreement, amendment)
    else:
        proposer = _proposer(amendment)
        people, link = ([proposer] if proposer else []), _console_link(agreement, amendment)
    for user in people:
        send_mail(user.email, subject, "amendment_decided", user.locale or "pl", agreement=agreement,
                  amendment=amendment, approved=approved, by_department=amendment.proposed_by == Side.ORGANISATION,
                  link=link)


def _decidable(amendment: Amendment) -> Agreement:
    """The amendment's agreement, locked, with the amendment read again: still waiting for a decision."""
    agreement = lock(Agreement, amendment.agreement_id)
    db.session.execute(select(Amendment).where(Amendment.id == amendment.id)
                       .execution_options(populate_existing=True)).scalar_one()
    if amendment.status != AmendmentStatus.PROPOSED:
        raise ServiceError(_l("This amendment is no longer waiting for a decision."))
    return agreement


def _other_side(amendment: Amendment, side: Side) -> None:
    if amendment.proposed_by == side:
        raise ServiceError(_l("The other side decides on this amendment: you proposed it."))


def _decided(amendment: Amendment, status: AmendmentStatus, actor) -> None:
    amendment.status = status
    amendment.decided_at = utcnow()
    amendment.decided_by_id = getattr(actor, "id", None)


def _apply(agreement: Agreement, changes: dict) -> None:
    org = agreement.organisation_id
    if "starts_on" in changes:
        agreement.starts_on = _day(changes["starts_on"])
    if "ends_on" in changes:
        agreement.ends_on = _day(changes["ends_on"])
    rows = {row.budget_line_id: row for row in agreement.funding}
    for change in changes.get("funding", []):
        amount = Decimal(change["amount"])
        if change["budget_line_id"] in rows:
            rows[change["budget_line_id"]].amount = amount
        else:
            agreement.funding.append(AgreementFunding(organisation_id=org, budget_line_id=change["budget_line_id"],
                                                      amount=amount))
    if "targets" in changes:
        agreement.targets.clear()
        db.session.flush()
        for position, target in enumerate(changes["targets"]):
            value = target["target_value"]
            agreement.targets.append(AgreementTarget(
                organisation_id=org, position=position, name=target["name"],
                target_value=None if value is None else Decimal(value), unit=target["unit"],
                target_text=target["target_text"], monitoring=target["monitoring"]))
    if "partial_reports" in changes or "ends_on" in changes:  # the final report moves with the end
        days = changes.get("partial_reports")
        if days is None:
            days = [due.due_on.isoformat() for due in agreement.reports_due if due.kind == ReportKind.PARTIAL]
        lifecycle.set_reports_due(agreement, [_day(day) for day in days])
    db.session.flush()


def approve(amendment: Amendment, side: Side | str, *, actor) -> None:
    """The side that did not propose it (the department's admin or officer, or the organisation's admin): approve
    the amendment. Under the agreement's lock (and the budget lines' where an amount grows) it is checked again
    against the current state, then the agreement takes its terms; its terms before and after are kept. The side
    that proposed it is told by e-mail."""
    side = Side(side)
    agreement = _decidable(amendment)
    _other_side(amendment, side)
    _amendable(agreement, field=None)
    db.session.expire(agreement, ["funding", "targets", "reports_due", "tranches", "statements"])
    view = _view_for(side, agreement, actor=actor,
                     why="amendment.approved: what the budget lines have left for the amounts that grow")
    changes = _check(agreement, _data_of(amendment.changes or {}), department_view=view, locking=True)
    before = terms_of(agreement)
    _apply(agreement, changes)
    amendment.before, amendment.after = before, terms_of(agreement)
    _decided(amendment, AmendmentStatus.APPROVED, actor)
    db.session.flush()
    record_event("amendment.approved", actor=actor, organisation_id=agreement.organisation_id, target=amendment,
                 details={"agreement": agreement.number, "number": amendment.number, "side": side.value,
                          "value": amendment.after["value"], "ends_on": amendment.after["ends_on"]})
    _tell_decision(agreement, amendment)


def reject(amendment: Amendment, side: Side | str, reason: str, *, actor) -> None:
    """The side that did not propose it: reject the amendment, saying why (the agreement stays as it is); the side
    that proposed it is told by e-mail, with the reason."""
    side = Side(side)
    agreement = _decidable(amendment)
    _other_side(amendment, side)
    text = clean_text(reason, REASON_MAX, "reason")
    if not text:
        raise ServiceError(_l("Say why the amendment is rejected: the other side reads it."), field="reason")
    amendment.decision_note = text
    _decided(amendment, AmendmentStatus.REJECTED, actor)
    db.session.flush()
    record_event("amendment.rejected", actor=actor, organisation_id=agreement.organisation_id, target=amendment,
                 details={"agreement": agreement.number, "number": amendment.number, "side": side.value})
    _tell_decision(agreement, amendment)


def withdraw(amendment: Amendment, side: Side | str, *, actor) -> None:
    """The side that proposed it: withdraw an amendment still waiting for a decision (it keeps its number)."""
    side = Side(side)
    agreement = _decidable(amendment)
    if amendment.proposed_by != side:
        raise ServiceError(_l("Only the side that proposed an amendment withdraws it."))
    _decided(amendment, AmendmentStatus.WITHDRAWN, actor)
    db.session.flush()
    record_event("amendment.withdrawn", actor=actor, organisation_id=agreement.organisation_id, target=amendment,
                 details={"agreement": agreement.number, "number": amendment.number, "side": side.value})


# -- reading ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Version:
    """One version of an agreement's terms: the first as agreed, then one after each approved amendment."""

    number: int
    terms: dict
    amendment: Amendment | None  # the approved amendment that made it (None: the terms as first agreed)
    current: bool


def versions(agreement: Agreement) -> list[Version]:
    """Every version of the agreement, the first first; the last is the current one (its terms as they are now)."""
    approved = sorted((one for one in agreement.amendments if one.status == AmendmentStatus.APPROVED),
                      key=lambda one: (one.decided_at or utcnow(), one.number))
    current = terms_of(agreement)
    first = approved[0].before if approved and approved[0].before else current
    found = [Version(1, first, None, not approved)]
    for number, one in enumerate(approved, start=2):
        last = number == len(approved) + 1
        found.append(Version(number, current if last else (one.after or {}), one, last))
    return found


def waiting_for(side: Side | str) -> list[Amendment]:
    """The amendments waiting for ``side``'s decision (proposed by the other side), the oldest first, in the
    caller's scope."""
    other = Side.ORGANISATION if Side(side) == Side.DEPARTMENT else Side.DEPARTMENT
    return list(db.session.execute(
        select(Amendment).where(Amendment.status == AmendmentStatus.PROPOSED, Amendment.proposed_by == other)
        .order_by(Amendment.created_at, Amendment.id)).scalars())
