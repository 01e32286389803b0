"""Amendments (aneks): one side proposes new terms with a reason, the other approves or rejects them; each is
numbered, shows a before/after table, and every earlier version of the agreement stays readable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.models import Agreement, AgreementFunding, AgreementTarget, Amendment, AmendmentStatus, ReportDue, ReportKind
from tests.functional.support import link_in, location, page

CONSOLE, WORKSPACE = "/console/agreements", "/workspace/agreements"


@pytest.fixture
def deal(make, city):
    """Organisation A's service contract in force for 2026: 24 000 zł from the shelter line (200 000 zł), one target,
    the final report due on 30 January 2027; the programme has a second line of 2026 and one of 2027."""
    programme = make.programme(city.department, "Program przeciwdziałania bezdomności")
    shelter = make.budget_line(city.department, programme, "200000.00", year=2026, task_pl="Noclegownia")
    meals = make.budget_line(city.department, programme, "50000.00", year=2026, task_pl="Posiłki")
    later = make.budget_line(city.department, programme, "80000.00", year=2027, task_pl="Noclegownia 2027")
    agreement = make.agreement(city.org_a, programme, shelter, "24000.00", title="Noclegownia dla mężczyzn")
    return {"programme": programme, "shelter": shelter, "meals": meals, "later": later, "agreement": agreement}


def _form(client, base: str, agreement: int, **changes) -> dict:
    """The proposal's form as its page fills it (the current terms), with ``changes`` typed over it."""
    shown = page(client.get(f"{base}/{agreement}/amendments/new"))
    assert shown.status == 200, shown.text[:300]
    values = shown.values(f"{base}/{agreement}/amendments/new")
    values.update(changes)
    return values


def _propose(client, base: str, agreement: int, **changes):
    return client.post(f"{base}/{agreement}/amendments/new", data=_form(client, base, agreement, **changes))


def _agreement(rows, agreement_id: int) -> Agreement:
    return rows.one(Agreement, id=agreement_id)


def _final_report(rows, agreement_id: int) -> date:
    return rows.one(ReportDue, agreement_id=agreement_id, kind=ReportKind.FINAL).due_on


