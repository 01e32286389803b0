"""Outcome reports as the organisation and the department meet them: what is due, a draft that keeps what was
typed, a submission that says every problem beside its field, the department's return with comments and the
organisation's second version, the two compared, acceptance that releases a tranche and completes the
agreement — and nothing of it for another organisation."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.localtime import local_today
from app.models import Agreement, AgreementStatus, AgreementTarget, ReportDue, ReportKind, Tranche
from app.models.reports import Report, ReportAttachment, ReportFigure, ReportStatus, ReportVersion
from tests.factories.funding import MINIMAL_PDF
from tests.functional.support import location, page

TODAY = local_today()


@pytest.fixture(autouse=True)
def _city_dates():
    """The city's dates as each test starts: a run that crosses midnight in Warsaw must not use yesterday's."""
    global TODAY
    TODAY = local_today()


@pytest.fixture
def deal(make, city):
    """A's service contract that ended last month (its final report due in a few days, two months of approved
    statements) with a partial report overdue and a tranche waiting for it; B's contract."""
    programme = make.programme(city.department, "Program przeciwdziałania bezdomności")
    line = make.budget_line(city.department, programme, "500000.00", year=TODAY.year, task_pl="Noclegownie")
    ends = TODAY - timedelta(days=25)
    starts = ends - timedelta(days=200)
    a = make.agreement(city.org_a, programme, line, "24000.00", title="Noclegownia dla mężczyzn",
                       starts_on=starts, ends_on=ends, year=starts.year)
    b = make.agreement(city.org_b, programme, line, "12000.00", title="Schronisko B", starts_on=starts,
                       ends_on=ends, year=starts.year)
    make.statement(a, date(starts.year, starts.month, 1), "100", status="approved")
    partial = make.report_due(a, ReportKind.PARTIAL, due_on=TODAY - timedelta(days=3),
                              period_ends_on=TODAY - timedelta(days=60))
    tranche = make.tranche(a, "2000.00", report_due_id=partial, due_on=TODAY)
    return {"a": a, "b": b, "partial": partial, "tranche": tranche, "final": make.final_due(a),
            "b_final": make.final_due(b)}


def _url(agreement: int, due: int, side: str = "workspace") -> str:
    return f"/{side}/agreements/{agreement}/reports/{due}"


def complete_report(**changes) -> dict:
    """A report that checks out: 20 people (age, sex, districts adding up), 24 000 zł spent from the grant."""
    values = {"result-{target}-actual": "20", "result-{target}-measured": "Lista obecności",
              "units-delivered": "100", "activities-other": "Schronienie, posiłki, praca socjalna.",
              "people-total": "20", "age-30_59": "15", "age-60_plus": "5", "sex-men": "20",
              "district-outside": "20", "group-homelessness": "20", "group-men": "20",
              "cost-services-actual": "24000", "source-grant": "24 000,00", "income": "0",
              "narrative": "Noclegownia działała przez cały okres."}
    values.update(changes)
    return values


def _sent(values: dict, target: int, action: str = "submit") -> dict:
    return {key.replace("{target}", str(target)): value for key, value in values.items()} | {"action": action}


def _target(rows, agreement: int) -> int:
    return rows.one(AgreementTarget, agreement_id=agreement).id


def _versions(rows, due: int) -> int:
    return rows.count(ReportVersion, report_id=rows.one(Report, report_due_id=due).id)


def test_the_workspace_lists_what_is_due_overdue_and_nothing_of_others(browser, city, deal):
    listed = page(browser(city.a_staff).get("/workspace/reports/"))
    assert listed.status == 200 and listed.h1 == "Reports"
    overdue, soon = listed.text_of("list-overdue"), listed.text_of("list-soon")
    assert overdue.startswith("Overdue (1)") and "Partial report" in overdue and "3 days late" in overdue
    assert soon.startswith("Due soon (1)") and "Final report" in soon
    assert "Schronisko B" not in listed
    console = page(browser(city.dept_analyst).get("/console/reports/?state=soon"))
    assert console.status == 200 and "Schronisko B" in console and "Stowarzyszenie A" in console


