"""Offers (oferta, the 2018 statutory structure), their evaluation by a commission, and awards.

An offer belongs to the organisation that applies (``organisation_id`` is the applicant's): its
parts — joint applicants, activities, expected results, cost lines, attachments — belong to it
too. An offer answers a call (``call_id``), or is a small grant without a competition
(art. 19a, ``kind`` = small_grant, no call). The call belongs to the department, so the offer's
link to it crosses tenants: the relationship is marked ``cross_tenant`` and the write guard of
app/tenancy.py does not ask them to share an organisation.

The evaluation belongs to the department: the commission's members (department officers and
people representing other organisations), each member's assignment to an offer (with the
declaration of conflicts made before seeing it) and the scores per criterion. An award is the
department's decision to fund an offer with an amount from a budget line; the next step
(the agreement) starts from it.

Totals (an offer's costs, its sources, a call's committed money, a final score) are computed
from these rows, never stored.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Numeric, SmallInteger, String, Text, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum, utcnow
from app.models.funding import MONEY, BudgetLine, Call, CallCriterion, CallStatus, PublicSphere

CROSS_TENANT = {"cross_tenant": True}  # a link to a row of another organisation (the department's call)


class OfferKind(enum.StrEnum):
    """An offer in an open call, or a small grant without a competition (art. 19a)."""

    CALL = "call"
    SMALL_GRANT = "small_grant"


class OfferStatus(enum.StrEnum):
    """Where an offer stands for its organisation: a draft, submitted (with a receipt number), or withdrawn."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class FormalOutcome(enum.StrEnum):
    """The outcome of the formal check of a submitted offer."""

    PASSED = "passed"
    TO_CORRECT = "to_correct"  # the organisation corrects the named items by a date, then it is checked again
    REJECTED = "rejected"


class CostKind(enum.StrEnum):
    """A cost line of the offer's cost estimate: of the activities, or administrative."""

    ACTIVITY = "activity"
    ADMINISTRATIVE = "administrative"


class Offer(TenantOwned, Timestamped, db.Model):
    """An organisation's offer to carry out a public task, in a call or as a small grant."""

    __tablename__ = "offer"
    __table_args__ = (Index("uq_offer_receipt", "receipt_number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OfferKind] = mapped_column(string_enum(OfferKind, "offer_kind"), default=OfferKind.CALL,
                                            nullable=False)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id", ondelete="RESTRICT"), index=True)
    status: Mapped[OfferStatus] = mapped_column(string_enum(OfferStatus, "offer_status"),
                                                default=OfferStatus.DRAFT, nullable=False, index=True)
    receipt_number: Mapped[str | None] = mapped_column(String(40))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Applicant data as prefilled from the registry and corrected by the organisation.
    applicant: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    representatives: Mapped[str | None] = mapped_column(Text)  # people entitled to sign per KRS, one a line
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    # The sphere of public tasks (a small grant's simplified offer names it; an offer in a call has the call's).
    sphere: Mapped[PublicSphere | None] = mapped_column(string_enum(PublicSphere, "public_sphere"))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(Text)
    target_group: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)  # the task in brief: need, aim, how
    other_information: Mapped[str | None] = mapped_column(Text)
    # Funding sources (section V.B of the 2018 form); the total of costs must equal their sum.
    requested_grant: Mapped[Decimal | None] = mapped_column(MONEY)
    own_financial: Mapped[Decimal | None] = mapped_column(MONEY)
    own_in_kind: Mapped[Decimal | None] = mapped_column(MONEY)  # personal (incl. volunteers) and in-kind
    recipients_payments: Mapped[Decimal | None] = mapped_column(MONEY)
    other_funds: Mapped[Decimal | None] = mapped_column(MONEY)  # other public or private funds
    statements_accepted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # The formal check (section 4 of the call's procedure).
    formal_outcome: Mapped[FormalOutcome | None] = mapped_column(string_enum(FormalOutcome, "formal_outcome"))
    formal_items: Mapped[list] = mapped_column(JSON, default=list, nullable=False)  # checklist items not met
    formal_reason: Mapped[str | None] = mapped_column(Text)
    correct_by: Mapped[date | None] = mapped_column(Date)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    formal_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    formal_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # A small grant (art. 19a): published for comments for 7 days, then decided.
    comments_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comments_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why an offer was not funded, as told to the organisation when the results are out.
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    call: Mapped[Call | None] = relationship(info=CROSS_TENANT)
    partners: Mapped[list[OfferPartner]] = relationship(back_populates="offer", cascade="all, delete-orphan",
                                                        order_by="OfferPartner.id")
    activities: Mapped[list[OfferActivity]] = relationship(back_populates="offer", cascade="all, delete-orphan",
                                                           order_by="(OfferActivity.revised, "
                                                                    "OfferActivity.position)")
    results: Mapped[list[OfferResult]] = relationship(back_populates="offer", cascade="all, delete-orphan",
                                                      order_by="OfferResult.position")
    costs: Mapped[list[OfferCost]] = relationship(back_populates="offer", cascade="all, delete-orphan",
                                                  order_by="(OfferCost.revised, OfferCost.position)")
    attachments: Mapped[list[OfferAttachment]] = relationship(back_populates="offer", cascade="all, delete-orphan",
                                                              order_by="OfferAttachment.id")

    def cost_lines(self, *, revised: bool = False) -> list[OfferCost]:
        """The cost estimate as offered, or (``revised``) as re-entered within a reduced award."""
        return [cost for cost in self.costs if cost.revised == revised]

    def plan(self, *, revised: bool = False) -> list[OfferActivity]:
        """The activity plan as offered, or (``revised``) as updated within a reduced award."""
        return [activity for activity in self.activities if activity.revised == revised]

    def total_costs(self, *, revised: bool = False) -> Decimal:
        """The total of the cost estimate."""
        return sum((cost.total for cost in self.cost_lines(revised=revised)), Decimal("0.00"))

    def grant_in_costs(self, *, revised: bool = False) -> Decimal:
        """The part of the cost estimate paid from the grant."""
        return sum((cost.from_grant or Decimal("0.00") for cost in self.cost_lines(revised=revised)),
                   Decimal("0.00"))

    @property
    def sources_total(self) -> Decimal:
        """The sum of the funding sources (it must equal the total of costs)."""
        return sum((value or Decimal("0.00") for value in (self.requested_grant, self.own_financial,
                                                           self.own_in_kind, self.recipients_payments,
                                                           self.other_funds)), Decimal("0.00"))

    def own_contribution(self, *, in_kind_counts: bool = True) -> Decimal:
        """What the organisation brings beside the grant (its in-kind part only where the call counts it)."""
        parts = [self.own_financial, self.recipients_payments, self.other_funds]
        if in_kind_counts:
            parts.append(self.own_in_kind)
        return sum((value or Decimal("0.00") for value in parts), Decimal("0.00"))

    @classmethod
    def public_criteria(cls):
        """Anyone sees a small grant offer in or after its comment window, and the offers of a call whose results
        are published (title, applicant, points, amount)."""
        return lambda offer: or_(
            and_(offer.kind == OfferKind.SMALL_GRANT, offer.comments_from.isnot(None)),
            and_(offer.status == OfferStatus.SUBMITTED, offer.call.has(Call.status == CallStatus.DECIDED)))


