"""A moment given in a query (``modified_after``): an RFC 3339 date-time or date, as the OpenAPI document says.

Python's ``fromisoformat`` refuses some moments RFC 3339 allows (a leap second, more than six digits of a second,
the year 0, a lower-case ``t`` or ``z``), and a moment at the very edge of the calendar overflows when taken to
UTC; the API must answer them, not fail. Such moments are read to the nearest one Python can hold.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

MOMENT = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<fraction>\d+))?"
    r"(?P<zone>[Zz]|[+-]\d{2}:\d{2})?)?")
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def parse_moment(text: str) -> datetime | None:
    """The moment ``text`` names, in UTC (a date is its midnight; no offset means UTC); None when it names none."""
    found = MOMENT.fullmatch(text.strip())
    if not found:
        return _other_iso_form(text)
    part = {key: int(value) for key, value in found.groupdict().items()
            if value is not None and key not in ("fraction", "zone")}
    try:
        day = date(max(part["year"], 1), part["month"], part["day"])
    except ValueError:
        return None
    hour, minute, second = part.get("hour", 0), part.get("minute", 0), part.get("second", 0)
    if hour > 23 or minute > 59 or second > 60:
        return None
    micro = int((found["fraction"] or "0")[:6].ljust(6, "0"))
    offset = _offset(found["zone"])
    if offset is None:
        return None
    local = datetime(day.year, day.month, day.day, hour, minute, min(second, 59), micro)
    try:
        return (local - offset).replace(tzinfo=UTC)
    except OverflowError:
        return EARLIEST if offset > timedelta(0) else LATEST


def _offset(zone: str | None) -> timedelta | None:
    if zone is None or zone in "Zz":
        return timedelta(0)
    hours, minutes = int(zone[1:3]), int(zone[4:6])
    if hours > 23 or minutes > 59:
        return None
    sign = -1 if zone[0] == "-" else 1
    return sign * timedelta(hours=hours, minutes=minutes)




def _other_iso_form(text: str) -> datetime | None:
    """Other ISO 8601 forms Python reads (``2026-05-01T10:30``, ``20260501``)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return EARLIEST if moment.year == 1 else LATEST
