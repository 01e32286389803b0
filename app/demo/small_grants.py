"""The demo city's small grants without a competition (app/demo/data/small_grants.json), dated from the day of
loading.

One simplified offer of the self-help group is in its 7 days of comments (published two days ago, with one
resident's comment); one of the association was funded earlier in the year from a budget line of the task's
year that has room for it. Receipt numbers follow the year's sequence. Idempotent: an offer is found by its
organisation and title; an entry whose budget line the demo does not plan is left out.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.demo.content import read
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import (
    Award,
    BudgetLine,
    CostKind,
    FundingSource,
    Offer,
    OfferComment,
    OfferCost,
    OfferKind,
    OfferResult,
    OfferStatus,
    Organisation,
    Programme,
    PublicSphere,
    utcnow,
)
from app.services.funding.small_grants import RECEIPT_PREFIX, applicant_from_registry


def _moment(days: int, clock: time = time(10, 0)) -> datetime:
    return datetime.combine(local_today() + timedelta(days=days), clock, WARSAW)


def _receipt(year: int) -> str:
    prefix = f"{RECEIPT_PREFIX}/{year}/"
    numbers = db.session.execute(select(Offer.receipt_number).where(Offer.receipt_number.like(prefix + "%"))).scalars()
    highest = max((int(number[len(prefix):]) for number in numbers if number[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"


def _line(spec: dict, department: Organisation, year: int) -> BudgetLine | None:
    return db.session.execute(select(BudgetLine).join(Programme, Programme.id == BudgetLine.programme_id).where(
        Programme.organisation_id == department.id, Programme.name_pl == spec["programme"],
        BudgetLine.year == year, BudgetLine.source == FundingSource(spec["source"]))).scalars().first()


def _offer(spec: dict, organisation: Organisation) -> Offer:
    starts = local_today() + timedelta(days=spec["starts_days"])
    submitted = _moment(spec["submitted_days"])
    applicant = {key.removeprefix("applicant_"): value or None
                 for key, value in applicant_from_registry(organisation, None).items()}
    applicant["contact"] = spec["representatives"].splitlines()[0].split(" — ")[0]
    offer = Offer(organisation_id=organisation.id, kind=OfferKind.SMALL_GRANT, call_id=None, is_demo=True,
                  status=OfferStatus.SUBMITTED, receipt_number=_receipt(submitted.year), submitted_at=submitted,
                  applicant=applicant, title=spec["title"], sphere=PublicSphere(spec["sphere"]), starts_on=starts,
                  ends_on=starts + timedelta(days=spec["days"] - 1), place=spec["place"],
                  target_group=spec["target_group"], summary=spec["summary"],
                  requested_grant=Decimal(spec["requested_grant"]), own_financial=Decimal(spec["own_financial"]),
                  own_in_kind=Decimal(spec["own_in_kind"]), representatives=spec["representatives"],
                  statements_accepted=True)
    for position, (result, target, monitoring) in enumerate(spec["results"]):
        offer.results.append(OfferResult(organisation_id=organisation.id, position=position, result=result,
                                         target_value=target, monitoring=monitoring))
    for position, (name, unit, unit_cost, units, from_grant) in enumerate(spec["costs"]):
        offer.costs.append(OfferCost(organisation_id=organisation.id, position=position, kind=CostKind.ACTIVITY,
                                     name=name, unit=unit, unit_cost=Decimal(unit_cost), units=Decimal(units),
                                     year=starts.year, from_grant=Decimal(from_grant) if from_grant else None))
    published = _moment(spec["published_days"], time(9, 0))
    offer.comments_from, offer.comments_until = published, published + timedelta(days=7)
    return offer


def load_small_grants(organisations: dict[str, Organisation]) -> int:
    """The demo small grants; returns how many offers were created."""
    department = organisations["department"]
    created = 0
    for spec in read("small_grants"):
        organisation = organisations[spec["organisation"]]
        if db.session.execute(select(Offer.id).where(Offer.organisation_id == organisation.id,
                                                     Offer.title == spec["title"])).first():
            continue
        offer = _offer(spec, organisation)
        line = _line(spec["award"], department, offer.starts_on.year) if spec.get("award") else None
        if spec.get("award") and line is None:
            continue
        db.session.add(offer)
        db.session.flush()
        for comment in spec["comments"]:
            db.session.add(OfferComment(organisation_id=organisation.id, offer_id=offer.id,
                                        author=comment["author"], body=comment["body"],
                                        created_at=utcnow() - timedelta(hours=comment["hours_ago"])))
        if line is not None:
            offer.decided_at = _moment(spec["decided_days"])
            db.session.add(Award(organisation_id=department.id, offer_id=offer.id, call_id=None,
                                 budget_line_id=line.id, amount=Decimal(spec["award"]["amount"]), is_demo=True))
        created += 1
    db.session.flush()
    return created
