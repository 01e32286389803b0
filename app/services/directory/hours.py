"""Opening hours as residents read them: open now, the week, closures and public holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.holidays import is_public_holiday, public_holidays
from app.localtime import local_now  # noqa: F401 - part of this module's interface
from app.models import Closure, Service, ServiceStatus


def is_open_at(service: Service, moment: datetime) -> bool:
    """Whether the service is open at a Europe/Warsaw moment (closures and holidays respected)."""
    if service.status != ServiceStatus.ACTIVE:
        return False
    day = moment.date()
    if any(c.starts_on <= day <= c.ends_on for c in service.closures):
        return False
    if service.closed_on_holidays and is_public_holiday(day):
        return False
    if service.always_open:
        return True
    at = moment.time().replace(tzinfo=None)
    return any(s.weekday == moment.weekday() and s.opens_at <= at < s.closes_at for s in service.schedules)


def hours_by_day(service: Service) -> list[tuple[int, list[tuple[time, time]]]]:
    """The weekly hours as (weekday, [(opens, closes), …]) for Monday to Sunday."""
    days = {n: [] for n in range(7)}
    for row in service.schedules:
        days[row.weekday].append((row.opens_at, row.closes_at))
    return [(n, sorted(days[n])) for n in range(7)]


def upcoming_closures(service: Service, today: date, days: int = 60) -> list[Closure]:
    """Closures that are on now or begin within ``days``."""
    horizon = today + timedelta(days=days)
    return [c for c in service.closures if c.ends_on >= today and c.starts_on <= horizon]


def upcoming_holidays(service: Service, today: date, days: int = 60) -> list[tuple[date, str]]:
    """Public holidays within ``days`` on which the service is closed (it says it closes on them)."""
    if not service.closed_on_holidays:
        return []
    horizon = today + timedelta(days=days)
    found = {**public_holidays(today.year), **public_holidays(horizon.year)}
    return sorted((day, name) for day, name in found.items() if today <= day <= horizon)

