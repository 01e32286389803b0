"""An agreement's payments as the department and the organisation use them: a grant's tranches scheduled in the
draft, approved once in force (after the partial report they wait for) and paid; unused money returned late;
a service contract's monthly statements prepared, submitted, refused beyond what is left, approved into a tranche
or returned; the programme page's committed and paid. A second organisation's ids are a 404."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.models import (
    Agreement,
    AgreementStatus,
    Refund,
    ReportDue,
    ReportKind,
    Statement,
    StatementStatus,
    Tranche,
    TrancheState,
    utcnow,
)
from tests.functional.support import location, page

TODAY = local_today()  # the city's calendar, as the services read it


@pytest.fixture(autouse=True)
def _city_dates():
    """The city's dates as each test starts: a run that crosses midnight in Warsaw must not use yesterday's."""
    global TODAY
    TODAY = local_today()


def _text(value: str) -> str:
    return " ".join(value.replace("\xa0", " ").split())


def _agreement(agreement_id: int) -> Agreement:
    return db.session.execute(select(Agreement).where(Agreement.id == agreement_id)).scalar_one()


def _set_status(rows, agreement_id: int, status: AgreementStatus) -> None:
    def change():
        _agreement(agreement_id).status = status
    rows.run(change)


def _partial_report(rows, agreement_id: int, due_on: date) -> int:
    def add():
        agreement = _agreement(agreement_id)
        due = ReportDue(organisation_id=agreement.organisation_id, agreement_id=agreement.id,
                        kind=ReportKind.PARTIAL, due_on=due_on, period_ends_on=due_on - timedelta(days=1))
        db.session.add(due)
        db.session.flush()
        return due.id
    return rows.run(add)


@pytest.fixture
def money(make, city):
    """A programme with a 2026 line of 200 000 zł: A's draft grant agreement of 24 000 zł, A's shelter contract in
    force at 38,50 zł a place-day (3 850 zł: 100 place-days), and B's contract in force."""
    programme = make.programme(city.department, "Program przeciwdziałania bezdomności")
    line = make.budget_line(city.department, programme, "200000.00", year=2026, task_pl="Noclegi i schronienie")
    grant = make.agreement(city.org_a, programme, line, "24000.00", kind="grant", status="draft",
                           title="Punkt konsultacyjny dla rodzin")
    contract = make.agreement(city.org_a, programme, line, "3850.00", unit_price="38.50",
                              title="Noclegownia dla mężczyzn", ends_on=date(TODAY.year + 1, 12, 31))
    other = make.agreement(city.org_b, programme, line, "10000.00", title="Umowa schroniska B")
    return {"programme": programme, "line": line, "grant": grant, "contract": contract, "other": other}


def _console(agreement_id: int) -> str:
    return f"/console/agreements/{agreement_id}"


def _workspace(agreement_id: int) -> str:
    return f"/workspace/agreements/{agreement_id}"


