"""Two officers awarding at the same moment can never commit more than the pool or the budget line.

Real concurrent requests: two signed-in officers, each in a thread with its own test client (its
own app context, session and database connection), post their award forms at once. The race is
forced: a barrier stands just before each request reads what is committed, so without the budget
line's lock both would read the same total and both awards would pass (on PostgreSQL they then
commit 12 000 zł of a 10 000 zł pool). With the lock the first holds the line while it waits at the
barrier (in vain: the barrier breaks after a moment), commits, and the second reads its award and
is refused beside the field. Runs with real commits, on SQLite (the write lock) and on PostgreSQL
(``SELECT … FOR UPDATE``) when ``TEST_DATABASE_URL`` names one.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta
from decimal import Decimal

import pytest

from app.models import Award, CallStatus, FormalOutcome, utcnow
from app.services.funding import awards
from tests.functional.support import page
from tests.functional.test_awards import _score

pytestmark = pytest.mark.commits
MEET_SECONDS = 1.0  # how long the first request waits at the barrier for the second


def _race(app, monkeypatch, sum_name: str, posts) -> list:
    """Send ``posts`` (client, url, data) at once, each pausing before it reads the committed sum ``sum_name``
    until the other arrives there too (or the barrier breaks); the responses in order."""
    meeting = threading.Barrier(len(posts), timeout=MEET_SECONDS)
    original = getattr(awards, sum_name)

    def meet_then_sum(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):  # the other is held by the line's lock: go on
            meeting.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(awards, sum_name, meet_then_sum)
    start = threading.Barrier(len(posts))
    responses: list = [None] * len(posts)

    def send(index, client, url, data):
        start.wait()
        try:
            responses[index] = page(client.post(url, data=data))
        except Exception as error:  # noqa: BLE001 - reported below
            responses[index] = error

    threads = [threading.Thread(target=send, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(isinstance(response, Exception) for response in responses), responses
    return responses


def _setup(app, make, city, *, line_amount: str, pools: tuple[str, ...]):
    """A line, a call per pool (in evaluation, commission closed), one ranked offer of 6 000 zł in each call
    and (when one call) a second one; {call: [offers]}."""
    programme = make.programme(city.department, "Program wyścigu")
    line = make.budget_line(city.department, programme, line_amount, year=2027, task_pl="Linia wyścigu")
    found = {}
    for number, pool in enumerate(pools):
        call = make.call(city.department, programme, line, f"Konkurs wyścigu {number}", pool=pool,
                         opens_in=timedelta(days=-60), open_for=timedelta(days=30), status=CallStatus.EVALUATION,
                         commission_closed_at=utcnow())
        member = make.commission_member(city.department, call, city.dept_admin)
        organisations = (city.org_a, city.org_b) if len(pools) == 1 else (city.org_a if number == 0 else city.org_b,)
        found[call] = []
        for organisation in organisations:
            offer = make.offer(organisation, call, f"Oferta {organisation.name}", grant="6000.00",
                               formal_outcome=FormalOutcome.PASSED)
            assignment = make.assignment(city.department, member, offer, declared_at=utcnow(), finished_at=utcnow())
            _score(app, call, assignment, 80)
            found[call].append(offer)
    return found


def _post(client, call: int, offer: int):
    return (client, f"/console/calls/{call}/offers/{offer}/award", {f"o{offer}-amount": "6000"})


def _outcome(responses) -> tuple[list, list]:
    """The responses that awarded (a redirect) and those refused."""
    return [r for r in responses if r.status == 303], [r for r in responses if r.status != 303]


def test_two_officers_awarding_at_once_never_pass_the_pool(app, browser, city, make, monkeypatch, rows):
    (call, offers), = _setup(app, make, city, line_amount="50000.00", pools=("10000.00",)).items()
    officer, admin = browser(city.dept_officer), browser(city.dept_admin)
    responses = _race(app, monkeypatch, "committed_in_call",
                      [_post(officer, call, offers[0]), _post(admin, call, offers[1])])
    won, lost = _outcome(responses)
    assert len(won) == 1 and len(lost) == 1, [r.status for r in responses]
    refusal = lost[0]
    assert refusal.status == 400
    assert "The call's pool has PLN 4,000.00 left." in " ".join(refusal.field_errors().values()).replace("\xa0", " ")
    assert 'value="6000"' in refusal.html  # the amount typed stays
    committed = sum((award.amount for award in rows.all(Award)), Decimal(0))
    assert committed == Decimal("6000.00") and len(rows.all(Award)) == 1


def test_two_officers_awarding_at_once_never_pass_the_budget_line(app, browser, city, make, monkeypatch, rows):
    """Two calls paid from one line of 10 000 zł (their pools would allow both awards): the line stops the second."""
    made = _setup(app, make, city, line_amount="10000.00", pools=("10000.00", "10000.00"))
    (first_call, (first,)), (second_call, (second,)) = made.items()
    responses = _race(app, monkeypatch, "committed_on_line",
                      [_post(browser(city.dept_officer), first_call, first),
                       _post(browser(city.dept_admin), second_call, second)])
    won, lost = _outcome(responses)
    assert len(won) == 1 and len(lost) == 1, [r.status for r in responses]
    assert "The budget line has PLN 4,000.00 left." in " ".join(lost[0].field_errors().values()).replace("\xa0", " ")
    assert sum((award.amount for award in rows.all(Award)), Decimal(0)) == Decimal("6000.00")
