"""Outcome reports: an indicator target, a report due moved, and a report answering a due with its figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.localtime import WARSAW
from app.models import Agreement, AgreementTarget, ReportDue
from app.models.reports import FigureKind, Report, ReportDecision, ReportFigure, ReportStatus, ReportVersion
from tests.factories.base import FactoryBase


def _moment(day: date) -> datetime:
    """Noon in Warsaw on ``day``, as an aware datetime."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=WARSAW)


class Reports(FactoryBase):
    def move_due(self, due: int, due_on: date) -> int:
        """Move a report due (``report_due``, ``final_due`` of the agreements' factories) to ``due_on``; its id."""
        with self._writing():
            db.session.execute(select(ReportDue).where(ReportDue.id == due)).scalar_one().due_on = due_on
            return due

    def target(self, agreement: int, name: str, value: str | None = "10", *, unit: str | None = "osób") -> int:
        """An indicator target (its id) of ``agreement``."""
        with self._writing():
            row = db.session.execute(select(Agreement).where(Agreement.id == agreement)).scalar_one()
            return self._add(AgreementTarget(organisation_id=row.organisation_id, agreement_id=agreement,
                                             position=len(row.targets), name=name, unit=unit,
                                             target_value=Decimal(value) if value is not None else None)).id

    def targets_of(self, agreement: int) -> list[int]:
        """The ids of the agreement's targets, in order."""
        with self._writing():
            return list(db.session.execute(select(AgreementTarget.id).where(AgreementTarget.agreement_id == agreement)
                                           .order_by(AgreementTarget.position, AgreementTarget.id)).scalars())

    def report(self, due: int, *, status: ReportStatus | str = ReportStatus.ACCEPTED,
               results: dict | None = None, figures: list[tuple] = (), submitted_on: date | None = None,
               versions: int | None = None) -> int:
        """A report (its id) answering the report due ``due``: ``results`` {target id: actual} and ``figures``
        [(kind, key, value)] written as its figures (accepted when the report is). A submitted, returned or accepted
        report has ``versions`` versions (1 by default; a returned one is decided "returned", an accepted one's last
        "accepted"), the first submitted on ``submitted_on`` (the due date by default); a draft has none."""
        status = ReportStatus(status)
        with self._writing():
            report_due = db.session.execute(select(ReportDue).where(ReportDue.id == due)).scalar_one()
            organisation = report_due.organisation_id
            submitted = _moment(submitted_on or report_due.due_on)
            report = self._add(Report(organisation_id=organisation, agreement_id=report_due.agreement_id,
                                      report_due_id=due, status=status, content={"narrative": "Opis."}))
            count = 0 if status == ReportStatus.DRAFT else (versions or 1)
            for number in range(1, count + 1):
                last = number == count
                decision = None
                if not last or status == ReportStatus.RETURNED:
                    decision = ReportDecision.RETURNED
                elif status == ReportStatus.ACCEPTED:
                    decision = ReportDecision.ACCEPTED
                moment = submitted + timedelta(days=number - 1)
                report.versions.append(ReportVersion(organisation_id=organisation, number=number, content={},
                                                     submitted_at=moment, decision=decision,
                                                     decided_at=moment if decision else None))
            if count:
                report.submitted_at = submitted + timedelta(days=count - 1)
            if status == ReportStatus.ACCEPTED:
                report.decided_at = report_due.accepted_at = submitted + timedelta(days=count)
            rows = [(FigureKind.RESULT, str(target), value) for target, value in (results or {}).items()]
            for kind, key, value in [*rows, *figures]:
                report.figures.append(ReportFigure(organisation_id=organisation, agreement_id=report.agreement_id,
                                                   accepted=status == ReportStatus.ACCEPTED, kind=FigureKind(kind),
                                                   key=str(key), value=Decimal(str(value))))
            db.session.flush()
            return report.id
