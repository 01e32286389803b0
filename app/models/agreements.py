"""Agreements: grant agreements (from an award) and service contracts, their money, reports due and amendments.

An agreement belongs to the organisation that carries out the task (``organisation_id`` is the
lead organisation's), so the organisation reads its own agreements in its own scope and another
organisation's agreement is a 404. Every part — joint parties, funding per budget line, the
directory services that deliver it, indicator targets, the reporting schedule, tranches,
returns, monthly statements, amendments, the signed scan — belongs to it too. The department
writes them in its department scope. Links to the department's rows (the award, the budget
line, the programme) and to a joint party's services cross tenants and are marked so.

A **grant agreement** starts from an ``Award``: its value is the award's amount, its cost
estimate and schedule are the offer's (as revised within a reduced award) — read from the
frozen offer, never copied. Its targets start from the offer's results table and are the
agreement's own from then on (amendments change them). A **service contract** is created by
the department with the reference of the procurement or decision it came from, priced per unit
(a place-day, an hour of counselling).

Money is computed from the parts, never stored twice: contracted = the funding rows; approved,
paid and due = the tranches (a service contract's tranche comes from an approved statement);
remaining = contracted less what is approved or paid.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Numeric, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum, utcnow
from app.models.funding import MONEY, BudgetLine, GrantMode, Programme
from app.models.offers import CROSS_TENANT, Award

UNITS = Numeric(12, 2)


class AgreementKind(enum.StrEnum):
    """A grant agreement (from an award in a call or a small grant) or a contract for services."""

    GRANT = "grant"
    SERVICE_CONTRACT = "service_contract"


class AgreementStatus(enum.StrEnum):
    """Where an agreement stands: draft → sent → accepted → in force → completed, or terminated."""

    DRAFT = "draft"
    SENT = "sent"  # to the organisation, waiting for its admin's acceptance
    ACCEPTED = "accepted"  # by the organisation's admin; waiting for the signatures to be recorded
    IN_FORCE = "in_force"  # signed (on paper or with a qualified signature): money may flow
    COMPLETED = "completed"  # the final report was accepted
    TERMINATED = "terminated"  # ended early, with a reason


SIGNED = (AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED, AgreementStatus.TERMINATED)


class ServiceUnit(enum.StrEnum):
    """What a service contract pays for, one unit at a time."""

    PLACE_DAY = "place_day"  # a place (a bed) for a day: a shelter, a crisis hotel
    FLAT_MONTH = "flat_month"  # a protected flat for a month
    PLACE_MONTH = "place_month"  # a day-club or home place for a month
    HOUR = "hour"  # an hour of counselling or therapy
    MEAL = "meal"
    SERVICE = "service"  # one service delivered (a consultation, a visit)


class SigningMethod(enum.StrEnum):
    """How the agreement was signed."""

    PAPER = "paper"
    QUALIFIED_SIGNATURE = "qualified_signature"


class ReportKind(enum.StrEnum):
    """A partial report (on dates the department sets) or the final one (within 30 days of the end)."""

    PARTIAL = "partial"
    FINAL = "final"


class TrancheState(enum.StrEnum):
    """A payment: scheduled → approved → paid."""

    SCHEDULED = "scheduled"
    APPROVED = "approved"
    PAID = "paid"


class StatementStatus(enum.StrEnum):
    """A monthly statement of units delivered: prepared, submitted by the admin, approved or returned."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class AmendmentStatus(enum.StrEnum):
    """An amendment (aneks): proposed by one side, approved or rejected by the other, or withdrawn."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Side(enum.StrEnum):
    """Which party acts: the department (the city) or the organisation."""

    DEPARTMENT = "department"
    ORGANISATION = "organisation"


def _public_with_agreement():
    """A part of an agreement is public with a signed agreement."""
    return lambda part: part.agreement.has(Agreement.status.in_(SIGNED))


class Agreement(TenantOwned, Timestamped, db.Model):
    """A grant agreement or a service contract between the city and an organisation (the lead party)."""

    __tablename__ = "agreement"
    __table_args__ = (Index("uq_agreement_year_sequence", "year", "sequence", unique=True),
                      Index("uq_agreement_award", "award_id", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AgreementKind] = mapped_column(string_enum(AgreementKind, "agreement_kind"), nullable=False,
                                                index=True)
    status: Mapped[AgreementStatus] = mapped_column(string_enum(AgreementStatus, "agreement_status"),
                                                    default=AgreementStatus.DRAFT, nullable=False, index=True)
    year: Mapped[int] = mapped_column(SmallInteger, nullable=False, index=True)  # of the number
    sequence: Mapped[int] = mapped_column(nullable=False)  # within the year
    number: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)  # "WZ.526.14.2027"
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    subject: Mapped[str | None] = mapped_column(Text)  # what is to be done (the framework contract's § 1)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="RESTRICT"), nullable=False,
                                              index=True)
    award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id", ondelete="RESTRICT"))
    grant_mode: Mapped[GrantMode | None] = mapped_column(string_enum(GrantMode, "grant_mode"))
    procurement_reference: Mapped[str | None] = mapped_column(String(200))  # the procedure or decision
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    # A service contract's price: so much per unit, about so many units.
    unit: Mapped[ServiceUnit | None] = mapped_column(string_enum(ServiceUnit, "service_unit"))
    unit_price: Mapped[Decimal | None] = mapped_column(MONEY)
    units_planned: Mapped[Decimal | None] = mapped_column(UNITS)
    places: Mapped[int | None] = mapped_column(SmallInteger)  # places (beds, flats) the contract keeps
    own_contribution: Mapped[Decimal | None] = mapped_column(MONEY)  # a grant's own part (from the offer)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id", ondelete="SET NULL"))  # None: city
    return_days: Mapped[int] = mapped_column(SmallInteger, default=15, nullable=False)  # unused money back within
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    signed_on: Mapped[date | None] = mapped_column(Date)
    signing_method: Mapped[SigningMethod | None] = mapped_column(string_enum(SigningMethod, "signing_method"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str | None] = mapped_column(Text)
    declined_reason: Mapped[str | None] = mapped_column(Text)  # the organisation's, when it sent a draft back
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    organisation = relationship("Organisation", foreign_keys="Agreement.organisation_id")
    programme: Mapped[Programme] = relationship(info=CROSS_TENANT)
    award: Mapped[Award | None] = relationship(info=CROSS_TENANT)
    district = relationship("District")
    parties: Mapped[list[AgreementParty]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                         order_by="AgreementParty.id")
    funding: Mapped[list[AgreementFunding]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                           order_by="AgreementFunding.id")
    services: Mapped[list[AgreementService]] = relationship(back_populates="agreement",
                                                            cascade="all, delete-orphan",
                                                            order_by="AgreementService.id")
    targets: Mapped[list[AgreementTarget]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                          order_by="AgreementTarget.position")
    reports_due: Mapped[list[ReportDue]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                        order_by="(ReportDue.due_on, ReportDue.id)")
    tranches: Mapped[list[Tranche]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                   order_by="(Tranche.due_on, Tranche.id)")
    refunds: Mapped[list[Refund]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                 order_by="Refund.returned_on")
    statements: Mapped[list[Statement]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                       order_by="Statement.month")
    amendments: Mapped[list[Amendment]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                       order_by="Amendment.number")
    documents: Mapped[list[AgreementDocument]] = relationship(back_populates="agreement",
                                                              cascade="all, delete-orphan",
                                                              order_by="AgreementDocument.id")

    @property
    def value(self) -> Decimal:
        """The agreement's total value: the sum of its funding per budget line."""
        return sum((row.amount for row in self.funding), Decimal("0.00"))

    @property
    def is_grant(self) -> bool:
        return self.kind == AgreementKind.GRANT

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED

    @classmethod
    def public_criteria(cls):
        """Who received what is public once the agreement is signed (in force, completed or terminated)."""
        return lambda agreement: agreement.status.in_(SIGNED)


