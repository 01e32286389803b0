"""Budget totals, computed from the budget lines every time (never stored twice).

``programme_budget`` gives one programme's planned amounts as a table: a row per year, a
column per funding source, with totals per year, per source and overall. ``city_budget``
gives the same across every programme for one year, a row per programme. ``set_aside_by_line``
gives what calls for offers set aside from each line (their pools); ``line_figures`` sets beside
each line what its calls set aside, what awards and service contracts commit, what was paid and what is
left, and ``programme_committed`` what awards commit per year and source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from app.extensions import db
from app.models import Award, BudgetLine, Call, CallStatus, FundingSource, Programme

ZERO = Decimal("0.00")


@dataclass
class BudgetTable:
    """Planned amounts by row (a year, or a programme) and funding source, with the totals."""

    rows: list = field(default_factory=list)  # row keys, in order
    sources: list[FundingSource] = field(default_factory=list)  # the sources that have money, in enum order
    cells: dict = field(default_factory=dict)  # (row, source) -> Decimal
    row_totals: dict = field(default_factory=dict)
    source_totals: dict = field(default_factory=dict)
    total: Decimal = ZERO

    def cell(self, row, source: FundingSource) -> Decimal:
        return self.cells.get((row, source), ZERO)


def _table(sums) -> BudgetTable:
    """A BudgetTable from (row, source, amount) sums, rows in the order they come."""
    table = BudgetTable()
    row_totals: dict = defaultdict(lambda: ZERO)
    source_totals: dict = defaultdict(lambda: ZERO)
    for row, source, amount in sums:
        amount = Decimal(amount or 0).quantize(Decimal("0.01"))
        if row not in row_totals:
            table.rows.append(row)
        table.cells[(row, source)] = amount
        row_totals[row] += amount
        source_totals[source] += amount
    table.sources = [source for source in FundingSource if source in source_totals]
    table.row_totals, table.source_totals = dict(row_totals), dict(source_totals)
    table.total = sum(row_totals.values(), ZERO)
    return table


def programme_budget(programme: Programme) -> BudgetTable:
    """One programme's planned amounts per year and source (one query)."""
    sums = db.session.execute(
        select(BudgetLine.year, BudgetLine.source, func.sum(BudgetLine.amount))
        .where(BudgetLine.programme_id == programme.id)
        .group_by(BudgetLine.year, BudgetLine.source).order_by(BudgetLine.year)).all()
    return _table(sums)


def city_budget(year: int) -> BudgetTable:
    """Every programme's planned amounts for ``year`` per source, a row per programme id (one query)."""
    sums = db.session.execute(
        select(BudgetLine.programme_id, BudgetLine.source, func.sum(BudgetLine.amount))
        .join(Programme, Programme.id == BudgetLine.programme_id)
        .where(BudgetLine.year == year)
        .group_by(BudgetLine.programme_id, Programme.name_pl, BudgetLine.source)
        .order_by(Programme.name_pl)).all()
    return _table(sums)


def planned_totals() -> dict[int, Decimal]:
    """{programme id: everything planned over all its years} (one query)."""
    return {programme_id: Decimal(total).quantize(Decimal("0.01")) for programme_id, total in db.session.execute(
        select(BudgetLine.programme_id, func.sum(BudgetLine.amount)).group_by(BudgetLine.programme_id))}


def committed_totals() -> dict[int, Decimal]:
    """{programme id: what awards commit over all its years} (one query)."""
    return {programme_id: Decimal(total).quantize(Decimal("0.01")) for programme_id, total in db.session.execute(
        select(BudgetLine.programme_id, func.sum(Award.amount))
        .join(Award, Award.budget_line_id == BudgetLine.id).group_by(BudgetLine.programme_id))}


def set_aside_by_line(programme: Programme) -> dict[int, Decimal]:
    """{budget line id: what the calls paid from it set aside} for one programme (annulled calls set aside
    nothing; one query)."""
    return {line_id: Decimal(total).quantize(Decimal("0.01")) for line_id, total in db.session.execute(
        select(Call.budget_line_id, func.sum(Call.pool))
        .where(Call.programme_id == programme.id, Call.status != CallStatus.ANNULLED)
        .group_by(Call.budget_line_id))}


def set_aside_on(line_id: int, *, leaving_out: int | None = None) -> Decimal:
    """What the calls paid from one budget line set aside, but the call ``leaving_out`` (one query)."""
    query = select(func.coalesce(func.sum(Call.pool), 0)).where(Call.budget_line_id == line_id,
                                                               Call.status != CallStatus.ANNULLED)
    if leaving_out is not None:
        query = query.where(Call.id != leaving_out)
    return Decimal(db.session.execute(query).scalar_one()).quantize(Decimal("0.01"))


def held_outside_calls(line: BudgetLine) -> Decimal:
    """What a budget line holds beside its calls' pools: the small grants paid from it and the service contracts
    paid from it (a call's pool can only be set aside from the rest)."""
    from app.services.agreements.money import contracts_on_line

    small = db.session.execute(select(func.coalesce(func.sum(Award.amount), 0))
                               .where(Award.budget_line_id == line.id, Award.call_id.is_(None))).scalar_one()
    return Decimal(small or 0).quantize(Decimal("0.01")) + contracts_on_line(line.id)


def budget_years() -> list[int]:
    """The years any budget line is planned for, the latest first."""
    return list(db.session.execute(select(BudgetLine.year).distinct().order_by(BudgetLine.year.desc())).scalars())


@dataclass(frozen=True)
class LineFigures:
    """One budget line's money: planned, set aside by calls (their pools), committed by awards (in calls and
    small grants) and by service contracts (not terminated), paid on agreements (less what came back), and
    remaining (planned less the pools, the small grants and the contracts; the awards of a call come out of its
    pool)."""

    planned: Decimal
    set_aside: Decimal
    committed: Decimal
    remaining: Decimal
    contracts: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def committed_total(self) -> Decimal:
        """What awards and service contracts commit together."""
        return self.committed + self.contracts


LINE_FIGURES = ("planned", "set_aside", "committed", "remaining", "contracts", "paid")


def line_figures(programme: Programme) -> tuple[dict[int, LineFigures], LineFigures]:
    """({budget line id: its figures}, the programme's totals) — computed in six queries."""
    from app.services.agreements.money import contracts_by_line, paid_by_line
    from app.services.funding.awards import committed_by_line, small_grants_by_line

    set_aside, committed = set_aside_by_line(programme), committed_by_line(programme)
    small, contracts, paid = small_grants_by_line(programme), contracts_by_line(programme), paid_by_line(programme)
    figures = {}
    for line in programme.budget_lines:
        pools, contracted = set_aside.get(line.id, ZERO), contracts.get(line.id, ZERO)
        figures[line.id] = LineFigures(line.amount, pools, committed.get(line.id, ZERO),
                                       line.amount - pools - small.get(line.id, ZERO) - contracted,
                                       contracted, paid.get(line.id, ZERO))
    total = LineFigures(*(sum((getattr(one, name) for one in figures.values()), ZERO) for name in LINE_FIGURES))
    return figures, total


def programme_committed(programme: Programme) -> BudgetTable:
    """What awards commit in one programme per year and source, with the totals (one query)."""
    sums = db.session.execute(
        select(BudgetLine.year, BudgetLine.source, func.sum(Award.amount))
        .join(Award, Award.budget_line_id == BudgetLine.id)
        .where(BudgetLine.programme_id == programme.id)
        .group_by(BudgetLine.year, BudgetLine.source).order_by(BudgetLine.year)).all()
    return _table(sums)
