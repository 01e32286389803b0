"""Reminders of networks' overdue actions (``flask reminders send``): the responsible organisation's admins and
coordinators weekly while an action is overdue, each network's coordinator once a week of its overdue actions (the
department's admins and officers for a network it coordinates) — each once per occasion and person, logged in
``reminder_sent`` like the reports' reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ReminderSent, User, utcnow
from tests.functional.support import link_in

TODAY = date(2026, 6, 17)  # a Wednesday (ISO week 25)


def _send(app, today: date = TODAY):
    return app.test_cli_runner().invoke(args=["reminders", "send", "--today", today.isoformat()])


def _mail(outbox) -> list[tuple[str, str]]:
    return sorted((message["to"], message["subject"]) for message in outbox())


@pytest.fixture
def overdue(make, city, rows):
    """A coordinates the team with B: B's action is a day overdue, another due in 3 days, a third done long ago.
    The department coordinates the winter action with A: A's action is 8 days overdue. Everyone reads English."""
    def english():
        for user in db.session.scalars(select(User)):
            user.locale = "en"
    rows.run(english)
    team = make.network(city.org_a, [city.org_b], "Zespół interdyscyplinarny")
    meeting = make.meeting(team, starts_at=utcnow() - timedelta(days=30))
    late = make.action(meeting, city.org_b, "Lista miejsc", due_on=TODAY - timedelta(days=1))
    make.action(meeting, city.org_b, "Na czas", due_on=TODAY + timedelta(days=3))
    make.action(meeting, city.org_b, "Zrobione", due_on=TODAY - timedelta(days=10), status="done")
    winter = make.network(city.department, [city.org_a], "Akcja zima")
    winter_meeting = make.meeting(winter, starts_at=utcnow() - timedelta(days=30))
    later = make.action(winter_meeting, city.org_a, "Ogrzewalnia", due_on=TODAY - timedelta(days=8),
                        status="in_progress")
    return {"team": team, "winter": winter, "late": late, "later": later}


def test_owners_and_coordinators_are_reminded_once_a_week(app, city, overdue, outbox, rows):
    result = _send(app)
    assert result.exit_code == 0, result.output
    expected = sorted([("b.admin@example.org", "Action overdue: Lista miejsc"),
                       ("a.admin@example.org", "Action overdue: Ogrzewalnia"),
                       ("a.coordinator@example.org", "Action overdue: Ogrzewalnia"),
                       ("a.admin@example.org", "Zespół interdyscyplinarny: 1 action overdue"),
                       ("a.coordinator@example.org", "Zespół interdyscyplinarny: 1 action overdue"),
                       ("dept.admin@example.org", "Akcja zima: 1 action overdue"),
                       ("dept.officer@example.org", "Akcja zima: 1 action overdue")])
    assert _mail(outbox) == expected  # staff, the analyst and the outsider get nothing
    assert {row.occasion for row in rows.all(ReminderSent, recipient="a.admin@example.org")} == {
        f"action:{overdue['later']}:1", f"actions:{overdue['team']}:2026-W25"}
    assert rows.one(ReminderSent, recipient="b.admin@example.org").organisation_id == city.org_b.id

    message = next(m for m in outbox() if m["to"] == "b.admin@example.org")
    body = " ".join(message["body"].split())
    assert "is 1 day overdue" in body and "Lista miejsc" in body and "Zespół interdyscyplinarny" in body
    assert link_in(message["body"]) == (f"/account/act-for?organisation={city.org_b.id}"
                                        f"&next=%2Fworkspace%2Factions%2F{overdue['late']}")
    digest = next(m for m in outbox() if m["to"] == "dept.officer@example.org")
    assert "Ogrzewalnia — Stowarzyszenie A" in " ".join(digest["body"].split())
    assert link_in(digest["body"]) == f"/console/actions/?network={overdue['winter']}"

    # the same day, and the next day (the same week), nothing again
    assert "sent 0 reminders" in _send(app).output
    assert "sent 0 reminders" in _send(app, TODAY + timedelta(days=1)).output
    # a week on: both actions are reminded again, "Na czas" is overdue now too, the coordinators get this week's list
    week_later = _send(app, TODAY + timedelta(days=7))
    assert "sent 8 reminders" in week_later.output, week_later.output
    assert ("a.coordinator@example.org", "Zespół interdyscyplinarny: 2 actions overdue") in _mail(outbox)
    assert len(outbox()) == 15


def test_the_links_open_the_action(app, city, overdue, outbox, browser):
    _send(app)
    message = next(m for m in outbox() if m["to"] == "b.admin@example.org")
    opened = browser(city.b_admin, organisation=city.org_b).get(link_in(message["body"]), follow_redirects=True)
    assert opened.status_code == 200 and opened.request.path == f"/workspace/actions/{overdue['late']}"
    digest = next(m for m in outbox() if m["to"] == "a.coordinator@example.org" and "Zespół" in m["subject"])
    listed = browser(city.a_coordinator, organisation=city.org_a).get(link_in(digest["body"]), follow_redirects=True)
    assert listed.status_code == 200 and "Lista miejsc" in listed.get_data(as_text=True)
