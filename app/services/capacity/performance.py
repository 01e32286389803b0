"""A service contract's performance: the place-days its units delivered, month by month, beside what it bought and
what the organisation declared.

For a contract paid per place-day (``Agreement.unit == PLACE_DAY``) the units delivering it are the capacity units
of the contract's services (``AgreementService``). Each day counts, for each unit, the highest occupancy that day
(``OccupancyDay.occupied_max``); a day nobody changed the counts carries the unit's occupancy as its last earlier
day ended. A day counts at most the places the contract keeps (``Agreement.places``: a 30-bed shelter that sells
the city 12 places delivers at most 12 place-days a day). The days' counts summed over the month are the
place-days delivered. Beside them: what the contract
bought — its planned units spread over its period by days, and the places it keeps × the month's days — and the
units of the organisation's monthly statement. A statement that differs from the history by more than
``TOLERANCE_SHARE`` (or ``TOLERANCE_UNITS`` place-days, whichever is more) is flagged — only for a month the
history covers whole; a month whose days it does not wholly cover (a unit had no counts yet, or the month is not
over) is not compared and says how many days it covers.

The units of a joint party's service count too: they are read in the named scope ``capacity.contract_performance``
(sums only, for a contract the reader has already opened through their own scope).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from app.extensions import db
from app.models import Agreement, AgreementKind, AgreementService, CapacityUnit, ServiceUnit, Statement
from app.services.agreements.statements import month_label
from app.services.capacity.board import unit_days
from app.tenancy import system_scope

TOLERANCE_SHARE = Decimal("0.05")
TOLERANCE_UNITS = Decimal(2)


@dataclass
class MonthPerformance:
    month: date  # its first day
    days: int  # days of the month inside the contract's period, up to today
    days_in_period: int  # days of the month inside the contract's period
    days_covered: int  # of those, the days every unit's counts are known
    delivered: int  # place-days from the occupancy history
    planned: Decimal | None  # the planned units spread over the period by days
    capacity: int | None  # the places the contract keeps × the month's days in its period
    declared: Decimal | None  # the monthly statement's units
    statement_status: object | None

    @property
    def label(self) -> str:
        """The month as people name it ("marzec 2026")."""
        return month_label(self.month)

    @property
    def difference(self) -> Decimal | None:
        """Declared less delivered (None without a statement)."""
        return None if self.declared is None else self.declared - self.delivered

    @property
    def differs(self) -> bool:
        """The statement and the history differ by more than the tolerance — asked only of a month the history
        covers whole (a month with days of no counts, or not over yet, is not compared: it says how many days it
        covers instead)."""
        if self.declared is None or self.days_covered < self.days_in_period:
            return False
        return abs(self.difference) > max(TOLERANCE_UNITS, (Decimal(self.delivered) * TOLERANCE_SHARE))

    @property
    def partly_covered(self) -> bool:
        """Some of the month's days so far have no counts of every unit."""
        return self.days_covered < self.days

    @property
    def under_way(self) -> bool:
        """The month (within the contract's period) is not over yet: counted up to today."""
        return self.days < self.days_in_period


@dataclass
class Performance:
    units: list[str]  # the units counted, by name
    months: list[MonthPerformance]

    @property
    def flagged(self) -> int:
        return sum(month.differs for month in self.months)


def applies(agreement: Agreement) -> bool:
    """Place-days are counted for a service contract paid per place-day."""
    return agreement.kind == AgreementKind.SERVICE_CONTRACT and agreement.unit == ServiceUnit.PLACE_DAY


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def contract_performance(agreement: Agreement, today: date) -> Performance | None:
    """The contract's months from its start to today (or its end) with the place-days delivered, bought and
    declared; None when the contract is not paid per place-day."""
    if not applies(agreement):
        return None
    last = min(agreement.ends_on, today)
    service_ids = [link.service_id for link in agreement.services]
    with system_scope("capacity.contract_performance"):
        if not service_ids:
            service_ids = list(db.session.execute(select(AgreementService.service_id).where(
                AgreementService.agreement_id == agreement.id)).scalars())
        units = db.session.execute(select(CapacityUnit.id, CapacityUnit.name).where(
            CapacityUnit.service_id.in_(service_ids)).order_by(CapacityUnit.name)).all() if service_ids else []
        carried, by_unit = (unit_days([unit.id for unit in units], agreement.starts_on, last)
                            if units and last >= agreement.starts_on else ({}, {}))
    statements = {statement.month: statement for statement in db.session.execute(
        select(Statement).where(Statement.agreement_id == agreement.id)).scalars()}
    period_days = (agreement.ends_on - agreement.starts_on).days + 1
    delivered: dict[date, int] = {}
    covered: dict[date, int] = {}
    days = [agreement.starts_on + timedelta(days=offset)
            for offset in range(max((last - agreement.starts_on).days + 1, 0))]
    day_total = [0] * len(days)
    day_known = [0] * len(days)
    for unit in units:
        state = carried.get(unit.id)
        rows = by_unit.get(unit.id, [])
        position = 0
        for index, day in enumerate(days):
            if position < len(rows) and rows[position].day == day:
                row = rows[position]
                position += 1
                day_total[index] += row.occupied_max
                day_known[index] += 1
                state = (row.occupied_last, row.in_service_last)
            elif state is not None:
                day_total[index] += state[0]
                day_known[index] += 1
    for index, day in enumerate(days):
        month = day.replace(day=1)
        if agreement.places:  # the contract pays for its places only, however many more the units keep
            day_total[index] = min(day_total[index], agreement.places)
        delivered[month] = delivered.get(month, 0) + day_total[index]
        covered[month] = covered.get(month, 0) + (1 if units and day_known[index] == len(units) else 0)
    months = []
    for month in _months(agreement.starts_on, max(last, agreement.starts_on)):
        month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        in_period = (min(month_end, agreement.ends_on) - max(month, agreement.starts_on)).days + 1
        shown_days = max((min(month_end, last) - max(month, agreement.starts_on)).days + 1, 0)
        planned = None
        if agreement.units_planned is not None and period_days > 0:
            planned = (agreement.units_planned * in_period / period_days).quantize(Decimal("0.01"), ROUND_HALF_UP)
        statement = statements.get(month)
        months.append(MonthPerformance(
            month=month, days=shown_days, days_in_period=in_period, days_covered=covered.get(month, 0),
            delivered=delivered.get(month, 0),
            planned=planned, capacity=agreement.places * in_period if agreement.places else None,
            declared=statement.units if statement is not None else None,
            statement_status=statement.status if statement is not None else None))
    return Performance(units=[unit.name for unit in units], months=months)
