"""Referrals: one organisation passes a person to another organisation's service or capacity unit.

A ``Referral`` belongs to the organisation that **receives** it (it answers it, and its accepting reserves a
place in one of its own units, under that unit's lock, in its own scope). The organisation that sent it is
``referring_organisation_id``: it reads the referrals it sent, and cancels them, through the named scope
``referrals.sent`` (app/services/referrals/access.py), never through the receiver's scope. The department
reads them by role. Any other organisation finds nothing: a 404.

Personal data is kept to an allow-list — a case code (never a name), the needs as codes, an age band,
whether children come along, the urgency — with the consent recorded (who gave it, when, how, who recorded it)
and the referrer's contact. ``flask retention purge`` empties these fields a configurable time after the
referral closed (``purged_at``); what remains (kinds, states, reasons, outcomes, times) still counts.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum, utcnow
from app.models.capacity import CapacityUnit
from app.models.directory import Service
from app.models.tenancy import Organisation


class ReferralStatus(enum.StrEnum):
    """Where a referral stands."""

    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


OPEN_REFERRAL_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Urgency(enum.StrEnum):
    """How soon the receiving organisation must answer (the deadline follows from it)."""

    IMMEDIATE = "immediate"  # tonight: answer within hours
    URGENT = "urgent"  # within a day
    ROUTINE = "routine"  # within working days


class Need(enum.StrEnum):
    """What the person needs (the allow-list: codes, never a description of the person)."""

    SHELTER = "shelter"
    CRISIS_SUPPORT = "crisis_support"
    VIOLENCE = "violence"
    ADDICTION = "addiction"
    MENTAL_HEALTH = "mental_health"
    FOOD = "food"
    CHILD_CARE = "child_care"
    DAY_ACTIVITY = "day_activity"
    LONG_TERM_CARE = "long_term_care"
    LEGAL_ADVICE = "legal_advice"


class AgeBand(enum.StrEnum):
    """The person's age, in bands only."""

    UNDER_18 = "under_18"
    AGE_18_25 = "18_25"
    AGE_26_59 = "26_59"
    AGE_60_PLUS = "60_plus"


class ConsentGivenBy(enum.StrEnum):
    """Who consented to the referral."""

    PERSON = "person"
    GUARDIAN = "guardian"  # a parent or legal guardian


class ConsentMethod(enum.StrEnum):
    """How the consent was given."""

    WRITTEN = "written"
    ORAL = "oral"  # in person or by phone, noted by the worker
    ELECTRONIC = "electronic"


class DeclineReason(enum.StrEnum):
    """Why the receiving organisation declined."""

    NO_FREE_PLACE = "no_free_place"
    NOT_ELIGIBLE = "not_eligible"
    OUTSIDE_AREA = "outside_area"
    NEEDS_OTHER_HELP = "needs_other_help"
    CANNOT_REACH_REFERRER = "cannot_reach_referrer"
    OTHER = "other"


class ReferralOutcome(enum.StrEnum):
    """How an accepted referral ended."""

    HELPED = "helped"
    DID_NOT_ARRIVE = "did_not_arrive"
    MOVED_ON = "moved_on"


class CancelReason(enum.StrEnum):
    """Why the referring organisation withdrew the referral."""

    NO_LONGER_NEEDED = "no_longer_needed"
    FOUND_ELSEWHERE = "found_elsewhere"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    SENT_BY_MISTAKE = "sent_by_mistake"
    OTHER = "other"


class Referral(TenantOwned, Timestamped, db.Model):
    """A person referred by one organisation to another's service (and, for a place, one of its units)."""

    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_referring", "referring_organisation_id", "status"),
        Index("ix_referral_unit_status", "capacity_unit_id", "status"),
        Index("ix_referral_status_deadline", "status", "respond_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)  # S/2026/000123
    referring_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"),
                                                           nullable=False)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    capacity_unit_id: Mapped[int | None] = mapped_column(ForeignKey("capacity_unit.id", ondelete="SET NULL"))
    status: Mapped[ReferralStatus] = mapped_column(string_enum(ReferralStatus, "referral_status"),
                                                   default=ReferralStatus.SENT, nullable=False, index=True)
    urgency: Mapped[Urgency] = mapped_column(string_enum(Urgency, "urgency"), nullable=False)
    # The allow-listed personal fields: emptied by the retention purge.
    case_code: Mapped[str | None] = mapped_column(String(40))
    needs: Mapped[str | None] = mapped_column(String(300))  # space-delimited Need codes
    age_band: Mapped[AgeBand | None] = mapped_column(string_enum(AgeBand, "age_band"))
    with_children: Mapped[bool | None] = mapped_column(Boolean)
    children_count: Mapped[int | None] = mapped_column(Integer)
    consent_given_by: Mapped[ConsentGivenBy | None] = mapped_column(string_enum(ConsentGivenBy, "consent_given_by"))
    consent_method: Mapped[ConsentMethod | None] = mapped_column(string_enum(ConsentMethod, "consent_method"))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    contact_name: Mapped[str | None] = mapped_column(String(120))  # the referring worker, not the person
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # The lifecycle.
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    respond_by: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decline_reason: Mapped[DeclineReason | None] = mapped_column(string_enum(DeclineReason, "decline_reason"))
    place_reserved: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    outcome: Mapped[ReferralOutcome | None] = mapped_column(string_enum(ReferralOutcome, "referral_outcome"))
    cancel_reason: Mapped[CancelReason | None] = mapped_column(string_enum(CancelReason, "cancel_reason"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    referring_organisation: Mapped[Organisation] = relationship(foreign_keys=[referring_organisation_id])
    organisation: Mapped[Organisation] = relationship(foreign_keys="Referral.organisation_id")
    service: Mapped[Service] = relationship()
    capacity_unit: Mapped[CapacityUnit | None] = relationship()
    sent_by = relationship("User", foreign_keys=[sent_by_id])
    responded_by = relationship("User", foreign_keys=[responded_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])
    consent_recorded_by = relationship("User", foreign_keys=[consent_recorded_by_id])

    @property
    def need_list(self) -> list[str]:
        return (self.needs or "").split()

    @need_list.setter
    def need_list(self, codes) -> None:
        self.needs = " " + " ".join(dict.fromkeys(codes)) + " "

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES

    def is_overdue(self, now: datetime) -> bool:
        """Sent and not answered by its deadline."""
        return self.status == ReferralStatus.SENT and now > self.respond_by
