"""Network meetings: the coordinator convenes one (the agenda starting with the open actions), the invited
organisations are e-mailed an iCalendar invitation in each person's language and answer; a change raises SEQUENCE
and is sent again, a cancellation is sent as METHOD:CANCEL; who may see and do what (an organisation outside the
network gets 404 everywhere, a member that does not coordinate 403); bad input changes nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import icalendar
import pytest
from flask_babel import force_locale, gettext

from app.localtime import WARSAW, local_today
from app.models import AgendaItem, InvitationAnswer, Meeting, MeetingInvitation, MeetingStatus, Role, User
from tests.functional.support import page

URL = "/workspace/meetings"
CONSOLE = "/console/meetings"


@pytest.fixture
def net(make, city):
    """Network N coordinated by A with members B and D; organisation C (with its admin) is outside it. B's admin
    reads Ukrainian."""
    org_d = make.organisation("Szkoła D")
    org_c = make.organisation("Fundacja C")
    people = {"d_admin": make.user("d.admin@example.org", member_of=org_d, role=Role.ADMIN),
              "c_admin": make.user("c.admin@example.org", member_of=org_c, role=Role.ADMIN)}
    network = make.network(city.org_a, [city.org_b, org_d], "Zespół interdyscyplinarny")
    return type("Net", (), {"id": network, "d": org_d, "c": org_c, **people})


def _set_locale(rows, email: str, locale: str) -> None:
    def change():
        from sqlalchemy import select

        from app.extensions import db

        db.session.execute(select(User).where(User.email == email)).scalar_one().locale = locale
    rows.run(change)


def _day(days: int = 7):
    return local_today() + timedelta(days=days)


def _form(network, invitees, **changes) -> dict:
    data = {"network": str(network), "title": "Posiedzenie zespołu", "day": _day().isoformat(),
            "start_time": "10:00", "end_time": "12:00", "place": "Urząd Miasta, sala 12",
            "call_link": "https://meet.example.org/zespol", "invitees": [str(org) for org in invitees],
            "agenda-0-title": "Akcja zima: wolne miejsca",
            "agenda-0-presenter_id": str(invitees[-1]) if invitees else "",
            "agenda-1-title": "", "agenda-1-presenter_id": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _calendar(mail: dict) -> icalendar.Calendar:
    [(name, kind, data)] = mail["attachments"]
    assert name.endswith(".ics") and kind == "text/calendar"
    return icalendar.Calendar.from_ical(data)


def _event(calendar: icalendar.Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def test_the_coordinator_convenes_and_the_invitations_carry_a_calendar(browser, city, make, net, rows, outbox, app):
    """A convenes: the agenda starts with the network's open action; the meeting is A's row, one invitation per
    invited organisation (each its own row); A's and B's admins and coordinators get an e-mail in their language with
    an .ics that parses, with the times typed in Warsaw; the convening is audited."""
    earlier = make.meeting(net.id, starts_at=datetime.now(WARSAW) - timedelta(days=30), status="held")
    make.action(earlier, city.org_b, "Lista wolnych miejsc", due_on=local_today() + timedelta(days=3))
    make.action(earlier, city.org_b, "Zrobione już", status="done")
    _set_locale(rows, "b.admin@example.org", "uk")
    a = browser(city.a_coordinator)
    form = page(a.get(f"{URL}/new?network={net.id}"))
    assert form.status == 200 and form.h1 == "Convene a meeting"
    values = form.values(f"{URL}/new")
    # the network's record, in Polish whatever the coordinator reads: the organisation is named beside it
    assert values["agenda-0-title"].startswith("Zadanie otwarte: Lista wolnych miejsc (termin ")
    assert values["agenda-0-presenter_id"] == str(city.org_b.id)
    assert "Zrobione już" not in form.text
    before = len(outbox())

    sent = a.post(f"{URL}/new", data=_form(net.id, [city.org_a.id, city.org_b.id]))
    assert sent.status_code == 303
    meeting = rows.one(Meeting, title="Posiedzenie zespołu")
    assert meeting.organisation_id == city.org_a.id and meeting.sequence == 0
    assert meeting.starts_at == datetime.combine(_day(), time(10), WARSAW)
    invited = rows.all(MeetingInvitation, meeting_id=meeting.id)
    assert sorted(row.organisation_id for row in invited) == sorted([city.org_a.id, city.org_b.id])
    items = rows.all(AgendaItem, meeting_id=meeting.id)
    assert [(i.title, i.presenter_organisation_id) for i in items] == [("Akcja zima: wolne miejsca", city.org_b.id)]
    assert "meeting.convened" in rows.actions("meeting.")

    mail = outbox()[: len(outbox()) - before]
    assert sorted(m["to"] for m in mail) == ["a.admin@example.org", "a.coordinator@example.org",
                                            "b.admin@example.org"]  # admins and coordinators, not staff
    to_b = next(m for m in mail if m["to"] == "b.admin@example.org")
    with app.test_request_context(), force_locale("uk"):
        hello = gettext("Hello,")
    assert to_b["body"].startswith(hello) and "Posiedzenie zespołu" in to_b["body"]
    calendar = _calendar(to_b)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = _event(calendar)
    assert str(event["UID"]) == meeting.ical_uid and int(event["SEQUENCE"]) == 0
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
        datetime.combine(_day(), time(10)), datetime.combine(_day(), time(12)))
    assert start.utcoffset() == datetime.combine(_day(), time(10), WARSAW).utcoffset()
    assert str(event["LOCATION"]) == "Urząd Miasta, sala 12"
    assert str(event["URL"]) == "https://meet.example.org/zespol"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Warsaw"

    detail = page(a.get(f"{URL}/{meeting.id}"))
    assert detail.status == 200 and "Akcja zima: wolne miejsca" in detail.text and "Schronisko B" in detail.text
    download = a.get(f"{URL}/{meeting.id}/meeting.ics")
    assert download.status_code == 200 and download.mimetype == "text/calendar"
    assert str(_event(icalendar.Calendar.from_ical(download.data))["UID"]) == meeting.ical_uid


def test_an_invited_organisation_answers(browser, city, make, net, rows):
    """B's admin answers "attending" with who will come (roles); B's staff may read but not answer; the answer
    shows on the coordinator's page."""
    meeting = make.meeting(net.id, invited=[city.org_a, city.org_b])
    b = browser(city.b_admin)
    shown = page(b.get(f"{URL}/{meeting}"))
    assert shown.status == 200 and "Your organisation's answer" in shown.text
    missing = b.post(f"{URL}/{meeting}/answer", data={"attendees": "pedagog"})
    assert missing.status_code == 400 and page(missing).field_error("answer")
    pesel = b.post(f"{URL}/{meeting}/answer", data={"answer": "attending", "attendees": "Jan, 44051401359"})
    assert pesel.status_code == 400 and "PESEL" in page(pesel).field_error("attendees")
    assert b.post(f"{URL}/{meeting}/answer", data={"answer": "attending", "attendees": "pedagog, kierownik"}
                  ).status_code == 303
    row = rows.one(MeetingInvitation, meeting_id=meeting, organisation_id=city.org_b.id)
    assert row.answer == InvitationAnswer.ATTENDING and row.attendees == "pedagog, kierownik"
    assert row.answered_by_id == city.b_admin.id
    assert rows.actions("meeting.") == ["meeting.answered"]
    assert browser(city.b_staff).post(f"{URL}/{meeting}/answer", data={"answer": "declined"}).status_code == 403
    coordinator = page(browser(city.a_coordinator).get(f"{URL}/{meeting}"))
    assert ["Schronisko B", "Attending", "pedagog, kierownik"] in coordinator.tables()[-1].rows


