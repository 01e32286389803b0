"""The public results page: per programme and year, the money of the city's signed agreements and what the
accepted reports say they achieved — aggregates only, never a person, a report's text or a draft.

Money is read in the **public scope**: signed agreements (in force, completed, terminated), their funding rows
(contracted) and paid tranches less returned money (paid), as the "who received what" page reads them.

Results and beneficiaries add up the figures of each signed agreement's latest accepted report
(``dashboard.latest_accepted_reports``) against the agreements' targets. The targets, the reports and their due
dates are not public rows, so these sums are read in the named system scope ``results.public_aggregates`` with the
public conditions written into every query: the agreement signed, the report accepted, the figure accepted. Only
sums and counts leave this module (tests/security/test_scope_discipline.py names the exception).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app.extensions import db
from app.models import Agreement, AgreementFunding, Programme, Refund, Tranche, TrancheState
from app.models.agreements import SIGNED
from app.services.reports import dashboard
from app.services.reports.dashboard import Beneficiaries, DashboardFilter, TargetRow
from app.tenancy import public_scope, system_scope

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ProgrammeMoney:
    programme_id: int
    name: str
    agreements: int
    contracted: Decimal
    paid: Decimal


@dataclass
class PublicResults:
    chosen: DashboardFilter
    money: list[ProgrammeMoney]
    targets: list[TargetRow]
    people: Beneficiaries

    @property
    def contracted(self) -> Decimal:
        return sum((row.contracted for row in self.money), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((row.paid for row in self.money), ZERO)

    @property
    def agreements(self) -> int:
        return sum(row.agreements for row in self.money)


@dataclass(frozen=True)
class PublicChoices:
    years: tuple[int, ...]
    programmes: tuple[tuple[int, str], ...]


def _public_filter(year: int | None, programme_id: int | None) -> DashboardFilter:
    return DashboardFilter(year=year, programme_id=programme_id, signed_only=True)


def choices(locale: str) -> PublicChoices:
    """The years some signed agreement runs in (the latest first) and the programmes that have one (public scope)."""
    with public_scope():
        first, last = db.session.execute(select(func.min(Agreement.starts_on), func.max(Agreement.ends_on))
                                         .where(Agreement.status.in_(SIGNED))).one()
        programmes = db.session.execute(
            select(Programme).where(Programme.id.in_(select(Agreement.programme_id)
                                                      .where(Agreement.status.in_(SIGNED))))
            .order_by(Programme.name_pl)).scalars().all()
        return PublicChoices(years=tuple(range(last.year, first.year - 1, -1)) if first and last else (),
                             programmes=tuple((programme.id, programme.text("name", locale))
                                              for programme in programmes))


def money_by_programme(chosen: DashboardFilter, locale: str) -> list[ProgrammeMoney]:
    """Per programme: the signed agreements running in the year, what they contract and what was paid on them (less
    what came back) — four grouped queries in the public scope."""
    with public_scope():
        ids = dashboard.selected(chosen)
        counts = dict(db.session.execute(select(Agreement.programme_id, func.count(Agreement.id))
                                         .where(Agreement.id.in_(ids)).group_by(Agreement.programme_id)).all())
        if not counts:
            return []
        contracted = dict(db.session.execute(
            select(Agreement.programme_id, func.sum(AgreementFunding.amount))
            .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
            .where(Agreement.id.in_(ids)).group_by(Agreement.programme_id)).all())
        paid = dict(db.session.execute(
            select(Agreement.programme_id, func.sum(Tranche.amount))
            .join(Agreement, Agreement.id == Tranche.agreement_id)
            .where(Agreement.id.in_(ids), Tranche.state == TrancheState.PAID)
            .group_by(Agreement.programme_id)).all())
        returned = dict(db.session.execute(
            select(Agreement.programme_id, func.sum(Refund.amount))
            .join(Agreement, Agreement.id == Refund.agreement_id)
            .where(Agreement.id.in_(ids)).group_by(Agreement.programme_id)).all())
        programmes = db.session.execute(select(Programme).where(Programme.id.in_(list(counts)))).scalars().all()
        rows = [ProgrammeMoney(programme.id, programme.text("name", locale), counts[programme.id],
                               dashboard._d(contracted.get(programme.id)),
                               dashboard._d(paid.get(programme.id)) - dashboard._d(returned.get(programme.id)))
                for programme in programmes]
    return sorted(rows, key=lambda row: row.name.casefold())


def results(year: int | None, programme_id: int | None, locale: str) -> PublicResults:
    """Everything the public results page shows for a year and programme (None: all)."""
    chosen = _public_filter(year, programme_id)
    money = money_by_programme(chosen, locale)
    with system_scope("results.public_aggregates"):  # sums of signed agreements' accepted reports only
        targets = dashboard.targets_vs_actuals(chosen)
        people = dashboard.without_small_counts(dashboard.beneficiaries(chosen))
    return PublicResults(chosen=chosen, money=money, targets=targets, people=people)


def default_year(years: tuple[int, ...], today: date) -> int | None:
    """This year if some signed agreement runs in it, else the latest that has one."""
    if today.year in years:
        return today.year
    return years[0] if years else None
