"""What the reporting schedule asks for now: each report due of an agreement in force (or ended and still
to report), with the report answering it, and where it stands — overdue, soon due, not due yet, waiting for
review, accepted.

Read in the caller's scope: the organisation sees its own agreements' reports, the department all of them.
One query for the rows, whatever their number.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
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


def due_rows(*, agreement_id: int | None = None, states: set[DueState] | None = None,
             today: date | None = None) -> list[DueRow]:
    """Every report due of the agreements the scope can read that are signed (in force, completed, terminated
    — a terminated agreement still reports what it did), soonest first; ``states`` keeps only those. A
    terminated agreement's reports due after its termination are not asked for."""
    today = today or local_today()
    statement = (select(ReportDue, Report)
                 .join(ReportDue.agreement)
                 .outerjoin(Report, Report.report_due_id == ReportDue.id)
                 .where(Agreement.status.in_(REPORTING))
                 .options(contains_eager(ReportDue.agreement))
                 .order_by(ReportDue.due_on, ReportDue.id))
    if agreement_id is not None:
        statement = statement.where(ReportDue.agreement_id == agreement_id)
    rows = []
    for due, report in db.session.execute(statement).all():
        agreement = due.agreement
        if (agreement.status == AgreementStatus.TERMINATED and agreement.terminated_on is not None
                and due.period_ends_on is not None and due.period_ends_on > agreement.terminated_on
                and report is None):
            continue
        state = state_of(due, report, today)
        if states is None or state in states:
            rows.append(DueRow(due=due, agreement=agreement, report=report, state=state))
    return rows
