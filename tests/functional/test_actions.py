"""Actions decided at a network meeting: the coordinator adds them (an owner of the network and a due date, or a
message beside the field), they appear in the responsible organisation's workspace, whose admins and coordinators
update them (dropping needs a reason; staff only read); overdue actions for the coordinator and the department;
another organisation gets 404."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.localtime import local_today
from app.models import ActionStatus, AgendaItem, MeetingAction, Role, utcnow
from app.services.networks import actions
from tests.functional.support import page


@pytest.fixture
def team(make, city):
    """A coordinates the network with B and the police station C; D, a school, is outside it. A meeting of the
    network started two hours ago."""
    police = make.organisation("Komisariat Policji", kind="police")
    school = make.organisation("Szkoła D", kind="school")
    network = make.network(city.org_a, [city.org_b, police], "Zespół interdyscyplinarny")
    meeting = make.meeting(network, starts_at=utcnow().replace(microsecond=0) - timedelta(hours=2),
                           agenda=("Sprawy bieżące", "Akcja zima"), title="Posiedzenie zespołu")
    return {"network": network, "meeting": meeting, "police": police.id, "school": school.id,
            "c_admin": make.user("c.admin@example.org", member_of=police, role=Role.ADMIN),
            "d_admin": make.user("d.admin@example.org", member_of=school, role=Role.ADMIN)}


def _action(owner, **changes) -> dict:
    data = {"action-title": "Przygotować listę miejsc noclegowych", "action-details": "Na zimę.",
            "action-organisation_id": str(owner), "action-due_on": (local_today() + timedelta(days=14)).isoformat(),
            "action-agenda_item_id": ""}
    data.update(changes)
    return data


def test_the_coordinator_adds_an_action_and_the_owner_follows_it_up(browser, city, team, rows):
    meeting = team["meeting"]
    item = min(rows.all(AgendaItem, meeting_id=meeting), key=lambda i: i.position)
    a = browser(city.a_coordinator)
    added = a.post(f"/workspace/minutes/{meeting}/actions", data=_action(city.org_b.id, **{
        "action-agenda_item_id": str(item.id)}))
    assert added.status_code == 303
    action = rows.one(MeetingAction)
    assert (action.organisation_id, action.network_id, action.agenda_item_id, action.status) == (
        city.org_b.id, team["network"], item.id, ActionStatus.OPEN)
    assert rows.actions("action.") == ["action.added"]
    assert "Przygotować listę" in page(a.get(f"/workspace/minutes/{meeting}/edit"))
    twice = a.post(f"/workspace/minutes/{meeting}/actions", data=_action(city.org_b.id, **{
        "action-agenda_item_id": str(item.id)}))
    assert twice.status_code == 400 and "already" in page(twice).field_error("action-title")
    assert rows.count(MeetingAction) == 1

    b = browser(city.b_admin)
    listed = page(b.get("/workspace/actions/"))
    assert listed.status == 200 and "Przygotować listę miejsc noclegowych" in listed
    assert page(browser(city.b_staff).get("/workspace/actions/")).status == 200
    detail = page(b.get(f"/workspace/actions/{action.id}"))
    assert detail.status == 200 and detail.text_of("action-status") == "Open"
    assert b.post(f"/workspace/actions/{action.id}", data={"status": "in_progress",
                                                          "note": "Zebrane 3 z 5."}).status_code == 303
    assert rows.one(MeetingAction).status == ActionStatus.IN_PROGRESS
    finished = b.post(f"/workspace/actions/{action.id}", data={"status": "done", "note": "Lista gotowa."})
    assert finished.status_code == 303
    done = rows.one(MeetingAction)
    assert (done.status, done.status_note, done.status_changed_by_id) == (ActionStatus.DONE, "Lista gotowa.",
                                                                          city.b_admin.id)
    assert rows.actions("action.") == ["action.added", "action.updated", "action.updated"]
    assert rows.audit("action.updated")[-1].details == {"from": "in_progress", "to": "done",
                                                        "network_id": team["network"]}
    # closed: no more changes
    again = b.post(f"/workspace/actions/{action.id}", data={"status": "open", "note": "x"})
    assert again.status_code == 400 and rows.one(MeetingAction).status == ActionStatus.DONE


def test_an_action_needs_an_owner_of_the_network_and_a_due_date(browser, city, team, rows):
    meeting = team["meeting"]
    a = browser(city.a_coordinator)
    refused = a.post(f"/workspace/minutes/{meeting}/actions", data=_action("", **{"action-due_on": ""}))
    assert refused.status_code == 400
    shown = page(refused)
    assert "responsible" in shown.field_error("action-organisation_id")
    assert "due date" in shown.field_error("action-due_on")
    assert shown.values(f"/workspace/minutes/{meeting}/actions")["action-title"] == (
        "Przygotować listę miejsc noclegowych")
    outside = a.post(f"/workspace/minutes/{meeting}/actions", data=_action(team["school"]))
    assert outside.status_code == 400
    assert "of this network" in page(outside).field_error("action-organisation_id")
    pesel = a.post(f"/workspace/minutes/{meeting}/actions",
                   data=_action(city.org_b.id, **{"action-details": "Dotyczy 44051401359."}))
    assert pesel.status_code == 400 and "PESEL" in page(pesel).field_error("action-details")
    early = a.post(f"/workspace/minutes/{meeting}/actions", data=_action(city.org_b.id, **{
        "action-due_on": (local_today() - timedelta(days=3)).isoformat()}))
    assert early.status_code == 400 and "before the meeting" in page(early).field_error("action-due_on")
    assert rows.count(MeetingAction) == 0
    # a member that does not coordinate cannot add one
    assert browser(city.b_admin).post(f"/workspace/minutes/{meeting}/actions",
                                      data=_action(city.org_b.id)).status_code == 404


def test_dropping_needs_a_reason_and_staff_cannot_update(browser, make, city, team, rows):
    action = make.action(team["meeting"], city.org_b, "Zorganizować szkolenie")
    b = browser(city.b_admin)
    refused = b.post(f"/workspace/actions/{action}", data={"status": "dropped", "note": ""})
    assert refused.status_code == 400 and "why" in page(refused).field_error("note")
    assert rows.one(MeetingAction).status == ActionStatus.OPEN
    staff = browser(city.b_staff)
    assert staff.post(f"/workspace/actions/{action}", data={"status": "done"}).status_code == 403
    seen = page(staff.get(f"/workspace/actions/{action}"))
    assert seen.status == 200 and "Update the action" not in seen
    dropped = b.post(f"/workspace/actions/{action}", data={"status": "dropped", "note": "Szkolenie zrobi MOPS."})
    assert dropped.status_code == 303
    assert (rows.one(MeetingAction).status, rows.one(MeetingAction).status_note) == (ActionStatus.DROPPED,
                                                                                     "Szkolenie zrobi MOPS.")


def test_another_organisation_gets_404(browser, make, city, team, rows):
    action = make.action(team["meeting"], city.org_b, "Zorganizować szkolenie")
    for person in (team["d_admin"], team["c_admin"]):  # outside the network; in it but not responsible
        client = browser(person)
        assert client.get(f"/workspace/actions/{action}").status_code == 404
        assert client.post(f"/workspace/actions/{action}", data={"status": "done", "note": "x"}).status_code == 404
        assert "Zorganizować szkolenie" not in page(client.get("/workspace/actions/"))
    assert rows.one(MeetingAction).status == ActionStatus.OPEN
    assert browser(city.a_coordinator).get(f"/workspace/actions/{action}").status_code == 200  # the coordinator
    # the coordinator reads it but does not update it: the row is B's
    assert browser(city.a_coordinator).post(f"/workspace/actions/{action}",
                                            data={"status": "done"}).status_code == 400
    assert rows.one(MeetingAction).status == ActionStatus.OPEN


def test_the_overdue_actions(browser, make, city, team, rows):
    late = make.action(team["meeting"], city.org_b, "Spóźnione zadanie", due_on=local_today() - timedelta(days=3))
    make.action(team["meeting"], team["police"], "Zadanie na czas", due_on=local_today() + timedelta(days=3))
    make.action(team["meeting"], city.org_b, "Zrobione dawno", due_on=local_today() - timedelta(days=9),
                status="done")
    other = make.network(city.org_b, [team["police"]], "Akcja zima")
    other_meeting = make.meeting(other, starts_at=utcnow() - timedelta(days=5))
    make.action(other_meeting, team["police"], "Spóźnione w innej sieci", due_on=local_today() - timedelta(days=1))

    coordinator = page(browser(city.a_coordinator).get("/workspace/actions/"))
    overdue = coordinator.tables()[-1].records()
    assert [row["Action"] for row in overdue] == ["Spóźnione zadanie"]
    officer = browser(city.dept_analyst)
    listed = page(officer.get("/console/actions/"))
    assert listed.status == 200
    assert [row["Action"] for row in listed.tables()[0].records()] == ["Spóźnione zadanie", "Spóźnione w innej sieci"]
    filtered = page(officer.get(f"/console/actions/?network={other}"))
    assert [row["Action"] for row in filtered.tables()[0].records()] == ["Spóźnione w innej sieci"]
    assert page(officer.get("/console/actions/?network=junk")).status == 200
    assert page(officer.get(f"/console/actions/{late}")).status == 200
    # the owner sees its open actions by due date, the closed ones when it asks for them; B coordinates "other"
    b = browser(city.b_admin)
    own = page(b.get("/workspace/actions/"))
    assert [row["Action"] for row in own.tables()[0].records()] == ["Spóźnione zadanie"]
    assert [row["Action"] for row in own.tables()[1].records()] == ["Spóźnione w innej sieci"]
    closed = page(b.get("/workspace/actions/?status=closed"))
    assert [row["Action"] for row in closed.tables()[0].records()] == ["Zrobione dawno"]


def _statements(app, client, url: str) -> int:
    """How many SQL statements the page ``url`` runs."""
    from sqlalchemy import event

    from app.extensions import db

    with app.app_context():
        engine = db.engine
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_lists_run_the_same_statements_for_many_actions(app, browser, make, city, team, monkeypatch):
    """The owner's list, the coordinator's overdue list, a network's list and the network's page read each row's
    meeting, network and organisation with it: as many statements for 20 actions in two meetings (over several
    pages) as for two."""
    monkeypatch.setattr(actions, "PER_PAGE", 4)
    second = make.meeting(team["network"], starts_at=utcnow() - timedelta(days=9), title="Posiedzenie drugie")
    for meeting in (team["meeting"], second):
        make.action(meeting, city.org_b, due_on=local_today() - timedelta(days=2))
    network = team["network"]
    b, a = browser(city.b_admin), browser(city.a_coordinator)
    pages = [(b, "/workspace/actions/"), (b, "/workspace/actions/?status=all"), (a, "/workspace/actions/"),
             (b, f"/workspace/actions/networks/{network}"), (b, f"/workspace/networks/{network}")]
    few = [_statements(app, client, url) for client, url in pages]
    for n in range(18):
        make.action((team["meeting"], second)[n % 2], (city.org_b.id, team["police"])[n % 2],
                    due_on=local_today() - timedelta(days=n + 1), status=("open", "done", "in_progress")[n % 3])
    assert [_statements(app, client, url) for client, url in pages] == few
    assert _statements(app, b, "/workspace/actions/?page=2") == few[0]
    assert _statements(app, a, "/workspace/actions/?overdue_page=2") == few[2]


def _titles(shown, table: int = 0) -> list[str]:
    return [row["Action"] for row in shown.tables()[table].records()]


def test_the_owner_pages_through_its_actions_and_filters_them(browser, make, city, team, monkeypatch):
    """Three actions a page: the next page shows the next actions by due date, the pager says where the reader is,
    a page past the last says so; the closed ones and one network's are filters; junk is ignored."""
    monkeypatch.setattr(actions, "PER_PAGE", 3)
    meeting, today = team["meeting"], local_today()
    for n in range(7):
        make.action(meeting, city.org_b, f"Zadanie {n + 1}", due_on=today + timedelta(days=n + 1))
    make.action(meeting, city.org_b, "Zrobione", due_on=today - timedelta(days=20), status="done")
    make.action(meeting, city.org_b, "Porzucone", due_on=today - timedelta(days=10), status="dropped")
    other = make.network(team["police"], [city.org_b], "Akcja zima")
    winter = make.action(make.meeting(other, starts_at=utcnow() - timedelta(days=3)), city.org_b, "Zimowe zadanie",
                         due_on=today + timedelta(days=30))
    make.action(meeting, team["police"], "Zadanie policji", due_on=today)  # another organisation's
    b = browser(city.b_admin)

    first = page(b.get("/workspace/actions/"))
    assert first.status == 200 and _titles(first) == ["Zadanie 1", "Zadanie 2", "Zadanie 3"]
    assert "8 actions" in first and "Page 1 of 3" in first and "Zadanie policji" not in first
    assert 'href="/workspace/actions/?page=2" rel="next"' in first.html
    second = page(b.get("/workspace/actions/?page=2"))
    assert _titles(second) == ["Zadanie 4", "Zadanie 5", "Zadanie 6"] and "Page 2 of 3" in second
    assert 'rel="prev"' in second.html and 'rel="next"' in second.html
    last = page(b.get("/workspace/actions/?page=3"))
    assert _titles(last) == ["Zadanie 7", "Zimowe zadanie"] and 'rel="next"' not in last.html
    beyond = page(b.get("/workspace/actions/?page=9"))
    assert beyond.status == 200 and "There are only 3 pages of results." in beyond
    assert 'href="/workspace/actions/?page=3"' in beyond.html
    assert _titles(page(b.get("/workspace/actions/?page=junk"))) == ["Zadanie 1", "Zadanie 2", "Zadanie 3"]

    closed = page(b.get("/workspace/actions/?status=closed"))
    assert _titles(closed) == ["Porzucone", "Zrobione"] and closed.h1 == "Actions"
    everything = page(b.get("/workspace/actions/?status=all&page=3"))
    assert _titles(everything) == ["Zadanie 7", "Zimowe zadanie", "Porzucone"] and "Page 3 of 4" in everything
    assert _titles(page(b.get("/workspace/actions/?status=bogus"))) == ["Zadanie 1", "Zadanie 2", "Zadanie 3"]
    one_network = page(b.get(f"/workspace/actions/?network={other}"))
    assert _titles(one_network) == ["Zimowe zadanie"] and one_network.values()["network"] == str(other)
    assert _titles(page(b.get("/workspace/actions/?network=junk&status=closed"))) == ["Porzucone", "Zrobione"]
    # a network B is not in is ignored as junk is; the second tenant D sees none of B's actions
    assert len(_titles(page(b.get("/workspace/actions/?network=999999")))) == 3
    d_list = page(browser(team["d_admin"]).get(f"/workspace/actions/?network={other}&status=all"))
    assert d_list.status == 200 and "Zadanie 1" not in d_list and "Zimowe zadanie" not in d_list
    assert browser(team["d_admin"]).get(f"/workspace/actions/{winter}").status_code == 404


