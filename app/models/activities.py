"""Events and volunteering: what an organisation runs besides its services.

Events are support groups, workshops, holiday activities; one-off or weekly. Volunteering
offers ask residents to help. Both have a Polish original and optional uk/en versions.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum
from app.models.directory import (
    District,
    HasTargetGroups,
    Location,
    Service,
    Translated,
    organisation_is_active,
)
from app.models.tenancy import Organisation


class EventKind(enum.StrEnum):
    """What sort of event."""

    SUPPORT_GROUP = "support_group"
    WORKSHOP = "workshop"
    HOLIDAY_ACTIVITY = "holiday_activity"
    MEETING = "meeting"
    OTHER = "other"


class Recurrence(enum.StrEnum):
    """Whether an event happens once or every week until ``repeat_until``."""

    ONCE = "once"
    WEEKLY = "weekly"


class Event(Translated, HasTargetGroups, TenantOwned, Timestamped, db.Model):
    """A support group, workshop or activity at a time; times stored in UTC."""

    __tablename__ = "event"
    # An organisation does not hold the same event twice at the same time (a form sent twice adds one).
    __table_args__ = (Index("uq_event_title_start", "organisation_id", "title_pl", "starts_at", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(string_enum(EventKind, "event_kind"), nullable=False)
    title_pl: Mapped[str] = mapped_column(String(200), nullable=False)
    title_uk: Mapped[str | None] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_pl: Mapped[str] = mapped_column(Text, nullable=False)
    description_uk: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    recurrence: Mapped[Recurrence] = mapped_column(string_enum(Recurrence, "event_recurrence"),
                                                   default=Recurrence.ONCE, nullable=False)
    repeat_until: Mapped[date | None] = mapped_column(Date)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id", ondelete="SET NULL"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="SET NULL"), index=True)
    place_pl: Mapped[str | None] = mapped_column(String(200))  # "online", "parish hall" when no location
    place_uk: Mapped[str | None] = mapped_column(String(200))
    place_en: Mapped[str | None] = mapped_column(String(200))
    # Space-delimited codes as on Service (" children families ").
    target_groups: Mapped[str] = mapped_column(String(300), default=" ", nullable=False)
    is_free: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    registration_pl: Mapped[str | None] = mapped_column(Text)  # how to sign up
    registration_uk: Mapped[str | None] = mapped_column(Text)
    registration_en: Mapped[str | None] = mapped_column(Text)
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    is_cancelled: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_published: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False, index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    service: Mapped[Service | None] = relationship()
    location: Mapped[Location | None] = relationship(lazy="joined")

    @classmethod
    def public_criteria(cls):
        """Residents see published events of active organisations."""
        return lambda event: (event.is_published == true()) & organisation_is_active(event.organisation_id)



class VolunteerOpportunity(Translated, TenantOwned, Timestamped, db.Model):
    """An organisation asks residents to help: what, when, where, what it takes, whom to call."""

    __tablename__ = "volunteer_opportunity"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_pl: Mapped[str] = mapped_column(String(200), nullable=False)
    title_uk: Mapped[str | None] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_pl: Mapped[str] = mapped_column(Text, nullable=False)
    description_uk: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    requirements_pl: Mapped[str | None] = mapped_column(Text)
    requirements_uk: Mapped[str | None] = mapped_column(Text)
    requirements_en: Mapped[str | None] = mapped_column(Text)
    commitment_pl: Mapped[str | None] = mapped_column(String(200))  # "2 hours a week", "weekends in July"
    commitment_uk: Mapped[str | None] = mapped_column(String(200))
    commitment_en: Mapped[str | None] = mapped_column(String(200))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id", ondelete="SET NULL"))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date, index=True)  # None: ongoing
    minimum_age: Mapped[int | None] = mapped_column()
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    is_published: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False, index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    district: Mapped[District | None] = relationship(lazy="joined")

    @classmethod
    def public_criteria(cls):
        """Residents see published opportunities of active organisations."""
        return lambda opportunity: ((opportunity.is_published == true())
                                    & organisation_is_active(opportunity.organisation_id))