def test_a_grant_is_scheduled_approved_after_its_report_and_paid(browser, city, money, rows):
    officer = browser(city.dept_officer)
    grant = money["grant"]
    report = _partial_report(rows, grant, date(2026, 7, 15))
    shown = page(officer.get(f"{_console(grant)}/payments"))
    assert shown.status == 200 and "Payments of agreement" in shown.h1
    assert "Schedule a tranche" in shown and "PLN 24,000.00 is left to schedule." in _text(shown.text)

    first = officer.post(f"{_console(grant)}/tranches", data={"due_on": "2026-02-01", "amount": "12 000,00"})
    assert location(first).endswith("/payments#tranches-heading")
    twice = page(officer.post(f"{_console(grant)}/tranches", data={"due_on": "2026-02-01", "amount": "12 000,00"}))
    assert twice.status == 400  # the form sent twice plans one tranche
    assert _text(twice.field_error("amount")) == "A tranche of PLN 12,000.00 due on 1 Feb 2026 is already scheduled."
    too_much = page(officer.post(f"{_console(grant)}/tranches", data={"due_on": "2026-08-01", "amount": "15000"}))
    assert too_much.status == 400
    assert _text(too_much.field_error("amount")) == ("The tranches may add up to the agreement's value of "
                                                     "PLN 24,000.00: PLN 12,000.00 is left to schedule.")
    assert too_much.values(f"{_console(grant)}/tranches")["amount"] == "15000"
    outside = page(officer.post(f"{_console(grant)}/tranches", data={"due_on": "2027-06-01", "amount": "100"}))
    assert outside.status == 400 and "within the agreement's period or near it" in outside.field_error("due_on")
    assert rows.count(Tranche) == 1  # only the first
    assert location(officer.post(f"{_console(grant)}/tranches", data={"due_on": "2026-08-01", "amount": "12000",
                                                                        "report_due_id": str(report)}))
    second = rows.one(Tranche, Tranche.due_on == date(2026, 8, 1))

    edit = f"{_console(grant)}/tranches/{second.id}/edit"
    form = page(officer.get(edit))
    assert form.status == 200 and form.values(edit)["amount"] == "12,000.00"
    assert location(officer.post(edit, data={"due_on": "2026-08-03", "amount": "12000", "report_due_id": str(report)}))
    assert rows.one(Tranche, Tranche.id == second.id).due_on == date(2026, 8, 3)
    assert location(officer.post(f"{_console(grant)}/tranches/{second.id}/remove"))
    assert rows.count(Tranche) == 1
    officer.post(f"{_console(grant)}/tranches", data={"due_on": "2026-08-01", "amount": "12000",
                                                      "report_due_id": str(report)})
    first, second = sorted(rows.all(Tranche), key=lambda t: t.due_on)

    # signed: nothing more is planned, the tranches are approved and paid
    _set_status(rows, grant, AgreementStatus.IN_FORCE)
    signed = page(officer.get(f"{_console(grant)}/tranches/{first.id}/edit", follow_redirects=True))
    assert signed.flashes("error") == ["Only a scheduled tranche of a draft agreement can be changed or removed."]
    assert "Schedule a tranche" not in signed
    shown = page(officer.post(f"{_console(grant)}/tranches/{second.id}/approve", follow_redirects=True))
    assert "This tranche waits for the partial report due on 15 Jul 2026." in shown.flashes("error")
    assert rows.one(Tranche, Tranche.id == second.id).state == TrancheState.SCHEDULED
    assert location(officer.post(f"{_console(grant)}/tranches/{first.id}/approve"))
    assert rows.one(Tranche, Tranche.id == first.id).state == TrancheState.APPROVED
    again = page(officer.post(f"{_console(grant)}/tranches/{first.id}/approve", follow_redirects=True))
    assert "This tranche has already been approved." in again.flashes("error")

    pay = f"{_console(grant)}/tranches/{first.id}/pay"
    future = page(officer.post(pay, data={f"t{first.id}-paid_on": (TODAY + timedelta(days=3)).isoformat(),
                                          f"t{first.id}-reference": ""}))
    assert future.status == 400
    assert future.field_error(f"t{first.id}-paid_on") == "The day of payment cannot be in the future."
    assert future.field_error(f"t{first.id}-reference") == "Give the transfer's reference."
    assert rows.one(Tranche, Tranche.id == first.id).state == TrancheState.APPROVED
    empty = page(officer.post(pay, data={f"t{first.id}-paid_on": "", f"t{first.id}-reference": ""}))
    assert empty.field_error(f"t{first.id}-paid_on") == "Give the day it was paid."  # both missing, both said
    assert empty.field_error(f"t{first.id}-reference") == "Give the transfer's reference."
    assert location(officer.post(pay, data={f"t{first.id}-paid_on": TODAY.isoformat(),
                                            f"t{first.id}-reference": "PP/2026/114"}))
    paid = rows.one(Tranche, Tranche.id == first.id)
    assert paid.state == TrancheState.PAID and paid.payment_reference == "PP/2026/114" and paid.paid_on == TODAY

    def accept_report():
        db.session.execute(select(ReportDue).where(ReportDue.id == report)).scalar_one().accepted_at = utcnow()
    rows.run(accept_report)
    assert location(officer.post(f"{_console(grant)}/tranches/{second.id}/approve"))
    shown = page(officer.get(f"{_console(grant)}/payments"))
    total = shown.tables()[0].rows[-1]
    assert [_text(cell) for cell in total] == ["Total", "PLN 24,000.00", "PLN 0.00", "PLN 12,000.00",
                                               "PLN 12,000.00", "PLN 0.00", "PLN 0.00"]
    assert rows.actions("tranche.") == ["tranche.scheduled", "tranche.scheduled", "tranche.changed",
                                        "tranche.removed", "tranche.scheduled", "tranche.approved", "tranche.paid",
                                        "tranche.approved"]


