"""Reminders about outcome reports (``flask reminders send``): organisations 14 and 3 days before a report's due
date and every week while it is overdue, the department's admins and officers when a submitted report waits for
review over 14 days — each once per occasion and person, logged, in the person's language; a dry run sends and
logs nothing; the console lists what was sent to the department only."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Agreement,
    AgreementStatus,
    ReminderSent,
    Report,
    ReportDue,
    ReportKind,
    ReportStatus,
    ReportVersion,
    User,
)
from tests.functional.support import link_in, page, translated

TODAY = date(2026, 6, 15)  # the day the command acts as (--today)
OFFSETS = (-20, -1, 0, 3, 10, 14, 30)  # days from TODAY to each report's due date


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def _due(rows, agreement_id: int, offset: int) -> int:
    """A partial report due ``offset`` days from TODAY on the agreement; its id."""
    def add():
        agreement = db.session.execute(select(Agreement).where(Agreement.id == agreement_id)).scalar_one()
        due_on = TODAY + timedelta(days=offset)
        due = ReportDue(organisation_id=agreement.organisation_id, agreement_id=agreement_id,
                        kind=ReportKind.PARTIAL, due_on=due_on, period_ends_on=due_on - timedelta(days=30))
        db.session.add(due)
        db.session.flush()
        return due.id
    return rows.run(add)


def _report(rows, due_id: int, status: ReportStatus, *, submitted_days_ago: int | None = None,
            versions: int = 0) -> int:
    """A report answering ``due_id`` in ``status``, submitted that many days before TODAY, with its versions."""
    def add():
        due = db.session.execute(select(ReportDue).where(ReportDue.id == due_id)).scalar_one()
        submitted_at = _noon(TODAY - timedelta(days=submitted_days_ago)) if submitted_days_ago is not None else None
        report = Report(organisation_id=due.organisation_id, agreement_id=due.agreement_id, report_due_id=due.id,
                        status=status, content={}, submitted_at=submitted_at)
        for number in range(1, versions + 1):
            report.versions.append(ReportVersion(organisation_id=due.organisation_id, number=number, content={},
                                                 submitted_at=submitted_at))
        db.session.add(report)
        db.session.flush()
        return report.id
    return rows.run(add)


@pytest.fixture
def schedule(make, rows, city):
    """A's grant in force with partial reports due at each of OFFSETS and nothing written; A's second agreement
    with a report accepted (due yesterday), one submitted (due in 3 days), one submitted 15 days ago and one 13
    days ago (both past due); B's contract with a report due in 10 days. Each agreement's own final report is due
    far later."""
    programme = make.programme(city.department, "Program wsparcia rodzin")
    line = make.budget_line(city.department, programme, "500000.00", year=2026)
    far = {"ends_on": date(2027, 12, 31)}
    grant = make.agreement(city.org_a, programme, line, "40000.00", kind="grant", title="Świetlica dla dzieci",
                           **far)
    second = make.agreement(city.org_a, programme, line, "20000.00", title="Noclegownia przy Polnej", **far)
    other = make.agreement(city.org_b, programme, line, "10000.00", title="Schronisko B — umowa", **far)
    dues = {offset: _due(rows, grant, offset) for offset in OFFSETS}
    accepted = _due(rows, second, -1)
    _report(rows, accepted, ReportStatus.ACCEPTED, submitted_days_ago=10, versions=1)
    submitted = _due(rows, second, 3)
    _report(rows, submitted, ReportStatus.SUBMITTED, submitted_days_ago=5, versions=1)
    waiting_long = _due(rows, second, -16)
    long_report = _report(rows, waiting_long, ReportStatus.SUBMITTED, submitted_days_ago=15, versions=2)
    waiting_short = _due(rows, second, -14)
    short_report = _report(rows, waiting_short, ReportStatus.SUBMITTED, submitted_days_ago=13, versions=1)
    b_due = _due(rows, other, 10)
    for person in (city.a_admin, city.a_coordinator, city.a_staff, city.b_admin, city.b_staff, city.dept_admin,
                   city.dept_officer, city.dept_analyst):
        _set_locale(rows, person, "en")  # the tests read English; one test sets the others
    return {"grant": grant, "second": second, "other": other, "dues": dues, "accepted": accepted,
            "submitted": submitted, "waiting_long": waiting_long, "long_report": long_report,
            "waiting_short": waiting_short, "short_report": short_report, "b_due": b_due}


def _send(app, *args: str, today: date = TODAY):
    return app.test_cli_runner().invoke(args=["reminders", "send", "--today", today.isoformat(), *args])


def _mail(outbox) -> list[tuple[str, str]]:
    """(recipient, subject) of every message sent, sorted."""
    return sorted((message["to"], message["subject"]) for message in outbox())


def _set_locale(rows, person, locale: str | None) -> None:
    def change():
        db.session.execute(select(User).where(User.id == person.id)).scalar_one().locale = locale
    rows.run(change)


def test_who_gets_which_reminder_once(app, city, schedule, outbox, rows):
    number = rows.one(Agreement, id=schedule["grant"]).number
    second = rows.one(Agreement, id=schedule["second"]).number
    b_number = rows.one(Agreement, id=schedule["other"]).number
    result = _send(app)
    assert result.exit_code == 0, result.output
    a_subjects = [f"Report overdue: {number}", f"Report overdue: {number}", f"Report due today: {number}",
                  f"Report due in 3 days: {number}", f"Report due in 10 days: {number}",
                  f"Report due in 14 days: {number}"]
    expected = sorted([*[("a.admin@example.org", subject) for subject in a_subjects],
                       *[("a.coordinator@example.org", subject) for subject in a_subjects],
                       ("b.admin@example.org", f"Report due in 10 days: {b_number}"),
                       ("dept.admin@example.org", f"A report waits for review: {second}"),
                       ("dept.officer@example.org", f"A report waits for review: {second}")])
    assert _mail(outbox) == expected
    # staff, the analyst and the outsider get nothing; the report due in 30 days, the accepted one and the one
    # submitted in time remind nobody; B's people hear nothing of A's agreements and A's nothing of B's
    assert rows.count(ReminderSent) == len(expected)
    assert {row.occasion for row in rows.all(ReminderSent, recipient="a.admin@example.org")} == {
        f"overdue:{schedule['dues'][-20]}:2", f"overdue:{schedule['dues'][-1]}:0", f"before3:{schedule['dues'][0]}",
        f"before3:{schedule['dues'][3]}", f"before14:{schedule['dues'][10]}", f"before14:{schedule['dues'][14]}"}
    assert {row.occasion for row in rows.all(ReminderSent, recipient="dept.officer@example.org")} == {
        f"review:{schedule['long_report']}:2"}
    assert "sent 15 reminders, 0 already sent by another run, 0 failed" in result.output
    assert "a.admin@example.org" in result.output

    again = _send(app)
    assert again.exit_code == 0, again.output
    assert "sent 0 reminders" in again.output
    assert len(outbox()) == len(expected)
    assert rows.count(ReminderSent) == len(expected)


def test_the_message_says_what_is_due_and_links_to_the_report(app, city, schedule, outbox, rows):
    _send(app)
    grant = rows.one(Agreement, id=schedule["grant"])
    due_id = schedule["dues"][10]
    message = next(m for m in outbox() if m["to"] == "a.admin@example.org" and "10 days" in m["subject"])
    body = " ".join(message["body"].split())
    assert f"Agreement: {grant.number} — Świetlica dla dzieci" in body
    assert "A report of your organisation is due in 10 days:" in body
    assert "Partial report for the period up to 26 May 2026" in body
    assert "Due date: 25 Jun 2026" in body
    assert link_in(message["body"]) == (f"/account/act-for?organisation={city.org_a.id}"
                                        f"&next=%2Fworkspace%2Fagreements%2F{grant.id}%2Freports%2F{due_id}")
    assert "portal.test" in message["body"]

    overdue = sorted(" ".join(m["body"].split()).split(" overdue:")[0].rsplit(" is ", 1)[1]
                     for m in outbox() if m["to"] == "a.coordinator@example.org" and "overdue" in m["subject"])
    assert overdue == ["1 day", "20 days"]

    review = next(m for m in outbox() if m["to"] == "dept.officer@example.org")
    text = " ".join(review["body"].split())
    assert "waiting for the department's review for 15 days" in text
    assert "Organisation: Stowarzyszenie A" in text
    assert link_in(review["body"]) == (f"/console/agreements/{schedule['second']}/reports/"
                                       f"{schedule['waiting_long']}")


def test_the_links_open_the_report(app, city, schedule, outbox, browser):
    _send(app)
    message = next(m for m in outbox() if m["to"] == "a.coordinator@example.org")
    organisation = browser(city.a_coordinator, organisation=city.org_a)
    opened = organisation.get(link_in(message["body"]), follow_redirects=True)
    assert opened.status_code == 200
    assert opened.request.path.startswith(f"/workspace/agreements/{schedule['grant']}/reports/")
    review = next(m for m in outbox() if m["to"] == "dept.officer@example.org")
    officer = browser(city.dept_officer, organisation=city.department)
    assert officer.get(link_in(review["body"])).status_code == 200
    # another organisation's member following A's link: not theirs (404)
    assert browser(city.b_admin, organisation=city.org_b).get(link_in(message["body"])).status_code == 404


def test_each_person_reads_it_in_their_language(app, city, schedule, outbox, rows):
    _set_locale(rows, city.a_coordinator, "uk")
    _set_locale(rows, city.b_admin, None)  # chose no language: Polish
    _send(app)
    number = rows.one(Agreement, id=schedule["grant"]).number
    ukrainian = translated(app, "uk", "Report overdue: %(number)s", number=number)
    polish = translated(app, "pl", "Report overdue: %(number)s", number=number)
    assert ukrainian != polish != f"Report overdue: {number}"
    subjects = {(m["to"], m["subject"]) for m in outbox()}
    assert ("a.coordinator@example.org", ukrainian) in subjects
    assert ("a.admin@example.org", f"Report overdue: {number}") in subjects
    b_number = rows.one(Agreement, id=schedule["other"]).number
    b_subject = next(m["subject"] for m in outbox() if m["to"] == "b.admin@example.org")
    assert b_subject == f"Sprawozdanie do złożenia za 10 dni: {b_number}"
    body = next(m["body"] for m in outbox() if m["to"] == "a.coordinator@example.org" and m["subject"] == ukrainian)
    assert translated(app, "uk", "Hello,") in body


def test_overdue_reminds_again_every_week_and_the_window_moves_on(app, city, schedule, outbox, rows):
    _send(app)
    first = len(outbox())
    # the next day: the report due today is 1 day overdue: its first overdue reminder; the one due tomorrow was
    # reminded 3 days before already, the one due in 14 days is 13 days away (reminded already), the one due in 30
    # is still far; the other overdue ones are in the same week as yesterday
    assert _send(app, today=TODAY + timedelta(days=1)).exit_code == 0
    assert sorted(m["to"] for m in outbox()[:len(outbox()) - first]) == ["a.admin@example.org",
                                                                          "a.coordinator@example.org"]
    assert rows.count(ReminderSent, occasion=f"overdue:{schedule['dues'][0]}:0") == 2
    # a week later: the report 1 day overdue is 8 days overdue (week 1): reminded again; the one due in 10 days is
    # 3 days away: its second reminder; the one due in 30 days is 23 days away: nothing yet
    result = _send(app, today=TODAY + timedelta(days=7))
    assert result.exit_code == 0
    occasions = {row.occasion for row in rows.all(ReminderSent, recipient="a.admin@example.org")}
    assert f"overdue:{schedule['dues'][-1]}:1" in occasions
    assert f"before3:{schedule['dues'][10]}" in occasions
    assert not [occasion for occasion in occasions if occasion.endswith(f":{schedule['dues'][30]}")]
    # 16 days later it is 14 days away: the first reminder
    _send(app, today=TODAY + timedelta(days=16))
    assert rows.count(ReminderSent, occasion=f"before14:{schedule['dues'][30]}") == 2


def test_a_report_once_submitted_or_accepted_is_not_reminded(app, city, schedule, outbox, rows):
    def submit_all():
        for due_id in schedule["dues"].values():
            due = db.session.execute(select(ReportDue).where(ReportDue.id == due_id)).scalar_one()
            db.session.add(Report(organisation_id=due.organisation_id, agreement_id=due.agreement_id,
                                  report_due_id=due_id, status=ReportStatus.SUBMITTED, content={},
                                  submitted_at=_noon(TODAY)))
    rows.run(submit_all)
    _send(app)
    assert {m["to"] for m in outbox()} == {"b.admin@example.org", "dept.admin@example.org",
                                           "dept.officer@example.org"}


def test_a_draft_or_returned_report_is_still_reminded(app, city, schedule, outbox, rows):
    _report(rows, schedule["dues"][3], ReportStatus.DRAFT)
    _report(rows, schedule["dues"][-1], ReportStatus.RETURNED, submitted_days_ago=20, versions=1)
    _send(app)
    bodies = [(m["subject"], " ".join(m["body"].split())) for m in outbox() if m["to"] == "a.admin@example.org"]
    number = rows.one(Agreement, id=schedule["grant"]).number
    drafts = [subject for subject, body in bodies if "A draft is saved; it has not been submitted yet." in body]
    assert drafts == [f"Report due in 3 days: {number}"]
    returned = [body for subject, body in bodies if "returned it with comments" in body]
    assert len(returned) == 1 and "1 day overdue" in returned[0]


def test_review_reminder_after_14_days_once_per_version(app, city, schedule, outbox, rows):
    _send(app)
    officers = {m["to"] for m in outbox() if m["subject"].startswith("A report waits for review")}
    assert officers == {"dept.admin@example.org", "dept.officer@example.org"}  # 15 days; not the 13 days' one
    # the 13 days' report is reminded two days later; the 15 days' one is not again
    _send(app, today=TODAY + timedelta(days=2))
    reviews = rows.all(ReminderSent, ReminderSent.occasion.like("review:%"))
    assert sorted(row.occasion for row in reviews) == sorted(
        [f"review:{schedule['long_report']}:2"] * 2 + [f"review:{schedule['short_report']}:1"] * 2)
    # a new version of the long-waiting report, submitted today: reminded once it has waited 15 days
    def resubmit():
        report = db.session.execute(select(Report).where(Report.id == schedule["long_report"])).scalar_one()
        report.submitted_at = _noon(TODAY)
        report.versions.append(ReportVersion(organisation_id=report.organisation_id, number=3, content={},
                                             submitted_at=report.submitted_at))
    rows.run(resubmit)
    _send(app, today=TODAY + timedelta(days=14))
    assert rows.count(ReminderSent, occasion=f"review:{schedule['long_report']}:3") == 0
    _send(app, today=TODAY + timedelta(days=15))
    assert {r.recipient for r in rows.all(ReminderSent, occasion=f"review:{schedule['long_report']}:3")} == {
        "dept.admin@example.org", "dept.officer@example.org"}


def test_dry_run_sends_and_logs_nothing(app, city, schedule, outbox, rows):
    result = _send(app, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would send 15 reminders" in result.output
    assert "would send" in result.output and "a.coordinator@example.org" in result.output
    assert outbox() == []
    assert rows.count(ReminderSent) == 0


def test_a_failed_mail_is_not_logged_and_does_not_stop_the_others(app, city, schedule, outbox, rows, monkeypatch):
    from app.services.reports import reminders

    real = reminders.deliver

    def flaky(message):
        if message["To"] == "b.admin@example.org":
            raise OSError("the mail server refused")
        real(message)

    monkeypatch.setattr(reminders, "deliver", flaky)
    result = _send(app)
    assert result.exit_code == 1
    assert "FAILED" in result.output and "b.admin@example.org" in result.output
    assert "sent 14 reminders, 0 already sent by another run, 1 failed" in result.output
    assert rows.count(ReminderSent, recipient="b.admin@example.org") == 0
    assert rows.count(ReminderSent) == 14
    monkeypatch.setattr(reminders, "deliver", real)
    retry = _send(app)  # the next run sends what failed, and only that
    assert retry.exit_code == 0
    assert "sent 1 reminders" in retry.output
    assert [m["to"] for m in outbox()].count("b.admin@example.org") == 1


def test_a_reminder_another_run_logged_meanwhile_is_skipped(app, city, schedule, outbox, rows, monkeypatch):
    from app.services.reports import reminders

    real_plan = reminders.plan

    def plan_then_race(today):
        planned = real_plan(today)
        first = planned[0]
        rows.run(lambda: db.session.add(ReminderSent(occasion=first.occasion, recipient=first.recipient,
                                                     subject="sent by the other run")))
        return planned

    monkeypatch.setattr(reminders, "plan", plan_then_race)
    result = _send(app)
    assert result.exit_code == 0, result.output
    assert "sent 14 reminders, 1 already sent by another run, 0 failed" in result.output
    assert len(outbox()) == 14


def test_inactive_people_and_deactivated_organisations_are_not_reminded(app, city, schedule, outbox, rows):
    def deactivate():
        db.session.execute(select(User).where(User.id == city.a_coordinator.id)).scalar_one() \
            .is_active_account = False
        from app.models import Organisation
        db.session.execute(select(Organisation).where(Organisation.id == city.org_b.id)).scalar_one() \
            .is_active = False
    rows.run(deactivate)
    _send(app)
    recipients = {m["to"] for m in outbox()}
    assert "a.coordinator@example.org" not in recipients and "b.admin@example.org" not in recipients
    assert "a.admin@example.org" in recipients


def test_a_terminated_agreement_is_not_asked_for_reports_after_its_end(app, city, schedule, outbox, rows):
    def terminate():
        agreement = db.session.execute(select(Agreement).where(Agreement.id == schedule["grant"])).scalar_one()
        agreement.status = AgreementStatus.TERMINATED
        agreement.terminated_on = TODAY - timedelta(days=200)
    rows.run(terminate)
    _send(app)
    assert not [m for m in outbox() if m["to"] == "a.admin@example.org"]


# -- the console's log -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("person", ["dept_admin", "dept_officer", "dept_analyst"])
def test_the_department_reads_the_log_newest_first(app, city, schedule, browser, rows, person):
    _send(app)
    _send(app, today=TODAY + timedelta(days=2))  # the 13 days' report's review reminders among the newest
    total = rows.count(ReminderSent)
    client = browser(getattr(city, person), organisation=city.department)
    response = client.get("/console/reminders/")
    assert response.status_code == 200
    shown = page(response)
    assert shown.h1 == "Reminders sent"
    assert f"{total} reminders" in shown
    records = shown.tables()[0].records()
    assert len(records) == total
    newest = {record["Occasion"] for record in records[:total - 15]}
    assert "Waiting for review" in newest and "Overdue" in newest
    assert records[-1]["Occasion"] != "" and records[-1]["Agreement"]
    assert 'href="/console/reminders/"' in response.get_data(as_text=True)  # in the console's menu


def test_the_log_filters_by_organisation_and_occasion(app, city, schedule, browser, rows):
    _send(app)
    client = browser(city.dept_officer, organisation=city.department)
    by_b = page(client.get(f"/console/reminders/?organisation={city.org_b.id}"))
    records = by_b.tables()[0].records()
    assert [r["Recipient"] for r in records] == ["b.admin@example.org"]
    assert records[0]["Organisation"] == "Schronisko B"
    overdue = page(client.get("/console/reminders/?kind=overdue"))
    assert {r["Occasion"] for r in overdue.tables()[0].records()} == {"Overdue"}
    assert "4 reminders" in overdue
    junk = client.get("/console/reminders/?kind=nonsense&organisation=xyz&page=-3")
    assert junk.status_code == 200
    assert "Choose from the list." in page(junk)
    assert "15 reminders" in page(junk)


def test_the_log_is_paged(app, city, browser, rows):
    def log():
        for number in range(60):
            db.session.add(ReminderSent(occasion=f"before14:{number}", recipient="x@example.org",
                                        subject=f"Temat {number}"))
    rows.run(log)
    client = browser(city.dept_analyst, organisation=city.department)
    first = page(client.get("/console/reminders/"))
    assert len(first.tables()[0].records()) == 50
    second = page(client.get("/console/reminders/?page=2"))
    assert len(second.tables()[0].records()) == 10
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("person", ["a_admin", "a_coordinator", "a_staff", "b_admin"])
def test_organisations_may_not_read_the_log(app, city, schedule, browser, person):
    _send(app)
    organisation = city.org_a if person.startswith("a_") else city.org_b
    response = browser(getattr(city, person), organisation=organisation).get("/console/reminders/")
    assert response.status_code == 403
    assert "b.admin@example.org" not in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/console/reminders/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


# -- two runs at once --------------------------------------------------------------------------------------------

@pytest.mark.commits
def test_two_runs_at_once_send_each_reminder_once(app, city, schedule, outbox, rows, monkeypatch):
    """Two runs plan the same 15 reminders (neither sees a log row yet), then send them at the same time, each in
    its own app context, session and connection: every message goes out once, logged once."""
    import threading
    import time as clock

    from app.cli import send_reminders
    from app.services.reports import reminders
    from app.tenancy import system_scope
    from app.unit_of_work import unit_of_work

    real_deliver = reminders.deliver

    def slow_deliver(message):  # a mail server taking its time: the other run reaches the same rows meanwhile
        clock.sleep(0.02)
        real_deliver(message)

    monkeypatch.setattr(reminders, "deliver", slow_deliver)
    planned_together = threading.Barrier(2, timeout=10)
    outcomes: list = [None, None]

    def run(index):
        try:
            with app.app_context():
                with system_scope("tests"), unit_of_work(writes=False):
                    planned = reminders.plan(TODAY)
                planned_together.wait()
                outcomes[index] = (len(planned), send_reminders(planned, lambda *args, **kwargs: None))
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(isinstance(outcome, tuple) for outcome in outcomes), outcomes
    assert [planned for planned, _ in outcomes] == [15, 15]
    sent = sum(counts[0] for _, counts in outcomes)
    skipped = sum(counts[1] for _, counts in outcomes)
    assert (sent, skipped, sum(counts[2] for _, counts in outcomes)) == (15, 15, 0)
    messages = [(m["to"], m["body"]) for m in outbox()]
    assert len(messages) == 15 and len(set(messages)) == 15  # none twice
    assert rows.count(ReminderSent) == 15


def test_a_day_that_is_not_a_date_is_refused(app, city, schedule, outbox, rows):
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--today", "2026-13-01"])
    assert result.exit_code == 2
    assert "--today" in result.output
    assert outbox() == [] and rows.count(ReminderSent) == 0
