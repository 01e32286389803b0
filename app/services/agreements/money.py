"""An agreement's money, computed from its parts every time (never stored twice).

- contracted: the funding rows (per budget line), whose sum is the agreement's value;
- scheduled: tranches planned but not yet approved;
- due: tranches approved and not yet paid (a service contract's approved statements);
- paid: tranches paid; returned: unused money that came back (interest apart);
- released: what a terminated or completed agreement will never be approved (its contracted less due and paid);
- remaining: contracted less due, paid and released — what can still be approved (nothing, once it is closed).

``figures_for`` gives them for many agreements in three grouped queries (the lists), ``figures`` for
one, ``line_figures`` per funding row, ``figures_where`` summed over a selection of agreements (the register's
totals), ``paid_by_line`` per budget line of a programme (the programme pages). Each query reads the agreements'
status beside the sums, so a closed agreement's unapproved money is released as the programme pages release it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Agreement,
    AgreementFunding,
    AgreementKind,
    AgreementStatus,
    BudgetLine,
    Programme,
    Refund,
    Tranche,
    TrancheState,
)
from app.services.funding.budgets import ZERO


def _d(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Figures:
    """One agreement's (or one funding row's) money."""

    contracted: Decimal = ZERO
    scheduled: Decimal = ZERO
    due: Decimal = ZERO
    paid: Decimal = ZERO
    returned: Decimal = ZERO
    interest: Decimal = ZERO
    released: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        """What can still be approved for payment: nothing on a terminated or completed agreement."""
        return self.contracted - self.due - self.paid - self.released

    @property
    def net_paid(self) -> Decimal:
        """Paid less what came back."""
        return self.paid - self.returned

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, name) + getattr(other, name) for name in FIELDS))


FIELDS = ("contracted", "scheduled", "due", "paid", "returned", "interest", "released")
STATE_FIELD = {TrancheState.SCHEDULED: "scheduled", TrancheState.APPROVED: "due", TrancheState.PAID: "paid"}
CLOSED = (AgreementStatus.TERMINATED, AgreementStatus.COMPLETED)  # nothing more is approved on these


def _closed(status) -> bool:
    return status is not None and AgreementStatus(status) in CLOSED


def _grouped(key_column, where) -> dict:
    """{(key, closed): {field: amount}} of the contracted, tranche and refund sums of the rows ``where`` selects,
    apart for the closed agreements (terminated or completed: their unapproved money is released). With no
    ``key_column`` the sums are per status only (the key is None): a total over thousands of agreements in a few
    rows."""
    sums: dict = defaultdict(lambda: dict.fromkeys(FIELDS, ZERO))
    width = 1 if key_column is not None else 0

    def grouped(model, sums_of, *by):
        keys = [*([key_column(model)] if key_column is not None else []), Agreement.status, *by]
        rows = db.session.execute(select(*keys, *sums_of).join(Agreement, Agreement.id == model.agreement_id)
                                  .where(where(model)).group_by(*keys))
        for row in rows:
            yield (row[0] if width else None), *row[width:]

    for key, status, total in grouped(AgreementFunding, [func.sum(AgreementFunding.amount)]):
        sums[key, _closed(status)]["contracted"] += _d(total)
    for key, status, state, total in grouped(Tranche, [func.sum(Tranche.amount)], Tranche.state):
        sums[key, _closed(status)][STATE_FIELD[TrancheState(state)]] += _d(total)
    for key, status, amount, interest in grouped(Refund, [func.sum(Refund.amount), func.sum(Refund.interest)]):
        sums[key, _closed(status)]["returned"] += _d(amount)
        sums[key, _closed(status)]["interest"] += _d(interest)
    return sums


def _figures(sums: dict, closed: bool) -> Figures:
    if closed:
        sums = {**sums, "released": max(sums["contracted"] - sums["due"] - sums["paid"], ZERO)}
    return Figures(**sums)


def _by_key(sums: dict, keys) -> dict:
    """{key: figures} from ``_grouped``'s sums (a key is one agreement's, so open or closed)."""
    found = {key: Figures() for key in keys}
    for (key, closed), one in sums.items():
        found[key] = found[key] + _figures(one, closed)
    return found


def figures_for(agreement_ids: list[int]) -> dict[int, Figures]:
    """{agreement id: its figures} for many agreements (three grouped queries)."""
    ids = list(agreement_ids)
    if not ids:
        return {}
    return _by_key(_grouped(lambda model: model.agreement_id, lambda model: model.agreement_id.in_(ids)), ids)


def figures_where(agreement_ids) -> Figures:
    """The figures of every agreement ``agreement_ids`` (a list, or a select of ids) names, summed in three grouped
    queries of a row per status: a closed agreement adds what it was paid or is due, nothing to what remains (what
    is approved or paid never passes an agreement's value, so the closed ones' released money sums as one)."""
    sums = _grouped(None, lambda model: model.agreement_id.in_(agreement_ids))
    return sum((_figures(one, closed) for (_key, closed), one in sums.items()), Figures())


def figures(agreement: Agreement) -> Figures:
    """One agreement's figures."""
    return figures_for([agreement.id])[agreement.id]


