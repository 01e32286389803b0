"""The demo city's decided call (app/demo/data/results.json): offers, a closed commission, awards, results.

A call of an existing programme, paid from its budget line for ``line_year``, whose dates lie in the
past (offset from the day of loading): offers from demo organisations, a commission of the
department's officer and admin who both finished scoring, awards within the pool — one in full, one
reduced whose updated budget and schedule the department accepted, one reduced still waiting for
the organisation's update — one offer below the pool's reach and one rejected on formal grounds,
and the results published with the reasons. The pool stays within what the line has left beside
the other demo calls. Idempotent: the call is found by its Polish title.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.demo.calls import _criteria, _money, _version
from app.demo.content import read, translated
from app.demo.offers import attach_pdfs
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import (
    Assignment,
    Award,
    AwardState,
    Call,
    CallStatus,
    CommissionMember,
    CommissionRole,
    CostKind,
    FormalOutcome,
    GrantMode,
    Offer,
    OfferActivity,
    OfferCost,
    OfferResult,
    OfferStatus,
    Organisation,
    Programme,
    PublicSphere,
    Score,
    User,
)
from app.services.funding.offers import prefill, receipt_number, required_attachments


def _moment(days: int, clock: time = time(12, 0)) -> datetime:
    return datetime.combine(local_today() + timedelta(days=days), clock, WARSAW)


def _call(spec: dict, department: Organisation) -> Call:
    programme = db.session.execute(select(Programme).where(
        Programme.organisation_id == department.id, Programme.name_pl == spec["programme"])).scalar_one()
    line = next(line for line in programme.budget_lines if line.year == spec["line_year"])
    call = Call(
        organisation_id=department.id, programme_id=programme.id, budget_line_id=line.id, is_demo=True,
        sphere=PublicSphere(spec["sphere"]), grant_mode=GrantMode(spec["grant_mode"]), pool=Decimal(spec["pool"]),
        minimum_grant=_money(spec["minimum_grant"]), maximum_grant=_money(spec["maximum_grant"]),
        own_share_percent=Decimal(spec["own_share_percent"]), in_kind_counts=spec["in_kind_counts"],
        eligible_kinds=" " + " ".join(sorted(spec["eligible_kinds"])) + " ",
        spent_this_year=_money(spec["spent_this_year"]), spent_last_year=_money(spec["spent_last_year"]),
        opens_at=_moment(spec["opens_days"], time(8, 0)), closes_at=_moment(spec["closes_days"], time(15, 0)),
        task_starts_on=date.fromisoformat(spec["task_start"]), task_ends_on=date.fromisoformat(spec["task_end"]),
        **translated("title", spec["title"]), **translated("task", spec["task"]),
        **translated("attachments", spec["attachments"]))
    _criteria(call)
    db.session.add(call)
    db.session.flush()
    call.status, call.published_at = CallStatus.PUBLISHED, call.opens_at
    _version(call, 1, None, call.opens_at)
    return call


def _costs(offer: Offer, rows: list, *, revised: bool) -> None:
    for position, (name, unit, unit_cost, units, from_grant) in enumerate(rows):
        offer.costs.append(OfferCost(organisation_id=offer.organisation_id, position=position, revised=revised,
                                     kind=CostKind.ACTIVITY, name=name, unit=unit, unit_cost=Decimal(unit_cost),
                                     units=Decimal(units), year=offer.starts_on.year,
                                     from_grant=Decimal(from_grant)))


def _offer(call: Call, spec: dict, organisation: Organisation, number: int) -> Offer:
    offer = Offer(
        organisation_id=organisation.id, call_id=call.id, status=OfferStatus.SUBMITTED, is_demo=True,
        receipt_number=receipt_number(call.id, (call.closes_at - timedelta(days=3 + number)).year, number),
        submitted_at=call.closes_at - timedelta(days=3 + number),
        applicant=prefill(organisation, None),
        representatives="Prezes zarządu\nSkarbnik", title=spec["title"], summary=spec["summary"],
        starts_on=call.task_starts_on, ends_on=call.task_ends_on, place="Miasto Demo",
        target_group="Rodziny w kryzysie", requested_grant=Decimal(spec["grant"]), own_financial=Decimal(spec["own"]),
        own_in_kind=Decimal(spec["in_kind"]), recipients_payments=Decimal("0"), other_funds=Decimal("0"),
        statements_accepted=True, formal_checked_at=call.closes_at + timedelta(days=7),
        formal_outcome=FormalOutcome.REJECTED if spec.get("formal_reason") else FormalOutcome.PASSED,
        formal_reason=spec.get("formal_reason"))
    offer.activities.append(OfferActivity(organisation_id=organisation.id, position=0, name=spec["title"],
                                          starts_on=call.task_starts_on, ends_on=call.task_ends_on))
    offer.results.append(OfferResult(organisation_id=organisation.id, position=0, result="Osoby objęte wsparciem",
                                     target_value="60", monitoring="Karty konsultacji, listy obecności"))
    _costs(offer, spec["costs"], revised=False)
    attach_pdfs(offer, required_attachments(call))
    db.session.add(offer)
    db.session.flush()
    return offer


def _score(call: Call, assignment: Assignment, total: int) -> None:
    """A member's points adding up to ``total``, each criterion within its maximum."""
    left = Decimal(total)
    for criterion in call.criteria:
        points = min(left, Decimal(criterion.max_points))
        left -= points
        db.session.add(Score(organisation_id=call.organisation_id, assignment_id=assignment.id,
                             criterion_id=criterion.id, points=points,
                             justification="Ocena zgodna z opisem oferty i kalkulacją kosztów."))


