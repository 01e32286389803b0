"""What the department and the organisations do with an agreement's money after the first round's walkthrough:
units read as counts in every language, a terminated contract's money released (its approved tranches still
paid), returns only of what was paid (every problem at once), the console's "Payments to handle" across two
organisations, the e-mail of an approval, and the printed contract's payment term."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.models import Agreement, Refund, Statement, StatementStatus, Tranche, TrancheState
from app.services.agreements.statements import PAYMENT_DAYS
from tests.functional.support import location, page

TODAY = local_today()


@pytest.fixture(autouse=True)
def _city_dates():
    """The city's dates as each test starts: a run that crosses midnight in Warsaw must not use yesterday's."""
    global TODAY
    TODAY = local_today()


def _text(value: str) -> str:
    return " ".join(value.replace("\xa0", " ").replace("\u202f", " ").split())


@pytest.fixture
def money(make, city):
    """A 2026 line of 200 000 zł; A's flat contract in force (700 zł a flat-month, 5 600 zł: 8 flat-months), A's
    grant in force of 20 000 zł, and B's shelter contract in force (38,50 zł a place-day, 10 000 zł)."""
    programme = make.programme(city.department, "Program przeciwdziałania bezdomności")
    line = make.budget_line(city.department, programme, "200000.00", year=2026, task_pl="Mieszkania treningowe")
    flats = make.agreement(city.org_a, programme, line, "5600.00", unit_price="700.00", unit="flat_month",
                           title="Mieszkania treningowe A", ends_on=date(TODAY.year + 1, 12, 31))
    grant = make.agreement(city.org_a, programme, line, "20000.00", kind="grant", title="Punkt konsultacyjny A")
    other = make.agreement(city.org_b, programme, line, "10000.00", unit_price="38.50", title="Schronisko B")
    return {"programme": programme, "line": line, "flats": flats, "grant": grant, "other": other}


def _terminate(rows, agreement_id: int, on: date) -> None:
    def change():
        agreement = db.session.execute(select(Agreement).where(Agreement.id == agreement_id)).scalar_one()
        agreement.status, agreement.terminated_on, agreement.termination_reason = "terminated", on, "Wypowiedzenie."
    rows.run(change)


def test_units_read_as_counts_in_every_language(browser, city, money, make, rows):
    flats = money["flats"]
    make.statement(flats, date(2026, 1, 1), "8", status="draft")
    make.statement(flats, date(2026, 2, 1), "12.5", status="draft")  # within 8 × 700
    for lang, eight, twelve in (("en", "8 flat-months", "12.5 flat-months"), ("pl", "8", "12,5"),
                                ("uk", "8", "12,5")):
        shown = page(browser(city.a_coordinator, lang=lang).get(f"/workspace/agreements/{flats}/payments"))
        table = next(t for t in shown.tables() if len(t.rows) == 3 and len(t.rows[0]) >= 5)
        units = [_text(row[1]) for row in table.rows[1:]]
        assert units[0].startswith(eight) and "8,00" not in units[0] and "8.00" not in units[0], (lang, units)
        assert units[1].startswith(twelve) and "12,50" not in units[1], (lang, units)
    january = rows.one(Statement, month=date(2026, 1, 1))
    edit = f"/workspace/agreements/{flats}/statements/{january.id}/edit"
    assert page(browser(city.a_coordinator, lang="pl").get(edit)).values(edit)["units"] == "8"


def test_a_statement_beyond_what_is_left_is_refused_when_saved(browser, city, money, rows):
    new = f"/workspace/agreements/{money['flats']}/statements/new"
    coordinator = browser(city.a_coordinator)
    shown = page(coordinator.get(new))
    assert "at most 8 flat-months" in _text(shown.text)
    refused = page(coordinator.post(new, data={"month": "2026-01", "units": "9"}))
    assert refused.status == 400
    assert _text(refused.field_error("units")) == ("At PLN 700.00 per flat-month this contract has PLN 5,600.00 "
                                                   "left: at most 8 flat-months.")
    assert rows.count(Statement) == 0


