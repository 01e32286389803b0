"""The outbox of e-mail: each message written in the transaction of the change it tells about, sent after it.

A row is queued by ``app.mail.send_mail`` in the same transaction as the change, so a message exists exactly
when the change commits; the sender (``app.mail_queue``) tries it right after the commit and again with a
growing delay until the mail server takes it. Nothing tenant-owned is stored in the columns the sender reads:
an address, a subject for the log, the rendered message and its sending state.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class OutgoingMail(db.Model):
    """One e-mail to send: queued (``next_attempt_at`` due), failing (``attempts`` > 0, ``last_error``), sent
    (``sent_at``), or given up (neither sent nor due: ``next_attempt_at`` empty)."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        Index("ix_outgoing_mail_due", "sent_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    message: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # RFC 5322, as ``bytes(EmailMessage)``
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
