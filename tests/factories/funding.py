"""The department's programmes, their budget lines, and calls for offers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.models import (
    BudgetLine,
    Call,
    CallCriterion,
    CallStatus,
    CallVersion,
    FundingSource,
    GrantMode,
    Programme,
    PublicSphere,
    utcnow,
)
from app.services.funding.calls import STATUTORY_CRITERIA, snapshot
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

    def call(self, department, programme: int, line: int, title_pl: str | None = None, *,
             status: CallStatus | str = CallStatus.PUBLISHED, opens_in: timedelta = timedelta(days=-1),
             open_for: timedelta = timedelta(days=30), pool: str = "100000.00", **fields) -> int:
        """A call (its id) of ``programme`` paid from ``line``, with the statutory criteria, published by default."""
        opens = utcnow() + opens_in
        values = {"title_pl": title_pl or f"Konkurs {self._next()}", "task_pl": "Opis zadania publicznego.",
                  "sphere": PublicSphere.SOCIAL_ASSISTANCE, "grant_mode": GrantMode.SUPPORT, "pool": Decimal(pool),
                  "own_share_percent": Decimal("10"), "eligible_kinds": " association ngo ",
                  "task_starts_on": (opens + open_for + timedelta(days=10)).date(),
                  "task_ends_on": (opens + open_for + timedelta(days=200)).date(),
                  "opens_at": opens, "closes_at": opens + open_for, "status": CallStatus(status), **fields}
        with self._writing():
            call = self._add(Call(organisation_id=id_of(department), programme_id=programme, budget_line_id=line,
                                  **values))
            for position, (code, _label, points) in enumerate(STATUTORY_CRITERIA):
                call.criteria.append(CallCriterion(organisation_id=call.organisation_id, position=position,
                                                   code=code, name_pl=f"Kryterium {code}", max_points=points))
            if call.status != CallStatus.DRAFT:
                call.published_at = opens
                call.versions.append(CallVersion(organisation_id=call.organisation_id, number=1,
                                                 snapshot=snapshot(call)))
            return call.id
