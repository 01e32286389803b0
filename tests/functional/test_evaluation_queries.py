"""The evaluation's pages cost the same number of SQL statements whatever the number of offers (no N+1):
the department's progress and ranking, the minutes, the offers of a call, the commission, and a member's list."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import Assignment, CallCriterion, CallStatus, FormalOutcome, Score, utcnow
from app.tenancy import system_scope


def _call_with(make, city, offers: int) -> int:
    """A call in evaluation, its commission closed: ``offers`` offers, three members who scored every one."""
    programme = make.programme(city.department, f"Program {offers}")
    line = make.budget_line(city.department, programme, "900000.00", year=2027)
    call = make.call(city.department, programme, line, f"Konkurs {offers}", opens_in=timedelta(days=-40),
                     open_for=timedelta(days=30), status=CallStatus.EVALUATION, commission_closed_at=utcnow())
    ids = [make.offer(city.org_a if n % 2 else city.org_b, call, f"Oferta {n}", formal_outcome=FormalOutcome.PASSED)
           for n in range(offers)]
    seats = ((city.dept_officer, "chair", None), (city.b_staff, "member", city.org_b),
             (city.dept_admin, "member", None))
    members = [make.commission_member(city.department, call, person, role=role, represents=represents)
               for person, role, represents in seats]
    with make.app.app_context(), system_scope("tests"):
        criteria = list(db.session.execute(select(CallCriterion).where(CallCriterion.call_id == call)).scalars())
        for member in members:
            for n, offer in enumerate(ids):
                assignment = Assignment(organisation_id=city.department.id, member_id=member, offer_id=offer,
                                        declared_at=utcnow(), finished_at=utcnow())
                assignment.scores.extend(Score(organisation_id=city.department.id, criterion_id=c.id,
                                               points=Decimal(n % c.max_points), justification="Ocena.")
                                         for c in criteria)
                db.session.add(assignment)
        db.session.commit()
    return call


def _statements(app, client, path: str) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, path
    return len(seen)


@pytest.mark.parametrize(("who", "path"), [
    ("dept_officer", "/console/calls/{call}/evaluation"),
    ("dept_officer", "/console/calls/{call}/minutes"),
    ("dept_officer", "/console/calls/{call}/offers"),
    ("dept_officer", "/console/calls/{call}/commission"),
    ("b_staff", "/evaluation/"),
    ("b_staff", "/evaluation/calls/{call}"),
    ("dept_officer", "/evaluation/calls/{call}"),
])
def test_statements_do_not_grow_with_the_offers(app, browser, make, city, who, path):
    """Measured with one call of 3 offers, then again after a call of 9 (a member's list then shows 12)."""
    client = browser(getattr(city, who))
    counts = [_statements(app, client, path.format(call=_call_with(make, city, offers))) for offers in (3, 9)]
    assert counts[0] == counts[1], counts


def test_a_closed_commissions_ranking_is_drawn_once_per_language(app, browser, make, city):
    """The ranking cannot change after the commission closed: with the fragment cache on, the second look reads
    neither the scores nor the offers again, and shows the same table."""
    from app import fragment_cache

    call = _call_with(make, city, 3)
    client = browser(city.dept_officer)
    app.config["FRAGMENT_CACHE"] = True
    fragment_cache.clear()
    try:
        first = client.get(f"/console/calls/{call}/evaluation").get_data(as_text=True)
        fragment_cache.clear()
        cold = _statements(app, client, f"/console/calls/{call}/minutes")
        warm = _statements(app, client, f"/console/calls/{call}/minutes")
        again = client.get(f"/console/calls/{call}/evaluation").get_data(as_text=True)
    finally:
        app.config["FRAGMENT_CACHE"] = False
        fragment_cache.clear()
    table = first[first.index('id="ranking-heading"'):first.index("</table>", first.index('id="ranking-heading"'))]
    assert table in again and "Oferta 2" in table
    assert cold - warm == 3  # the scores, the offers and the criteria are read only to draw it
