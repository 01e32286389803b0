"""What the reporting schedule asks for now: each report due of an agreement in force (or ended and still
to report), with the report answering it, and where it stands — overdue, soon due, not due yet, waiting for
review, accepted.

Read in the caller's scope: the organisation sees its own agreements' reports, the department all of them.
One query for the rows, whatever their number.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.localtime import local_today
from app.models.agreements import Agreement, AgreementStatus, ReportDue
from app.models.reports import Report, ReportStatus

SOON_DAYS = 14  # a report due within this many days is "soon due"
REVIEW_DAYS = 14  # a report waiting longer than this for review is late for the department
REPORTING = (AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED)


class DueState(enum.StrEnum):
    """Where a report due stands, as the schedule lists it."""

    OVERDUE = "overdue"  # past its date and not submitted (nothing, a draft, or returned and not resubmitted)
    SOON = "soon"  # due within SOON_DAYS and not submitted
    UPCOMING = "upcoming"  # due later
    IN_REVIEW = "in_review"  # submitted, waiting for the department
    ACCEPTED = "accepted"


@dataclass(frozen=True)
class DueRow:
    """A report due with its agreement, the report answering it (if started) and its state."""

    due: ReportDue
    agreement: Agreement
    report: Report | None
    state: DueState

    @property
    def days_left(self) -> int:
        return (self.due.due_on - local_today()).days


def state_of(due: ReportDue, report: Report | None, today: date) -> DueState:
    """The state of one report due on ``today``."""
    if (report is not None and report.status == ReportStatus.ACCEPTED) or due.accepted_at is not None:
        return DueState.ACCEPTED
    if report is not None and report.status == ReportStatus.SUBMITTED:
        return DueState.IN_REVIEW
    if due.due_on < today:
        return DueState.OVERDUE
    if (due.due_on - today).days <= SOON_DAYS:
        return DueState.SOON
    return DueState.UPCOMING


def state_sql(today: date):
    """The schedule's state of a report due in SQL (over ReportDue outer-joined to its Report), as ``state_of``
    computes it."""
    return case(
        (or_(Report.status == ReportStatus.ACCEPTED, ReportDue.accepted_at.is_not(None)),
         literal(DueState.ACCEPTED.value)),
        (Report.status == ReportStatus.SUBMITTED, literal(DueState.IN_REVIEW.value)),
        (ReportDue.due_on < today, literal(DueState.OVERDUE.value)),
        (ReportDue.due_on <= today + timedelta(days=SOON_DAYS), literal(DueState.SOON.value)),
        else_=literal(DueState.UPCOMING.value))


def asked_sql():
    """Whether the schedule still asks for a report due (SQL, over ReportDue joined to its Agreement and outer-joined
    to its Report): a terminated agreement's reports due after its termination, never started, are not asked for."""
    return or_(Agreement.status != AgreementStatus.TERMINATED, Agreement.terminated_on.is_(None),
               ReportDue.period_ends_on.is_(None), ReportDue.period_ends_on <= Agreement.terminated_on,
               Report.id.is_not(None))


def due_rows(*, agreement_id: int | None = None, states: set[DueState] | None = None,
             today: date | None = None) -> list[DueRow]:
    """Every report due of the agreements the scope can read that are signed (in force, completed, terminated
    — a terminated agreement still reports what it did), soonest first; ``states`` keeps only those. A
    terminated agreement's reports due after its termination are not asked for."""
    today = today or local_today()
    statement = (select(ReportDue, Report)
                 .join(ReportDue.agreement)
                 .outerjoin(Report, Report.report_due_id == ReportDue.id)
                 .where(Agreement.status.in_(REPORTING), asked_sql())
                 .options(contains_eager(ReportDue.agreement))
                 .order_by(ReportDue.due_on, ReportDue.id))
    if agreement_id is not None:
        statement = statement.where(ReportDue.agreement_id == agreement_id)
    rows = []
    for due, report in db.session.execute(statement).all():
        state = state_of(due, report, today)
        if states is None or state in states:
            rows.append(DueRow(due=due, agreement=due.agreement, report=report, state=state))
    return rows


@dataclass(frozen=True)
class Counts:
    """How many reports need attention: overdue, due soon, returned for correction (and not yet overdue: an overdue
    one is counted there), waiting for review."""

    overdue: int
    soon: int
    returned: int
    in_review: int

    def __bool__(self) -> bool:
        return bool(self.overdue or self.soon or self.returned or self.in_review)


def counts(today: date | None = None) -> Counts:
    """The reports needing attention in the caller's scope (an organisation's own, or the city's), counted in one
    grouped query however many agreements there are."""
    today = today or local_today()
    state = state_sql(today)
    row = db.session.execute(
        select(func.count(case((state == DueState.OVERDUE.value, 1))),
               func.count(case((state == DueState.SOON.value, 1))),
               func.count(case((and_(Report.status == ReportStatus.RETURNED, state != DueState.OVERDUE.value), 1))),
               func.count(case((state == DueState.IN_REVIEW.value, 1))))
        .select_from(ReportDue).join(ReportDue.agreement)
        .outerjoin(Report, Report.report_due_id == ReportDue.id)
        .where(Agreement.status.in_(REPORTING), asked_sql())).one()
    return Counts(overdue=row[0], soon=row[1], returned=row[2], in_review=row[3])