def test_a_past_or_cancelled_meeting_takes_no_answer(browser, city, make, net, rows):
    past = make.meeting(net.id, starts_at=datetime.now(WARSAW) - timedelta(hours=3))
    cancelled = make.meeting(net.id, status="cancelled")
    b = browser(city.b_admin)
    for meeting in (past, cancelled):
        assert "Save the answer" not in page(b.get(f"{URL}/{meeting}")).text
        refused = page(b.post(f"{URL}/{meeting}/answer", data={"answer": "attending"}, follow_redirects=True))
        assert refused.status == 200 and "This meeting is no longer waiting for answers." in refused.flashes("error")
    assert rows.count(MeetingInvitation, answer=InvitationAnswer.ATTENDING) == 0


def test_a_change_raises_the_sequence_and_is_sent_again(browser, city, net, rows, outbox):
    """A moves the meeting and invites D instead of B: SEQUENCE 1; A gets the change, D its first invitation, B a
    cancellation; answers given are cleared as the time changed."""
    a = browser(city.a_coordinator)
    a.post(f"{URL}/new", data=_form(net.id, [city.org_a.id, city.org_b.id]))
    meeting = rows.one(Meeting)
    b = browser(city.b_admin)
    assert b.post(f"{URL}/{meeting.id}/answer", data={"answer": "attending"}).status_code == 303
    unchanged = a.post(f"{URL}/{meeting.id}/edit", data=_form(net.id, [city.org_a.id, city.org_b.id]))
    assert unchanged.status_code == 303 and rows.one(Meeting).sequence == 0
    before = len(outbox())

    edit = page(a.get(f"{URL}/{meeting.id}/edit"))
    assert edit.status == 200 and edit.values(f"{URL}/{meeting.id}/edit")["start_time"] == "10:00"
    moved = a.post(f"{URL}/{meeting.id}/edit", data=_form(
        net.id, [city.org_a.id, net.d.id], start_time="11:00", end_time="13:00",
        **{"agenda-0-title": "Sprawy bieżące", "agenda-0-presenter_id": "", "agenda-1-title": "Dyżury świąteczne",
           "agenda-1-presenter_id": str(net.d.id)}))
    assert moved.status_code == 303
    items = sorted(rows.all(AgendaItem, meeting_id=meeting.id), key=lambda item: item.position)
    assert [(i.position, i.title, i.presenter_organisation_id) for i in items] == [
        (1, "Sprawy bieżące", None), (2, "Dyżury świąteczne", net.d.id)]
    changed = rows.one(Meeting)
    assert changed.sequence == 1 and changed.starts_at == datetime.combine(_day(), time(11), WARSAW)
    invited = {row.organisation_id: row for row in rows.all(MeetingInvitation, meeting_id=meeting.id)}
    assert set(invited) == {city.org_a.id, net.d.id}
    assert all(row.sent_sequence == 1 and row.answer == InvitationAnswer.PENDING for row in invited.values())
    mail = {m["to"]: m for m in outbox()[: len(outbox()) - before]}
    assert set(mail) == {"a.admin@example.org", "a.coordinator@example.org", "d.admin@example.org",
                         "b.admin@example.org"}
    for address in ("a.admin@example.org", "d.admin@example.org"):
        calendar = _calendar(mail[address])
        assert str(calendar["METHOD"]) == "REQUEST" and int(_event(calendar)["SEQUENCE"]) == 1
        assert _event(calendar).decoded("DTSTART").hour == 11
    # people who chose no language read Polish
    assert mail["a.admin@example.org"]["subject"].startswith("Zmiana posiedzenia: Posiedzenie zespołu")
    assert mail["d.admin@example.org"]["subject"].startswith("Zaproszenie: Posiedzenie zespołu")
    dropped = _calendar(mail["b.admin@example.org"])
    assert str(dropped["METHOD"]) == "CANCEL" and str(_event(dropped)["STATUS"]) == "CANCELLED"
    assert rows.actions("meeting.")[-1] == "meeting.changed"