class AgreementParty(TenantOwned, db.Model):
    """A joint party beside the lead organisation (the joint applicants of a joint offer)."""

    __tablename__ = "agreement_party"
    __table_args__ = (Index("uq_agreement_party", "agreement_id", "partner_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False,
                                            index=True)

    agreement: Mapped[Agreement] = relationship(back_populates="parties")
    partner = relationship("Organisation", foreign_keys=[partner_id])

    @classmethod
    def public_criteria(cls):
        return _public_with_agreement()


class AgreementFunding(TenantOwned, db.Model):
    """The part of the agreement's value paid from one of the department's budget lines."""

    __tablename__ = "agreement_funding"
    __table_args__ = (Index("uq_agreement_funding", "agreement_id", "budget_line_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id", ondelete="RESTRICT"), nullable=False,
                                                index=True)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)

    agreement: Mapped[Agreement] = relationship(back_populates="funding")
    budget_line: Mapped[BudgetLine] = relationship(info=CROSS_TENANT)

    @classmethod
    def public_criteria(cls):
        return _public_with_agreement()


class AgreementService(TenantOwned, db.Model):
    """A directory service that delivers the agreement (of the lead or a joint party)."""

    __tablename__ = "agreement_service"
    __table_args__ = (Index("uq_agreement_service", "agreement_id", "service_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), nullable=False,
                                            index=True)

    agreement: Mapped[Agreement] = relationship(back_populates="services")
    service = relationship("Service", info=CROSS_TENANT)


class AgreementTarget(TenantOwned, db.Model):
    """An indicator target: the result, the value to reach (a number and its unit), how it is measured."""

    __tablename__ = "agreement_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    target_value: Mapped[Decimal | None] = mapped_column(UNITS)
    unit: Mapped[str | None] = mapped_column(String(60))  # people, hours, families…
    target_text: Mapped[str | None] = mapped_column(String(200))  # as the offer put it, when not a number
    monitoring: Mapped[str | None] = mapped_column(String(300))

    agreement: Mapped[Agreement] = relationship(back_populates="targets")


class ReportDue(TenantOwned, db.Model):
    """A report the reporting schedule asks for: partial on a date, or final (within 30 days of the end)."""

    __tablename__ = "report_due"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    kind: Mapped[ReportKind] = mapped_column(string_enum(ReportKind, "report_kind"), nullable=False)
    period_ends_on: Mapped[date | None] = mapped_column(Date)  # the period a partial report covers
    due_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set when the report is accepted

    agreement: Mapped[Agreement] = relationship(back_populates="reports_due")


class Tranche(TenantOwned, Timestamped, db.Model):
    """A payment on an agreement from one of its budget lines: scheduled → approved → paid.

    A grant's tranches are scheduled with the agreement; one may wait for an accepted partial report.
    A service contract's tranche is the amount due for an approved monthly statement."""

    __tablename__ = "tranche"
    __table_args__ = (Index("uq_tranche_statement", "statement_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    funding_id: Mapped[int] = mapped_column(ForeignKey("agreement_funding.id", ondelete="RESTRICT"),
                                            nullable=False, index=True)
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"))
    report_due_id: Mapped[int | None] = mapped_column(ForeignKey("report_due.id", ondelete="SET NULL"))
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    state: Mapped[TrancheState] = mapped_column(string_enum(TrancheState, "tranche_state"),
                                                default=TrancheState.SCHEDULED, nullable=False, index=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    paid_on: Mapped[date | None] = mapped_column(Date)
    payment_reference: Mapped[str | None] = mapped_column(String(100))

    agreement: Mapped[Agreement] = relationship(back_populates="tranches")
    funding: Mapped[AgreementFunding] = relationship()
    statement: Mapped[Statement | None] = relationship(back_populates="tranche")
    report_due: Mapped[ReportDue | None] = relationship()

    @classmethod
    def public_criteria(cls):
        """A paid tranche of a signed agreement is public (the money disbursed)."""
        return lambda tranche: tranche.agreement.has(Agreement.status.in_(SIGNED))


class Refund(TenantOwned, db.Model):
    """Unused money returned by the organisation, with interest for a late return."""

    __tablename__ = "refund"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    funding_id: Mapped[int] = mapped_column(ForeignKey("agreement_funding.id", ondelete="RESTRICT"),
                                            nullable=False)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)  # when it should have come back
    returned_on: Mapped[date] = mapped_column(Date, nullable=False)
    interest: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"), nullable=False)  # for a late return
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    agreement: Mapped[Agreement] = relationship(back_populates="refunds")
    funding: Mapped[AgreementFunding] = relationship()

    @classmethod
    def public_criteria(cls):
        return _public_with_agreement()


class Statement(TenantOwned, Timestamped, db.Model):
    """A service contract's monthly statement: the units delivered in one month."""

    __tablename__ = "statement"
    __table_args__ = (Index("uq_statement_month", "agreement_id", "month", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    month: Mapped[date] = mapped_column(Date, nullable=False)  # the first day of the month
    units: Mapped[Decimal] = mapped_column(UNITS, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[StatementStatus] = mapped_column(string_enum(StatementStatus, "statement_status"),
                                                    default=StatementStatus.DRAFT, nullable=False, index=True)
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    return_reason: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[Agreement] = relationship(back_populates="statements")
    tranche: Mapped[Tranche | None] = relationship(back_populates="statement", uselist=False)


class Amendment(TenantOwned, Timestamped, db.Model):
    """An amendment (aneks): the changes one side proposes with a reason, numbered, approved by the other.

    ``changes`` holds the proposed values (period, funding per line, targets, reporting dates);
    ``before`` and ``after`` the agreement's terms as they were and became when it was approved —
    so every earlier version of the agreement can be shown."""

    __tablename__ = "amendment"
    __table_args__ = (Index("uq_amendment_number", "agreement_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    number: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    proposed_by: Mapped[Side] = mapped_column(string_enum(Side, "side"), nullable=False)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    changes: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    status: Mapped[AmendmentStatus] = mapped_column(string_enum(AmendmentStatus, "amendment_status"),
                                                    default=AmendmentStatus.PROPOSED, nullable=False)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decision_note: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[Agreement] = relationship(back_populates="amendments")

    @classmethod
    def public_criteria(cls):
        """An approved amendment of a signed agreement is public (OCDS lists it)."""
        return lambda amendment: amendment.agreement.has(Agreement.status.in_(SIGNED))


class AgreementDocument(TenantOwned, db.Model):
    """A scan of the signed agreement or an amendment, stored outside the web root (type read from content)."""

    __tablename__ = "agreement_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendment.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(String(120), nullable=False)
    size: Mapped[int] = mapped_column(nullable=False)
    stored_name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    agreement: Mapped[Agreement] = relationship(back_populates="documents")
