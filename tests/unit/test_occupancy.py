"""A unit's counts change one step at a time, never below zero or past its places, and every change is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    OccupancyChange,
    OccupancyDay,
    OccupancyUpdate,
)
from app.services import ServiceError
from app.services.capacity import occupancy
from app.tenancy import organisation_scope
from app.unit_of_work import unit_of_work
from tests.capacity_support import actor_of, make_unit


def _unit(app, org, total=3):
    return make_unit(app, org, total=total)


def _change(app, org, person, unit_id, change, value=None):
    with app.app_context(), organisation_scope(org.id), unit_of_work():
        actor = actor_of(org, person)
        unit = occupancy.change_occupancy(actor, unit_id, change, value)
        return unit.occupied, unit.free


def test_plus_minus_and_set_keep_the_history_and_the_day(app, make):
    org = make.organisation("Schronisko")
    person = make.user(member_of=org, role="staff")
    unit_id = _unit(app, org)
    assert _change(app, org, person, unit_id, OccupancyChange.PLUS) == (1, 2)
    assert _change(app, org, person, unit_id, OccupancyChange.SET, 3) == (3, 0)
    with pytest.raises(ServiceError) as refused:
        _change(app, org, person, unit_id, OccupancyChange.PLUS)
    assert "All 3 places are taken" in str(refused.value.message)
    assert _change(app, org, person, unit_id, OccupancyChange.MINUS) == (2, 1)
    with pytest.raises(ServiceError):
        _change(app, org, person, unit_id, OccupancyChange.SET, -1)
    with app.app_context(), organisation_scope(org.id):
        history = db.session.scalars(select(OccupancyUpdate.occupied).where(OccupancyUpdate.unit_id == unit_id)
                                     .order_by(OccupancyUpdate.id)).all()
        day = db.session.scalars(select(OccupancyDay).where(OccupancyDay.unit_id == unit_id)).one()
        assert history == [1, 3, 2]
        assert (day.occupied_max, day.occupied_last, day.in_service_last) == (3, 2, 3)


def test_another_organisations_unit_is_not_found(app, make):
    org, other = make.organisation("Schronisko"), make.organisation("Inna")
    intruder = make.user(member_of=other, role="coordinator")
    unit_id = _unit(app, org)
    with pytest.raises(Exception) as refused:
        _change(app, other, intruder, unit_id, OccupancyChange.PLUS)
    assert getattr(refused.value, "code", None) == 404


def test_the_last_place_is_reserved_once(app, make):
    org = make.organisation("Schronisko")
    person = make.user(member_of=org, role="coordinator")
    unit_id = _unit(app, org, total=1)
    with app.app_context(), organisation_scope(org.id), unit_of_work():
        assert occupancy.reserve_place(unit_id, actor_of(org, person).user).free == 0
    with pytest.raises(ServiceError), app.app_context(), organisation_scope(org.id), unit_of_work():
        occupancy.reserve_place(unit_id, actor_of(org, person).user)
    with app.app_context(), organisation_scope(org.id), unit_of_work():
        unit = occupancy.end_reservation(unit_id, actor_of(org, person).user, arrived=True)
        assert (unit.occupied, unit.reserved, unit.free) == (1, 0, 0)
