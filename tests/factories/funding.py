"""The department's programmes and their budget lines."""

from __future__ import annotations

from decimal import Decimal

from app.models import BudgetLine, FundingSource, Programme
from tests.factories.base import FactoryBase, id_of


class Funding(FactoryBase):
    def programme(self, department, name_pl: str | None = None, *, first_year: int = 2026, last_year: int = 2027,
                  **fields) -> int:
        """A programme of ``department`` (its id)."""
        with self._writing():
            return self._add(Programme(organisation_id=id_of(department),
                                       name_pl=name_pl or f"Program {self._next()}", first_year=first_year,
                                       last_year=last_year, **fields)).id

    def budget_line(self, department, programme: int, amount: str = "1000.00", *, year: int = 2026,
                    source: FundingSource | str = FundingSource.CITY_BUDGET, task_pl: str | None = None,
                    **fields) -> int:
        """A budget line (its id) of ``programme``."""
        with self._writing():
            return self._add(BudgetLine(organisation_id=id_of(department), programme_id=programme, year=year,
                                        source=FundingSource(source), amount=Decimal(amount),
                                        task_pl=task_pl or f"Zadanie {self._next()}", **fields)).id
