"""The demo city's outcome reports: every state somewhere (accepted, returned with comments, sent again and waiting,
a draft, one overdue with nothing sent), each page readable by its organisation and the department in pl/uk/en."""

from __future__ import annotations

import pytest

from app.models import Agreement, Membership, ReportDue, Role, User
from app.models.reports import Report, ReportFigure, ReportStatus, ReportVersion
from app.services.reports.schedule import DueState, state_of
from tests.factories.organisations import Person
from tests.functional.support import page


@pytest.fixture
def demo(app, tmp_path):
    app.config["AGREEMENT_DOCUMENT_FOLDER"] = str(tmp_path / "agreements")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return app


def _person(rows, email: str) -> Person:
    return Person(id=rows.one(User, email=email).id, email=email)


def test_the_demo_has_a_report_in_every_state(demo, rows):
    reports = {report.status for report in rows.all(Report)}
    assert reports == set(ReportStatus)
    assert all(report.is_demo for report in rows.all(Report))
    waiting = rows.one(Report, status=ReportStatus.SUBMITTED)
    assert rows.count(ReportVersion, report_id=waiting.id) == 2  # returned once, sent again: two to compare
    returned = rows.one(Report, status=ReportStatus.RETURNED)
    [version] = rows.all(ReportVersion, report_id=returned.id)
    assert set(version.comments) == {"beneficiaries", "results"}
    # the completed grant's final report, a day club's partial one, and last year's day-club contract's final one
    accepted = rows.all(Report, status=ReportStatus.ACCEPTED)
    assert len(accepted) == 3 and all(rows.count(ReportFigure, report_id=r.id, accepted=True) > 5 for r in accepted)
    assert rows.count(ReportFigure, accepted=True) == sum(rows.count(ReportFigure, report_id=r.id) for r in accepted)
    # one report due is overdue with nothing sent (the night shelter's partial report)
    reports_by_due = {report.report_due_id: report for report in rows.all(Report)}
    from app.localtime import local_today
    states = {(due.id, state_of(due, reports_by_due.get(due.id), local_today())) for due in rows.all(ReportDue)}
    overdue = [due for due, state in states if state == DueState.OVERDUE and due not in reports_by_due]
    assert overdue, states
    # last year's agreement reported: the figures span two years
    years = {rows.one(Agreement, id=r.agreement_id).starts_on.year for r in accepted}
    assert len(years) == 2, years


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
def test_every_demo_report_page_reads_for_the_organisation_and_the_department(demo, rows, browser, lang):
    officer = browser(_person(rows, "officer@demo.example"), lang=lang)
    for report in rows.all(Report):
        agreement = rows.one(Agreement, id=report.agreement_id)
        console = page(officer.get(f"/console/agreements/{agreement.id}/reports/{report.report_due_id}"))
        assert console.status == 200 and console.lang == lang
        assert ("Accept the report" in console) == (lang == "en" and report.status == ReportStatus.SUBMITTED)
        member = rows.all(Membership, organisation_id=agreement.organisation_id, role=Role.ADMIN)[0]
        email = rows.one(User, id=member.user_id).email
        org = browser(_person(rows, email), lang=lang)
        shown = page(org.get(f"/workspace/agreements/{agreement.id}/reports/{report.report_due_id}"))
        assert shown.status == 200, (agreement.title, shown.status)
        if report.status == ReportStatus.SUBMITTED:
            compared = page(org.get(f"/workspace/agreements/{agreement.id}/reports/{report.report_due_id}/compare"))
            assert compared.status == 200
    listed = page(officer.get("/console/reports/"))
    assert listed.status == 200
