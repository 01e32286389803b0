"""Home-page alerts: time-limited messages from the department (a frost night, a closed shelter)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import Timestamped, UTCDateTime, string_enum, utcnow
from app.models.directory import Translated
from app.models.tenancy import User


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