def _public_with_offer():
    """A part of an offer is public with a small grant offer published for comments (a call's results show only
    the offer's title, applicant, points and amount)."""
    return lambda part: part.offer.has(and_(Offer.kind == OfferKind.SMALL_GRANT, Offer.comments_from.isnot(None)))


class OfferPartner(TenantOwned, db.Model):
    """A joint applicant (art. 14 ust. 2): another registered organisation, which confirms from its workspace."""

    __tablename__ = "offer_partner"
    __table_args__ = (Index("uq_offer_partner", "offer_id", "partner_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False, index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    offer: Mapped[Offer] = relationship(back_populates="partners")
    partner = relationship("Organisation", foreign_keys=[partner_id])

    @classmethod
    def public_criteria(cls):
        return _public_with_offer()


class OfferActivity(TenantOwned, db.Model):
    """An activity of the offer's plan with its schedule; ``revised`` rows are the plan updated after an award."""

    __tablename__ = "offer_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False, index=True)
    revised: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    offer: Mapped[Offer] = relationship(back_populates="activities")

    @classmethod
    def public_criteria(cls):
        return _public_with_offer()


class OfferResult(TenantOwned, db.Model):
    """An expected result: what, the target value, and how it will be monitored."""

    __tablename__ = "offer_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    result: Mapped[str] = mapped_column(String(300), nullable=False)
    target_value: Mapped[str | None] = mapped_column(String(200))
    monitoring: Mapped[str | None] = mapped_column(String(300))

    offer: Mapped[Offer] = relationship(back_populates="results")

    @classmethod
    def public_criteria(cls):
        return _public_with_offer()


class OfferCost(TenantOwned, db.Model):
    """A cost line: kind, name, unit, unit cost and number of units, per year of the task. ``revised`` rows are
    the cost estimate re-entered within a reduced award."""

    __tablename__ = "offer_cost"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False, index=True)
    revised: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    kind: Mapped[CostKind] = mapped_column(string_enum(CostKind, "cost_kind"), default=CostKind.ACTIVITY,
                                           nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    unit: Mapped[str | None] = mapped_column(String(60))
    unit_cost: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    units: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)
    year: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    from_grant: Mapped[Decimal | None] = mapped_column(MONEY)  # the part of the line paid from the grant

    offer: Mapped[Offer] = relationship(back_populates="costs")

    @property
    def total(self) -> Decimal:
        return (self.unit_cost * self.units).quantize(Decimal("0.01"))

    @classmethod
    def public_criteria(cls):
        return _public_with_offer()


class OfferAttachment(TenantOwned, db.Model):
    """A file attached to an offer, stored outside the web root under a random name; its type read from content."""

    __tablename__ = "offer_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False, index=True)
    label: Mapped[str] = mapped_column(String(300), nullable=False)  # which required attachment it is
    filename: Mapped[str] = mapped_column(String(200), nullable=False)  # as uploaded, cleaned
    content_type: Mapped[str] = mapped_column(String(120), nullable=False)
    size: Mapped[int] = mapped_column(nullable=False)
    stored_name: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    offer: Mapped[Offer] = relationship(back_populates="attachments")


class OfferComment(TenantOwned, db.Model):
    """Anyone's comment on a small grant offer during its 7 days (art. 19a ust. 3); kept with the offer."""

    __tablename__ = "offer_comment"
    public_may_create = True

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False, index=True)
    author: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    offer: Mapped[Offer] = relationship()