def test_a_draft_keeps_what_was_typed_even_wrong_and_a_failed_submission_keeps_it_too(browser, city, deal, rows):
    coordinator = browser(city.a_coordinator)
    url = _url(deal["a"], deal["final"])
    shown = page(coordinator.get(url))
    assert shown.status == 200 and shown.values(url)["units-delivered"] == "100"  # from the approved statement
    draft = {"people-total": "dwadzieścia", "narrative": "Zaczęte.", "action": "save"}
    assert location(coordinator.post(url, data=draft)) == url
    again = page(coordinator.get(url))
    assert again.values(url)["people-total"] == "dwadzieścia" and "Zaczęte." in again
    assert rows.one(Report, report_due_id=deal["final"]).status == ReportStatus.DRAFT

    failed = page(coordinator.post(url, data=_sent(complete_report(**{
        "people-total": "-3", "age-30_59": "abc", "source-grant": "20000", "result-{target}-actual": ""}),
        _target(rows, deal["a"]))))
    assert failed.status == 400
    assert failed.field_error("people-total") == "Give a number of zero or more."
    assert failed.field_error("age-30_59") == "Give a whole number, like 12."  # people are counted whole
    assert "The sources add up to PLN 20,000.00, not the PLN 24,000.00 spent." in failed.field_error("source-grant")
    assert failed.field_error(f"result-{_target(rows, deal['a'])}-actual") == "Give a number (0 when there was none)."
    assert failed.values(url)["people-total"] == "-3"  # what was typed stays
    report = rows.one(Report, report_due_id=deal["final"])
    assert report.status == ReportStatus.DRAFT and report.content["people-total"] == "-3"  # the draft is kept
    assert rows.count(ReportVersion) == 0 and rows.count(ReportFigure) == 0 and rows.actions("report.") == []


def test_breakdowns_must_add_up_and_differences_be_explained(browser, city, deal, rows):
    coordinator = browser(city.a_coordinator)
    target = _target(rows, deal["a"])
    failed = page(coordinator.post(_url(deal["a"], deal["final"]), data=_sent(complete_report(**{
        "age-60_plus": "4", "group-men": "21", "result-{target}-actual": "18", "cost-services-actual": "25000",
        "source-grant": "25000"}), target)))
    assert failed.status == 400
    assert failed.field_error("age") == "The age bands add up to 19, not the 20 people in all."
    assert failed.field_error("age-0_6") == ""  # said of the breakdown, not of its first box
    assert failed.field_error("group-men") == "More than the 20 people in all."
    assert failed.field_error(f"result-{target}-difference") == "The result differs from the target: say why."
    assert "explain why" in failed.field_error("spending-explanation")
    assert rows.count(ReportVersion) == 0


def test_submit_return_resubmit_compare_and_accept_the_final_report(browser, city, deal, rows, app, outbox):
    coordinator, officer = browser(city.a_coordinator), browser(city.dept_officer)
    target = _target(rows, deal["a"])
    url = _url(deal["a"], deal["final"])
    assert location(coordinator.post(url, data=_sent(complete_report(), target))) == url
    report = rows.one(Report, report_due_id=deal["final"])
    assert report.status == ReportStatus.SUBMITTED and _versions(rows, deal["final"]) == 1
    figures = {(f.kind.value, f.key): f.value for f in rows.all(ReportFigure, report_id=report.id)}
    assert figures[("people", "total")] == Decimal("20") and figures[("result", str(target))] == Decimal("20")
    assert figures[("source", "grant")] == Decimal("24000.00")
    assert not any(f.accepted for f in rows.all(ReportFigure, report_id=report.id))
    assert rows.actions("report.") == ["report.submitted"]
    # Submitted, it no longer changes from the workspace.
    refused = coordinator.post(url, data=_sent(complete_report(narrative="Zmiana."), target, "save"))
    assert refused.status_code == 400 and "waits for the department's review" in page(refused)

    # The officer returns it with a comment on the beneficiaries.
    review = page(officer.get(_url(deal["a"], deal["final"], "console")))
    assert review.status == 200 and "Accept the report" in review and "Noclegownia działała" in review
    empty = officer.post(_url(deal["a"], deal["final"], "console") + "/return", data={})
    assert empty.status_code == 400 and "in at least one section" in page(empty)
    officer.post(_url(deal["a"], deal["final"], "console") + "/return",
                 data={"beneficiaries": "Proszę podać dzielnice zamieszkania."})
    assert rows.one(Report, report_due_id=deal["final"]).status == ReportStatus.RETURNED
    told = {m["to"]: m for m in outbox() if m["subject"].startswith("Sprawozdanie zwrócone do poprawy: WZ.526.")}
    assert set(told) == {"a.admin@example.org", "a.coordinator@example.org"}
    assert "/workspace/agreements/" in told["a.admin@example.org"]["body"]
    returned = page(coordinator.get(url))
    assert "Proszę podać dzielnice zamieszkania." in returned and "Returned for correction" in returned
    assert returned.values(url)["narrative"] == "Noclegownia działała przez cały okres."

    second = complete_report(narrative="Poprawione: 20 osób spoza miasta.")
    assert location(coordinator.post(url, data=_sent(second, target))) == url
    assert _versions(rows, deal["final"]) == 2
    compared = page(coordinator.get(url + "/compare"))
    assert compared.status == 200 and "Versions 1 and 2 side by side" in compared and "Changed" in compared
    assert "Proszę podać dzielnice zamieszkania." in compared  # the comment on version 1
    junk = coordinator.get(url + "/compare?a=x&b=99")
    assert junk.status_code == 200

    # The officer accepts: the agreement is completed, the figures count.
    officer.post(_url(deal["a"], deal["final"], "console") + "/accept", data={"general": "Dziękujemy."})
    report = rows.one(Report, report_due_id=deal["final"])
    assert report.status == ReportStatus.ACCEPTED and all(f.accepted for f in rows.all(ReportFigure))
    assert rows.one(Agreement, id=deal["a"]).status == AgreementStatus.COMPLETED
    accepted_mail = [m for m in outbox() if m["subject"].startswith("Przyjęto sprawozdanie: WZ.526.")]
    assert len(accepted_mail) == 2 and "realizacja umowy jest zakończona" in accepted_mail[0]["body"]
    assert rows.one(ReportDue, id=deal["final"]).accepted_at is not None
    assert rows.actions("report.") == ["report.submitted", "report.returned", "report.submitted",
                                       "report.accepted"]
    again = coordinator.post(url, data=_sent(complete_report(), target))
    assert again.status_code == 400 and "has been accepted" in page(again)
    assert _versions(rows, deal["final"]) == 2


