"""An agreement's life through its services: numbers per year, a draft checked whole, send, accept, sign,
terminate — each refused out of turn."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.models import AgreementStatus, Organisation, ReportKind
from app.services import CombinedServiceError, ServiceError
from app.services.agreements import lifecycle
from app.tenancy import department_scope


def _contract_data(line: int, **changes) -> dict:
    data = {"title": "Noclegownia dla mężczyzn — 12 miejsc", "subject": "Schronienie w noclegowni.",
            "starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31), "procurement_reference": "ZP.271.3.2026",
            "unit": "place_day", "unit_price": "38,50", "units_planned": "4380", "places": 12,
            "funding": [{"budget_line_id": str(line), "amount": "168630.00"}],
            "targets": [{"name": "Osobodni schronienia", "target_value": "4380", "unit": "osobodni"}],
            "partial_reports": [date(2026, 7, 15)]}
    data.update(changes)
    return data


@pytest.fixture
def city(make):
    department = make.department()
    shelter = make.organisation("Schronisko Brata Alberta")
    programme = make.programme(department, "Program przeciwdziałania bezdomności")
    line = make.budget_line(department, programme, "200000.00", year=2026)
    officer = make.user(member_of=department, role="officer")
    admin = make.user(member_of=shelter, role="admin")
    return department, shelter, programme, line, officer, admin


def _organisation(org_id: int) -> Organisation:
    return db.session.execute(select(Organisation).where(Organisation.id == org_id)).scalar_one()


def test_a_contract_is_numbered_checked_and_goes_through_its_life(ctx, city):
    department, shelter, programme, line, _officer, _admin = city
    with department_scope():
        first = lifecycle.create_contract(_organisation(shelter.id), programme, _contract_data(line),
                                          actor=None, department_id=department.id)
        assert first.number == f"WZ.526.1.{first.year}"
        assert first.value == 168630 and first.unit_price == 38.5
        assert [(due.kind, due.due_on) for due in first.reports_due] == [
            (ReportKind.PARTIAL, date(2026, 7, 15)), (ReportKind.FINAL, date(2027, 1, 30))]
        with pytest.raises(ServiceError) as refused:
            lifecycle.create_contract(_organisation(shelter.id), programme,
                                      _contract_data(line, title="Druga", funding=[{"budget_line_id": str(line),
                                                                                      "amount": "40000"}]),
                                      actor=None, department_id=department.id)
        assert refused.value.field == "funding-0-amount" and "31,370.00" in str(refused.value.message).replace(
            "\u00a0", " ")
        lifecycle.send(first, actor=None)
        assert first.status == AgreementStatus.SENT
        with pytest.raises(ServiceError):
            lifecycle.save_draft(first, _contract_data(line), actor=None)
        with pytest.raises(ServiceError) as refused:
            lifecycle.accept(first, actor=None, confirmed=False)
        assert refused.value.field == "confirm"
        lifecycle.accept(first, actor=None, confirmed=True)
        with pytest.raises(ServiceError) as refused:
            lifecycle.record_signing(first, date(2999, 1, 1), "paper", actor=None)
        assert refused.value.field == "signed_on"
        lifecycle.record_signing(first, local_today(), "paper", actor=None)
        assert first.status == AgreementStatus.IN_FORCE
        lifecycle.terminate(first, date(2026, 6, 30), "Likwidacja placówki.", actor=None)
        assert first.status == AgreementStatus.TERMINATED
        with pytest.raises(ServiceError):
            lifecycle.terminate(first, date(2026, 6, 30), "Znowu.", actor=None)


def test_a_draft_shows_every_problem_at_once_and_changes_nothing(ctx, city):
    department, shelter, programme, line, _officer, _admin = city
    with department_scope():
        agreement = lifecycle.create_contract(_organisation(shelter.id), programme, _contract_data(line),
                                              actor=None, department_id=department.id)
        bad = _contract_data(line, title="", ends_on=date(2025, 1, 1), unit="bed", unit_price="abc",
                             funding=[{"budget_line_id": "999999", "amount": "10"}])
        with pytest.raises(CombinedServiceError) as refused:
            lifecycle.save_draft(agreement, bad, actor=None)
        fields = {error.field for error in refused.value.errors}
        assert {"title", "ends_on", "unit", "unit_price", "funding-0-budget_line_id"} <= fields
        db.session.refresh(agreement)
        assert agreement.title.startswith("Noclegownia") and agreement.value == 168630


def test_what_a_contract_holds_on_its_line_counts_for_calls_small_grants_and_other_contracts(ctx, make, city):
    from decimal import Decimal

    from app.models import BudgetLine
    from app.services.funding.awards import free_for_small_grants
    from app.services.funding.budgets import held_outside_calls

    _department, shelter, programme, line, _officer, _admin = city
    running = make.agreement(shelter, programme, line, "150000.00")
    ended = make.agreement(shelter, programme, line, "40000.00", status="terminated")
    make.tranche(ended, "3000.00", state="paid")
    make.tranche(ended, "1000.00", state="approved")
    make.tranche(ended, "5000.00", state="scheduled")  # never to be paid: the contract ended
    with department_scope():
        row = db.session.execute(select(BudgetLine).where(BudgetLine.id == line)).scalar_one()
        assert held_outside_calls(row) == Decimal("154000.00")
        assert free_for_small_grants(row) == Decimal("46000.00")
        assert lifecycle.line_free(row, leaving_out=running) == Decimal("196000.00")


def test_termination_waits_for_a_submitted_statement_and_moves_the_final_report(ctx, make, city):
    from datetime import timedelta

    from app.models import Agreement, StatementStatus

    _department, shelter, programme, line, _officer, _admin = city
    contract = make.agreement(shelter, programme, line, "150000.00", starts_on=date(2026, 1, 1),
                              ends_on=date(2026, 12, 31))
    waiting = make.statement(contract, date(2026, 10, 1), "100")
    with department_scope():
        agreement = db.session.execute(select(Agreement).where(Agreement.id == contract)).scalar_one()
        with pytest.raises(ServiceError) as refused:
            lifecycle.terminate(agreement, date(2026, 9, 30), "Likwidacja placówki.", actor=None)
        assert refused.value.field == "ended_on" and "October 2026" in str(refused.value.message)
        statement = next(one for one in agreement.statements if one.id == waiting)
        statement.status = StatementStatus.RETURNED
        lifecycle.terminate(agreement, date(2026, 9, 30), "Likwidacja placówki.", actor=None)
        final = next(due for due in agreement.reports_due if due.kind == ReportKind.FINAL)
        assert final.period_ends_on == date(2026, 9, 30) and final.due_on == date(2026, 9, 30) + timedelta(days=30)
