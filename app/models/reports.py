"""Outcome reports on agreements, the reminders sent about them, and the city's own yearly indicators.

A **report** answers one ``ReportDue`` of an agreement's reporting schedule (partial or final) and
belongs, like every part of an agreement, to the organisation that carries it out. Its working copy
(``content``) is saved at any time as the organisation types it — even half-typed, so nothing is lost
on a failed submission or an expired session. Submitting checks it whole and freezes it as a numbered
``ReportVersion``; the department accepts or returns that version with a comment per section. Every
version is kept, so two can be compared side by side.

The figures of the submitted version that dashboards add up across agreements — each target's actual,
beneficiaries by age band, sex, district and group, spending per funding source, income — are also
written as ``ReportFigure`` rows (kind, key, value), so a programme's results are one grouped query
however many agreements it has. Beneficiaries are counted in aggregate only: no name or case data has
a field anywhere.

``ReminderSent`` logs every reminder the scheduled command sends; its unique key makes a second run
send nothing twice. ``CityIndicator`` and ``IndicatorValue`` are the department's own yearly figures
(monitored families, children placed in care…) with a source note.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Numeric, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.agreements import Agreement, ReportDue
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum, utcnow
from app.models.directory import Translated


class ReportStatus(enum.StrEnum):
    """Where a report stands: being written, waiting for review, sent back with comments, or accepted."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class ReportDecision(enum.StrEnum):
    """The department's decision on a submitted version."""

    RETURNED = "returned"
    ACCEPTED = "accepted"


class FigureKind(enum.StrEnum):
    """What a report figure counts (its key says which one)."""

    RESULT = "result"  # key: the target's id — the actual achieved
    PEOPLE = "people"  # key: "total" — beneficiaries in all
    AGE = "age"  # key: an age band
    SEX = "sex"  # key: women, men, not_given
    DISTRICT = "district"  # key: a district's id, or "outside"
    GROUP = "group"  # key: a directory target group
    SOURCE = "source"  # key: a funding source — the money actually spent from it
    INCOME = "income"  # key: "total"
    UNITS = "units"  # key: "delivered" — a service contract's units


class Report(TenantOwned, Timestamped, db.Model):
    """An outcome report answering one report due of an agreement."""

    __tablename__ = "report"
    __table_args__ = (Index("uq_report_due", "report_due_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    report_due_id: Mapped[int] = mapped_column(ForeignKey("report_due.id", ondelete="CASCADE"), nullable=False)
    status: Mapped[ReportStatus] = mapped_column(string_enum(ReportStatus, "report_status"),
                                                 default=ReportStatus.DRAFT, nullable=False, index=True)
    content: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)  # the working copy, as typed
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # of the latest version
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    agreement: Mapped[Agreement] = relationship()
    due: Mapped[ReportDue] = relationship()
    versions: Mapped[list[ReportVersion]] = relationship(back_populates="report", cascade="all, delete-orphan",
                                                         order_by="ReportVersion.number")
    attachments: Mapped[list[ReportAttachment]] = relationship(back_populates="report",
                                                               cascade="all, delete-orphan",
                                                               order_by="ReportAttachment.id")
    figures: Mapped[list[ReportFigure]] = relationship(back_populates="report", cascade="all, delete-orphan")

    @property
    def latest(self) -> ReportVersion | None:
        return self.versions[-1] if self.versions else None


class ReportVersion(TenantOwned, db.Model):
    """A submitted version of a report, frozen, with the department's decision and comments per section."""

    __tablename__ = "report_version"
    __table_args__ = (Index("uq_report_version", "report_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    content: Mapped[dict] = mapped_column(JSON, nullable=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decision: Mapped[ReportDecision | None] = mapped_column(string_enum(ReportDecision, "report_decision"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    comments: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)  # section → the officer's comment

    report: Mapped[Report] = relationship(back_populates="versions")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


class ReportAttachment(TenantOwned, db.Model):
    """A file attached to a report (a list of participants' signatures in aggregate, photographs, invoices…)."""

    __tablename__ = "report_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True)
    label: Mapped[str] = mapped_column(String(300), nullable=False)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(String(120), nullable=False)
    size: Mapped[int] = mapped_column(nullable=False)
    stored_name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    report: Mapped[Report] = relationship(back_populates="attachments")


class ReportFigure(TenantOwned, db.Model):
    """One figure of a report's latest submitted version, for adding up across agreements."""

    __tablename__ = "report_figure"
    __table_args__ = (Index("ix_report_figure_kind", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)  # the report was accepted
    kind: Mapped[FigureKind] = mapped_column(string_enum(FigureKind, "figure_kind"), nullable=False)
    key: Mapped[str] = mapped_column(String(40), nullable=False)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False)

    report: Mapped[Report] = relationship(back_populates="figures")

    @classmethod
    def public_criteria(cls):
        """The public results page adds up the figures of accepted reports (aggregates, never a person)."""
        return lambda figure: figure.accepted.is_(True)


class ReminderSent(db.Model):
    """A reminder e-mail the scheduled command sent: once per occasion and recipient, whatever runs again."""

    __tablename__ = "reminder_sent"
    __table_args__ = (Index("uq_reminder_sent", "occasion", "recipient", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occasion: Mapped[str] = mapped_column(String(80), nullable=False)  # e.g. "due:14:before14", "review:9"
    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"),
                                                        index=True)
    report_due_id: Mapped[int | None] = mapped_column(ForeignKey("report_due.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class CityIndicator(Translated, TenantOwned, Timestamped, db.Model):
    """A yearly figure the department keeps of its own: monitored families, children placed in care…"""

    __tablename__ = "city_indicator"
    __table_args__ = (Index("uq_city_indicator_code", "organisation_id", "code", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), nullable=False)
    name_pl: Mapped[str] = mapped_column(String(200), nullable=False)
    name_uk: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    unit_pl: Mapped[str | None] = mapped_column(String(60))
    unit_uk: Mapped[str | None] = mapped_column(String(60))
    unit_en: Mapped[str | None] = mapped_column(String(60))
    source_note: Mapped[str | None] = mapped_column(Text)  # where the figures come from
    position: Mapped[int] = mapped_column(SmallInteger, default=0, nullable=False)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    values: Mapped[list[IndicatorValue]] = relationship(back_populates="indicator", cascade="all, delete-orphan",
                                                        order_by="IndicatorValue.year")

    @classmethod
    def public_criteria(cls):
        """Residents see the indicators the department publishes."""
        return lambda indicator: indicator.is_public.is_(True)


class IndicatorValue(TenantOwned, db.Model):
    """An indicator's figure for one year, with its own source note when it differs."""

    __tablename__ = "indicator_value"
    __table_args__ = (Index("uq_indicator_value_year", "indicator_id", "year", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("city_indicator.id", ondelete="CASCADE"), nullable=False)
    year: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2), nullable=False)
    note: Mapped[str | None] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    indicator: Mapped[CityIndicator] = relationship(back_populates="values")

    @classmethod
    def public_criteria(cls):
        return lambda value: value.indicator.has(CityIndicator.is_public.is_(True))
