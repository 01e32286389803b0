"""A network meeting as an iCalendar file (RFC 5545/5546): REQUEST and CANCEL, the same UID with its SEQUENCE, the
times in Europe/Warsaw in summer and in winter, the organiser, the place and the call link."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest

from app.localtime import WARSAW
from app.models import AgendaItem, Meeting, MeetingStatus, Network, Organisation
from app.services.networks.invitations import calendar_file


def _meeting(starts: datetime, ends: datetime, *, status=MeetingStatus.PLANNED, sequence=0, place="Urząd, sala 12",
             link="https://meet.example.org/z", reason=None) -> Meeting:
    school = Organisation(id=5, name="Szkoła Podstawowa nr 3")
    meeting = Meeting(id=3, title="Posiedzenie zespołu; interdyscyplinarnego", starts_at=starts.astimezone(UTC),
                      ends_at=ends.astimezone(UTC), place=place, call_link=link, status=status, sequence=sequence,
                      ical_uid="meeting-abc@portal.test", cancel_reason=reason)
    meeting.network = Network(id=1, name="Zespół interdyscyplinarny")
    meeting.agenda_items = [AgendaItem(position=1, title="Akcja zima", presenter_organisation=school),
                            AgendaItem(position=2, title="Sprawy bieżące")]
    return meeting


def _parse(data: bytes):
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize(("month", "offset_hours"), [(1, 1), (7, 2)])
def test_a_request_keeps_the_warsaw_wall_clock_in_winter_and_summer(month, offset_hours):
    meeting = _meeting(datetime(2031, month, 15, 10, 0, tzinfo=WARSAW),
                       datetime(2031, month, 15, 12, 30, tzinfo=WARSAW))
    data = calendar_file(meeting, "REQUEST", locale="en", link="https://portal.test/m/3",
                         attendee=("b.admin@example.org", "Schronisko B"))
    assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar, event = _parse(data)
    assert str(calendar["METHOD"]) == "REQUEST" and calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Warsaw"
    assert b"DTSTART;TZID=Europe/Warsaw:20310" in data.replace(b"\r\n ", b"")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, start.minute, end.hour, end.minute) == (10, 0, 12, 30)
    assert start.utcoffset().total_seconds() == offset_hours * 3600
    assert str(event["UID"]) == "meeting-abc@portal.test" and int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "Posiedzenie zespołu; interdyscyplinarnego"
    assert str(event["LOCATION"]) == "Urząd, sala 12" and str(event["URL"]) == "https://meet.example.org/z"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["ATTENDEE"]) == "mailto:b.admin@example.org"
    assert event["ATTENDEE"].params["CN"] == "Schronisko B"
    description = str(event["DESCRIPTION"])
    assert "1. Akcja zima (Szkoła Podstawowa nr 3)" in description and "2. Sprawy bieżące" in description
    assert "https://portal.test/m/3" in description


@pytest.mark.usefixtures("ctx")
def test_a_cancellation_says_cancel_with_the_reason_and_a_higher_sequence():
    meeting = _meeting(datetime(2031, 3, 2, 9, tzinfo=WARSAW), datetime(2031, 3, 2, 10, tzinfo=WARSAW),
                       status=MeetingStatus.CANCELLED, sequence=2, reason="Sala niedostępna")
    calendar, event = _parse(calendar_file(meeting, "CANCEL", locale="en"))
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2 and str(event["UID"]) == "meeting-abc@portal.test"
    assert "Sala niedostępna" in str(event["DESCRIPTION"])
    assert "ATTENDEE" not in event


@pytest.mark.usefixtures("ctx")
def test_an_online_meeting_gives_the_link_as_its_location():
    meeting = _meeting(datetime(2031, 3, 2, 9, tzinfo=WARSAW), datetime(2031, 3, 2, 10, tzinfo=WARSAW), place=None)
    _calendar, event = _parse(calendar_file(meeting, "PUBLISH", locale="pl"))
    assert str(event["LOCATION"]) == "https://meet.example.org/z"