def test_the_department_proposes_and_the_organisations_admin_approves(browser, city, rows, outbox, deal):
    officer, admin = browser(city.dept_officer), browser(city.a_admin)
    agreement = deal["agreement"]
    form = page(officer.get(f"{CONSOLE}/{agreement}/amendments/new"))
    assert form.values()["ends_on"] == "2026-12-31" and form.values()["funding-0-amount"] == "24,000.00"
    assert form.values()["targets-0-name"] == "Osoby objęte pomocą" and form.values()["targets-0-target_value"] == "20"
    response = _propose(officer, CONSOLE, agreement, ends_on="2027-03-31", **{
        "funding-0-amount": "30 000,00", "reason": "Zima przedłuża zapotrzebowanie na miejsca."})
    amendment = rows.one(Amendment)
    assert location(response) == f"{CONSOLE}/{agreement}/amendments/{amendment.id}"
    assert amendment.number == 1 and amendment.status == AmendmentStatus.PROPOSED
    assert amendment.changes == {"ends_on": "2027-03-31",
                                 "funding": [{"budget_line_id": deal["shelter"], "amount": "30000.00"}]}
    assert _agreement(rows, agreement).ends_on == date(2026, 12, 31)  # nothing changes before the approval
    mailed = {message["to"]: message for message in outbox()}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org"}
    number = _agreement(rows, agreement).number
    assert number in mailed["a.admin@example.org"]["subject"]
    assert f"/workspace/agreements/{agreement}/amendments/{amendment.id}" in mailed["a.admin@example.org"]["body"]

    proposal = page(admin.get(f"{WORKSPACE}/{agreement}/amendments/{amendment.id}"))
    table = {row[0]: row[1:] for row in proposal.tables()[0].rows[1:]}
    assert table["Period Changed"] == ["1 Jan 2026 – 31 Dec 2026", "1 Jan 2026 – 31 Mar 2027"]
    assert table["Total value Changed"] == ["PLN 24,000.00", "PLN 30,000.00"]
    assert table["Final report due Changed"] == ["30 Jan 2027", "30 Apr 2027"]
    assert table["Indicator target 1"][0] == table["Indicator target 1"][1]  # unchanged: not marked
    assert "Approve the amendment" in proposal and "Reject the amendment" in proposal
    assert "Withdraw the amendment" not in proposal

    response = admin.post(f"{WORKSPACE}/{agreement}/amendments/{amendment.id}/approve")
    assert location(response) == f"{WORKSPACE}/{agreement}/amendments/{amendment.id}"
    after = _agreement(rows, agreement)
    assert after.ends_on == date(2027, 3, 31) and _final_report(rows, agreement) == date(2027, 4, 30)
    assert rows.one(AgreementFunding, agreement_id=agreement).amount == Decimal("30000.00")
    approved = rows.one(Amendment)
    assert approved.status == AmendmentStatus.APPROVED and approved.decided_by_id == city.a_admin.id
    answers = [message for message in outbox() if number in message["subject"]
               and message["to"] not in ("a.admin@example.org", "a.coordinator@example.org")]
    assert [message["to"] for message in answers] == ["dept.officer@example.org"]  # the one who proposed it
    assert link_in(answers[0]["body"]) == f"{CONSOLE}/{agreement}/amendments/{amendment.id}"
    assert approved.before["ends_on"] == "2026-12-31" and approved.after["value"] == "30000.00"
    assert rows.actions("amendment.") == ["amendment.proposed", "amendment.approved"]

    decided = page(officer.get(f"{CONSOLE}/{agreement}/amendments/{amendment.id}"))
    assert decided.tables()[0].rows[0] == ["Term", "Before", "After"]
    assert "Approved" in decided and "Approve the amendment" not in decided
    listed = page(officer.get(f"{CONSOLE}/{agreement}/amendments"))
    assert "Amendment no. 1" in listed and "The department" in listed
    assert "Version 2 — after amendment no. 1" in listed and "(current)" in listed
    assert "Version 1 — as first agreed" in listed
    versions = {table.region["aria-labelledby"].split()[0]: table for table in listed.tables()[1:]}
    assert ["Period", "1 Jan 2026 – 31 Dec 2026"] in versions["version-1"].rows
    assert ["Period", "1 Jan 2026 – 31 Mar 2027"] in versions["version-2"].rows
    assert "Version 2" in page(browser(city.a_staff).get(f"{WORKSPACE}/{agreement}/amendments"))


def test_the_organisation_proposes_and_the_department_rejects_with_a_reason(browser, city, rows, outbox, deal):
    admin, officer = browser(city.a_admin), browser(city.dept_officer)
    agreement = deal["agreement"]
    _propose(admin, WORKSPACE, agreement, **{"targets-0-target_value": "15", "targets-1-name": "Porady prawne",
                                             "targets-1-target_value": "40", "targets-1-unit": "porad",
                                             "reason": "Mniej miejsc w budynku po remoncie."})
    amendment = rows.one(Amendment)
    assert amendment.proposed_by.value == "organisation" and [t["target_value"] for t in
                                                              amendment.changes["targets"]] == ["15.00", "40.00"]
    assert outbox() == []  # the department reads it in its console
    waiting = page(officer.get(f"{CONSOLE}/amendments"))
    assert "Amendment no. 1 to agreement" in waiting and "Stowarzyszenie A" in waiting
    detail = page(officer.get(f"{CONSOLE}/{agreement}/amendments/{amendment.id}"))
    table = {row[0]: row[1:] for row in detail.tables()[0].rows[1:]}
    assert table["Indicator target 2 Changed"] == ["—", "Porady prawne: 40 porad"]
    refused = page(officer.post(f"{CONSOLE}/{agreement}/amendments/{amendment.id}/reject", data={"reason": " "}))
    assert refused.status == 400 and "Say why the amendment is rejected" in refused.field_error("reason")
    assert rows.one(Amendment).status == AmendmentStatus.PROPOSED
    officer.post(f"{CONSOLE}/{agreement}/amendments/{amendment.id}/reject",
                 data={"reason": "Cel musi zostać na poziomie umowy."})
    rejected = rows.one(Amendment)
    assert rejected.status == AmendmentStatus.REJECTED and rejected.decision_note.startswith("Cel musi")
    mailed = {message["to"]: message["body"] for message in outbox()}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org"}
    for body in mailed.values():
        assert "Cel musi zostać na poziomie umowy." in body
        assert f"next=/workspace/agreements/{agreement}/amendments/{amendment.id}" in body
    assert [target.target_value for target in rows.all(AgreementTarget, agreement_id=agreement)] == [Decimal("20.00")]
    shown = page(admin.get(f"{WORKSPACE}/{agreement}/amendments/{amendment.id}"))
    assert "Rejected" in shown and "Cel musi zostać na poziomie umowy." in shown
    assert rows.actions("amendment.") == ["amendment.proposed", "amendment.rejected"]
    again = _propose(admin, WORKSPACE, agreement, **{"targets-0-target_value": "18", "reason": "Druga próba."})
    assert location(again).endswith(str(rows.one(Amendment, number=2).id))  # the rejected one keeps its number


