"""The offer's rows keep to their tenants: an offer and its parts are the applicant's, its link to the
department's call crosses tenants, and residents see an offer only when the law makes it public."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Award, Offer, OfferCost
from app.tenancy import organisation_scope, public_scope


def test_an_offer_is_its_applicants_and_public_only_when_decided(app, make, city):
    programme = make.programme(city.department)
    line = make.budget_line(city.department, programme, "50000.00")
    call = make.call(city.department, programme, line)
    offer = make.offer(city.org_a, call, "Świetlica", grant="9000.00", own="1000.00")
    make.award(city.department, offer, "9000.00", call=call, line=line)
    with app.app_context():
        with organisation_scope(city.org_a.id):
            found = db.session.execute(select(Offer)).scalar_one()
            assert found.title == "Świetlica"
            assert sum(cost.total for cost in found.costs) == 10000
        with organisation_scope(city.org_b.id):
            assert db.session.execute(select(Offer)).first() is None
            assert db.session.execute(select(OfferCost)).first() is None
        with public_scope():
            assert db.session.execute(select(Offer)).first() is None  # results not yet published
            assert db.session.execute(select(Award)).first() is None


def test_the_offer_reads_as_the_statutory_form(app, make, city):
    programme = make.programme(city.department)
    call = make.call(city.department, programme, make.budget_line(city.department, programme, "50000.00"))
    offer_id = make.offer(city.org_a, call, "Świetlica „Promyk”", grant="9000.00", own="1000.00")
    with app.test_request_context(), organisation_scope(city.org_a.id):
        from flask import render_template_string
        offer = db.session.execute(select(Offer).where(Offer.id == offer_id)).scalar_one()
        html = render_template_string('{% include "offers/_offer.html" %}', offer=offer)
    assert "Świetlica „Promyk”" in html
    assert "Prowadzenie zajęć" in html and "Lista obecności" in html
    # the total of costs and the total of the sources agree
    assert html.replace("\xa0", " ").replace("\u202f", " ").count("10 000,00") >= 2


def test_the_ranking_is_the_mean_of_the_members_totals_with_ties_sharing_a_place(app, make, city):
    from datetime import UTC, datetime
    from decimal import Decimal

    from app.models import Call, CallCriterion, FormalOutcome, Score
    from app.services.funding.ranking import ranking
    from app.tenancy import department_scope

    programme = make.programme(city.department)
    call = make.call(city.department, programme, make.budget_line(city.department, programme, "50000.00"))
    offers = [make.offer(org, call, title, formal_outcome=FormalOutcome.PASSED)
              for org, title in ((city.org_a, "A"), (city.org_b, "B"), (city.org_a, "C"))]
    members = [make.commission_member(city.department, call, person)
               for person in (city.dept_officer, city.dept_admin)]
    points = {offers[0]: (60, 70), offers[1]: (65, 65), offers[2]: (90, 80)}
    done = datetime.now(UTC)
    with app.app_context(), department_scope():
        criterion = db.session.execute(select(CallCriterion).where(CallCriterion.call_id == call)).scalars().first()
    for offer, (first, second) in points.items():
        for member, value in zip(members, (first, second), strict=True):
            assignment = make.assignment(city.department, member, offer, declared_at=done, finished_at=done)
            with app.app_context(), department_scope():
                db.session.add(Score(organisation_id=city.department.id, assignment_id=assignment,
                                     criterion_id=criterion.id, points=Decimal(value), justification="…"))
                db.session.commit()
    with app.app_context(), department_scope():
        rows = ranking(db.session.execute(select(Call).where(Call.id == call)).scalar_one())
        assert [(row.offer.title, row.score, row.place, row.tied) for row in rows] == [
            ("C", Decimal("85.00"), 1, False), ("A", Decimal("65.00"), 2, True), ("B", Decimal("65.00"), 2, True)]
