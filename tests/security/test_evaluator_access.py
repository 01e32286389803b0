"""Commission members see only their own assignments: the evaluator's routes with tenant B's commission.

B's staff member sits on the commission of a call in evaluation and is assigned two offers of
organisation C (tests/security/tenant_b.py). The positive control: they get their pages. The
same organisation's admin, who is not a member, and A's people and the department's (not
members either) get 404 for the same URLs, on GET and on POST, and nothing changes.
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import CallCriterion, Score, utcnow
from app.tenancy import system_scope
from tests.security.tenant_b import differences, snapshot

SCORES = {**{f"criteria-{i}-points": "5" for i in range(6)},
          **{f"criteria-{i}-justification": "Uzasadnienie." for i in range(6)}, "action": "save"}


def _urls(tenant_b) -> list[tuple[str, str, dict | None]]:
    assignment = tenant_b.id("assignment_id")
    undeclared = tenant_b.facts["undeclared_assignment_id"]
    call = tenant_b.facts["evaluation_call_id"]
    return [("GET", f"/evaluation/calls/{call}", None), ("GET", f"/evaluation/assignments/{assignment}", None),
            ("GET", f"/evaluation/assignments/{undeclared}", None),
            ("POST", f"/evaluation/assignments/{assignment}", SCORES),
            ("POST", f"/evaluation/assignments/{undeclared}/declare", {"conflict": "none"})]


def test_only_the_member_reaches_their_assignments(app, client_as, tenant_b):
    before = snapshot(app, tenant_b.org_id)
    problems = []
    for name in ("b_admin", "a_admin", "dept_officer", "outsider"):
        client = client_as(tenant_b.people["admin"] if name == "b_admin" else name)
        for method, url, data in _urls(tenant_b):
            if (status := client.open(url, method=method, data=data).status_code) != 404:
                problems.append(f"{name} {method} {url} → {status}, not 404")
        if "Oferta C" in client.get("/evaluation/").get_data(as_text=True):
            problems.append(f"{name} sees C's offer in their list")
    assert problems == [], "\n".join(problems)
    assert differences(before, snapshot(app, tenant_b.org_id)) == []

    member = client_as(tenant_b.people["staff"])
    assert "Oferta C" in member.get("/evaluation/").get_data(as_text=True)
    for method, url, data in _urls(tenant_b):
        status = member.open(url, method=method, data=data).status_code
        assert status in (200, 303), f"the member: {method} {url} → {status}"


def test_the_member_never_sees_anothers_scores_before_closing(app, client_as, make, city, tenant_b):
    """Another member's points on the same offer are not on the member's pages while the commission works."""
    call_id = tenant_b.facts["evaluation_call_id"]
    seat = make.commission_member(city.department, call_id, city.dept_officer)
    other = make.assignment(city.department, seat, tenant_b.facts["c_offer_ids"][0], declared_at=utcnow())
    with app.app_context(), system_scope("tests"):
        criterion = db.session.execute(select(CallCriterion.id).where(
            CallCriterion.call_id == call_id, CallCriterion.position == 0)).scalar_one()
        db.session.add(Score(organisation_id=city.department.id, assignment_id=other, criterion_id=criterion,
                             points=17, justification="Tajne uzasadnienie innego członka."))
        db.session.commit()
    member = client_as(tenant_b.people["staff"])
    for url in (f"/evaluation/assignments/{tenant_b.id('assignment_id')}", f"/evaluation/calls/{call_id}",
                "/evaluation/"):
        page = member.get(url)
        assert page.status_code == 200 and "Tajne uzasadnienie" not in page.get_data(as_text=True), url