# -- evaluation: the department's commission ------------------------------------------------------------

class CommissionRole(enum.StrEnum):
    """A member's role in a call's commission (the secretary keeps the record and does not score)."""

    CHAIR = "chair"
    MEMBER = "member"
    SECRETARY = "secretary"


class CommissionMember(TenantOwned, db.Model):
    """A person named to a call's commission: a department officer, or a representative of an organisation."""

    __tablename__ = "commission_member"
    __table_args__ = (Index("uq_commission_member", "call_id", "user_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False,
                                         index=True)
    role: Mapped[CommissionRole] = mapped_column(string_enum(CommissionRole, "commission_role"),
                                                 default=CommissionRole.MEMBER, nullable=False)
    represents_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))

    call: Mapped[Call] = relationship()
    user = relationship("User", foreign_keys=[user_id])
    represents = relationship("Organisation", foreign_keys=[represents_id])
    assignments: Mapped[list[Assignment]] = relationship(back_populates="member", cascade="all, delete-orphan")


class Exclusion(enum.StrEnum):
    """Why a member does not score an offer."""

    APPLICANT = "applicant"  # the member belongs to the applicant or a joint applicant
    DECLARED = "declared"  # the member declared a conflict of interest


class Assignment(TenantOwned, db.Model):
    """An offer assigned to a member: the declaration of conflicts (before seeing it), then the scoring."""

    __tablename__ = "assignment"
    __table_args__ = (Index("uq_assignment", "member_id", "offer_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("commission_member.id", ondelete="CASCADE"), nullable=False,
                                           index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False, index=True)
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    excluded: Mapped[Exclusion | None] = mapped_column(string_enum(Exclusion, "exclusion"))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[CommissionMember] = relationship(back_populates="assignments")
    offer: Mapped[Offer] = relationship(info=CROSS_TENANT)
    scores: Mapped[list[Score]] = relationship(back_populates="assignment", cascade="all, delete-orphan")


class Score(TenantOwned, db.Model):
    """A member's points for one criterion of one offer, with the justification."""

    __tablename__ = "score"
    __table_args__ = (Index("uq_score", "assignment_id", "criterion_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), nullable=False,
                                               index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("call_criterion.id", ondelete="CASCADE"), nullable=False)
    points: Mapped[Decimal] = mapped_column(Numeric(5, 2), nullable=False)
    justification: Mapped[str] = mapped_column(Text, nullable=False)

    assignment: Mapped[Assignment] = relationship(back_populates="scores")
    criterion: Mapped[CallCriterion] = relationship()


# -- awards ----------------------------------------------------------------------------------------------

class AwardState(enum.StrEnum):
    """An award in full, or a reduced one waiting for the organisation's updated budget and its acceptance."""

    AWARDED = "awarded"
    UPDATE_REQUESTED = "update_requested"
    UPDATE_SUBMITTED = "update_submitted"
    ACCEPTED = "accepted"


class Award(TenantOwned, Timestamped, db.Model):
    """The department's decision to fund an offer with an amount from a budget line (the agreement starts here)."""

    __tablename__ = "award"
    __table_args__ = (Index("uq_award_offer", "offer_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="RESTRICT"), nullable=False)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id", ondelete="RESTRICT"), index=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id", ondelete="RESTRICT"), nullable=False,
                                                index=True)
    amount: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    state: Mapped[AwardState] = mapped_column(string_enum(AwardState, "award_state"), default=AwardState.AWARDED,
                                              nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)  # why the amount is less than requested
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    update_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    offer: Mapped[Offer] = relationship(info=CROSS_TENANT)
    call: Mapped[Call | None] = relationship()
    budget_line: Mapped[BudgetLine] = relationship()

    @classmethod
    def public_criteria(cls):
        """An award is public once the call's results are (or, for a small grant, once decided)."""
        return lambda award: or_(award.call.has(Call.status == CallStatus.DECIDED), award.call_id.is_(None))
