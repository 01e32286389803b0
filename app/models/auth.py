"""Server-side sessions, sign-in attempts, one-time tokens and recovery codes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.tenancy import User


class UserSession(db.Model):
    """A signed-in session. The browser holds a random id; only its hash is stored."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    remember: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class LoginAttempt(db.Model):
    """One counted event of a limit kept in the database (without Redis): a failed sign-in of an account and
    address pair, an account or an address, a notice sent, a reset or invitation e-mail. ``key`` is the kind and
    a digest of what is counted (app/services/accounts/counters.py)."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_key_time", "key", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), nullable=False)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class TokenPurpose(enum.StrEnum):
    """What a one-time token is good for."""

    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose name, not a password


class OneTimeToken(db.Model):
    """A one-time, expiring token sent by e-mail; only its hash is stored."""

    __tablename__ = "one_time_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class RecoveryCode(db.Model):
    """A one-time recovery code for two-factor sign-in, stored hashed."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