def test_the_organisation_hears_the_departments_approval_and_the_officer_the_organisations_rejection(
        browser, city, make, rows, outbox, deal):
    admin, officer = browser(city.a_admin), browser(city.dept_officer)
    agreement = deal["agreement"]
    _propose(admin, WORKSPACE, agreement, ends_on="2027-01-31", reason="Remont opóźnił start.")
    ours = rows.one(Amendment)
    browser(city.dept_admin).post(f"{CONSOLE}/{agreement}/amendments/{ours.id}/approve")
    assert rows.one(Amendment).status == AmendmentStatus.APPROVED
    mailed = {message["to"]: message for message in outbox()}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org"}  # not staff, not organisation B
    number = _agreement(rows, agreement).number
    for message in mailed.values():
        assert number in message["subject"]
        assert f"/workspace/agreements/{agreement}/amendments/{ours.id}" in link_in(message["body"])
    make.user("b.officer@example.org", member_of=city.department, role="officer")
    _propose(officer, CONSOLE, agreement, ends_on="2027-02-28", reason="Jeszcze miesiąc.")
    theirs = rows.one(Amendment, number=2)
    already = {message["id"] for message in outbox()}
    admin.post(f"{WORKSPACE}/{agreement}/amendments/{theirs.id}/reject", data={"reason": "Nie zdążymy z obsadą."})
    answers = [message for message in outbox() if message["id"] not in already]
    assert [message["to"] for message in answers] == ["dept.officer@example.org"]
    assert number in answers[0]["subject"] and "Nie zdążymy z obsadą." in answers[0]["body"]
    assert link_in(answers[0]["body"]) == f"{CONSOLE}/{agreement}/amendments/{theirs.id}"


def test_the_form_offers_only_lines_of_the_agreements_years(browser, city, deal):
    agreement = deal["agreement"]
    form = page(browser(city.dept_officer).get(f"{CONSOLE}/{agreement}/amendments/new"))
    assert f'<option value="{deal["meals"]}">' in form.html  # a 2026 line of the programme
    assert f'value="{deal["later"]}"' not in form.html  # 2027 lines need the period changed first
    assert "Lines of the agreement's period (2026) are offered" in form
    assert "A line of another year needs the period changed first" in form


def test_money_moved_between_lines_stays_within_the_allowed_shift(browser, city, rows, deal):
    officer, agreement = browser(city.dept_officer), deal["agreement"]
    too_much = page(_propose(officer, CONSOLE, agreement, **{
        "funding-0-amount": "20 000,00", "funding-1-budget_line_id": str(deal["meals"]),
        "funding-1-amount": "4 000,00", "reason": "Część środków na posiłki."}))
    assert too_much.status == 400
    assert "the allowed shift is PLN 2,400.00 (10 per cent" in too_much.field_error("funding").replace("\xa0", " ")
    assert too_much.values(f"{CONSOLE}/{agreement}/amendments/new")["funding-1-amount"] == "4 000,00"  # kept
    assert rows.count(Amendment) == 0
    _propose(officer, CONSOLE, agreement, **{
        "funding-0-amount": "22 000,00", "funding-1-budget_line_id": str(deal["meals"]),
        "funding-1-amount": "2 000,00", "reason": "Część środków na posiłki."})
    amendment = rows.one(Amendment)
    browser(city.a_admin).post(f"{WORKSPACE}/{agreement}/amendments/{amendment.id}/approve")
    assert sorted((row.budget_line_id, row.amount) for row in rows.all(AgreementFunding, agreement_id=agreement)) \
        == sorted([(deal["shelter"], Decimal("22000.00")), (deal["meals"], Decimal("2000.00"))])