def test_cancelling_sends_method_cancel(browser, city, net, rows, outbox):
    a = browser(city.a_coordinator)
    a.post(f"{URL}/new", data=_form(net.id, [city.org_a.id, city.org_b.id]))
    meeting = rows.one(Meeting)
    before = len(outbox())
    assert page(a.get(f"{URL}/{meeting.id}/cancel")).status == 200
    empty = a.post(f"{URL}/{meeting.id}/cancel", data={"reason": ""})
    assert empty.status_code == 400 and page(empty).field_error("reason")
    assert rows.one(Meeting).status == MeetingStatus.PLANNED and len(outbox()) == before
    assert a.post(f"{URL}/{meeting.id}/cancel", data={"reason": "Sala niedostępna"}).status_code == 303
    cancelled = rows.one(Meeting)
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.sequence == 1
    assert cancelled.cancel_reason == "Sala niedostępna"
    mail = outbox()[: len(outbox()) - before]
    assert sorted(m["to"] for m in mail) == ["a.admin@example.org", "a.coordinator@example.org",
                                            "b.admin@example.org"]
    calendar = _calendar(mail[0])
    event = _event(calendar)
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == cancelled.ical_uid
    assert all("Sala niedostępna" in m["body"] for m in mail)
    assert rows.actions("meeting.")[-1] == "meeting.cancelled"
    again = a.get(f"{URL}/{meeting.id}/edit")
    assert again.status_code == 303  # no longer changeable: back to its page


