"""Residents' feedback: "report a mistake" about a listing, for the organisation and the department."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum
from app.models.directory import ListingKind
from app.models.tenancy import Organisation, User


class FeedbackStatus(enum.StrEnum):
    NEW = "new"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"  # spam or not a mistake


class Feedback(TenantOwned, Timestamped, db.Model):
    """A resident's "report a mistake" about a listing; reaches the organisation and the department."""

    __tablename__ = "feedback"
    public_may_create = True  # residents send it from the public pages (app/tenancy.py lets the public scope insert it)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ListingKind] = mapped_column(string_enum(ListingKind, "feedback_listing_kind"), nullable=False)
    object_id: Mapped[int] = mapped_column(nullable=False, index=True)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    reporter_email: Mapped[str | None] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="pl", nullable=False)
    status: Mapped[FeedbackStatus] = mapped_column(string_enum(FeedbackStatus, "feedback_status"),
                                                 default=FeedbackStatus.NEW, nullable=False, index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_note: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    handled_by: Mapped[User | None] = relationship()