def test_an_amount_below_what_was_paid_and_an_end_before_a_payment_are_refused_at_once(browser, city, make, rows,
                                                                                        deal):
    agreement = deal["agreement"]
    make.tranche(agreement, "10000.00", state="paid", due_on=date(2026, 6, 30))
    make.statement(agreement, date(2026, 7, 1), "100")
    officer = browser(city.dept_officer)
    refused = page(_propose(officer, CONSOLE, agreement, ends_on="2026-05-31", **{
        "funding-0-amount": "9 000,00", "funding-1-budget_line_id": str(deal["later"]),
        "funding-1-amount": "1 000", "reason": ""}))
    assert refused.status == 400
    errors = refused.field_errors()
    assert "PLN 10,000.00 is already approved or paid from this line" in errors["funding-0-amount"].replace(
        "\xa0", " ")
    assert "A tranche was paid on 30 Jun 2026" in errors["ends_on"]
    assert "monthly statement for July 2026" in errors["ends_on"]
    assert "outside the agreement's period" in errors["funding-1-amount"]
    assert "Say why the agreement is amended" in errors["reason"]
    assert refused.values(f"{CONSOLE}/{agreement}/amendments/new")["ends_on"] == "2026-05-31"
    assert rows.count(Amendment) == 0 and _agreement(rows, agreement).ends_on == date(2026, 12, 31)


def test_an_increase_must_fit_the_budget_line(browser, city, make, rows, deal):
    make.agreement(city.org_b, deal["programme"], deal["meals"], "49000.00", title="Posiłki B")
    refused = page(_propose(browser(city.dept_officer), CONSOLE, deal["agreement"], **{
        "funding-1-budget_line_id": str(deal["meals"]), "funding-1-amount": "2 000", "reason": "Posiłki."}))
    assert refused.status == 400
    assert "The budget line has PLN 1,000.00 left." in refused.field_error("funding-1-amount").replace("\xa0", " ")


def test_a_terminated_or_draft_agreement_is_not_amended(browser, city, make, rows, deal):
    ended = make.agreement(city.org_a, deal["programme"], deal["shelter"], "1000.00", status="terminated",
                           terminated_on=date(2026, 6, 30), termination_reason="Likwidacja placówki.")
    officer = browser(city.dept_officer)
    shown = page(officer.get(f"{CONSOLE}/{ended}/amendments/new"))
    assert "terminated: it can no longer be amended" in shown and "Propose the amendment" not in shown
    refused = page(officer.post(f"{CONSOLE}/{ended}/amendments/new", data={
        "starts_on": "2026-01-01", "ends_on": "2027-06-30", "funding-0-budget_line_id": str(deal["shelter"]),
        "funding-0-amount": "1000", "reason": "Wznowienie."}))
    assert refused.status == 400 and "terminated: it can no longer be amended" in refused.field_error("reason")
    assert "Propose an amendment" not in page(officer.get(f"{CONSOLE}/{ended}/amendments"))
    draft = make.agreement(city.org_a, deal["programme"], deal["shelter"], "1000.00", status="draft")
    assert "edit the draft instead" in page(officer.get(f"{CONSOLE}/{draft}/amendments/new"))
    assert browser(city.a_admin).get(f"{WORKSPACE}/{draft}/amendments").status_code == 404
    assert rows.count(Amendment) == 0


def test_one_proposal_at_a_time_and_a_form_sent_twice_makes_one(browser, city, rows, deal):
    officer, agreement = browser(city.dept_officer), deal["agreement"]
    data = _form(officer, CONSOLE, agreement, ends_on="2027-01-31", reason="Przedłużenie o miesiąc.")
    first = officer.post(f"{CONSOLE}/{agreement}/amendments/new", data=data)
    second = officer.post(f"{CONSOLE}/{agreement}/amendments/new", data=data)
    assert location(first) == location(second) and rows.count(Amendment) == 1
    assert rows.actions("amendment.") == ["amendment.proposed"]
    other = page(officer.post(f"{CONSOLE}/{agreement}/amendments/new",
                              data={**data, "ends_on": "2027-02-28", "reason": "Inna zmiana."}))
    assert other.status == 400 and "Amendment no. 1 waits for a decision" in other.field_error("reason")
    admin = browser(city.a_admin)
    assert "Amendment no. 1 waits for a decision" in page(admin.get(f"{WORKSPACE}/{agreement}/amendments/new"))
    amendment = rows.one(Amendment)
    assert "Withdraw the amendment" not in page(admin.get(f"{WORKSPACE}/{agreement}/amendments/{amendment.id}"))
    officer.post(f"{CONSOLE}/{agreement}/amendments/{amendment.id}/withdraw")
    assert rows.one(Amendment).status == AmendmentStatus.WITHDRAWN
    _propose(admin, WORKSPACE, agreement, ends_on="2027-02-28", reason="Nasza propozycja.")
    assert sorted(one.number for one in rows.all(Amendment)) == [1, 2]