def test_a_member_that_does_not_coordinate_may_read_but_not_convene(browser, city, make, net, rows):
    meeting = make.meeting(net.id, invited=[city.org_a, city.org_b])
    b = browser(city.b_admin)
    assert b.get(f"{URL}/new?network={net.id}").status_code == 403
    assert b.post(f"{URL}/new", data=_form(net.id, [city.org_b.id])).status_code == 403
    assert b.get(f"{URL}/{meeting}/edit").status_code == 403
    assert b.post(f"{URL}/{meeting}/cancel", data={"reason": "x"}).status_code == 403
    assert browser(city.b_staff).get(f"{URL}/new?network={net.id}").status_code == 403
    chooser = page(b.get(f"{URL}/new"))
    assert chooser.status == 200 and "coordinates no network" in chooser.text
    assert rows.count(Meeting) == 1
    # D is a member, not invited: it reads the meeting, but has nothing to answer
    d = browser(net.d_admin)
    seen = page(d.get(f"{URL}/{meeting}"))
    assert seen.status == 200 and "not invited" in seen.text
    assert d.post(f"{URL}/{meeting}/answer", data={"answer": "attending"}).status_code == 403


def test_an_organisation_outside_the_network_gets_404_everywhere(browser, city, make, net, rows):
    meeting = make.meeting(net.id, invited=[city.org_a, city.org_b])
    c = browser(net.c_admin)
    for path in (f"{URL}/{meeting}", f"{URL}/{meeting}/meeting.ics", f"{URL}/{meeting}/edit",
                 f"{URL}/{meeting}/cancel", f"{URL}/new?network={net.id}", f"{CONSOLE}/{meeting}"):
        assert c.get(path).status_code == 404, path
    for path, data in ((f"{URL}/{meeting}/answer", {"answer": "attending"}),
                       (f"{URL}/{meeting}/edit", _form(net.id, [city.org_a.id])),
                       (f"{URL}/{meeting}/cancel", {"reason": "Nie"})):
        assert c.post(path, data=data).status_code == 404, path
    crafted = c.post(f"{URL}/new", data=_form(net.id, [city.org_a.id]))  # another network sent in the form
    assert crafted.status_code == 400 and "Choose a network your organisation coordinates." in page(crafted).text
    listing = page(c.get(URL + "/"))
    assert listing.status == 200 and "Posiedzenie" not in listing.text
    assert c.get(f"{URL}/999999").status_code == 404 and c.get(f"{URL}/abc").status_code == 404
    assert rows.count(Meeting) == 1 and rows.one(Meeting).status == MeetingStatus.PLANNED
    assert rows.actions("meeting.") == []


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"day": (local_today() - timedelta(days=1)).isoformat()}, "day", "cannot be in the past"),
    ({"start_time": "12:00", "end_time": "11:00"}, "end_time", "must end after it starts"),
    ({"place": "", "call_link": ""}, "place", "needs a place or a call link"),
    ({"call_link": "javascript:alert(1)"}, "call_link", "https://"),
    ({"call_link": "http://spotkanie.example/pokoj"}, "call_link", "https://"),
    ({"day": (local_today() + timedelta(days=800)).isoformat()}, "day", "within two years"),
    ({"agenda-0-title": "Sprawa 44051401359"}, "agenda-0-title", "PESEL"),
    ({"agenda-0-title": "Dziecko ur. 12.03.2015"}, "no_personal_data", "date of birth"),
    ({"agenda-0-title": "Dziecko ur. 12.03.2015"}, "agenda-0-title", "date of birth"),
    ({"day": "2026-02-30"}, "day", "like 2026-05-01"),
])
def test_bad_input_is_refused_beside_its_field_and_saves_nothing(browser, city, net, rows, outbox, changes, field,
                                                                 message):
    a = browser(city.a_coordinator)
    before = len(outbox())
    refused = a.post(f"{URL}/new", data=_form(net.id, [city.org_a.id, city.org_b.id], **changes))
    assert refused.status_code == 400
    shown = page(refused)
    assert message in shown.field_error(field), shown.field_errors()
    assert shown.values(f"{URL}/new")["title"] == "Posiedzenie zespołu"  # what was typed is kept
    assert rows.count(Meeting) == rows.count(MeetingInvitation) == rows.count(AgendaItem) == 0
    assert len(outbox()) == before and rows.actions("meeting.") == []