def test_a_terminated_contract_releases_its_money_and_pays_only_what_was_approved(browser, city, money, make, rows):
    flats, grant = money["flats"], money["grant"]
    make.tranche(flats, "1400.00", state="paid")
    owed = make.tranche(flats, "700.00", state="approved")
    submitted = make.statement(flats, date(2026, 3, 1), "1")  # submitted before the end
    late = make.statement(flats, date(2026, 6, 1), "1")  # for a month after the end
    scheduled = make.tranche(grant, "5000.00", due_on=date(2026, 9, 1))
    make.tranche(grant, "5000.00", state="paid")
    _terminate(rows, flats, date(2026, 4, 30))
    _terminate(rows, grant, date(2026, 4, 30))
    officer = browser(city.dept_officer)

    listed = page(officer.get("/console/agreements/"))
    records = {r["Number"]: r for r in next(t for t in listed.tables() if "Remaining" in t.rows[0]).records()}
    flats_row = next(r for r in records.values() if "Mieszkania treningowe A" in r["Title"])
    assert _text(flats_row["Remaining"]) == "PLN 0.00" and _text(flats_row["To be paid"]) == "PLN 700.00"
    grant_row = next(r for r in records.values() if "Punkt konsultacyjny A" in r["Title"])
    assert _text(grant_row["Remaining"]) == "PLN 0.00"
    totals = _text(listed.text_of("agreement-totals"))
    assert "RemainingPLN 10,000.00" in totals.replace(" PLN", "PLN")  # only B's contract keeps money to approve
    detail = page(officer.get(f"/console/agreements/{flats}"))
    assert "Remaining PLN 0.00" in _text(detail.text)

    payments = page(officer.get(f"/console/agreements/{flats}/payments"))
    assert "Tranches approved before are still paid" in _text(payments.text_of("closed-notice"))
    assert [_text(c) for c in payments.tables()[0].rows[-1]][-1] == "PLN 0.00"
    assert f'action="/console/agreements/{flats}/tranches/{owed}/pay"' in payments.html
    assert location(officer.post(f"/console/agreements/{flats}/tranches/{owed}/pay",
                                 data={f"t{owed}-paid_on": TODAY.isoformat(), f"t{owed}-reference": "PP/7"}))
    assert rows.one(Tranche, Tranche.id == owed).state == TrancheState.PAID

    grant_page = page(officer.get(f"/console/agreements/{grant}/payments"))
    assert "Approve for payment" not in grant_page and "its scheduled tranches will not be paid" in grant_page
    refused = page(officer.post(f"/console/agreements/{grant}/tranches/{scheduled}/approve", follow_redirects=True))
    assert refused.flashes("error") == ["The agreement has been terminated: its scheduled tranches are no longer "
                                        "approved."]

    assert location(officer.post(f"/console/agreements/{flats}/statements/{submitted}/approve"))
    assert rows.one(Statement, Statement.id == submitted).status == StatementStatus.APPROVED
    after = page(officer.post(f"/console/agreements/{flats}/statements/{late}/approve", follow_redirects=True))
    assert after.flashes("error") == ["Statements are made while the contract is in force."]

    coordinator = browser(city.a_coordinator)
    workspace = page(coordinator.get(f"/workspace/agreements/{flats}/payments"))
    assert "Prepare a statement" not in workspace and "No more monthly statements are prepared" in workspace
    sent = page(coordinator.post(f"/workspace/agreements/{flats}/statements/new",
                                 data={"month": "2026-04", "units": "1"}))
    assert sent.status == 400
    assert "The contract was terminated on 30 Apr 2026: no more statements are prepared." in _text(sent.text)
    assert rows.count(Statement) == 2