def test_unused_money_comes_back_late_and_the_page_says_how_late(browser, city, money, make, rows):
    officer = browser(city.dept_officer)
    grant = money["grant"]
    _set_status(rows, grant, AgreementStatus.IN_FORCE)
    make.tranche(grant, "12000.00", state="paid", due_on=TODAY - timedelta(days=40))
    refunds = f"{_console(grant)}/refunds"
    too_much = page(officer.post(refunds, data={"amount": "12000,01", "returned_on": TODAY.isoformat()}))
    assert too_much.status == 400
    assert _text(too_much.field_error("amount")) == ("At most what was paid from this budget line and not returned "
                                                     "yet: PLN 12,000.00.")
    assert too_much.values(refunds)["amount"] == "12000,01" and rows.count(Refund) == 0
    late = TODAY - timedelta(days=12)
    assert location(officer.post(refunds, data={"amount": "1 500,00", "returned_on": TODAY.isoformat(),
                                                "due_on": late.isoformat(), "interest": "", "note": "Niewykorzystane"}))
    twice = page(officer.post(refunds, data={"amount": "1500", "returned_on": TODAY.isoformat(),
                                             "due_on": late.isoformat()}))
    assert twice.status == 400 and "is already recorded" in twice.field_error("amount")
    refund = rows.one(Refund)
    assert refund.amount == Decimal("1500.00") and refund.interest == 0 and refund.due_on == late
    for client in (officer, browser(city.a_staff)):
        path = f"{_console(grant)}/payments" if client is officer else f"{_workspace(grant)}/payments"
        shown = page(client.get(path))
        assert shown.status == 200
        returned = next(table for table in shown.tables() if "On time?" in table.rows[0]).records()[0]
        assert returned["On time?"] == "12 days late" and _text(returned["Amount"]) == "PLN 1,500.00"
        assert "no interest recorded" in returned["Interest"]
    assert rows.actions("refund.") == ["refund.recorded"]


def test_a_month_of_a_contract_is_prepared_submitted_and_approved_within_what_is_left(browser, city, money, rows):
    contract = money["contract"]
    coordinator, admin, officer = browser(city.a_coordinator), browser(city.a_admin), browser(city.dept_officer)
    new = f"{_workspace(contract)}/statements/new"
    assert page(coordinator.get(new)).status == 200
    next_month = TODAY.replace(day=1) + timedelta(days=32)
    future = page(coordinator.post(new, data={"month": next_month.strftime("%Y-%m"),
                                              "units": "10"}))
    assert future.status == 400 and future.field_error("month") == "A statement is made for a month that has begun."
    assert location(coordinator.post(new, data={"month": "2026-01", "units": "70", "note": "Styczeń"}))
    january = rows.one(Statement)
    assert january.status == StatementStatus.DRAFT and january.units == 70
    submit = f"{_workspace(contract)}/statements/{january.id}/submit"
    assert coordinator.post(submit).status_code == 403  # coordinators prepare, the admin submits
    assert location(admin.post(submit))
    assert location(officer.post(f"{_console(contract)}/statements/{january.id}/approve"))
    tranche = rows.one(Tranche)
    assert tranche.state == TrancheState.APPROVED and tranche.amount == Decimal("2695.00")
    assert tranche.statement_id == january.id and tranche.due_on == TODAY + timedelta(days=14)

    again = page(coordinator.post(new, data={"month": "2026-01", "units": "12,5"}))
    assert again.status == 400
    assert again.field_error("month") == "A statement for January 2026 has already been approved."
    assert again.values(new)["units"] == "12,5"
    # more than the contract has left is refused when saved, beside the units (issue: 8 saved past "at most 7")
    too_many = page(coordinator.post(new, data={"month": "2026-03", "units": "31"}))
    assert too_many.status == 400
    assert _text(too_many.field_error("units")) == ("At PLN 38.50 per place-day this contract has PLN 1,155.00 left: "
                                                    "at most 30 place-days.")
    assert too_many.values(new)["units"] == "31" and rows.count(Statement) == 1
    assert location(coordinator.post(new, data={"month": "2026-03", "units": "29"}))
    march = rows.one(Statement, month=date(2026, 3, 1))
    edit = f"{_workspace(contract)}/statements/{march.id}/edit"
    assert page(coordinator.get(edit)).values(edit)["units"] == "29"  # a count, not money ("29.00")
    refused = page(coordinator.post(edit, data={"units": "31", "note": ""}))
    assert refused.status == 400 and "at most 30 place-days" in _text(refused.field_error("units"))
    assert rows.one(Statement, Statement.id == march.id).units == 29
    assert location(coordinator.post(edit, data={"units": "30", "note": ""}))
    assert location(admin.post(f"{_workspace(contract)}/statements/{march.id}/submit"))
    shown = page(admin.get(f"{_workspace(contract)}/payments"))
    statements = next(table for table in shown.tables() if "Units delivered" in table.rows[0]).records()
    assert [(r["Month"], r["Units delivered"], _text(r["Amount"]), r["Status"]) for r in statements] == [
        ("January 2026", "70 place-days", "PLN 2,695.00", "Approved"),
        ("March 2026", "30 place-days", "PLN 1,155.00", "Submitted")]
    assert page(admin.get(edit, follow_redirects=True)).flashes("error") == [
        "This statement has been submitted and can no longer be changed."]
    assert rows.actions("statement.") == ["statement.saved", "statement.submitted", "statement.approved",
                                          "statement.saved", "statement.saved", "statement.submitted"]