def test_the_proposing_side_cannot_approve_its_own_amendment(browser, city, rows, deal):
    officer, agreement = browser(city.dept_officer), deal["agreement"]
    _propose(officer, CONSOLE, agreement, ends_on="2027-01-31", reason="Przedłużenie.")
    amendment = rows.one(Amendment)
    response = officer.post(f"{CONSOLE}/{agreement}/amendments/{amendment.id}/approve", follow_redirects=True)
    assert "The other side decides on this amendment" in " ".join(page(response).flashes("error"))
    assert rows.one(Amendment).status == AmendmentStatus.PROPOSED


def test_staff_and_coordinators_read_but_cannot_decide(browser, city, rows, deal):
    officer, agreement = browser(city.dept_officer), deal["agreement"]
    _propose(officer, CONSOLE, agreement, ends_on="2027-01-31", reason="Przedłużenie.")
    amendment = rows.one(Amendment)
    base = f"{WORKSPACE}/{agreement}/amendments/{amendment.id}"
    for person in (city.a_staff, city.a_coordinator):
        client = browser(person)
        shown = page(client.get(base))
        assert shown.status == 200 and "Approve the amendment" not in shown
        assert "Your organisation's admin approves or rejects it." in shown
        assert client.post(f"{base}/approve").status_code == 403
        assert client.post(f"{base}/reject", data={"reason": "Nie."}).status_code == 403
        assert client.get(f"{WORKSPACE}/{agreement}/amendments/new").status_code == 403
    analyst = browser(city.dept_analyst)
    assert analyst.get(f"{CONSOLE}/{agreement}/amendments/{amendment.id}").status_code == 200
    assert analyst.post(f"{CONSOLE}/{agreement}/amendments/{amendment.id}/withdraw").status_code == 403
    assert rows.one(Amendment).status == AmendmentStatus.PROPOSED


def test_another_organisation_gets_404(browser, city, rows, deal):
    officer, agreement = browser(city.dept_officer), deal["agreement"]
    _propose(officer, CONSOLE, agreement, ends_on="2027-01-31", reason="Przedłużenie.")
    amendment = rows.one(Amendment)
    other = browser(city.b_admin)
    for path in (f"{WORKSPACE}/{agreement}/amendments", f"{WORKSPACE}/{agreement}/amendments/new",
                 f"{WORKSPACE}/{agreement}/amendments/{amendment.id}"):
        assert other.get(path).status_code == 404
    for action in ("approve", "reject", "withdraw"):
        assert other.post(f"{WORKSPACE}/{agreement}/amendments/{amendment.id}/{action}",
                          data={"reason": "Nie."}).status_code == 404
    assert rows.one(Amendment).status == AmendmentStatus.PROPOSED
    own = browser(city.a_admin)
    assert own.get(f"{WORKSPACE}/{agreement + 1000}/amendments/{amendment.id}").status_code == 404
    assert own.get(f"{WORKSPACE}/{agreement}/amendments/{amendment.id + 1000}").status_code == 404


def test_approval_checks_again_what_was_paid_meanwhile(browser, city, make, rows, deal):
    officer, agreement = browser(city.dept_officer), deal["agreement"]
    _propose(officer, CONSOLE, agreement, **{"funding-0-amount": "20 000", "reason": "Mniej miejsc."})
    amendment = rows.one(Amendment)
    make.tranche(agreement, "21000.00", state="paid", due_on=date(2026, 11, 1))
    response = browser(city.a_admin).post(f"{WORKSPACE}/{agreement}/amendments/{amendment.id}/approve",
                                          follow_redirects=True)
    assert "already approved or paid from this line" in " ".join(page(response).flashes("error"))
    assert rows.one(Amendment).status == AmendmentStatus.PROPOSED
    assert rows.one(AgreementFunding, agreement_id=agreement).amount == Decimal("24000.00")
