"""Time as people in the city read it: stored in UTC, shown and typed in Europe/Warsaw."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from app.models.base import utcnow

WARSAW = ZoneInfo("Europe/Warsaw")


def local_now() -> datetime:
    """The current time in Europe/Warsaw."""
    return utcnow().astimezone(WARSAW)


def local_today() -> date:
    """Today's date in Europe/Warsaw."""
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    """An aware moment shown in Europe/Warsaw."""
    return moment.astimezone(WARSAW)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in Europe/Warsaw, as an aware UTC moment."""
    return datetime.combine(day, time.min, WARSAW).astimezone(UTC)


def local_to_utc(day: date, at: time) -> datetime:
    """A Europe/Warsaw day and wall-clock time as an aware UTC moment."""
    return datetime.combine(day, at, WARSAW).astimezone(UTC)
