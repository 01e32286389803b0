"""Events as an RFC 5545 iCalendar file, for residents' phone and desktop calendars.

Built with the ``icalendar`` library, which escapes text, folds lines at 75 octets and ends
them with CRLF (imported when a file is made, not with this module: issue 13 §3). Times are
given with ``TZID=Europe/Warsaw`` and a compact VTIMEZONE (the EU summer-time rule), so a
weekly ``RRULE`` keeps its wall-clock time across the change of time.
A confidential location's address is never written: such an event has no LOCATION, only the
intake note (how to get in touch) in its description.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, BinaryIO

from app.localtime import WARSAW
from app.models import Event, Recurrence
from app.services.activities.calendar import series_end

if TYPE_CHECKING:
    import icalendar

PRODID = "-//Siec Wsparcia//Events//PL"
TZID = "Europe/Warsaw"


@dataclass(frozen=True)
class EventText:
    """The visitor-language texts of one event, chosen by the caller (who knows the locale)."""

    summary: str
    description: str
    location: str | None
    url: str
    category: str


def warsaw_timezone() -> icalendar.Timezone:
    """VTIMEZONE for Europe/Warsaw: CET, and CEST from the last Sunday of March to that of October."""
    import icalendar  # here, not at import: only the calendar files need it (issue 13 §3)

    zone = icalendar.Timezone()
    zone.add("tzid", TZID)
    summer = icalendar.TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))
    summer.add("tzoffsetfrom", datetime(2000, 1, 1, tzinfo=WARSAW).utcoffset())
    summer.add("tzoffsetto", datetime(2000, 7, 1, tzinfo=WARSAW).utcoffset())
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = icalendar.TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("tzoffsetfrom", datetime(2000, 7, 1, tzinfo=WARSAW).utcoffset())
    winter.add("tzoffsetto", datetime(2000, 1, 1, tzinfo=WARSAW).utcoffset())
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _local_naive(moment: datetime) -> datetime:
    return moment.astimezone(WARSAW).replace(tzinfo=None)


def _until(last_day: date) -> datetime:
    """RRULE UNTIL in UTC (required with a TZID start): the end of the last day in Warsaw."""
    return datetime.combine(last_day, time(23, 59, 59), WARSAW).astimezone(UTC)


def vevent(event: Event, text: EventText, *, uid_domain: str) -> icalendar.Event:
    """One VEVENT: a stable UID, DTSTAMP, local start and end, RRULE for weekly, status."""
    import icalendar

    component = icalendar.Event()
    component.add("uid", f"event-{event.id}@{uid_domain}")
    component.add("dtstamp", event.updated_at.astimezone(UTC))
    component.add("created", event.created_at.astimezone(UTC))
    component.add("last-modified", event.updated_at.astimezone(UTC))
    component.add("dtstart", _local_naive(event.starts_at), parameters={"TZID": TZID})
    component.add("dtend", _local_naive(event.ends_at), parameters={"TZID": TZID})
    if event.recurrence == Recurrence.WEEKLY:
        component.add("rrule", {"freq": "weekly", "until": _until(series_end(event))})
    component.add("summary", text.summary)
    component.add("description", text.description)
    if text.location:
        component.add("location", text.location)
    component.add("categories", [text.category])
    component.add("url", text.url)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component


def _frame(name: str) -> icalendar.Calendar:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(warsaw_timezone())
    return calendar


def calendar_file(events: Iterable[Event], describe: Callable[[Event], EventText], *, name: str,
                  uid_domain: str) -> bytes:
    """The whole VCALENDAR as bytes (UTF-8, CRLF line ends, folded lines)."""
    calendar = _frame(name)
    for event in events:
        calendar.add_component(vevent(event, describe(event), uid_domain=uid_domain))
    return calendar.to_ical()


END = b"END:VCALENDAR\r\n"


def write_calendar(out: BinaryIO, events: Iterable[Event], describe: Callable[[Event], EventText], *, name: str,
                   uid_domain: str) -> None:
    """The same VCALENDAR as ``calendar_file``, written to ``out`` one event at a time: a feed of a thousand events
    never stands whole in memory (the frame, then each VEVENT serialised alone, then the end)."""
    frame = _frame(name).to_ical()
    if not frame.endswith(END):
        raise ValueError("unexpected end of the calendar frame")
    out.write(frame[:-len(END)])
    for event in events:
        out.write(vevent(event, describe(event), uid_domain=uid_domain).to_ical())
    out.write(END)