def line_figures(agreement: Agreement) -> dict[int, Figures]:
    """{funding row id: its figures} for one agreement (three grouped queries)."""
    ids = [row.id for row in agreement.funding]
    if not ids:
        return {}

    def funding_of(model):
        return model.id if model is AgreementFunding else model.funding_id

    return _by_key(_grouped(funding_of, lambda model: funding_of(model).in_(ids)), ids)


def total(figures_by_id: dict[int, Figures]) -> Figures:
    """The sum of many figures."""
    return sum(figures_by_id.values(), Figures())


def approved_on_line(line_id: int, *, leaving_out: int | None = None) -> Decimal:
    """What tranches approved or paid from one budget line add up to, across every agreement."""
    query = (select(func.coalesce(func.sum(Tranche.amount), 0))
             .join(AgreementFunding, AgreementFunding.id == Tranche.funding_id)
             .where(AgreementFunding.budget_line_id == line_id,
                    Tranche.state.in_([TrancheState.APPROVED, TrancheState.PAID])))
    if leaving_out is not None:
        query = query.where(Tranche.id != leaving_out)
    return _d(db.session.execute(query).scalar_one())


def _contracts_held(where, *, leaving_out: int | None = None) -> dict[int, Decimal]:
    """{budget line id: what service contracts hold on it} for the lines ``where`` selects: a contract's funding
    while it runs (or waits to), and only what was approved or paid once it is terminated (two grouped queries)."""
    held: dict[int, Decimal] = defaultdict(lambda: ZERO)
    others = [Agreement.id != leaving_out] if leaving_out is not None else []
    for line_id, amount in db.session.execute(
            select(AgreementFunding.budget_line_id, func.sum(AgreementFunding.amount))
            .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
            .join(BudgetLine, BudgetLine.id == AgreementFunding.budget_line_id)
            .where(where, Agreement.kind == AgreementKind.SERVICE_CONTRACT,
                   Agreement.status != AgreementStatus.TERMINATED, *others)
            .group_by(AgreementFunding.budget_line_id)):
        held[line_id] += _d(amount)
    for line_id, amount in db.session.execute(
            select(AgreementFunding.budget_line_id, func.sum(Tranche.amount))
            .join(Tranche, Tranche.funding_id == AgreementFunding.id)
            .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
            .join(BudgetLine, BudgetLine.id == AgreementFunding.budget_line_id)
            .where(where, Agreement.kind == AgreementKind.SERVICE_CONTRACT,
                   Agreement.status == AgreementStatus.TERMINATED,
                   Tranche.state.in_([TrancheState.APPROVED, TrancheState.PAID]), *others)
            .group_by(AgreementFunding.budget_line_id)):
        held[line_id] += _d(amount)
    return dict(held)


def contracts_by_line(programme: Programme) -> dict[int, Decimal]:
    """{budget line id: what service contracts hold on it} for one programme (a terminated one: what it was paid
    or is due)."""
    return _contracts_held(BudgetLine.programme_id == programme.id)


def contracts_on_line(line_id: int, *, leaving_out: int | None = None) -> Decimal:
    """What service contracts hold on one budget line (but the agreement ``leaving_out``)."""
    return _contracts_held(BudgetLine.id == line_id, leaving_out=leaving_out).get(line_id, ZERO)


def paid_by_line(programme: Programme) -> dict[int, Decimal]:
    """{budget line id: paid on it, less what came back} for one programme (two queries)."""
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line_id, amount in db.session.execute(
            select(AgreementFunding.budget_line_id, func.sum(Tranche.amount))
            .join(Tranche, Tranche.funding_id == AgreementFunding.id)
            .join(BudgetLine, BudgetLine.id == AgreementFunding.budget_line_id)
            .where(BudgetLine.programme_id == programme.id, Tranche.state == TrancheState.PAID)
            .group_by(AgreementFunding.budget_line_id)):
        paid[line_id] += _d(amount)
    for line_id, amount in db.session.execute(
            select(AgreementFunding.budget_line_id, func.sum(Refund.amount))
            .join(Refund, Refund.funding_id == AgreementFunding.id)
            .join(BudgetLine, BudgetLine.id == AgreementFunding.budget_line_id)
            .where(BudgetLine.programme_id == programme.id)
            .group_by(AgreementFunding.budget_line_id)):
        paid[line_id] -= _d(amount)
    return dict(paid)