def test_a_return_needs_something_paid_and_says_every_problem_at_once(browser, city, money, make, rows):
    grant = money["grant"]
    officer = browser(city.dept_officer)
    nothing = page(officer.get(f"/console/agreements/{grant}/payments"))
    assert "Nothing has been paid yet, so nothing can be returned." in nothing
    assert "Record a return" not in nothing
    make.tranche(grant, "5000.00", state="paid")
    refunds = f"/console/agreements/{grant}/refunds"
    assert "Record a return" in page(officer.get(f"/console/agreements/{grant}/payments"))
    sent = page(officer.post(refunds, data={"amount": "6000", "interest": "-5",
                                            "returned_on": (TODAY + timedelta(days=2)).isoformat()}))
    assert sent.status == 400
    assert "At most what was paid from this budget line and not returned yet" in _text(sent.field_error("amount"))
    assert sent.field_error("returned_on") == "The day of the return cannot be in the future."
    assert sent.field_error("interest") == "Give an amount without a minus sign."
    assert sent.values(refunds)["interest"] == "-5" and rows.count(Refund) == 0


def test_the_department_sees_what_waits_across_organisations(browser, city, money, make, rows, outbox):
    flats, other = money["flats"], money["other"]
    a_statement = make.statement(flats, date(2026, 2, 1), "2")
    make.statement(other, date(2026, 3, 1), "10")
    make.statement(other, date(2026, 4, 1), "5", status="draft")  # not submitted: not waiting
    make.tranche(money["grant"], "3000.00", state="approved", due_on=date(2026, 5, 4))
    officer = browser(city.dept_officer)
    overview = page(officer.get("/console/"))
    assert "2 monthly statements wait for approval; 1 approved tranche waits to be paid" in _text(overview.text)
    assert "Payments to handle" in _text(overview.text)  # the menu entry
    shown = page(officer.get("/console/agreements/statements"))
    assert shown.status == 200 and shown.h1 == "Payments to handle"
    waiting, to_pay = shown.tables()
    assert sorted((r["Month"], r["Units delivered"]) for r in waiting.records()) == [
        ("February 2026", "2 flat-months"), ("March 2026", "10 place-days")]
    assert {r["Organisation"] for r in waiting.records()} == {city.org_a.name, city.org_b.name}
    assert {_text(r["Amount"]) for r in waiting.records()} == {"PLN 1,400.00", "PLN 385.00"}
    assert [_text(r["Amount"]) for r in to_pay.records()] == ["PLN 3,000.00"]
    assert f"/console/agreements/{flats}/payments#decide-{a_statement}-heading" in shown.html
    assert browser(city.a_admin).get("/console/agreements/statements").status_code == 303  # to their own

    assert location(officer.post(f"/console/agreements/{flats}/statements/{a_statement}/approve"))
    approved = [m for m in outbox() if "1 400,00" in _text(m["body"])]
    assert {m["to"] for m in approved} == {"a.admin@example.org", "a.coordinator@example.org"}
    assert all(f"next=/workspace/agreements/{flats}/payments" in m["body"] for m in approved)  # opens the page
    assert not any("b." in m["to"] for m in outbox())
    after = page(officer.get("/console/agreements/statements"))
    assert [len(t.records()) for t in after.tables()] == [1, 2]


def test_the_printed_contract_gives_the_payment_term(browser, city, money):
    shown = page(browser(city.dept_analyst).get(f"/console/agreements/{money['flats']}/document"))
    body = _text(shown.text)
    assert f"w terminie {PAYMENT_DAYS} dni od dnia zatwierdzenia zestawienia" in body and "………… dni" not in body




def test_a_statement_stays_within_the_places_and_never_overwrites_another(browser, city, money, rows):
    shelter = money["other"]  # 12 places at 38,50 zł a place-day: January holds 12 × 31 = 372 place-days
    new = f"/workspace/agreements/{shelter}/statements/new"
    admin = browser(city.b_admin)
    refused = page(admin.post(new, data={"month": "2026-01", "units": "400"}))
    assert refused.status == 400
    assert _text(refused.field_error("units")) == ("Places the contract keeps: 12; January 2026 holds at most 372 "
                                                   "place-days.")
    assert location(admin.post(new, data={"month": "2026-01", "units": "200"}))
    again = page(admin.post(new, data={"month": "2026-01", "units": "50"}))
    assert again.status == 400 and "already being prepared" in _text(again.field_error("month"))
    assert [statement.units for statement in rows.all(Statement)] == [200]
    assert page(admin.get(new)).values(new)["month"] == "2026-02"  # the first month without a statement