def test_approving_beyond_what_is_left_is_refused_and_a_statement_returned_is_corrected(browser, city, money, make,
                                                                                       rows, outbox):
    contract = money["contract"]
    officer = browser(city.dept_officer)
    february = make.statement(contract, date(2026, 2, 1), "60")
    march = make.statement(contract, date(2026, 3, 1), "60")
    assert location(officer.post(f"{_console(contract)}/statements/{february}/approve"))
    shown = page(officer.post(f"{_console(contract)}/statements/{march}/approve", follow_redirects=True))
    assert [_text(m) for m in shown.flashes("error")] == [
        "At PLN 38.50 per place-day this contract has PLN 1,540.00 left: at most 40 place-days."]
    assert rows.one(Statement, Statement.id == march).status == StatementStatus.SUBMITTED
    assert rows.count(Tranche) == 1

    back = f"{_console(contract)}/statements/{march}/return"
    empty = page(officer.post(back, data={f"s{march}-reason": "  "}))
    assert empty.status == 400
    assert empty.field_error(f"s{march}-reason") == "Say what should be corrected: the organisation is told."
    assert location(officer.post(back, data={f"s{march}-reason": "W marcu było 40 osobodni, nie 60."}))
    returned = rows.one(Statement, Statement.id == march)
    assert returned.status == StatementStatus.RETURNED and returned.return_reason.startswith("W marcu")
    approved_mail = [m for m in outbox() if "2\xa0310,00" in m["body"] or "2 310,00" in m["body"]]
    assert {m["to"] for m in approved_mail} == {"a.admin@example.org", "a.coordinator@example.org"}  # 60 × 38,50
    assert all("WZ.526." in m["subject"] for m in approved_mail)
    mailed = {m["to"]: m for m in outbox() if "W marcu" in m["body"]}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org"}
    assert "W marcu było 40 osobodni" in mailed["a.admin@example.org"]["body"]
    assert "WZ.526." in mailed["a.admin@example.org"]["subject"]

    coordinator = browser(city.a_coordinator)
    edit = f"{_workspace(contract)}/statements/{march}/edit"
    assert "W marcu było 40 osobodni" in page(coordinator.get(edit))
    assert location(coordinator.post(edit, data={"units": "40"}))
    # corrected, it is prepared again: no longer "Returned for correction", the reason kept as history
    corrected = rows.one(Statement, Statement.id == march)
    assert corrected.status == StatementStatus.DRAFT and corrected.return_reason.startswith("W marcu")
    listed = page(coordinator.get(f"{_workspace(contract)}/payments"))
    row = next(r for r in next(t for t in listed.tables() if "Units delivered" in t.rows[0]).records()
               if r["Month"] == "March 2026")
    assert row["Status"].startswith("Being prepared") and "Returned for correction" not in row["Status"]
    assert f"Returned on {TODAY.strftime('%-d %b %Y')}: W marcu było 40 osobodni" in _text(row["Status"])
    assert location(browser(city.a_admin).post(f"{_workspace(contract)}/statements/{march}/submit"))
    assert location(officer.post(f"{_console(contract)}/statements/{march}/approve"))
    shown = page(officer.get(f"{_console(contract)}/payments"))
    assert [_text(cell) for cell in shown.tables()[0].rows[-1]] == [
        "Total", "PLN 3,850.00", "PLN 0.00", "PLN 3,850.00", "PLN 0.00", "PLN 0.00", "PLN 0.00"]


