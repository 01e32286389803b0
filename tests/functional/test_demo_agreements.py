"""The demo city's agreements: every state somewhere, money that adds up, an amendment with its before and after."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Agreement,
    AgreementDocument,
    AgreementFunding,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Award,
    BudgetLine,
    Organisation,
    Refund,
    Statement,
    StatementStatus,
    Tranche,
    TrancheState,
)
from app.models.agreements import SIGNED
from app.services.agreements.lifecycle import line_free
from app.services.agreements.money import figures_for
from app.services.funding.budgets import set_aside_on
from app.tenancy import system_scope
from tests.functional.support import page


@pytest.fixture
def demo(app, tmp_path):
    app.config["AGREEMENT_DOCUMENT_FOLDER"] = str(tmp_path / "agreements")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return app


def test_the_demo_has_an_agreement_in_every_state_matching_its_organisations(demo, rows):
    agreements = rows.all(Agreement)
    assert {a.status for a in agreements} == set(AgreementStatus)
    assert all(a.is_demo for a in agreements)
    by_title = {a.title: a for a in agreements}
    counselling = next(a for title, a in by_title.items() if title.startswith("Punkt konsultacyjny Ośrodka"))
    assert counselling.kind == AgreementKind.GRANT and counselling.status == AgreementStatus.IN_FORCE
    assert rows.one(Award, id=counselling.award_id).amount == value_of(rows, counselling)
    shelter = by_title["Noclegownia dla mężczyzn – 12 miejsc"]
    assert (shelter.unit, shelter.unit_price, shelter.places) == ("place_day", Decimal("38.50"), 12)
    flats = by_title["Dwa mieszkania chronione dla osób doznających przemocy w rodzinie"]
    assert (flats.unit, flats.places) == ("flat_month", 2)
    [party] = rows.all(AgreementParty, agreement_id=flats.id)  # the family centre is a joint party to it
    assert party.partner_id == rows.one(Organisation, id=party.partner_id).id != flats.organisation_id
    assert rows.one(Organisation, id=party.partner_id).name.startswith("Stowarzyszenie na Rzecz Rodziny")
    assert by_title["Miejsca hotelowe w Ośrodku Interwencji Kryzysowej dla osób doznających przemocy w rodzinie"] \
        .unit == "place_day"
    assert {a.unit for a in agreements if a.title.startswith("Świetlica")} == {"place_month"}
    terminated = rows.one(Agreement, status=AgreementStatus.TERMINATED)
    assert terminated.termination_reason and terminated.terminated_on
    assert rows.one(Agreement, status=AgreementStatus.SENT).sent_at is not None
    accepted = rows.one(Agreement, status=AgreementStatus.ACCEPTED)
    assert accepted.accepted_by_id is not None and accepted.signed_on is None
    for agreement in agreements:  # a signed agreement has its scan and a number of its own
        assert (rows.count(AgreementDocument, agreement_id=agreement.id) > 0) == (agreement.status in SIGNED)
    assert len({a.number for a in agreements}) == len(agreements)
    assert set(rows.actions("agreement.")) >= {"agreement.created", "agreement.sent", "agreement.accepted",
                                               "agreement.signed", "agreement.terminated", "agreement.completed",
                                               "agreement.document_added"}


def value_of(rows, agreement) -> Decimal:
    return sum((f.amount for f in rows.all(AgreementFunding, agreement_id=agreement.id)), Decimal(0))


def test_the_demo_money_adds_up_per_agreement_and_per_budget_line(demo, rows):
    agreements = rows.all(Agreement)
    with demo.app_context(), system_scope("tests"):
        figures = figures_for([a.id for a in agreements])
        for agreement in agreements:
            money = figures[agreement.id]
            assert money.paid + money.due <= money.contracted, agreement.title
            if agreement.kind == AgreementKind.GRANT and agreement.status != AgreementStatus.DRAFT:
                assert money.scheduled + money.due + money.paid == money.contracted, agreement.title
        for line in rows.all(BudgetLine):
            contracts = db.session.execute(
                select(func.coalesce(func.sum(AgreementFunding.amount), 0))
                .join(Agreement, Agreement.id == AgreementFunding.agreement_id)
                .where(AgreementFunding.budget_line_id == line.id, Agreement.kind == AgreementKind.SERVICE_CONTRACT,
                       Agreement.status != AgreementStatus.TERMINATED)).scalar_one()
            small = db.session.execute(select(func.coalesce(func.sum(Award.amount), 0)).where(
                Award.budget_line_id == line.id, Award.call_id.is_(None))).scalar_one()
            assert line.amount - set_aside_on(line.id) - Decimal(small) - Decimal(contracts) >= 0, line.task_pl
            assert line_free(line) >= 0
            paid = db.session.execute(
                select(func.coalesce(func.sum(Tranche.amount), 0))
                .join(AgreementFunding, AgreementFunding.id == Tranche.funding_id)
                .where(AgreementFunding.budget_line_id == line.id)).scalar_one()
            assert Decimal(paid) <= line.amount, line.task_pl
    signed_grants = {a.id for a in agreements if a.kind == AgreementKind.GRANT and a.status in SIGNED}
    assert [t for t in rows.all(Tranche, state=TrancheState.PAID) if t.agreement_id in signed_grants]
    assert {t.state for t in rows.all(Tranche)} == set(TrancheState)
    refund = rows.one(Refund)
    assert refund.interest > 0 and refund.returned_on > refund.due_on


def test_the_demo_statements_are_in_every_state_and_an_approved_one_has_its_tranche(demo, rows):
    statements = rows.all(Statement)
    assert {s.status for s in statements} == set(StatementStatus)
    assert rows.one(Statement, status=StatementStatus.RETURNED).return_reason
    contracts = {a.id: a for a in rows.all(Agreement, kind=AgreementKind.SERVICE_CONTRACT)}
    tranches = {t.statement_id: t for t in rows.all(Tranche) if t.statement_id}
    for statement in statements:
        contract = contracts[statement.agreement_id]
        assert contract.starts_on <= statement.month <= contract.ends_on and statement.month.day == 1
        if statement.status == StatementStatus.APPROVED:
            tranche = tranches[statement.id]
            assert tranche.amount == (statement.units * contract.unit_price).quantize(Decimal("0.01"))
            assert tranche.state in (TrancheState.APPROVED, TrancheState.PAID)
        else:
            assert statement.id not in tranches
    paid_and_due = {s.state for s in tranches.values()}
    assert paid_and_due == {TrancheState.APPROVED, TrancheState.PAID}


def test_the_demo_amendments_one_approved_with_before_and_after_one_waiting(demo, rows):
    approved = rows.one(Amendment, status=AmendmentStatus.APPROVED)
    assert approved.number == 1 and approved.reason and approved.decided_at
    before, after = approved.before, approved.after
    assert {"starts_on", "ends_on", "value", "funding", "targets", "partial_reports"} <= set(before) == set(after)
    assert after["ends_on"] > before["ends_on"] and after["final_report"] > before["final_report"]
    assert Decimal(after["value"]) > Decimal(before["value"])
    contract = rows.one(Agreement, id=approved.agreement_id)
    assert contract.ends_on.isoformat() == after["ends_on"]
    assert str(value_of(rows, contract)) == after["value"]
    assert rows.count(AgreementDocument, amendment_id=approved.id) == 1
    waiting = rows.one(Amendment, status=AmendmentStatus.PROPOSED)
    assert waiting.proposed_by == "organisation" and waiting.changes and waiting.before is None


def test_the_demo_agreements_are_public_once_signed(demo, browser, rows):
    """The public page and the exports (once their routes exist) show the signed demo agreements."""
    paths = {rule.rule for rule in demo.url_map.iter_rules()}
    grant = next(a for a in rows.all(Agreement, kind=AgreementKind.GRANT) if a.status == AgreementStatus.IN_FORCE)
    if "/who-received-what" in paths:
        shown = page(browser().get(f"/who-received-what?year={grant.starts_on.year}"))
        assert shown.status == 200 and "Stowarzyszenie na Rzecz Rodziny" in shown
    for path in ("/open-data/360giving.json", "/open-data/ocds.json"):
        if path in paths:
            response = browser().get(path)
            assert response.status_code == 200 and b"Stowarzyszenie na Rzecz Rodziny" in response.data, path
