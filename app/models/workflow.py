"""Changes that wait for a decision: what an organisation proposed, what it was, who decided.

A ChangeRequest holds what an organisation wants a record to become (``proposed``) next to
what it was (``before``); the department approves or rejects it (app/services/moderation).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum
from app.models.directory import ListingKind
from app.models.tenancy import Organisation, User


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
    # One change per listing waits at a time: a newer one withdraws the waiting one first.
    __table_args__ = (
        Index("uq_change_request_pending", "organisation_id", "kind", "object_id", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
    )

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