def test_the_coordinator_pages_through_the_overdue_actions(browser, make, city, team, monkeypatch):
    """The overdue actions of the networks A coordinates page on their own (``overdue_page``), beside A's own list."""
    monkeypatch.setattr(actions, "PER_PAGE", 2)
    for n in range(3):
        make.action(team["meeting"], city.org_b, f"Spóźnione {n + 1}", due_on=local_today() - timedelta(days=9 - n))
    a = browser(city.a_coordinator)
    first = page(a.get("/workspace/actions/"))
    assert _titles(first, -1) == ["Spóźnione 1", "Spóźnione 2"] and "3 overdue actions" in first
    assert 'href="/workspace/actions/?overdue_page=2" rel="next"' in first.html
    second = page(a.get("/workspace/actions/?overdue_page=2"))
    assert _titles(second, -1) == ["Spóźnione 3"]
    beyond = page(a.get("/workspace/actions/?overdue_page=5"))
    assert beyond.status == 200 and "There are only 2 pages of results." in beyond
    console = page(browser(city.dept_analyst).get("/console/actions/?page=2"))
    assert _titles(console) == ["Spóźnione 3"] and "Page 2 of 2" in console


def test_the_network_page_shows_its_meetings_and_soonest_open_actions(browser, make, city, team, monkeypatch):
    """A member reads the network's coming meeting and its soonest open actions (every member's, its own linked),
    with a link to the network's whole paged list; an organisation outside the network gets 404 for both."""
    monkeypatch.setattr(actions, "SHOWN_ON_NETWORK_PAGE", 2)
    monkeypatch.setattr(actions, "PER_PAGE", 2)
    network, today = team["network"], local_today()
    make.meeting(network, title="Posiedzenie w przyszłym tygodniu", starts_at=utcnow() + timedelta(days=7))
    own = make.action(team["meeting"], city.org_b, "Lista dyżurów", due_on=today + timedelta(days=1))
    police = make.action(team["meeting"], team["police"], "Plan patroli", due_on=today + timedelta(days=2))
    make.action(team["meeting"], team["police"], "Ulotki", due_on=today + timedelta(days=3))
    make.action(team["meeting"], city.org_b, "Zrobione dawno", status="done")
    b = browser(city.b_admin)
    shown = page(b.get(f"/workspace/networks/{network}"))
    assert shown.status == 200
    assert "Posiedzenie w przyszłym tygodniu" in shown and "Posiedzenie zespołu" in shown
    assert _titles(shown, -1) == ["Lista dyżurów", "Plan patroli"]
    assert "Ulotki" not in shown and "Zrobione dawno" not in shown
    assert f'href="/workspace/actions/{own}"' in shown.html and f'href="/workspace/actions/{police}"' not in shown.html
    assert f'href="/workspace/actions/networks/{network}"' in shown.html and "All 3 open actions" in shown
    listed = page(b.get(f"/workspace/actions/networks/{network}?page=2"))
    assert listed.status == 200 and _titles(listed) == ["Ulotki"] and "Page 2 of 2" in listed
    coordinator = page(browser(city.a_coordinator).get(f"/workspace/networks/{network}"))
    assert f'href="/workspace/actions/{police}"' in coordinator.html  # the coordinator opens every one
    console = page(browser(city.dept_analyst).get(f"/console/networks/{network}"))
    assert f'href="/console/actions/networks/{network}"' in console.html
    assert _titles(page(browser(city.dept_analyst).get(f"/console/actions/networks/{network}"))) == [
        "Lista dyżurów", "Plan patroli"]
    outsider = browser(team["d_admin"])
    assert outsider.get(f"/workspace/networks/{network}").status_code == 404
    assert outsider.get(f"/workspace/actions/networks/{network}").status_code == 404
    assert outsider.get("/workspace/actions/networks/junk").status_code == 404