def test_accepting_the_partial_report_releases_the_waiting_tranche(browser, city, deal, rows):
    officer = browser(city.dept_officer)
    approve = f"/console/agreements/{deal['a']}/tranches/{deal['tranche']}/approve"
    assert officer.post(approve).status_code in (302, 303)
    assert rows.one(Tranche, id=deal["tranche"]).state.value == "scheduled"  # waits for the partial report
    coordinator = browser(city.a_coordinator)
    url = _url(deal["a"], deal["partial"])
    assert location(coordinator.post(url, data=_sent(complete_report(), _target(rows, deal["a"])))) == url
    officer.post(_url(deal["a"], deal["partial"], "console") + "/accept", data={})
    assert rows.one(Agreement, id=deal["a"]).status == AgreementStatus.IN_FORCE  # a partial report completes nothing
    officer.post(approve)
    assert rows.one(Tranche, id=deal["tranche"]).state.value == "approved"


def test_who_may_do_what_and_another_organisation_gets_404(browser, city, deal, rows):
    url = _url(deal["a"], deal["final"])
    for user in (city.b_admin, city.b_staff):
        client = browser(user)
        assert client.get(url).status_code == 404
        assert client.get(url + "/compare").status_code == 404
    assert browser(city.b_admin).post(url, data=_sent(complete_report(), 1)).status_code == 404
    # B's own due under A's agreement, and A's due under B's agreement: 404
    assert browser(city.a_admin).get(_url(deal["a"], deal["b_final"])).status_code == 404
    assert browser(city.a_admin).get(_url(deal["b"], deal["final"])).status_code == 404
    staff = browser(city.a_staff)
    assert staff.get(url).status_code == 200
    assert staff.post(url, data=_sent(complete_report(), 1)).status_code == 403
    assert "Accept the report" not in page(browser(city.dept_analyst).get(_url(deal["a"], deal["final"], "console")))
    assert browser(city.dept_analyst).post(_url(deal["a"], deal["final"], "console") + "/accept").status_code == 403
    assert rows.count(Report) == 0


def test_attachments_are_checked_and_downloaded_only_through_the_report(browser, city, deal, rows):
    coordinator = browser(city.a_coordinator)
    url = _url(deal["a"], deal["final"])
    disguised = coordinator.post(url + "/attachments", data={
        "label": "Lista obecności", "file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "lista.pdf")},
        content_type="multipart/form-data")
    assert disguised.status_code == 400 and rows.count(ReportAttachment) == 0
    assert page(disguised).field_error("file")
    sent = coordinator.post(url + "/attachments", data={"label": "Lista obecności",
                                                        "file": (io.BytesIO(MINIMAL_PDF), "lista.pdf")},
                            content_type="multipart/form-data")
    assert location(sent).startswith(url)
    attachment = rows.one(ReportAttachment)
    download = browser(city.dept_analyst).get(_url(deal["a"], deal["final"], "console")
                                              + f"/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == MINIMAL_PDF
    assert browser(city.b_admin).get(url + f"/attachments/{attachment.id}").status_code == 404
    assert browser(city.a_admin).get(_url(deal["a"], deal["partial"]) + f"/attachments/{attachment.id}"
                                     ).status_code == 404


def test_the_dashboards_count_what_needs_attention(browser, city, deal, rows):
    overview = page(browser(city.a_staff).get("/workspace/"))
    assert overview.text_of("reports-due") == "1 report is overdue. 1 report is due within 14 days."
    coordinator = browser(city.a_coordinator)
    coordinator.post(_url(deal["a"], deal["final"]), data=_sent(complete_report(), _target(rows, deal["a"])))
    console = page(browser(city.dept_analyst).get("/console/"))
    assert "1 outcome report waits for review." in console and "1 outcome report is overdue." in console
    b_overview = page(browser(city.b_admin).get("/workspace/"))
    assert b_overview.text_of("reports-due") == "1 report is due within 14 days."  # B's own, never A's
