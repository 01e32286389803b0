"""A place-day service contract's performance: the place-days its units' occupancy history shows per month (the
day's highest occupancy, carried over days nobody counted), beside what it bought and what the statements declared,
flagged where they differ; shown on the agreement's pages in the console and the workspace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import Agreement, AgreementService, CapacityKindCode, CapacityUnit, OccupancyDay
from app.services.capacity.performance import contract_performance
from app.tenancy import organisation_scope, system_scope
from tests.functional.support import page


def _unit(org_id, service_id, location_id, name, days) -> None:
    unit = CapacityUnit(organisation_id=org_id, name=name, kind=CapacityKindCode.SHELTER_BED, service_id=service_id,
                        location_id=location_id, total=12, occupied=0)
    db.session.add(unit)
    db.session.flush()
    for day, high, last in days:
        db.session.add(OccupancyDay(unit_id=unit.id, organisation_id=org_id, day=day, occupied_max=high,
                                    occupied_last=last, in_service_last=12))


@pytest.fixture
def contract(app, make, city) -> int:
    """A contract for 2026 (3650 place-days planned on 12 places) delivered by two units of its shelter service;
    a third unit of another service does not count. January and February declared in statements."""
    programme = make.programme(city.department, "Program przeciwdziałania bezdomności")
    line = make.budget_line(city.department, programme, "200000.00", year=2026, task_pl="Noclegi")
    agreement_id = make.agreement(city.org_a, programme, line, "182500.00", units_planned=Decimal(3650))
    place = make.location(city.org_a, "Schronisko", street="ul. Ukryta 1")
    shelter = make.service(city.org_a, "Schronisko dla mężczyzn", places=[place])
    club = make.service(city.org_a, "Klub", places=[place])
    with app.app_context(), system_scope("tests"):
        db.session.add(AgreementService(organisation_id=city.org_a.id, agreement_id=agreement_id, service_id=shelter))
        _unit(city.org_a.id, shelter, place, "Sala 1", [(date(2025, 12, 30), 4, 4), (date(2026, 1, 10), 6, 5)])
        _unit(city.org_a.id, shelter, place, "Sala 2", [(date(2026, 1, 5), 3, 3)])
        _unit(city.org_a.id, club, place, "Klub", [(date(2026, 1, 1), 9, 9)])
        db.session.commit()
    make.statement(agreement_id, date(2026, 1, 1), "230")  # 2 more than delivered: within the tolerance
    make.statement(agreement_id, date(2026, 2, 1), "260")  # 36 more: flagged
    return agreement_id


def test_place_days_per_month_beside_bought_and_declared(app, city, contract):
    with app.app_context(), organisation_scope(city.org_a.id):
        agreement = db.session.get(Agreement, contract)
        found = contract_performance(agreement, date(2026, 3, 15))
    assert found.units == ["Sala 1", "Sala 2"]
    january, february, march = found.months
    # Sala 1: 4 carried from 30 December for 9 days, 6 on the 10th, then 5 for 21 days = 147; Sala 2: 3 from the 5th
    # for 27 days = 81 (no counts before: the 1st to the 4th are not covered).
    assert (january.delivered, january.days, january.days_covered) == (228, 31, 27)
    assert january.partly_covered and not january.differs and january.difference == 2
    assert january.planned == Decimal("310.00") and january.capacity == 12 * 31
    assert (february.delivered, february.days_covered, february.declared) == (224, 28, Decimal(260))
    assert february.differs and not february.partly_covered
    assert (march.delivered, march.days, march.days_in_period, march.declared) == (120, 15, 31, None)
    assert march.under_way and not march.differs
    assert found.flagged == 1


def test_a_contract_not_paid_per_place_day_has_no_section(app, make, city):
    programme = make.programme(city.department, "Program")
    line = make.budget_line(city.department, programme, "1000.00", year=2026)
    grant = make.agreement(city.org_a, programme, line, "1000.00", kind="grant")
    with app.app_context(), system_scope("tests"):
        assert contract_performance(db.session.get(Agreement, grant), date(2026, 3, 1)) is None


def test_the_section_on_both_sides_of_the_agreement(client, login, city, contract):
    login(client, city.dept_officer)
    console = page(client.get(f"/console/agreements/{contract}"))
    assert console.status == 200
    table = next(table for table in console.tables() if table.rows and len(table.rows[0]) == 6)
    assert table.rows[1][1] == "228" and table.rows[2][1] == "224"
    assert "36" in table.rows[2][5] and "36" not in table.rows[1][5]  # February flagged, January within tolerance
    assert "27" in table.rows[1][5]  # January: the days the history covers
    assert "ul. Ukryta" not in console.html
    client.get("/sign-out")
    login(client, city.a_admin)
    workspace = page(client.get(f"/workspace/agreements/{contract}"))
    assert workspace.status == 200
    table = next(table for table in workspace.tables() if table.rows and len(table.rows[0]) == 6)
    assert table.rows[2][1] == "224"
