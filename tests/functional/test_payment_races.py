"""Two officers approving payments at the same moment can never pass an agreement's value or a budget line.

Real concurrent requests: two signed-in officers, each in a thread with its own test client (its own app context,
session and database connection), post their approvals at once. The race is forced: a barrier stands just before
each request adds up what is already approved, so without the locks both would read the same sum and both
approvals would pass. With them — the agreement's row, then the budget line's (``payments.check_room``) — the
first holds the row while it waits at the barrier (in vain: the barrier breaks after a moment), commits, and the
second reads its approval and is refused. Runs with real commits, on SQLite (the write lock) and on PostgreSQL
(``SELECT … FOR UPDATE``) when ``TEST_DATABASE_URL`` names one; there a control run without the locks shows that
the race is real (both approvals pass).

The money is tight the way it gets in life: an amendment lowered a grant's value below its two scheduled
tranches, the council cut a budget line two grants are paid from, two months of a contract are approved at once.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app import database
from app.extensions import db
from app.models import Statement, StatementStatus, Tranche, TrancheState
from app.services.agreements import payments
from tests.functional.support import page

pytestmark = pytest.mark.commits
MEET_SECONDS = 1.0  # how long the first request waits at the barrier for the second


def _flashed(client) -> list[str]:
    with client.session_transaction() as session:
        return [str(text) for category, text in session.get("_flashes", []) if category == "error"]


def _race(monkeypatch, sum_name: str, posts) -> list[tuple[int, list[str]]]:
    """Send ``posts`` (client, url) at once, each pausing before it reads the sum ``payments.<sum_name>`` until
    the other arrives there too (or the barrier breaks); (status, refusals flashed) of each, in order."""
    meeting = threading.Barrier(len(posts), timeout=MEET_SECONDS)
    original = getattr(payments, sum_name)

    def meet_then_sum(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):  # the other is held by a lock: go on
            meeting.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(payments, sum_name, meet_then_sum)
    start = threading.Barrier(len(posts))
    outcomes: list = [None] * len(posts)

    def send(index, client, url):
        start.wait()
        try:
            outcomes[index] = (page(client.post(url)).status, _flashed(client))
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes[index] = error

    threads = [threading.Thread(target=send, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(isinstance(outcome, Exception) or outcome is None for outcome in outcomes), outcomes
    return outcomes


def _outcome(outcomes) -> tuple[list, list]:
    """The approvals that went through and those refused (each answers with a redirect; a refusal is flashed)."""
    assert all(status == 303 for status, _ in outcomes), outcomes
    return [o for o in outcomes if not o[1]], [o for o in outcomes if o[1]]


def _text(value: str) -> str:
    return " ".join(value.replace("\xa0", " ").split())


def _approved(rows) -> Decimal:
    return sum((t.amount for t in rows.all(Tranche) if t.state in (TrancheState.APPROVED, TrancheState.PAID)),
               Decimal(0))


@pytest.fixture
def programme(make, city):
    return make.programme(city.department, "Program wyścigu płatności")


def _grant_with_two_tranches(make, organisation, programme, line, value: str) -> tuple[int, list[int]]:
    agreement = make.agreement(organisation, programme, line, value, kind="grant", title=f"Dotacja {value}")
    return agreement, [make.tranche(agreement, "6000.00", due_on=date(2026, month, 1)) for month in (2, 3)]


def _approve(client, agreement: int, tranche: int):
    return client, f"/console/agreements/{agreement}/tranches/{tranche}/approve"


def test_two_officers_approving_tranches_at_once_never_pass_the_agreements_value(browser, city, make, programme,
                                                                                  monkeypatch, rows):
    """An amendment lowered the grant to 10 000 zł with two tranches of 6 000 zł still scheduled: one of them."""
    line = make.budget_line(city.department, programme, "100000.00", year=2026)
    agreement, (first, second) = _grant_with_two_tranches(make, city.org_a, programme, line, "10000.00")
    outcomes = _race(monkeypatch, "approved_on_agreement",
                     [_approve(browser(city.dept_officer), agreement, first),
                      _approve(browser(city.dept_admin), agreement, second)])
    won, lost = _outcome(outcomes)
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert [_text(m) for m in lost[0][1]] == [
        "The agreement is worth PLN 10,000.00 and PLN 4,000.00 of it is left to approve."]
    assert _approved(rows) == Decimal("6000.00")
    assert rows.actions("tranche.") == ["tranche.approved"]


def test_two_officers_approving_the_same_tranche_at_once_approve_it_once(browser, city, make, programme,
                                                                         monkeypatch, rows):
    line = make.budget_line(city.department, programme, "100000.00", year=2026)
    agreement, (first, _second) = _grant_with_two_tranches(make, city.org_a, programme, line, "12000.00")
    outcomes = _race(monkeypatch, "approved_on_agreement",
                     [_approve(browser(city.dept_officer), agreement, first),
                      _approve(browser(city.dept_admin), agreement, first)])
    won, lost = _outcome(outcomes)
    assert len(won) == 1 and lost[0][1] == ["This tranche has already been approved."]
    assert rows.actions("tranche.") == ["tranche.approved"]


def test_two_officers_approving_at_once_never_pass_a_budget_line_two_agreements_share(browser, city, make,
                                                                                     programme, monkeypatch, rows):
    """The council cut a line to 10 000 zł after two grants of 6 000 zł were agreed from it: one tranche goes."""
    line = make.budget_line(city.department, programme, "10000.00", year=2026)
    a_grant = make.agreement(city.org_a, programme, line, "6000.00", kind="grant", title="Dotacja A")
    b_grant = make.agreement(city.org_b, programme, line, "6000.00", kind="grant", title="Dotacja B")
    a_tranche, b_tranche = make.tranche(a_grant, "6000.00"), make.tranche(b_grant, "6000.00")
    outcomes = _race(monkeypatch, "approved_on_line",
                     [_approve(browser(city.dept_officer), a_grant, a_tranche),
                      _approve(browser(city.dept_admin), b_grant, b_tranche)])
    won, lost = _outcome(outcomes)
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert [_text(m) for m in lost[0][1]] == ["The budget line has PLN 4,000.00 left to approve across all agreements."]
    assert _approved(rows) == Decimal("6000.00")


def test_two_officers_approving_statements_at_once_never_pass_the_contracts_value(browser, city, make, programme,
                                                                                   monkeypatch, rows):
    """A shelter contract of 3 850 zł at 38,50 zł a place-day: February and March, 60 place-days each."""
    line = make.budget_line(city.department, programme, "100000.00", year=2026)
    contract = make.agreement(city.org_a, programme, line, "3850.00", unit_price="38.50", title="Noclegownia")
    months = [make.statement(contract, date(2026, month, 1), "60") for month in (2, 3)]
    outcomes = _race(monkeypatch, "approved_on_agreement",
                     [(browser(person), f"/console/agreements/{contract}/statements/{statement}/approve")
                      for person, statement in zip((city.dept_officer, city.dept_admin), months, strict=True)])
    won, lost = _outcome(outcomes)
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert [_text(m) for m in lost[0][1]] == [
        "At PLN 38.50 per place-day this contract has PLN 1,540.00 left: at most 40 place-days."]
    assert _approved(rows) == Decimal("2310.00") and len(rows.all(Tranche)) == 1
    assert sorted(s.status for s in rows.all(Statement)) == sorted([StatementStatus.APPROVED,
                                                                    StatementStatus.SUBMITTED])


def test_without_the_locks_the_race_passes_the_value(app, browser, city, make, programme, monkeypatch, rows):
    """The control: the same race with the rows read but not locked lets both approvals through — so the tests
    above see a real race. (SQLite writes one transaction at a time whatever is locked: PostgreSQL only.)"""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite serialises writing transactions: the control race needs PostgreSQL")
    line = make.budget_line(city.department, programme, "100000.00", year=2026)
    agreement, (first, second) = _grant_with_two_tranches(make, city.org_a, programme, line, "10000.00")

    def read_only(model, object_id):
        return db.session.execute(select(model).where(model.id == object_id)
                                  .execution_options(populate_existing=True)).scalar_one()

    monkeypatch.setattr(payments, "lock", read_only)
    assert database.lock is not read_only  # only the payments' locks are taken away
    outcomes = _race(monkeypatch, "approved_on_agreement",
                     [_approve(browser(city.dept_officer), agreement, first),
                      _approve(browser(city.dept_admin), agreement, second)])
    won, lost = _outcome(outcomes)
    assert len(won) == 2 and not lost
    assert _approved(rows) == Decimal("12000.00")  # 2 000 zł more than the agreement is worth
