"""The ranking of a call's offers: final score = the mean of the members' totals, ties shown as one place.

A member's total for an offer is the sum of their points over the call's criteria, counted once
they have finished scoring it (``Assignment.finished_at``) and are not excluded from it. The
final score is the mean of those totals, rounded to hundredths. Offers that passed the formal
check come in order of score (the highest first); offers with the same score share a place.
Everything is computed from the scores in two queries (the figures, the offers), whatever the number of offers.
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


@dataclass(frozen=True)
class Figures:
    """One offer's final figures: the score, how many members' totals it is the mean of, the mean per criterion."""

    score: Decimal
    members: int
    means: dict[int, Decimal]


def figures(call: Call) -> dict[int, Figures]:
    """{offer id: its final figures} for one call, in one query.

    A finished member has scored every criterion (``scoring.save_scores`` refuses to finish otherwise), so per
    offer each criterion has the same number of scores — the number of members — and the mean of the members'
    totals is the sum of all their points over that number.
    """
    rows = db.session.execute(
        select(Assignment.offer_id, Score.criterion_id, func.sum(Score.points), func.count(Score.id))
        .join(CommissionMember, CommissionMember.id == Assignment.member_id)
        .join(Score, Score.assignment_id == Assignment.id)
        .where(CommissionMember.call_id == call.id, Assignment.finished_at.isnot(None),
               Assignment.excluded.is_(None))
        .group_by(Assignment.offer_id, Score.criterion_id)).all()
    sums: dict[int, Decimal] = defaultdict(Decimal)
    members: dict[int, int] = defaultdict(int)
    means: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for offer_id, criterion_id, total, count in rows:
        total = Decimal(total)
        sums[offer_id] += total
        members[offer_id] = max(members[offer_id], count)
        means[offer_id][criterion_id] = (total / count).quantize(HUNDREDTH, ROUND_HALF_UP)
    return {offer_id: Figures((sums[offer_id] / members[offer_id]).quantize(HUNDREDTH, ROUND_HALF_UP),
                              members[offer_id], means[offer_id]) for offer_id in sums}


def final_scores(call: Call) -> dict[int, Decimal]:
    """{offer id: final score} — the mean of the members' totals, to hundredths."""
    return {offer_id: found.score for offer_id, found in figures(call).items()}


def evaluated_offers(call: Call) -> list[Offer]:
    """The offers of a call that passed the formal check (they are the ones scored)."""
    return list(db.session.execute(
        select(Offer).where(Offer.call_id == call.id, Offer.status == OfferStatus.SUBMITTED,
                            Offer.formal_outcome == FormalOutcome.PASSED)
        .order_by(Offer.receipt_number)).scalars())


def ranking(call: Call) -> list[Ranked]:
    """The call's formally correct offers by final score, the highest first; equal scores share a place."""
    found = figures(call)
    scores = {offer_id: item.score for offer_id, item in found.items()}
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
        ranked.append(Ranked(offer, score, place, counts[score] > 1, found[offer.id].members))
    return ranked