def test_a_form_sent_twice_convenes_one_meeting(browser, city, net, rows, outbox):
    a = browser(city.a_coordinator)
    assert a.post(f"{URL}/new", data=_form(net.id, [city.org_a.id, city.org_b.id])).status_code == 303
    before = len(outbox())
    again = a.post(f"{URL}/new", data=_form(net.id, [city.org_a.id, city.org_b.id]))
    assert again.status_code == 400 and "already been convened" in page(again).field_error("title")
    assert rows.count(Meeting) == 1 and rows.count(MeetingInvitation) == 2 and len(outbox()) == before


def test_an_invitee_outside_the_network_is_refused(browser, city, net, rows):
    """A crafted form inviting C (not in the network), or one whose agenda item is brought by an organisation not
    invited: the message is beside the field, nothing saved."""
    a = browser(city.a_coordinator)
    crafted = a.post(f"{URL}/new", data=_form(net.id, [city.org_a.id, net.c.id],
                                               **{"agenda-0-presenter_id": str(city.org_a.id)}))
    assert crafted.status_code == 400
    assert "only organisations of the network" in page(crafted).field_error("invitees")
    stray = a.post(f"{URL}/new", data=_form(net.id, [city.org_a.id], **{"agenda-0-presenter_id": str(net.d.id)}))
    assert stray.status_code == 400 and "invited organisations" in page(stray).field_error("agenda-0-presenter_id")
    none = a.post(f"{URL}/new", data=_form(net.id, [], **{"agenda-0-presenter_id": ""}))
    assert none.status_code == 400 and page(none).field_error("invitees")
    assert rows.count(Meeting) == rows.count(MeetingInvitation) == 0


def test_the_department_convenes_for_any_network(browser, city, net, rows, outbox):
    officer = browser(city.dept_officer)
    assert officer.get(f"{URL}/new?network={net.id}").status_code == 303  # the department works in its console
    chooser = page(officer.get(f"{CONSOLE}/new"))
    assert chooser.status == 200 and "Zespół interdyscyplinarny" in chooser.text
    assert page(officer.get(f"{CONSOLE}/new?network={net.id}")).status == 200
    sent = officer.post(f"{CONSOLE}/new", data=_form(net.id, [city.org_b.id, net.d.id]))
    assert sent.status_code == 303 and sent.headers["Location"].startswith(CONSOLE)
    meeting = rows.one(Meeting)
    assert meeting.organisation_id == city.org_a.id and meeting.convened_by_id == city.dept_officer.id
    assert {m["to"] for m in outbox()} >= {"b.admin@example.org", "d.admin@example.org"}
    listing = page(officer.get(CONSOLE + "/"))
    assert listing.status == 200 and "Posiedzenie zespołu" in listing.text
    assert page(officer.get(f"{CONSOLE}/{meeting.id}")).status == 200
    assert officer.post(f"{CONSOLE}/{meeting.id}/cancel", data={"reason": "Zmiana planów"}).status_code == 303
    assert rows.one(Meeting).status == MeetingStatus.CANCELLED
    analyst = browser(city.dept_analyst)
    assert analyst.get(f"{CONSOLE}/{meeting.id}").status_code == 200
    assert analyst.get(f"{CONSOLE}/new").status_code == 403


