"""Forty staff members tapping +1 or −1 on one unit at the same moment lose none of their taps.

Real concurrent work: each thread runs the service in its own app context and unit of work (its own session,
connection and commit), all released together by a barrier. Every change locks the unit's row first
(``app.database.lock``: the write lock on SQLite, ``SELECT … FOR UPDATE`` on PostgreSQL when ``TEST_DATABASE_URL``
names one), so the changes are applied one after another: the final occupancy is the start plus the sum of the
changes, and the history has one row per change with the counts stepping by one.
"""

from __future__ import annotations

import random
import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    CapacityUnit,
    OccupancyChange,
    OccupancyDay,
    OccupancyUpdate,
)
from app.services import ServiceError
from app.services.capacity import occupancy, units
from app.tenancy import organisation_scope, system_scope
from app.unit_of_work import unit_of_work
from tests.capacity_support import actor_of, make_unit

pytestmark = pytest.mark.commits
THREADS = 40
START = 20


def _unit(app, org, total=60, occupied=START) -> int:
    return make_unit(app, org, total=total, occupied=occupied, name="Noclegownia – sala główna",
                     service_name="Noclegownia dla mężczyzn", location_name="Noclegownia Brata Alberta")


def _run_at_once(jobs) -> list:
    start = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def run(index, job):
        start.wait()
        try:
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def _history(app, unit_id):
    with app.app_context(), system_scope("tests"):
        unit = db.session.get(CapacityUnit, unit_id)
        rows = db.session.execute(select(OccupancyUpdate).where(OccupancyUpdate.unit_id == unit_id)
                                  .order_by(OccupancyUpdate.id)).scalars().all()
        day = db.session.execute(select(OccupancyDay).where(OccupancyDay.unit_id == unit_id)).scalar_one()
        return unit.occupied, unit.total, [(row.change, row.occupied, row.total) for row in rows], \
            (day.occupied_max, day.occupied_last)


def test_forty_taps_at_once_are_all_counted(app, make):
    org = make.organisation("Towarzystwo Pomocy im. św. Brata Alberta")
    people = [make.user(f"staff{n}@example.org", member_of=org, role="staff") for n in range(4)]
    unit_id = _unit(app, org)
    changes = [OccupancyChange.PLUS] * 24 + [OccupancyChange.MINUS] * 16
    random.Random(12).shuffle(changes)

    def tap(change, person):
        def job():
            with app.app_context(), organisation_scope(org.id), unit_of_work():
                occupancy.change_occupancy(actor_of(org, person), unit_id, change)
            return change
        return job

    outcomes = _run_at_once([tap(change, people[n % 4]) for n, change in enumerate(changes)])
    assert all(isinstance(outcome, OccupancyChange) for outcome in outcomes), outcomes
    occupied, _total, rows, (day_max, day_last) = _history(app, unit_id)
    assert occupied == START + 24 - 16
    assert len(rows) == THREADS and sorted(change for change, *_ in rows) == sorted(changes)
    previous = START
    for change, after, _ in rows:  # each row is one step from the one before: none was applied on stale counts
        assert after == previous + (1 if change is OccupancyChange.PLUS else -1)
        previous = after
    assert day_last == occupied and day_max == max(START, *(after for _, after, _ in rows))


def test_a_new_total_and_taps_at_once_are_all_kept(app, make):
    """The coordinator lowers the places while staff tap +1: the total goes through and no tap is lost, or the
    total is refused because the taps took the places — never counts beyond the total."""
    org = make.organisation("Towarzystwo Pomocy im. św. Brata Alberta")
    coordinator = make.user("coordinator@example.org", member_of=org, role="coordinator")
    staff = make.user("staff@example.org", member_of=org, role="staff")
    unit_id = _unit(app, org, total=30, occupied=20)

    def tap():
        with app.app_context(), organisation_scope(org.id), unit_of_work():
            occupancy.change_occupancy(actor_of(org, staff), unit_id, OccupancyChange.PLUS)
        return "plus"

    def lower():
        with app.app_context(), organisation_scope(org.id), unit_of_work():
            unit = db.session.get(CapacityUnit, unit_id)
            data = {"name": unit.name, "kind": unit.kind.value, "service_id": unit.service_id,
                    "location_id": unit.location_id, "counted_by": "bed", "serves": ["men"], "total": 24,
                    "out_of_service": 0, "public_availability": "exact"}
            units.update_unit(actor_of(org, coordinator), unit, data)
        return "total"

    outcomes = _run_at_once([tap, tap, tap, lower, tap, tap])
    occupied, total, rows, _ = _history(app, unit_id)
    taps = outcomes.count("plus")
    refused = [outcome for outcome in outcomes if outcome not in ("plus", "total")]
    assert all(isinstance(outcome, ServiceError) for outcome in refused), refused  # said why, never crashed
    assert occupied == 20 + taps and occupied <= total  # every tap that went through is counted
    assert total in (24, 30) and (total == 24) == ("total" in outcomes)
    assert len(rows) == taps + (1 if total == 24 else 0)
