"""Actions decided at a network meeting: the coordinator adds them (an owner of the network and a due date, or a
message beside the field), they appear in the responsible organisation's workspace, whose admins and coordinators
update them (dropping needs a reason; staff only read); overdue actions for the coordinator and the department;
another organisation gets 404."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.localtime import local_today
from app.models import ActionStatus, AgendaItem, MeetingAction, Role, utcnow
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
    # the owner sees its open actions first by due date, then the closed ones
    own = page(browser(city.b_admin).get("/workspace/actions/"))
    assert [row["Action"] for row in own.tables()[0].records()] == ["Spóźnione zadanie"]
    assert [row["Action"] for row in own.tables()[1].records()] == ["Zrobione dawno"]


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


def test_the_lists_run_the_same_statements_for_many_actions(app, browser, make, city, team):
    """The owner's list and the coordinator's overdue list load each action's meeting, network and organisation
    with it: as many statements for 20 actions in two meetings as for two."""
    second = make.meeting(team["network"], starts_at=utcnow() - timedelta(days=9), title="Posiedzenie drugie")
    for meeting in (team["meeting"], second):
        make.action(meeting, city.org_b, due_on=local_today() - timedelta(days=2))
    b, a = browser(city.b_admin), browser(city.a_coordinator)
    owner_few, coordinator_few = _statements(app, b, "/workspace/actions/"), _statements(app, a, "/workspace/actions/")
    for n in range(18):
        make.action((team["meeting"], second)[n % 2], (city.org_b.id, team["police"])[n % 2],
                    due_on=local_today() - timedelta(days=n + 1), status=("open", "done", "in_progress")[n % 3])
    assert _statements(app, b, "/workspace/actions/") == owner_few
    assert _statements(app, a, "/workspace/actions/") == coordinator_few