def test_the_list_shows_coming_meetings_first_and_filters_by_network(browser, city, make, net):
    other = make.network(city.org_b, [city.org_a], "Akcja zima")
    past = make.meeting(net.id, starts_at=datetime.now(WARSAW) - timedelta(days=10), title="Dawne posiedzenie")
    soon = make.meeting(net.id, title="Bliskie posiedzenie")
    winter = make.meeting(other, title="Zimowe posiedzenie")
    a = browser(city.a_admin)
    listing = page(a.get(URL + "/"))
    upcoming, earlier = listing.tables()
    assert {row[0] for row in upcoming.rows[1:]} == {"Bliskie posiedzenie", "Zimowe posiedzenie"}
    assert [row[0] for row in earlier.rows[1:]] == ["Dawne posiedzenie"]
    narrowed = page(a.get(f"{URL}/?network={other}"))
    assert "Zimowe posiedzenie" in narrowed.text and "Bliskie posiedzenie" not in narrowed.text
    assert page(a.get(f"{URL}/?network=junk")).status == 200
    assert past and soon and winter


def test_the_network_page_part_lists_coming_and_recent_meetings(app, city, make, net):
    """``meetings_of_network`` with ``meetings/_network_meetings.html``, as the network page includes them: coming
    meetings, those of the last 90 days, not older ones; an organisation sees its network's meetings."""
    from types import SimpleNamespace

    from flask import render_template_string

    from app.services.networks.meetings import meetings_of_network

    make.meeting(net.id, title="Bliskie posiedzenie")
    make.meeting(net.id, starts_at=datetime.now(WARSAW) - timedelta(days=20), title="Niedawne posiedzenie")
    make.meeting(net.id, starts_at=datetime.now(WARSAW) - timedelta(days=200), title="Stare posiedzenie")
    b = SimpleNamespace(membership=object(), organisation_id=city.org_b.id, in_department=False)
    with app.test_request_context("/"), force_locale("en"):
        network = SimpleNamespace(id=net.id)
        found = meetings_of_network(b, network)
        assert [m.title for m in found.upcoming] == ["Bliskie posiedzenie"]
        assert [m.title for m in found.past] == ["Niedawne posiedzenie"]
        html = render_template_string(
            '{% with audience="workspace", can_convene=False %}{% include "meetings/_network_meetings.html" %}'
            '{% endwith %}', network_meetings=found, network=network)
    assert "Bliskie posiedzenie" in html and "Niedawne posiedzenie" in html and "Stare posiedzenie" not in html
    assert f"/workspace/meetings/?network={net.id}" in html
    outsider = SimpleNamespace(membership=object(), organisation_id=net.c.id, in_department=False)
    with app.test_request_context("/"):
        assert not meetings_of_network(outsider, SimpleNamespace(id=net.id))


def test_the_meeting_page_leads_to_its_minutes(browser, city, make, net):
    """An approved meeting's page leads every member to the approved minutes; a past meeting not yet approved leads
    its coordinator to the attendance and minutes, and a member only says they come once approved."""
    approved = make.meeting(net.id, starts_at=datetime.now(WARSAW) - timedelta(days=30), status="approved",
                            title="Posiedzenie zatwierdzone")
    held = make.meeting(net.id, starts_at=datetime.now(WARSAW) - timedelta(days=2), title="Posiedzenie wczorajsze")
    b = browser(city.b_admin)
    read = page(b.get(f"{URL}/{approved}"))
    assert read.status == 200 and "Read the approved minutes" in read
    assert f'href="/workspace/minutes/{approved}"' in read.html
    member = page(b.get(f"{URL}/{held}"))
    assert "Attendance and minutes" not in member and "once the coordinator has approved them" in member
    coordinator = page(browser(city.a_coordinator).get(f"{URL}/{held}"))
    assert "Attendance and minutes" in coordinator and "Read the approved minutes" not in coordinator
    network = page(b.get(f"/workspace/networks/{net.id}"))
    assert "Posiedzenie zatwierdzone" in network and "Posiedzenie wczorajsze" in network
    assert browser(net.c_admin).get(f"{URL}/{approved}").status_code == 404
