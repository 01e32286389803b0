"""The demo city's interdisciplinary team: two past meetings with approved minutes (attendance, decisions, actions
done, open, overdue and dropped with a reason) and one to come with invitations some members answered; a member
reads the approved minutes, the responsible organisation sees its actions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.models import (
    ActionStatus,
    InvitationAnswer,
    Meeting,
    MeetingAction,
    MeetingInvitation,
    MeetingStatus,
    Membership,
    Network,
    Organisation,
    User,
    utcnow,
)
from app.tenancy import system_scope
from tests.factories.organisations import Person
from tests.functional.support import page

TEAM = "Zespół interdyscyplinarny"


@pytest.fixture
def demo(app, tmp_path, make, rows):
    """The demo city with the team (made here when the networks' demo is not part of this build: the meetings'
    demo then fills it on the next load, which adds nothing else)."""
    app.config["AGREEMENT_DOCUMENT_FOLDER"] = str(tmp_path / "agreements")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    if rows.first(Network, name=TEAM) is None:
        names = {o.name: o.id for o in rows.all(Organisation)}
        make.network(names["Ośrodek Pomocy Społecznej"],
                     [names["Ośrodek Interwencji Kryzysowej"], names["Świetlica Środowiskowa „Promyk”"],
                      names["Stowarzyszenie na Rzecz Rodziny"]], TEAM)
        again = app.test_cli_runner().invoke(args=["demo", "load"])
        assert again.exit_code == 0, again.output
    return rows.one(Network, name=TEAM)


def test_the_team_has_two_approved_minutes_and_a_meeting_to_come(demo, rows):
    meetings = sorted(rows.all(Meeting, network_id=demo.id), key=lambda m: m.starts_at)
    assert [m.status for m in meetings] == [MeetingStatus.APPROVED, MeetingStatus.APPROVED, MeetingStatus.PLANNED]
    now = utcnow()
    assert meetings[0].starts_at < meetings[1].starts_at < now < meetings[2].starts_at
    assert all(m.minutes_approved_at and m.organisation_id == demo.coordinator_organisation_id for m in meetings[:2])
    past_invitations = rows.all(MeetingInvitation, MeetingInvitation.meeting_id.in_([m.id for m in meetings[:2]]))
    assert {i.attended for i in past_invitations} >= {True}
    coming = rows.all(MeetingInvitation, meeting_id=meetings[2].id)
    answers = {i.answer for i in coming}
    assert InvitationAnswer.ATTENDING in answers and len(answers) >= 2  # some answered, not all alike
    actions = rows.all(MeetingAction, network_id=demo.id)
    statuses = {a.status for a in actions}
    assert {ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.DROPPED} <= statuses
    assert all(a.status_note for a in actions if a.status == ActionStatus.DROPPED)
    overdue = [a for a in actions if a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
               and a.due_on < local_today()]
    assert len(overdue) == 1
    # the actions' owners are the network's organisations, all invited to the next meeting
    assert {i.organisation_id for i in coming} >= {a.organisation_id for a in actions}


def test_a_member_reads_the_minutes_and_its_actions(demo, rows, browser, app):
    meeting = min((m for m in rows.all(Meeting, network_id=demo.id) if m.status == MeetingStatus.APPROVED),
                  key=lambda m: m.starts_at)
    action = next(a for a in rows.all(MeetingAction, network_id=demo.id)
                  if a.organisation_id != demo.coordinator_organisation_id)
    with app.app_context(), system_scope("tests"):
        user_id = db.session.scalars(select(Membership.user_id).where(
            Membership.organisation_id == action.organisation_id).order_by(Membership.role)).first()
    user = rows.one(User, id=user_id)
    client = browser(Person(user.id, user.email), organisation=SimpleNamespace(id=action.organisation_id))
    read = page(client.get(f"/workspace/minutes/{meeting.id}"))
    assert read.status == 200 and meeting.title in read
    assert action.title in page(client.get("/workspace/actions/?status=all"))  # open or closed
