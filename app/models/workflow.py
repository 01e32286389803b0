"""Versions that wait for a decision: what an organisation proposed, what it replaces, who decided, and when.

A ``Revision`` is one version of a record an organisation keeps — a directory listing today;
a grant offer, an outcome report or an agreement's amendment as they come. ``kind`` names
what it is a version of (a kind registered with app/services/workflow), ``object_id`` which
one (None until a new record exists), ``number`` counts that record's revisions 1, 2, 3….
``proposed`` holds the values asked for and ``before`` the values they replace, so the
decision can be shown as before/after. Every revision is kept: the history of a record is
its revisions in order.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum
from app.models.tenancy import Organisation, User


class ChangeAction(enum.StrEnum):
    """What a revision does to its record."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class RevisionStatus(enum.StrEnum):
    """Where a revision stands."""

    PENDING = "pending"  # waits for a decision
    APPROVED = "approved"  # accepted (a change is made live)
    REJECTED = "rejected"  # refused, with a note
    RETURNED = "returned"  # sent back with comments: the organisation corrects it in a new revision
    WITHDRAWN = "withdrawn"  # replaced by a newer revision, or taken back


class Revision(TenantOwned, Timestamped, db.Model):
    """One version of an organisation's record, waiting for a decision or decided."""

    __tablename__ = "revision"
    __table_args__ = (
        # One revision of a record waits at a time: a newer one withdraws the waiting one first.
        Index("uq_revision_pending", "organisation_id", "kind", "object_id", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
        Index("ix_revision_record", "organisation_id", "kind", "object_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    object_id: Mapped[int | None] = mapped_column(index=True)  # the record's id (None until created)
    number: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    action: Mapped[ChangeAction] = mapped_column(string_enum(ChangeAction, "change_action"), nullable=False)
    before: Mapped[dict | None] = mapped_column(JSON)  # the values it replaces, when it was submitted
    proposed: Mapped[dict] = mapped_column(JSON, nullable=False)
    status: Mapped[RevisionStatus] = mapped_column(string_enum(RevisionStatus, "revision_status"),
                                                   default=RevisionStatus.PENDING, nullable=False, index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
