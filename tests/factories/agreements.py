"""Agreements (grant agreements and service contracts), their tranches and monthly statements."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.extensions import db
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementStatus,
    AgreementTarget,
    GrantMode,
    ReportDue,
    ReportKind,
    ServiceUnit,
    Statement,
    StatementStatus,
    Tranche,
    TrancheState,
    utcnow,
)
from tests.factories.base import FactoryBase, id_of


class Agreements(FactoryBase):
    def agreement(self, organisation, programme: int, line: int, amount: str = "12000.00", *,
                  kind: AgreementKind | str = AgreementKind.SERVICE_CONTRACT,
                  status: AgreementStatus | str = AgreementStatus.IN_FORCE, year: int = 2026,
                  starts_on: date = date(2026, 1, 1), ends_on: date = date(2026, 12, 31), award: int | None = None,
                  unit_price: str = "50.00", title: str | None = None, **fields) -> int:
        """An agreement (its id) of ``organisation`` paid ``amount`` from budget ``line``: a service contract priced
        per place-day by default (a grant with ``kind="grant"``), in force, with one target and its final report
        due 30 days after the end."""
        kind, status = AgreementKind(kind), AgreementStatus(status)
        sequence = self._next()
        values = {"title": title or f"Umowa {sequence}", "subject": "Przedmiot umowy.", "starts_on": starts_on,
                  "ends_on": ends_on, "status": status}
        if kind == AgreementKind.SERVICE_CONTRACT:
            values.update(procurement_reference=f"ZP.271.{sequence}.{year}", unit=ServiceUnit.PLACE_DAY,
                          unit_price=Decimal(unit_price), places=12)
        else:
            values.update(grant_mode=GrantMode.SUPPORT, award_id=award)
        if status in (AgreementStatus.SENT, AgreementStatus.ACCEPTED, AgreementStatus.IN_FORCE,
                      AgreementStatus.COMPLETED, AgreementStatus.TERMINATED):
            values["sent_at"] = utcnow()
        if status in (AgreementStatus.ACCEPTED, AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED,
                      AgreementStatus.TERMINATED):
            values["accepted_at"] = utcnow()
        if status in (AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED):
            values.setdefault("signed_on", starts_on)
        values.update(fields)
        with self._writing():
            agreement = self._add(Agreement(organisation_id=id_of(organisation), kind=kind, programme_id=programme,
                                            year=year, sequence=sequence, number=f"WZ.526.{sequence}.{year}",
                                            **values))
            org = agreement.organisation_id
            agreement.funding.append(AgreementFunding(organisation_id=org, budget_line_id=line,
                                                      amount=Decimal(amount)))
            agreement.targets.append(AgreementTarget(organisation_id=org, position=0, name="Osoby objęte pomocą",
                                                     target_value=Decimal("20"), unit="osób",
                                                     monitoring="Lista obecności"))
            agreement.reports_due.append(ReportDue(organisation_id=org, kind=ReportKind.FINAL,
                                                   period_ends_on=ends_on, due_on=ends_on + timedelta(days=30)))
            db.session.flush()
            return agreement.id

    def tranche(self, agreement: int, amount: str, *, state: TrancheState | str = TrancheState.SCHEDULED,
                due_on: date = date(2026, 2, 1), **fields) -> int:
        """A tranche (its id) of ``agreement`` from its first funding row."""
        with self._writing():
            funding = db.session.execute(db.select(AgreementFunding).where(
                AgreementFunding.agreement_id == agreement).order_by(AgreementFunding.id)).scalars().first()
            state = TrancheState(state)
            values = {"due_on": due_on, "amount": Decimal(amount), "state": state, **fields}
            if state in (TrancheState.APPROVED, TrancheState.PAID):
                values.setdefault("approved_at", utcnow())
            if state == TrancheState.PAID:
                values.setdefault("paid_on", due_on)
                values.setdefault("payment_reference", f"PP/{self._next()}")
            return self._add(Tranche(organisation_id=funding.organisation_id, agreement_id=agreement,
                                     funding_id=funding.id, **values)).id

    def report_due(self, agreement: int, kind: ReportKind | str = ReportKind.PARTIAL, *, due_on: date,
                   period_ends_on: date | None = None) -> int:
        """A report due (its id) in ``agreement``'s reporting schedule."""
        with self._writing():
            row = db.session.execute(db.select(Agreement).where(Agreement.id == agreement)).scalar_one()
            return self._add(ReportDue(organisation_id=row.organisation_id, agreement_id=agreement,
                                       kind=ReportKind(kind), due_on=due_on,
                                       period_ends_on=period_ends_on or due_on - timedelta(days=1))).id

    def final_due(self, agreement: int) -> int:
        """The id of ``agreement``'s final report due."""
        with self._writing():
            return db.session.execute(db.select(ReportDue.id).where(
                ReportDue.agreement_id == agreement, ReportDue.kind == ReportKind.FINAL)).scalar_one()

    def statement(self, agreement: int, month: date, units: str, *,
                  status: StatementStatus | str = StatementStatus.SUBMITTED, **fields) -> int:
        """A monthly statement (its id) of a service contract: ``units`` delivered in ``month``."""
        with self._writing():
            row = db.session.execute(db.select(Agreement).where(Agreement.id == agreement)).scalar_one()
            status = StatementStatus(status)
            values = {"units": Decimal(units), "status": status, **fields}
            if status != StatementStatus.DRAFT:
                values.setdefault("submitted_at", utcnow())
            return self._add(Statement(organisation_id=row.organisation_id, agreement_id=agreement,
                                       month=month.replace(day=1), **values)).id
