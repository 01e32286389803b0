"""Keeping the directory right: changes waiting for approval, residents' reports, alerts.

A ChangeRequest holds what an unverified organisation wants a listing to become
(``proposed``) next to what it was (``before``); the department approves or rejects it.
A ListingReport is a resident's "report a mistake"; the organisation and the department
both see it. An Alert is a time-limited message the department puts on the home page.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum, utcnow
from app.models.directory import Translated
from app.models.tenancy import Organisation, User


class ListingKind(enum.StrEnum):
    """What a change request or report is about."""

    SERVICE = "service"
    LOCATION = "location"
    EVENT = "event"
    VOLUNTEERING = "volunteering"


class ChangeAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class ChangeStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # replaced by a newer request for the same listing, or withdrawn


class ChangeRequest(TenantOwned, Timestamped, db.Model):
    """A change to a listing that waits for the department (organisation not yet verified)."""

    __tablename__ = "change_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ListingKind] = mapped_column(string_enum(ListingKind, "listing_kind"), nullable=False)
    action: Mapped[ChangeAction] = mapped_column(string_enum(ChangeAction, "change_action"), nullable=False)
    object_id: Mapped[int | None] = mapped_column(index=True)  # the listing's id (None until created)
    before: Mapped[dict | None] = mapped_column(JSON)  # live values when the change was asked for
    proposed: Mapped[dict] = mapped_column(JSON, nullable=False)
    status: Mapped[ChangeStatus] = mapped_column(string_enum(ChangeStatus, "change_status"),
                                                 default=ChangeStatus.PENDING, nullable=False, index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class ReportStatus(enum.StrEnum):
    NEW = "new"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"  # spam or not a mistake


class ListingReport(TenantOwned, Timestamped, db.Model):
    """A resident's "report a mistake" about a listing; reaches the organisation and the department."""

    __tablename__ = "listing_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ListingKind] = mapped_column(string_enum(ListingKind, "report_listing_kind"), nullable=False)
    object_id: Mapped[int] = mapped_column(nullable=False, index=True)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    reporter_email: Mapped[str | None] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="pl", nullable=False)
    status: Mapped[ReportStatus] = mapped_column(string_enum(ReportStatus, "report_status"),
                                                 default=ReportStatus.NEW, nullable=False, index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_note: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    handled_by: Mapped[User | None] = relationship()


class AlertLevel(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    DANGER = "danger"


class Alert(Translated, Timestamped, db.Model):
    """A message on the home page from ``starts_at`` to ``ends_at`` (a frost warning, a closed shelter)."""

    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[AlertLevel] = mapped_column(string_enum(AlertLevel, "alert_level"),
                                              default=AlertLevel.INFO, nullable=False)
    message_pl: Mapped[str] = mapped_column(Text, nullable=False)
    message_uk: Mapped[str | None] = mapped_column(Text)
    message_en: Mapped[str | None] = mapped_column(Text)
    link_url: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    is_withdrawn: Mapped[bool] = mapped_column(default=False, server_default=false(), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship()