def test_another_organisations_agreement_and_a_draft_are_not_found(browser, city, money, make):
    other, grant, contract = money["other"], money["grant"], money["contract"]
    b_statement = make.statement(other, date(2026, 1, 1), "10", status="draft")
    b_tranche = make.tranche(other, "500.00", state="approved")
    for person in (city.a_admin, city.a_coordinator, city.a_staff):
        client = browser(person)
        assert client.get(f"{_workspace(other)}/payments").status_code == 404
        assert client.get(f"{_workspace(grant)}/payments").status_code == 404  # A's draft stays with the department
    a_admin = browser(city.a_admin)
    assert a_admin.post(f"{_workspace(other)}/statements/new", data={"month": "2026-02", "units": "1"}
                        ).status_code == 404
    assert a_admin.get(f"{_workspace(other)}/statements/{b_statement}/edit").status_code == 404
    assert a_admin.post(f"{_workspace(other)}/statements/{b_statement}/submit").status_code == 404
    assert a_admin.post(f"{_workspace(contract)}/statements/{b_statement}/submit").status_code == 404
    officer = browser(city.dept_officer)
    assert officer.get(f"{_console(other)}/payments").status_code == 200
    assert officer.post(f"{_console(contract)}/tranches/{b_tranche}/pay",  # B's tranche under A's agreement
                        data={f"t{b_tranche}-paid_on": TODAY.isoformat(),
                              f"t{b_tranche}-reference": "X"}).status_code == 404
    assert officer.post(f"{_console(contract)}/statements/{b_statement}/approve").status_code == 404
    assert browser(city.dept_analyst).post(f"{_console(other)}/refunds", data={}).status_code == 403
    analyst = page(browser(city.dept_analyst).get(f"{_console(contract)}/payments"))
    assert analyst.status == 200 and "Record a return" not in analyst


def test_the_programme_page_shows_what_contracts_commit_and_what_was_paid(browser, city, money, make, rows):
    contract = money["contract"]
    make.tranche(contract, "2000.00", state="paid")
    make.agreement(city.org_a, money["programme"], money["line"], "5000.00", status="terminated",
                   title="Umowa rozwiązana")

    def refund():
        agreement = _agreement(contract)
        db.session.add(Refund(organisation_id=agreement.organisation_id, agreement_id=contract,
                              funding_id=agreement.funding[0].id, amount=Decimal("300.00"), returned_on=TODAY))
    rows.run(refund)
    shown = page(browser(city.dept_analyst).get(f"/console/programmes/{money['programme']}"))
    line = next(r for r in shown.tables()[1].records() if r["What the money is for"] == "Noclegi i schronienie")
    assert _text(line["Committed by awards"]) == "PLN 0.00"
    assert _text(line["Committed by service contracts"]) == "PLN 13,850.00"  # A's 3 850 and B's 10 000
    assert _text(line["Paid"]) == "PLN 1,700.00"
    assert _text(line["Left"]) == "PLN 186,150.00"
    assert "Committed by service contracts PLN 13,850.00 Paid on agreements PLN 1,700.00" in _text(shown.text)


def test_budget_lines_are_named_in_the_readers_language_on_both_payment_tabs(browser, city, make):
    programme = make.programme(city.department, "Program przeciwdziałania bezdomności")
    line = make.budget_line(city.department, programme, "50000.00", task_pl="Noclegi dla mężczyzn",
                            task_uk="Нічліг для чоловіків", task_en="Night shelter for men")
    contract = make.agreement(city.org_a, programme, line, "3850.00", unit_price="38.50", title="Noclegownia")
    make.tranche(contract, "385.00", state="paid", due_on=date(TODAY.year, 1, 15))
    officer_en = page(browser(city.dept_officer).get(f"{_console(contract)}/payments"))
    assert "Night shelter for men" in officer_en and "Noclegi dla mężczyzn" not in officer_en
    officer_uk = page(browser(city.dept_officer, lang="uk").get(f"{_console(contract)}"))
    assert "Нічліг для чоловіків" in officer_uk and "Noclegi dla mężczyzn" not in officer_uk
    polish = page(browser(city.dept_officer, lang="pl").get(f"{_console(contract)}/payments"))
    assert "Noclegi dla mężczyzn" in polish
