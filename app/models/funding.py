"""Funding: the department's programmes and their budgets per year, funding source and task.

A programme (the municipal programme for preventing alcohol problems, the yearly programme
of cooperation with NGOs…) is adopted by the council and runs for some years. Its budget is
a set of lines, each an amount planned for one year, from one funding source, for one task.
Every total (per programme, year, source) is computed from the lines, never stored.
Programmes belong to the department (``organisation_id`` is the department's).
"""

from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Numeric, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, string_enum
from app.models.directory import Translated

MONEY = Numeric(14, 2)


class FundingSource(enum.StrEnum):
    """Where the money of a budget line comes from."""

    CITY_BUDGET = "city_budget"
    EU_FUNDS = "eu_funds"
    STATE_BUDGET = "state_budget"
    STATE_FUND = "state_fund"  # targeted state funds such as PFRON
    SPONSOR = "sponsor"


class Programme(Translated, TenantOwned, Timestamped, db.Model):
    """A municipal programme adopted by the council, running from ``first_year`` to ``last_year``."""

    __tablename__ = "programme"
    __table_args__ = (Index("uq_programme_name", "organisation_id", "name_pl", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name_pl: Mapped[str] = mapped_column(String(300), nullable=False)
    name_uk: Mapped[str | None] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    description_pl: Mapped[str | None] = mapped_column(Text)
    description_uk: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(String(200))  # the council's resolution adopting it
    first_year: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    last_year: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="programme", cascade="all, delete-orphan",
        order_by="(BudgetLine.year, BudgetLine.source, BudgetLine.task_pl)")


class BudgetLine(Translated, TenantOwned, Timestamped, db.Model):
    """An amount planned in a programme for one year, from one funding source, for one task."""

    __tablename__ = "budget_line"
    __table_args__ = (Index("uq_budget_line", "programme_id", "year", "source", "task_pl", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    year: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    source: Mapped[FundingSource] = mapped_column(string_enum(FundingSource, "funding_source"), nullable=False)
    task_pl: Mapped[str] = mapped_column(String(300), nullable=False)
    task_uk: Mapped[str | None] = mapped_column(String(300))
    task_en: Mapped[str | None] = mapped_column(String(300))
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[Programme] = relationship(back_populates="budget_lines")
