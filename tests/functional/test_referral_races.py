"""Fifty acceptances at once for the last free place: exactly one holds it, forty-nine are told no place is free.

Real concurrent requests with real commits, as tests/functional/test_payment_races.py runs them: fifty referrals wait
for the same unit, which has exactly one free place; fifty signed-in clients of the receiving organisation, each in
its own thread (its own app context, session, database connection and unit of work), accept one referral each at
the same moment. Accepting locks the referral's row, then the unit's (``occupancy.reserve_place``), so they pass
one at a time: the first takes the place, every other finds none and changes nothing. Runs on SQLite (the write
lock) and on PostgreSQL (``SELECT … FOR UPDATE``) when ``TEST_DATABASE_URL`` names one.
"""

from __future__ import annotations

import threading

import pytest

from app.models import CapacityUnit, Referral
from app.models.referrals import ReferralStatus
from tests.functional.support import page

pytestmark = pytest.mark.commits
ACCEPTANCES = 50
NO_FREE_PLACE_TEXT = "There is no free place left in this unit: it may have been taken a moment ago."  # (lang=en)


def _flashed(client) -> list[str]:
    with client.session_transaction() as session:
        return [str(text) for category, text in session.get("_flashes", []) if category == "error"]


def test_fifty_acceptances_for_the_last_place_give_exactly_one(browser, city, make, rows):
    service = make.service(city.org_b, "Hostel interwencyjny B")
    unit = make.referral_unit(service, "Pokój 3", total=4, occupied=3)  # exactly one place free
    referrals = [make.referral(city.org_a, service, unit=unit, case_code=f"MOPS-{n}") for n in range(ACCEPTANCES)]
    clients = [browser(city.b_admin) for _ in referrals]
    start = threading.Barrier(ACCEPTANCES)
    outcomes: list = [None] * ACCEPTANCES

    def accept(index: int) -> None:
        start.wait()
        try:
            response = clients[index].post(f"/workspace/referrals/{referrals[index]}/accept")
            outcomes[index] = (page(response).status, _flashed(clients[index]))
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes[index] = error

    threads = [threading.Thread(target=accept, args=(index,)) for index in range(ACCEPTANCES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(isinstance(outcome, Exception) or outcome is None for outcome in outcomes), outcomes
    assert all(status == 303 for status, _ in outcomes), outcomes
    won = [flashes for _status, flashes in outcomes if not flashes]
    lost = [flashes for _status, flashes in outcomes if flashes]
    assert len(won) == 1 and len(lost) == ACCEPTANCES - 1
    assert all(flashes == [NO_FREE_PLACE_TEXT] for flashes in lost), lost
    held = rows.one(CapacityUnit, id=unit)
    assert (held.occupied, held.reserved, held.free) == (3, 1, 0)
    statuses = [referral.status for referral in rows.all(Referral)]
    assert statuses.count(ReferralStatus.ACCEPTED) == 1 and statuses.count(ReferralStatus.SENT) == ACCEPTANCES - 1
    assert rows.actions("referral.accepted") == ["referral.accepted"]
