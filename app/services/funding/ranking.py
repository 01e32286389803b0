"""The ranking of a call's offers: final score = the mean of the members' totals, ties shown as one place.

A member's total for an offer is the sum of their points over the call's criteria, counted once
they have finished scoring it (``Assignment.finished_at``) and are not excluded from it. The
final score is the mean of those totals, rounded to hundredths. Offers that passed the formal
check come in order of score (the highest first); offers with the same score share a place.
Everything is computed from the scores in two queries, whatever the number of offers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from app.extensions import db
from app.models import Assignment, Call, CommissionMember, FormalOutcome, Offer, OfferStatus, Score

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Ranked:
    """An offer's place in the ranking: its final score (None until someone finished scoring it)."""

    offer: Offer
    score: Decimal | None
    place: int | None
    tied: bool
    members: int  # how many members' totals the score is the mean of


def member_totals(call: Call) -> dict[int, list[Decimal]]:
    """{offer id: [each finished, non-excluded member's total]} for one call (one query)."""
    rows = db.session.execute(
        select(Assignment.offer_id, Assignment.id, func.sum(Score.points))
        .join(CommissionMember, CommissionMember.id == Assignment.member_id)
        .join(Score, Score.assignment_id == Assignment.id)
        .where(CommissionMember.call_id == call.id, Assignment.finished_at.isnot(None),
               Assignment.excluded.is_(None))
        .group_by(Assignment.offer_id, Assignment.id)).all()
    totals: dict[int, list[Decimal]] = defaultdict(list)
    for offer_id, _assignment, total in rows:
        totals[offer_id].append(Decimal(total))
    return totals


def final_scores(call: Call) -> dict[int, Decimal]:
    """{offer id: final score} — the mean of the members' totals, to hundredths."""
    return {offer_id: (sum(values, Decimal(0)) / len(values)).quantize(HUNDREDTH, ROUND_HALF_UP)
            for offer_id, values in member_totals(call).items() if values}


def evaluated_offers(call: Call) -> list[Offer]:
    """The offers of a call that passed the formal check (they are the ones scored)."""
    return list(db.session.execute(
        select(Offer).where(Offer.call_id == call.id, Offer.status == OfferStatus.SUBMITTED,
                            Offer.formal_outcome == FormalOutcome.PASSED)
        .order_by(Offer.receipt_number)).scalars())


def ranking(call: Call) -> list[Ranked]:
    """The call's formally correct offers by final score, the highest first; equal scores share a place."""
    totals = member_totals(call)
    scores = final_scores(call)
    offers = evaluated_offers(call)
    offers.sort(key=lambda offer: (scores.get(offer.id) is None, -(scores.get(offer.id) or 0),
                                   offer.receipt_number or ""))
    counts: dict[Decimal, int] = defaultdict(int)
    for score in scores.values():
        counts[score] += 1
    ranked, place, previous = [], 0, None
    for index, offer in enumerate(offers, start=1):
        score = scores.get(offer.id)
        if score is None:
            ranked.append(Ranked(offer, None, None, False, 0))
            continue
        if score != previous:
            place, previous = index, score
        ranked.append(Ranked(offer, score, place, counts[score] > 1, len(totals.get(offer.id, []))))
    return ranked