def _award(call: Call, offer: Offer, spec: dict, decided_by: User, when: datetime) -> None:
    award = Award(organisation_id=call.organisation_id, offer_id=offer.id, call_id=call.id,
                  budget_line_id=call.budget_line_id, amount=Decimal(spec["amount"]), state=AwardState(spec["state"]),
                  reason=spec.get("reason"), decided_by_id=decided_by.id, is_demo=True)
    if spec.get("revised_costs"):
        _costs(offer, spec["revised_costs"], revised=True)
        for position, (name, starts, ends) in enumerate(spec.get("revised_activities", [])):
            offer.activities.append(OfferActivity(organisation_id=offer.organisation_id, position=position,
                                                  revised=True, name=name, starts_on=date.fromisoformat(starts),
                                                  ends_on=date.fromisoformat(ends)))
        award.update_submitted_at = when + timedelta(days=10)
    if award.state == AwardState.ACCEPTED:
        award.accepted_at = when + timedelta(days=14)
    db.session.add(award)


def load_results(by_key: dict[str, Organisation]) -> int:
    """The demo's decided calls with their offers, commission, awards and published results; how many were made."""
    department = by_key["department"]
    created = 0
    for spec in read("results"):
        if db.session.execute(select(Call.id).where(Call.organisation_id == department.id,
                                                    Call.title_pl == spec["title"]["pl"])).first():
            continue
        call = _call(spec, department)
        people = [db.session.execute(select(User).where(User.email == email)).scalar_one()
                  for email in spec["commission"]]
        members = []
        for index, person in enumerate(people):
            member = CommissionMember(organisation_id=department.id, call_id=call.id, user_id=person.id,
                                      role=CommissionRole.CHAIR if index == 0 else CommissionRole.MEMBER)
            db.session.add(member)
            members.append(member)
        db.session.flush()
        closed = _moment(spec["commission_closed_days"])
        published = _moment(spec["published_days"])
        for number, offer_spec in enumerate(spec["offers"], start=1):
            offer = _offer(call, offer_spec, by_key[offer_spec["organisation"]], number)
            if offer_spec["scores"]:
                for member, total in zip(members, offer_spec["scores"], strict=True):
                    assignment = Assignment(organisation_id=department.id, member_id=member.id, offer_id=offer.id,
                                            declared_at=closed - timedelta(days=20),
                                            finished_at=closed - timedelta(days=2))
                    db.session.add(assignment)
                    db.session.flush()
                    _score(call, assignment, total)
            if offer_spec.get("award"):
                _award(call, offer, offer_spec["award"], people[0], published)
            offer.outcome_reason = offer_spec.get("outcome_reason")
            offer.decided_at = published
        call.commission_closed_at = closed
        call.status, call.results_published_at = CallStatus.DECIDED, published
        created += 1
    db.session.flush()
    return created
