"""Amendments through their services: what a grant's line has left, the organisation's side counted in the
department's view, versions after several amendments, and each side doing only its own part."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Agreement, Amendment, AmendmentStatus, AuditEvent, Side
from app.services import ServiceError
from app.services.agreements import amendments
from app.tenancy import department_scope, organisation_scope


@pytest.fixture
def city(make):
    department = make.department()
    org = make.organisation("Fundacja Pomocy Rodzinie")
    programme = make.programme(department, "Program wspierania rodziny")
    line = make.budget_line(department, programme, "100000.00", year=2026, task_pl="Poradnictwo")
    officer = make.user(member_of=department, role="officer")
    admin = make.user(member_of=org, role="admin")
    return department, org, programme, line, officer, admin


def _agreement(agreement_id: int) -> Agreement:
    return db.session.execute(select(Agreement).where(Agreement.id == agreement_id)).scalar_one()


def _amendment(amendment_id: int) -> Amendment:
    return db.session.execute(select(Amendment).where(Amendment.id == amendment_id)).scalar_one()


def _funding(line: int, amount: str) -> dict:
    return {"funding": [{"budget_line_id": str(line), "amount": amount}]}


def test_a_grant_grows_only_by_what_its_line_has_beside_awards_and_contracts(ctx, make, city):
    department, org, programme, line, officer, admin = city
    offer = make.offer(org, None, "Punkt konsultacyjny", kind="small_grant")
    award = make.award(department, offer, "60000.00", line=line)
    grant = make.agreement(org, programme, line, "60000.00", kind="grant", award=award)
    make.agreement(make.organisation("Inna fundacja"), programme, line, "30000.00")
    with department_scope():
        with pytest.raises(ServiceError) as refused:
            amendments.propose(_agreement(grant), Side.DEPARTMENT, _funding(line, "72000.00"), "Więcej porad.",
                               actor=officer)
        assert refused.value.field == "funding-0-amount" and "10,000.00" in str(refused.value.message)
        amendment = amendments.propose(_agreement(grant), Side.DEPARTMENT, _funding(line, "70000.00"),
                                       "Więcej porad.", actor=officer)
    with organisation_scope(org.id):
        amendments.approve(_amendment(amendment.id), Side.ORGANISATION, actor=admin)
        assert _agreement(grant).value == 70000
    with department_scope():  # the line is now full: another grant may not grow on it
        assert amendments.room_on_line(_agreement(grant), amendments.lines_by_id([line])[line], 0) == 0


def test_the_organisations_increase_is_counted_in_the_departments_view_and_audited(ctx, make, city):
    _department, org, programme, line, officer, admin = city
    contract = make.agreement(org, programme, line, "20000.00")
    with organisation_scope(org.id):
        amendment = amendments.propose(_agreement(contract), Side.ORGANISATION, _funding(line, "25000.00"),
                                       "Więcej godzin.", actor=admin)
        with pytest.raises(ServiceError) as refused:
            amendments.approve(_amendment(amendment.id), Side.ORGANISATION, actor=admin)
        assert "other side" in str(refused.value.message)
    with department_scope():
        widened = db.session.execute(select(AuditEvent).where(AuditEvent.action == "tenancy.scope_widened")
                                     ).scalars().all()
        assert len(widened) == 1 and widened[0].details["reason"].startswith("amendment.proposed")
        amendments.approve(_amendment(amendment.id), Side.DEPARTMENT, actor=officer)
        assert _agreement(contract).value == 25000


def test_every_version_is_kept_and_the_last_is_current(ctx, make, city):
    _department, org, programme, line, officer, admin = city
    contract = make.agreement(org, programme, line, "20000.00")
    for ends in (date(2027, 1, 31), date(2027, 2, 28)):
        with department_scope():
            amendment = amendments.propose(_agreement(contract), Side.DEPARTMENT, {"ends_on": ends}, "Dłużej.",
                                           actor=officer)
        with organisation_scope(org.id):
            amendments.approve(_amendment(amendment.id), Side.ORGANISATION, actor=admin)
    with department_scope():
        found = amendments.versions(_agreement(contract))
    assert [(v.number, v.terms["ends_on"], v.current) for v in found] == [
        (1, "2026-12-31", False), (2, "2027-01-31", False), (3, "2027-02-28", True)]
    assert [v.amendment.number if v.amendment else None for v in found] == [None, 1, 2]
    assert found[2].terms["final_report"] == "2027-03-30"


def test_each_side_does_only_its_part_and_a_decision_is_made_once(ctx, make, city):
    _department, org, programme, line, officer, admin = city
    contract = make.agreement(org, programme, line, "20000.00")
    with department_scope():
        amendment = amendments.propose(_agreement(contract), Side.DEPARTMENT, {"ends_on": date(2027, 1, 31)},
                                       "Dłużej.", actor=officer)
        with pytest.raises(ServiceError):
            amendments.reject(_amendment(amendment.id), Side.DEPARTMENT, "Nie.", actor=officer)
    with organisation_scope(org.id):
        with pytest.raises(ServiceError):
            amendments.withdraw(_amendment(amendment.id), Side.ORGANISATION, actor=admin)
        amendments.reject(_amendment(amendment.id), Side.ORGANISATION, "Nie teraz.", actor=admin)
        with pytest.raises(ServiceError) as refused:
            amendments.approve(_amendment(amendment.id), Side.ORGANISATION, actor=admin)
        assert "no longer waiting" in str(refused.value.message)
        assert _amendment(amendment.id).status == AmendmentStatus.REJECTED
        assert _agreement(contract).ends_on == date(2026, 12, 31)


def test_nothing_to_change_and_a_report_date_after_the_final_report_are_refused(ctx, make, city):
    _department, org, programme, line, officer, _admin = city
    contract = make.agreement(org, programme, line, "20000.00")
    with department_scope():
        agreement = _agreement(contract)
        with pytest.raises(ServiceError) as refused:
            amendments.propose(agreement, Side.DEPARTMENT, {"ends_on": date(2026, 12, 31)}, "Bez zmian.",
                               actor=officer)
        assert "changes nothing" in str(refused.value.message)
        with pytest.raises(ServiceError) as refused:
            amendments.propose(agreement, Side.DEPARTMENT, {"partial_reports": [date(2027, 6, 1)]}, "Później.",
                               actor=officer)
        assert refused.value.field == "partial_reports-0"


def test_the_decision_goes_back_to_the_side_that_proposed_it(ctx, make, city, monkeypatch):
    _department, org, programme, line, officer, admin = city
    coordinator = make.user(member_of=org, role="coordinator")
    make.user(member_of=org, role="staff")
    contract = make.agreement(org, programme, line, "20000.00")
    sent = []
    monkeypatch.setattr(amendments, "send_mail", lambda to, subject, template, locale, **context: sent.append(
        (to, template, context.get("approved"), context["link"].split("/", 3)[3])))
    with organisation_scope(org.id):
        ours = amendments.propose(_agreement(contract), Side.ORGANISATION, {"ends_on": date(2027, 1, 31)},
                                  "Dłużej.", actor=admin)
    with department_scope():
        amendments.reject(_amendment(ours.id), Side.DEPARTMENT, "Nie teraz.", actor=officer)
    link = f"account/act-for?organisation={org.id}&next=/workspace/agreements/{contract}/amendments/{ours.id}"
    assert sorted(sent) == sorted([(admin.email, "amendment_decided", False, link),
                                   (coordinator.email, "amendment_decided", False, link)])
    sent.clear()
    with department_scope():
        theirs = amendments.propose(_agreement(contract), Side.DEPARTMENT, {"ends_on": date(2027, 2, 28)},
                                    "Dłużej.", actor=officer)
        sent.clear()  # the proposal itself was mailed to the organisation
    with organisation_scope(org.id):
        amendments.approve(_amendment(theirs.id), Side.ORGANISATION, actor=admin)
    assert sent == [(officer.email, "amendment_decided", True, f"console/agreements/{contract}/amendments/{theirs.id}")]
