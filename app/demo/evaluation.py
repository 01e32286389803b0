"""The demo city's call in evaluation (app/demo/data/evaluation.json), dated relative to the day of loading.

A call of the alcohol-problems programme closed twenty days ago with four offers of demo
organisations: two passed the formal check, one was to be corrected (its signatures), was
corrected by the foundation and then passed, and one came late and was rejected. The commission
is the department officer (chair), the department's secretary (secretary@demo.example, who keeps
the record) and a member from an organisation that did not apply (commission@demo.example). The
chair has finished every offer; the member has finished one, is scoring the second, and has not
yet declared on the third — the commission is halfway. Idempotent: the call is found by its title.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import select

from app.demo.content import DATA, translated
from app.demo.offers import attach_pdfs
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import (
    Assignment,
    Call,
    CallCriterion,
    CallStatus,
    CallVersion,
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
)
from app.services.accounts.users import find_user_by_email
from app.services.funding.calls import STATUTORY_CRITERIA, snapshot
from app.services.funding.offers import prefill, receipt_number, required_attachments


def _read() -> dict:
    with (DATA / "evaluation.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _moment(days: int, clock: time) -> datetime:
    return datetime.combine(local_today() + timedelta(days=days), clock, WARSAW)


def _call(spec: dict, department: Organisation) -> Call:
    programme = db.session.execute(select(Programme).where(
        Programme.organisation_id == department.id, Programme.name_pl == spec["programme"])).scalar_one()
    line = next(line for line in programme.budget_lines if line.year == spec["line_year"])
    call = Call(organisation_id=department.id, programme_id=programme.id, budget_line_id=line.id, is_demo=True,
                sphere=PublicSphere(spec["sphere"]), grant_mode=GrantMode(spec["grant_mode"]),
                pool=Decimal(spec["pool"]), minimum_grant=Decimal(spec["minimum_grant"]),
                maximum_grant=Decimal(spec["maximum_grant"]), own_share_percent=Decimal(spec["own_share_percent"]),
                in_kind_counts=spec["in_kind_counts"],
                eligible_kinds=" " + " ".join(sorted(spec["eligible_kinds"])) + " ",
                opens_at=_moment(spec["opens_days"], time(8, 0)), closes_at=_moment(spec["closes_days"], time(15, 0)),
                task_starts_on=date.fromisoformat(spec["task_start"]),
                task_ends_on=date.fromisoformat(spec["task_end"]),
                **translated("title", spec["title"]), **translated("task", spec["task"]),
                **translated("attachments", spec["attachments"]))
    for position, (code, label, points) in enumerate(STATUTORY_CRITERIA):
        names = {}
        for locale in ("pl", "uk", "en"):
            with force_locale(locale):
                names[f"name_{locale}"] = str(label)
        call.criteria.append(CallCriterion(organisation_id=department.id, position=position, code=code,
                                           max_points=points, **names))
    db.session.add(call)
    db.session.flush()
    call.published_at = call.opens_at
    call.versions.append(CallVersion(organisation_id=department.id, number=1, snapshot=snapshot(call),
                                     created_at=call.opens_at))
    call.status = CallStatus.EVALUATION
    return call


def _offer(call: Call, number: int, spec: dict, organisation: Organisation) -> Offer:
    submitted = call.closes_at - timedelta(days=3 - number % 3, hours=number)
    if spec["formal"] == "rejected":
        submitted = call.closes_at + timedelta(days=2)
    checked = call.closes_at + timedelta(days=5)
    grant, own = Decimal(spec["grant"]), Decimal(spec["own"])
    offer = Offer(organisation_id=organisation.id, call_id=call.id, status=OfferStatus.SUBMITTED, is_demo=True,
                  receipt_number=receipt_number(call.id, submitted.year, number), submitted_at=submitted,
                  title=spec["title"],
                  applicant=prefill(organisation, None),
                  representatives="Prezes zarządu\nCzłonek zarządu", starts_on=call.task_starts_on,
                  ends_on=call.task_ends_on, place=spec["place"], target_group=spec["target_group"],
                  summary=spec["summary"], requested_grant=grant, own_financial=own, own_in_kind=Decimal("0"),
                  recipients_payments=Decimal("0"), other_funds=Decimal("0"), statements_accepted=True,
                  formal_checked_at=checked, formal_items=spec.get("formal_items", []),
                  formal_reason=spec.get("formal_reason"))
    if spec["formal"] == "rejected":
        offer.formal_outcome = FormalOutcome.REJECTED
    else:
        offer.formal_outcome = FormalOutcome.PASSED
    if spec["formal"] == "corrected":  # asked to correct its signatures, corrected, then passed
        offer.corrected_at = checked + timedelta(days=4)
        offer.formal_checked_at = checked + timedelta(days=5)
        offer.formal_items = []
        offer.formal_reason = spec["formal_reason"] + " Poprawiono."
    # The cost lines total the grant and the own contribution; the grant is shared among them in proportion, the
    # last line taking what rounding left, so that the parts from the grant total the grant to the grosz.
    lines = [(name, unit, Decimal(cost), Decimal(units)) for name, unit, cost, units in spec["costs"]]
    total = sum((cost * units for _n, _u, cost, units in lines), Decimal("0"))
    if total != grant + own:
        raise ValueError(f"evaluation.json: the costs of {spec['title']!r} must total the grant and the own part")
    parts = [(cost * units * grant / total).quantize(Decimal("0.01")) for _n, _u, cost, units in lines]
    parts[-1] = grant - sum(parts[:-1], Decimal("0"))
    for position, ((name, unit, cost, units), part) in enumerate(zip(lines, parts, strict=True)):
        offer.costs.append(OfferCost(organisation_id=organisation.id, position=position, kind=CostKind.ACTIVITY,
                                     name=name, unit=unit, unit_cost=cost, units=units,
                                     year=call.task_starts_on.year, from_grant=part))
    offer.activities.append(OfferActivity(organisation_id=organisation.id, position=0, name=lines[0][0],
                                          starts_on=call.task_starts_on, ends_on=call.task_ends_on))
    offer.results.append(OfferResult(organisation_id=organisation.id, position=0, result="Uczestnicy spotkań",
                                     target_value=spec["target_group"], monitoring="Listy obecności"))
    attach_pdfs(offer, required_attachments(call))
    db.session.add(offer)
    return offer


def _commission(call: Call, data: dict, offers: list[Offer], organisations: dict) -> None:
    criteria = list(call.criteria)
    passed = [offer for offer in offers if offer.formal_outcome == FormalOutcome.PASSED]
    for spec in data["commission"]:
        user = find_user_by_email(spec["email"])
        represents = organisations[spec["represents"]].id if spec.get("represents") else None
        member = CommissionMember(organisation_id=call.organisation_id, call_id=call.id, user_id=user.id,
                                  role=CommissionRole(spec["role"]), represents_id=represents)
        db.session.add(member)
        db.session.flush()
        if member.role == CommissionRole.SECRETARY:
            continue
        states = {entry["offer"]: entry for entry in data["scores"].get(spec["email"], [])}
        for index, offer in enumerate(passed):
            entry = states.get(index, {"state": "new"})
            assignment = Assignment(organisation_id=call.organisation_id, member_id=member.id, offer_id=offer.id)
            if entry["state"] != "new":
                assignment.declared_at = call.closes_at + timedelta(days=12 + index)
            for criterion, points in zip(criteria, entry.get("points", []), strict=False):
                assignment.scores.append(Score(organisation_id=call.organisation_id, criterion_id=criterion.id,
                                               points=Decimal(points),
                                               justification=data["justifications"][criterion.position]))
            if entry["state"] == "finished":
                assignment.finished_at = assignment.declared_at + timedelta(hours=3)
            db.session.add(assignment)


def load_evaluation(organisations: dict[str, Organisation]) -> int:
    """The demo call in evaluation, its offers and its commission halfway through; returns 1 when created."""
    data = _read()
    department = organisations["department"]
    spec = data["call"]
    if db.session.execute(select(Call.id).where(Call.organisation_id == department.id,
                                                Call.title_pl == spec["title"]["pl"])).first():
        return 0
    call = _call(spec, department)
    offers = [_offer(call, number, offer, organisations[offer["organisation"]])
              for number, offer in enumerate(data["offers"], start=1)]
    db.session.flush()
    _commission(call, data, offers, organisations)
    db.session.flush()
    return 1
