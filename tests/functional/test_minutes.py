"""A network meeting's minutes: the coordinator records attendance, minutes and decisions, then approves them;
member organisations read approved minutes, never a draft; personal data is refused or held for confirmation;
the PDF; another network's meeting and an organisation outside the network get 404."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models import AgendaItem, Meeting, MeetingInvitation, MeetingStatus, Role, utcnow
from tests.functional.support import page

PESEL = "44051401359"  # a valid PESEL number (checksum), as found in the standard's examples


@pytest.fixture
def team(make, city):
    """A coordinates the network with B and the police station C; D, a school, is outside it (with its admin). A
    meeting of the network started an hour ago, with two agenda items; every member is invited."""
    police = make.organisation("Komisariat Policji", kind="police")
    school = make.organisation("Szkoła D", kind="school")
    people = {"c_admin": make.user("c.admin@example.org", member_of=police, role=Role.ADMIN),
              "d_admin": make.user("d.admin@example.org", member_of=school, role=Role.ADMIN)}
    network = make.network(city.org_a, [city.org_b, police], "Zespół interdyscyplinarny")
    meeting = make.meeting(network, starts_at=utcnow().replace(microsecond=0) - timedelta(hours=1),
                           agenda=("Sprawy bieżące", "Akcja zima"), title="Posiedzenie zespołu")
    return {"network": network, "meeting": meeting, "police": police.id, "school": school.id, **people}


def _parts(rows, meeting):
    items = sorted(rows.all(AgendaItem, meeting_id=meeting), key=lambda item: item.position)
    invitations = {i.organisation_id: i.id for i in rows.all(MeetingInvitation, meeting_id=meeting)}
    return items, invitations


def _form(rows, meeting, *, attended=None, texts=None, notes="Następne posiedzenie za miesiąc.", **extra):
    items, invitations = _parts(rows, meeting)
    data = {f"attended-{invitations[org]}": value for org, value in (attended or {}).items()}
    for item in items:
        data[f"item-{item.id}-minutes"] = (texts or {}).get(item.position, f"Omówiono punkt {item.position}.")
        data[f"item-{item.id}-decisions"] = f"Postanowiono w punkcie {item.position}."
    data["minutes_notes"] = notes
    data.update(extra)
    return data


def test_the_coordinator_records_and_approves_and_the_members_read(browser, city, team, rows):
    meeting = team["meeting"]
    url = f"/workspace/minutes/{meeting}/edit"
    read_url = f"/workspace/minutes/{meeting}"
    a = browser(city.a_coordinator)
    shown = page(a.get(url))
    assert shown.status == 200 and "Posiedzenie zespołu" in shown.h1
    assert "never about a person" in shown  # the personal-data warning
    saved = a.post(url, data=_form(rows, meeting, attended={city.org_a.id: "yes", city.org_b.id: "yes",
                                                             team["police"]: "no"}))
    assert saved.status_code == 303
    held = rows.one(Meeting, id=meeting)
    assert held.status == MeetingStatus.HELD and held.minutes_notes == "Następne posiedzenie za miesiąc."
    attended = {i.organisation_id: i.attended for i in rows.all(MeetingInvitation, meeting_id=meeting)}
    assert attended == {city.org_a.id: True, city.org_b.id: True, team["police"]: False}
    assert rows.actions("minutes.") == ["minutes.saved"]
    assert rows.audit("tenancy.scope_widened")[-1].details["reason"] == "minutes.attendance"

    # a draft: the members do not read it, nor does another organisation's admin write it
    assert browser(city.b_admin).get(read_url).status_code == 404
    assert browser(city.b_staff).get(read_url).status_code == 404
    assert browser(city.b_admin).get(url).status_code == 404
    assert browser(city.b_admin).post(f"{read_url}/approve").status_code == 404
    preview = page(a.get(read_url))
    assert preview.status == 200 and preview.text_of("minutes-draft")

    approved = a.post(f"{read_url}/approve")
    assert approved.status_code == 303
    final = rows.one(Meeting, id=meeting)
    assert final.status == MeetingStatus.APPROVED and final.minutes_approved_by_id == city.a_coordinator.id
    assert rows.actions("minutes.") == ["minutes.saved", "minutes.approved"]

    read = page(browser(city.b_staff).get(read_url))
    assert read.status == 200 and "Omówiono punkt 2." in read and read.text_of("minutes-draft") is None
    assert "Komisariat Policji" in read
    assert page(browser(team["c_admin"]).get(read_url)).status == 200
    # read-only now: the record page sends to the minutes, a save changes nothing
    assert a.get(url).status_code == 302
    again = a.post(url, data=_form(rows, meeting, notes="Zmiana po zatwierdzeniu."))
    assert again.status_code == 400 and "approved" in page(again)
    assert rows.one(Meeting, id=meeting).minutes_notes == "Następne posiedzenie za miesiąc."
    # an organisation outside the network: nothing, on every page
    d = browser(team["d_admin"])
    for path in (url, read_url, f"{read_url}.pdf"):
        assert d.get(path).status_code == 404
    assert d.post(f"{read_url}/approve").status_code == 404


def test_the_pdf_of_approved_minutes(browser, city, team, rows):
    meeting = team["meeting"]
    a = browser(city.a_coordinator)
    a.post(f"/workspace/minutes/{meeting}/edit", data=_form(rows, meeting))
    a.post(f"/workspace/minutes/{meeting}/approve")
    response = browser(city.b_staff).get(f"/workspace/minutes/{meeting}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_a_pesel_in_the_minutes_is_refused_and_nothing_is_saved(browser, city, team, rows):
    meeting = team["meeting"]
    items, _ = _parts(rows, meeting)
    refused = browser(city.a_coordinator).post(f"/workspace/minutes/{meeting}/edit", data=_form(
        rows, meeting, attended={city.org_b.id: "yes"}, texts={2: f"Sprawa osoby {PESEL} omówiona."}))
    assert refused.status_code == 400
    shown = page(refused)
    assert "PESEL" in shown.field_error(f"item-{items[1].id}-minutes")
    assert f"Sprawa osoby {PESEL}" in refused.get_data(as_text=True)  # what was typed is kept
    unchanged = rows.one(Meeting, id=meeting)
    assert unchanged.status == MeetingStatus.PLANNED and unchanged.minutes_notes is None
    assert all(item.minutes is None for item in rows.all(AgendaItem, meeting_id=meeting))
    assert all(i.attended is None for i in rows.all(MeetingInvitation, meeting_id=meeting))
    assert rows.actions("minutes.") == []


def test_a_date_of_birth_asks_for_confirmation_then_saves(browser, city, team, rows):
    meeting = team["meeting"]
    a = browser(city.a_coordinator)
    text = {1: "Rodzina z dzieckiem urodzonym 12.03.2015 — sprawa pod kodem MOPS-14."}
    asked = a.post(f"/workspace/minutes/{meeting}/edit", data=_form(rows, meeting, texts=text))
    assert asked.status_code == 400 and "date of birth" in page(asked).field_error("no_personal_data")
    assert rows.one(Meeting, id=meeting).status == MeetingStatus.PLANNED
    confirmed = a.post(f"/workspace/minutes/{meeting}/edit",
                       data=_form(rows, meeting, texts=text, no_personal_data="y"))
    assert confirmed.status_code == 303
    items, _ = _parts(rows, meeting)
    assert items[0].minutes == text[1]


def test_minutes_wait_for_the_meeting_to_start(browser, make, city, team, rows):
    later = make.meeting(team["network"], starts_at=utcnow() + timedelta(days=2))
    a = browser(city.a_coordinator)
    assert "has not started yet" in page(a.get(f"/workspace/minutes/{later}/edit"))
    refused = a.post(f"/workspace/minutes/{later}/edit", data=_form(rows, later))
    assert refused.status_code == 400 and "has not started yet" in page(refused)
    assert rows.one(Meeting, id=later).status == MeetingStatus.PLANNED


def test_the_department_coordinates_in_its_console_and_another_network_is_404(browser, make, city, team, rows):
    meeting = team["meeting"]
    officer = browser(city.dept_officer)
    assert officer.get(f"/workspace/minutes/{meeting}/edit").status_code == 302  # sent to the console
    assert page(officer.get(f"/console/minutes/{meeting}/edit")).status == 200
    assert officer.post(f"/console/minutes/{meeting}/edit", data=_form(rows, meeting)).status_code == 303
    assert rows.one(Meeting, id=meeting).status == MeetingStatus.HELD
    assert browser(city.dept_analyst).get(f"/console/minutes/{meeting}").status_code == 404  # a draft
    # B coordinates another network, without A: its meeting is a 404 to A's coordinator
    other = make.network(city.org_b, [team["police"]], "Akcja zima B")
    theirs = make.meeting(other, starts_at=utcnow() - timedelta(hours=3))
    a = browser(city.a_coordinator)
    assert a.get(f"/workspace/minutes/{theirs}/edit").status_code == 404
    assert a.get(f"/workspace/minutes/{theirs}").status_code == 404


def test_the_list_of_minutes(browser, city, team, rows):
    meeting = team["meeting"]
    a = browser(city.a_coordinator)
    assert "Posiedzenie zespołu" in page(a.get("/workspace/minutes/"))
    assert "Posiedzenie zespołu" not in page(browser(city.b_staff).get("/workspace/minutes/"))  # a draft
    a.post(f"/workspace/minutes/{meeting}/edit", data=_form(rows, meeting))
    a.post(f"/workspace/minutes/{meeting}/approve")
    assert "Posiedzenie zespołu" in page(browser(city.b_staff).get("/workspace/minutes/"))
    assert "Posiedzenie zespołu" not in page(browser(team["d_admin"]).get("/workspace/minutes/"))
