"""Funding: the department's programmes and their budgets per year, funding source and task.

A programme (the municipal programme for preventing alcohol problems, the yearly programme
of cooperation with NGOs…) is adopted by the council and runs for some years. Its budget is
a set of lines, each an amount planned for one year, from one funding source, for one task.
Every total (per programme, year, source) is computed from the lines, never stored.
Programmes belong to the department (``organisation_id`` is the department's).

A call for offers (``Call``) belongs to a programme and is paid from one budget line; its
criteria and, once published, each version of its announcement are kept with it.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Numeric, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum, utcnow
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

    @classmethod
    def public_criteria(cls):
        """A programme is the council's public act: anyone may read its name and purpose (its budget
        lines stay with the department)."""
        return lambda programme: programme.id.isnot(None)


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


class GrantMode(enum.StrEnum):
    """How a call finances a task (art. 16): the whole of it, or part of it beside the organisation's own."""

    ENTRUSTING = "entrusting"  # powierzenie: full financing
    SUPPORT = "support"  # wsparcie: co-financing with an own contribution


class PublicSphere(enum.StrEnum):
    """The spheres of public tasks (art. 4 of the Act on Public Benefit) the department's calls concern."""

    SOCIAL_ASSISTANCE = "social_assistance"
    FAMILY_SUPPORT = "family_support"
    HEALTH = "health"
    DISABILITY = "disability"
    ADDICTIONS = "addictions"
    DOMESTIC_VIOLENCE = "domestic_violence"
    SENIORS = "seniors"
    CHILDREN_RECREATION = "children_recreation"
    SOCIAL_INCLUSION = "social_inclusion"
    VOLUNTEERING = "volunteering"


class CallStatus(enum.StrEnum):
    """Where a call stands. A published call is open for offers until its deadline, then closed."""

    DRAFT = "draft"
    PUBLISHED = "published"
    FORMAL_CHECK = "formal_check"
    EVALUATION = "evaluation"
    DECIDED = "decided"
    ANNULLED = "annulled"


class Call(Translated, TenantOwned, Timestamped, db.Model):
    """An open call for offers (otwarty konkurs ofert) of a programme, paid from one of its budget lines."""

    __tablename__ = "call"
    __table_args__ = (Index("uq_call_title", "organisation_id", "title_pl", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="RESTRICT"), nullable=False,
                                              index=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id", ondelete="RESTRICT"), nullable=False,
                                                index=True)
    title_pl: Mapped[str] = mapped_column(String(300), nullable=False)
    title_uk: Mapped[str | None] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    task_pl: Mapped[str] = mapped_column(Text, nullable=False)  # the public task and what offers should do
    task_uk: Mapped[str | None] = mapped_column(Text)
    task_en: Mapped[str | None] = mapped_column(Text)
    sphere: Mapped[PublicSphere] = mapped_column(string_enum(PublicSphere, "public_sphere"), nullable=False,
                                                 index=True)
    grant_mode: Mapped[GrantMode] = mapped_column(string_enum(GrantMode, "grant_mode"), nullable=False)
    pool: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    minimum_grant: Mapped[Decimal | None] = mapped_column(MONEY)
    maximum_grant: Mapped[Decimal | None] = mapped_column(MONEY)
    own_share_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"), nullable=False)
    in_kind_counts: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    task_starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    task_ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    eligible_kinds: Mapped[str] = mapped_column(String(300), default=" ", nullable=False)  # " ngo church "
    attachments_pl: Mapped[str | None] = mapped_column(Text)  # required attachments, one a line
    attachments_uk: Mapped[str | None] = mapped_column(Text)
    attachments_en: Mapped[str | None] = mapped_column(Text)
    spent_this_year: Mapped[Decimal | None] = mapped_column(MONEY)  # on the same kind of task (art. 13)
    spent_last_year: Mapped[Decimal | None] = mapped_column(MONEY)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    decision_by: Mapped[date | None] = mapped_column(Date)
    status: Mapped[CallStatus] = mapped_column(string_enum(CallStatus, "call_status"), default=CallStatus.DRAFT,
                                               nullable=False, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    annulled_reason: Mapped[str | None] = mapped_column(Text)
    commission_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # scores final and visible
    results_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("call.id", ondelete="SET NULL"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    programme: Mapped[Programme] = relationship()
    budget_line: Mapped[BudgetLine] = relationship()
    criteria: Mapped[list[CallCriterion]] = relationship(back_populates="call", cascade="all, delete-orphan",
                                                         order_by="CallCriterion.position")
    versions: Mapped[list[CallVersion]] = relationship(back_populates="call", cascade="all, delete-orphan",
                                                       order_by="CallVersion.number")

    @property
    def kind_list(self) -> list[str]:
        return self.eligible_kinds.split()

    @classmethod
    def public_criteria(cls):
        """Residents and organisations see every call once it is published (an annulled one with its reason)."""
        return lambda call: call.status != CallStatus.DRAFT


class CallCriterion(Translated, TenantOwned, db.Model):
    """A criterion offers are scored by, with its maximum points (the statutory ones carry a code)."""

    __tablename__ = "call_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    code: Mapped[str | None] = mapped_column(String(40))  # a statutory criterion (art. 15 ust. 1)
    name_pl: Mapped[str] = mapped_column(String(300), nullable=False)
    name_uk: Mapped[str | None] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    max_points: Mapped[int] = mapped_column(SmallInteger, nullable=False)

    call: Mapped[Call] = relationship(back_populates="criteria")

    @classmethod
    def public_criteria(cls):
        """A published call's criteria are part of its announcement."""
        return lambda criterion: criterion.call.has(Call.status != CallStatus.DRAFT)


class CallVersion(TenantOwned, db.Model):
    """The announcement as published (number 1) and after each change, with the reason for the change."""

    __tablename__ = "call_version"
    __table_args__ = (Index("uq_call_version", "call_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    snapshot: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    call: Mapped[Call] = relationship(back_populates="versions")

    @classmethod
    def public_criteria(cls):
        """The history of a published call is public."""
        return lambda version: version.call.has(Call.status != CallStatus.DRAFT)
