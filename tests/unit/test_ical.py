"""The iCalendar file (RFC 5545) and the weekly dates of events, across the change of time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from dateutil.rrule import rrulestr

from app.localtime import WARSAW
from app.models import Event, EventKind, Recurrence
from app.services.activities.calendar import Window, occurrences, series_end
from app.services.activities.ical import EventText, calendar_file


def _event(event_id=7, *, starts, ends, weekly_until: date | None = None, cancelled=False) -> Event:
    event = Event(id=event_id, kind=EventKind.SUPPORT_GROUP, title_pl="Grupa", description_pl="Opis",
                  starts_at=starts.astimezone(UTC), ends_at=ends.astimezone(UTC),
                  recurrence=Recurrence.WEEKLY if weekly_until else Recurrence.ONCE, repeat_until=weekly_until,
                  is_cancelled=cancelled)
    event.created_at = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
    event.updated_at = datetime(2026, 1, 3, 10, 30, tzinfo=UTC)
    return event


def _local(y, m, d, hh, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WARSAW)


LONG_TEXT = ("Spotkanie dla rodziców; z opieką nad dziećmi, herbatą i ciastem. Zapisy: zadzwoń wcześniej.\n"
             "Друга лінія українською мовою, щоб перевірити перенесення багатобайтових символів у рядках. " * 2)


def _text(event, *, location="Sala, ul. Jasna 1, 41-500 Miasto") -> EventText:
    return EventText(summary="Grupa; wsparcia, dla rodziców", description=LONG_TEXT, location=location,
                     url=f"https://portal.test/events/{event.id}", category="Support group")


def _file(*events, location="Sala, ul. Jasna 1, 41-500 Miasto") -> bytes:
    return calendar_file(events, lambda e: _text(e, location=location), name="Wydarzenia", uid_domain="portal.test")


# --- the file format ------------------------------------------------------------------------------------------

def test_lines_end_with_crlf_and_are_folded_at_75_octets():
    body = _file(_event(starts=_local(2026, 3, 10, 18), ends=_local(2026, 3, 10, 20), weekly_until=date(2026, 6, 30)))
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")  # no bare line feeds
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert any(line.startswith(b" ") for line in lines)  # the long description was folded
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character


def test_calendar_has_the_required_properties_and_a_timezone():
    body = _file(_event(starts=_local(2026, 3, 10, 18), ends=_local(2026, 3, 10, 20)))
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Warsaw"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    [vevent] = calendar.walk("VEVENT")
    for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS"):
        assert name in vevent, name
    assert vevent["UID"] == "event-7@portal.test"
    assert b"DTSTAMP:20260103T103000Z" in body  # the last change, in UTC
    assert b"DTSTART;TZID=Europe/Warsaw:20260310T180000" in body
    assert b"DTEND;TZID=Europe/Warsaw:20260310T200000" in body
    assert vevent.decoded("DTSTART") == _local(2026, 3, 10, 18)
    assert "RRULE" not in vevent


def test_text_is_escaped_and_reads_back_unchanged():
    body = _file(_event(starts=_local(2026, 3, 10, 18), ends=_local(2026, 3, 10, 20)))
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert "SUMMARY:Grupa\\; wsparcia\\, dla rodziców" in unfolded
    assert "LOCATION:Sala\\, ul. Jasna 1\\, 41-500 Miasto" in unfolded
    [vevent] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Grupa; wsparcia, dla rodziców"
    assert str(vevent["DESCRIPTION"]) == LONG_TEXT


def test_weekly_event_has_rrule_until_in_utc_and_cancelled_status():
    event = _event(starts=_local(2026, 3, 10, 18), ends=_local(2026, 3, 10, 20), weekly_until=date(2026, 6, 30),
                   cancelled=True)
    body = _file(event)
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20260630T215959Z" in body  # 23:59:59 in Warsaw (summer time) in UTC
    assert b"STATUS:CANCELLED" in body
    [vevent] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"]


def test_an_event_without_a_public_address_has_no_location():
    body = _file(_event(starts=_local(2026, 3, 10, 18), ends=_local(2026, 3, 10, 20)), location=None)
    assert b"LOCATION" not in body


def test_uid_is_stable_and_unique_per_event():
    first = _event(1, starts=_local(2026, 3, 10, 18), ends=_local(2026, 3, 10, 20))
    second = _event(2, starts=_local(2026, 3, 11, 18), ends=_local(2026, 3, 11, 20))
    assert _file(first, second) == _file(first, second)
    uids = [str(v["UID"]) for v in icalendar.Calendar.from_ical(_file(first, second)).walk("VEVENT")]
    assert uids == ["event-1@portal.test", "event-2@portal.test"]


# --- weekly dates across the change of time -------------------------------------------------------------------

@pytest.mark.parametrize(("first_day", "change_day"), [
    (date(2026, 3, 16), date(2026, 3, 29)),  # last Sunday of March: clocks go forward
    (date(2026, 10, 12), date(2026, 10, 25)),  # last Sunday of October: clocks go back
])
def test_weekly_dates_keep_the_wall_clock_time_across_the_change(first_day, change_day):
    starts = datetime.combine(first_day, time(18), WARSAW)
    event = _event(starts=starts, ends=starts + timedelta(hours=2), weekly_until=first_day + timedelta(weeks=5))
    window = Window(first_day - timedelta(days=3), weeks=8)
    dates = occurrences(event, window.starts_at, window.ends_at)
    assert [o.starts_at.date() for o in dates] == [first_day + timedelta(weeks=n) for n in range(6)]
    assert {(o.starts_at.hour, o.starts_at.minute, o.ends_at.hour) for o in dates} == {(18, 0, 20)}
    before = [o for o in dates if o.starts_at.date() < change_day]
    after = [o for o in dates if o.starts_at.date() > change_day]
    assert before and after
    utc_hours = {o.starts_at.astimezone(UTC).hour for o in before}, {o.starts_at.astimezone(UTC).hour for o in after}
    assert utc_hours == (({17}, {16}) if change_day.month == 3 else ({16}, {17}))


def test_weekly_dates_agree_with_the_rrule_a_calendar_app_would_expand():
    starts = _local(2026, 3, 2, 18)
    event = _event(starts=starts, ends=starts + timedelta(hours=1, minutes=30), weekly_until=date(2026, 11, 2))
    [vevent] = icalendar.Calendar.from_ical(_file(event)).walk("VEVENT")
    rule = rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=vevent.decoded("DTSTART"))
    expanded = [moment.astimezone(UTC) for moment in rule]
    ours = [o.starts_at.astimezone(UTC) for o in occurrences(event, starts - timedelta(days=1),
                                                             datetime(2027, 1, 1, tzinfo=UTC))]
    assert ours == expanded
    assert len(ours) == 36  # 2 March to 2 November inclusive


def test_a_window_shows_only_the_dates_inside_it_and_the_series_stops_at_repeat_until():
    starts = _local(2026, 1, 5, 17)
    event = _event(starts=starts, ends=starts + timedelta(hours=1), weekly_until=date(2026, 2, 2))
    assert series_end(event) == date(2026, 2, 2)
    window = Window(date(2026, 1, 19), weeks=6)
    assert [o.starts_at.date() for o in occurrences(event, window.starts_at, window.ends_at)] == [
        date(2026, 1, 19), date(2026, 1, 26), date(2026, 2, 2)]
    assert occurrences(event, Window(date(2026, 2, 3), 2).starts_at, Window(date(2026, 2, 3), 2).ends_at) == []


def test_a_one_off_event_shows_in_every_window_it_overlaps():
    event = _event(starts=_local(2026, 5, 1, 23), ends=_local(2026, 5, 2, 1))
    assert len(occurrences(event, Window(date(2026, 5, 2), 1).starts_at, Window(date(2026, 5, 2), 1).ends_at)) == 1
    assert occurrences(event, Window(date(2026, 5, 3), 1).starts_at, Window(date(2026, 5, 3), 1).ends_at) == []
