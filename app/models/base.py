"""Column types and mixins shared by every model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, TypeDecorator
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def string_enum(enum_class: type[enum.Enum], name: str) -> Enum:
    """An enum stored as its string value in a VARCHAR (portable, readable in SQL)."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always gives them back aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Timestamped:
    """Creation and last-change times, in UTC."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class TenantOwned:
    """A row that belongs to one organisation (the tenant).

    Queries of such models are filtered by the active tenant scope (app/tenancy.py); a
    query with no scope raises. Uniqueness is declared per organisation.
    """

    @declared_attr
    def organisation_id(cls) -> Mapped[int]:  # noqa: N805 - declared_attr receives the class
        return mapped_column(
            Integer, ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False, index=True
        )


class DepartmentOnly:
    """A row only the department (or the command line) may read, such as the audit log."""
