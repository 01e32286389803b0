"""The demo city's places and referrals as a newcomer meets them: ten units counted over two weeks (the warming
room not for two days: stale), the protected flat with one free place, counts always within the places, a
referral in every state with its place held or ended in the unit's history, and the purged one emptied."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest

from app.localtime import local_today, to_local
from app.models import (
    CapacityUnit,
    OccupancyChange,
    OccupancyDay,
    OccupancyUpdate,
    Organisation,
    Referral,
    ReferralStatus,
    User,
    utcnow,
)
from tests.factories.organisations import Person
from tests.functional.support import page


@pytest.fixture
def demo(app, tmp_path):
    app.config["AGREEMENT_DOCUMENT_FOLDER"] = str(tmp_path / "agreements")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return app


def _units(rows) -> dict[str, CapacityUnit]:
    return {unit.name: unit for unit in rows.all(CapacityUnit)}


def test_the_demo_units_their_counts_and_staleness(demo, rows):
    units = _units(rows)
    assert len(units) == 10 and all(unit.is_demo and unit.is_active for unit in units.values())
    now = utcnow()
    assert [name for name, unit in units.items() if unit.is_stale(now)] == ["Ogrzewalnia"]
    assert 40 <= (now - units["Ogrzewalnia"].counted_at).total_seconds() / 3600 <= 60
    assert units["Mieszkanie chronione nr 1"].free == 1
    assert units["Świetlica „Promyk”"].free == 0
    assert units["DPS – pobyt całodobowy"].free <= 3
    shelter = units["Schronisko – pokoje"]
    assert (shelter.out_of_service, shelter.out_of_service_reason) == (2, "Naprawa instalacji w pokoju 4")
    for unit in units.values():
        assert unit.occupied >= 0 and unit.occupied + unit.reserved + unit.out_of_service <= unit.total, unit.name


def test_the_demo_history_is_a_fortnight_of_plausible_counts(demo, rows):
    units = _units(rows)
    first_day = local_today() - timedelta(days=13)
    for unit in units.values():
        updates = sorted(rows.all(OccupancyUpdate, unit_id=unit.id), key=lambda u: (u.at, u.id))
        assert len(updates) >= 14, unit.name
        assert to_local(updates[0].at).date() >= first_day
        assert all(u.occupied + u.reserved + u.out_of_service <= u.total and u.author_id for u in updates)
        last = updates[-1]
        assert (last.occupied, last.reserved, last.out_of_service) == (unit.occupied, unit.reserved,
                                                                       unit.out_of_service)
        assert last.at == unit.counted_at
        # the days are what occupancy._keep_day would have kept, update by update
        by_day = defaultdict(list)
        for update in updates:
            by_day[to_local(update.at).date()].append(update.occupied)
        days = {row.day: row for row in rows.all(OccupancyDay, unit_id=unit.id)}
        assert set(days) == set(by_day)
        previous = 0
        for day in sorted(days):
            assert days[day].occupied_last == by_day[day][-1]
            assert days[day].occupied_max == max(previous, *by_day[day])
            previous = days[day].occupied_last
    night = [u for u in rows.all(OccupancyUpdate, unit_id=units["Noclegownia – sala główna"].id)
             if to_local(u.at).date() == local_today() - timedelta(days=3)]
    # the staff's morning head count (a referral's place released after midnight is the night's, whatever the hour
    # the demo was loaded at)
    mornings = [u.occupied for u in night if to_local(u.at).hour < 9 and u.change == OccupancyChange.SET]
    evenings = [u.occupied for u in night if to_local(u.at).hour >= 21]
    assert mornings and evenings and max(mornings) < min(evenings)  # empties in the morning, full at night


def test_the_demo_referrals_in_every_state(demo, rows):
    referrals = rows.all(Referral)
    assert {r.status for r in referrals} == set(ReferralStatus)
    assert all(r.is_demo for r in referrals)
    now = utcnow()
    orgs = {o.id: o.slug for o in rows.all(Organisation)}
    units = {u.id: u for u in rows.all(CapacityUnit)}
    by_year = defaultdict(list)
    for r in sorted(referrals, key=lambda r: r.sent_at):
        by_year[to_local(r.sent_at).year].append(r.reference)
    for year, references in by_year.items():  # numbered per year from 1, in the order they were sent
        assert references == [f"S/{year}/{n:06d}" for n in range(1, len(references) + 1)]
    deadlines = {"immediate": timedelta(hours=4), "urgent": timedelta(hours=24), "routine": timedelta(days=5)}
    assert all(r.respond_by - r.sent_at == deadlines[r.urgency.value] for r in referrals)
    overdue = [r for r in referrals if r.is_overdue(now)]
    assert len(overdue) == 1 and units[overdue[0].capacity_unit_id].name == "Mieszkanie chronione nr 1"
    assert orgs[overdue[0].referring_organisation_id] == "demo-ops"
    waiting = [r for r in referrals if r.status == ReferralStatus.SENT and not r.is_overdue(now)]
    assert [units[r.capacity_unit_id].name for r in waiting] == ["Miejsca hotelowe OIK"]
    held = [r for r in referrals if r.place_reserved]
    assert all(r.status == ReferralStatus.ACCEPTED for r in held) and len(held) == 2
    for unit in units.values():  # each held place is counted, and its RESERVED row is in the history
        assert unit.reserved == sum(1 for r in held if r.capacity_unit_id == unit.id), unit.name
        if unit.reserved:
            assert rows.count(OccupancyUpdate, unit_id=unit.id, change=OccupancyChange.RESERVED) >= 1
    for r in referrals:
        assert (r.closed_at is not None) == (r.status in (ReferralStatus.DECLINED, ReferralStatus.COMPLETED,
                                                          ReferralStatus.CANCELLED)), r.reference
    [purged] = [r for r in referrals if r.purged_at is not None]
    assert purged.case_code is None and purged.contact_name is None and purged.needs is None
    assert (now - purged.closed_at).days >= 119
    live = [r for r in referrals if r.purged_at is None]
    assert all(r.case_code and r.need_list and r.consent_given_by and r.contact_email for r in live)
    assert rows.count(OccupancyUpdate, change=OccupancyChange.ARRIVED) == 1
    assert rows.count(OccupancyUpdate, change=OccupancyChange.RELEASED) == 1


def test_the_shelters_staff_member_sees_the_stale_warming_room(demo, rows, browser):
    staff = Person(id=rows.one(User, email="staff@demo.example").id, email="staff@demo.example")
    client = browser(staff)
    dashboard = page(client.get("/workspace/"))
    assert "Ogrzewalnia" in (dashboard.text_of("capacity-stale") or "")
    listing = page(client.get("/workspace/capacity/"))
    assert listing.status == 200 and "Noclegownia – sala główna" in listing and listing.html.count(
        "capacity-unit capacity-stale") == 1
    unit = next(u for u in rows.all(CapacityUnit) if u.name == "Noclegownia – sala główna")
    history = page(client.get(f"/workspace/capacity/{unit.id}"))
    assert history.status == 200 and len(history.tables()[0].records()) >= 5
