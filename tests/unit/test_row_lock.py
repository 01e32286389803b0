"""The row lock the award, payment and place-reservation features stand on: check, then change, nobody between.

Two transactions on two connections (two threads, as two gunicorn workers would be) lock the
same row; the second waits until the first has committed and then reads what it wrote. Runs
with real commits on SQLite (the write lock of BEGIN IMMEDIATE) and PostgreSQL (FOR UPDATE).
"""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug.exceptions import NotFound

from app.database import lock
from app.extensions import db
from app.models import Organisation
from app.tenancy import organisation_scope, system_scope
from app.unit_of_work import unit_of_work

pytestmark = pytest.mark.commits
HOLD_SECONDS = 0.6


def _in_thread(app, work, results, key):
    def run():
        with app.app_context(), system_scope("tests"):
            try:
                results[key] = work()
            except Exception as error:  # noqa: BLE001 - reported to the test below
                results[key] = error
            finally:
                db.session.remove()
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_second_locker_waits_for_the_first_and_sees_its_change(app, make):
    organisation = make.organisation("Schronisko Licznik")
    locked, results = threading.Event(), {}

    def first():
        with unit_of_work():
            row = lock(Organisation, organisation.id)
            locked.set()
            time.sleep(HOLD_SECONDS)  # another worker tries meanwhile
            row.short_name = "zmienione przez pierwszego"
            finished = time.monotonic()
        return finished

    def second():
        locked.wait(5)
        started = time.monotonic()
        with unit_of_work():
            row = lock(Organisation, organisation.id)
            seen = row.short_name
        return started, time.monotonic(), seen

    threads = [_in_thread(app, first, results, "first"), _in_thread(app, second, results, "second")]
    for thread in threads:
        thread.join(15)
    assert not isinstance(results["first"], Exception), results["first"]
    assert not isinstance(results["second"], Exception), results["second"]
    first_committed = results["first"]
    started, got_lock, seen = results["second"]
    assert got_lock >= first_committed  # it waited for the first transaction to end
    assert got_lock - started >= HOLD_SECONDS / 2
    assert seen == "zmienione przez pierwszego"  # and read the committed change, not a stale copy


def test_a_lock_reads_through_the_tenant_scope(app, make):
    own = make.organisation("Stowarzyszenie Własne")
    other = make.organisation("Stowarzyszenie Cudze")
    from app.models import Service

    with app.app_context():
        with system_scope("tests"), unit_of_work():
            db.session.add(Service(organisation_id=other.id, name_pl="Usługa cudza", description_pl="Opis."))
        with system_scope("tests"):
            service_id = db.session.execute(db.select(Service.id)).scalar_one()
        with organisation_scope(own.id), unit_of_work(), pytest.raises(NotFound):
            lock(Service, service_id)  # another tenant's row is a 404, as everywhere
        with organisation_scope(other.id), unit_of_work():
            assert lock(Service, service_id).name_pl == "Usługa cudza"
        db.session.remove()
