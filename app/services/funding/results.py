"""Awards in a call and its results: the department funds offers in ranking order within the pool, then
publishes the results, which anyone may read, and tells every applicant why.

Awarding opens when the commission has closed (``Call.commission_closed_at``) and the call is in
evaluation; every amount goes through ``awards.decide_award`` (under the budget line's lock). An
offer below the pool's reach simply gets no award. Publishing needs every offer decided on: the
formal check finished and every ranked offer scored. It makes the call DECIDED, gives every
offer its ``decided_at`` and every offer not funded its ``outcome_reason`` (the one the department
typed, or one computed from the record, kept in Polish), and e-mails every applicant organisation
in each person's language with its offers' points, amounts and reasons.

The money of a call — pool, committed, remaining — is computed from the awards every time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from flask import abort, has_request_context, url_for
from flask_babel import force_locale, lazy_ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.database import lock_row
from app.extensions import db
from app.labels import FORMAL_ITEM_LABELS
from app.mail import send_mail
from app.models import Award, Call, CallStatus, FormalOutcome, Offer, OfferStatus, utcnow
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.funding import ranking
from app.services.funding.awards import REASON_MAX, award_of, committed_in_call, decide_award, withdraw_award
from app.services.funding.budgets import ZERO
from app.services.moderation.review import organisation_contacts, workspace_link
from app.tenancy import parse_id, system_scope

NOT_YET = _l("Awards are decided once the commission has closed, while the call is in evaluation.")
PUBLISHED = _l("The results have been published: awards no longer change.")


@dataclass(frozen=True)
class CallMoney:
    """A call's pool, what its awards commit, and what is left (computed, never stored)."""

    pool: Decimal
    committed: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class Outcome:
    """What became of one submitted offer: its place and score (when ranked), its award, and the reason
    told to the organisation when it is not funded (typed by the department, or computed)."""

    offer: Offer
    score: Decimal | None
    place: int | None
    tied: bool
    award: Award | None
    default_reason: object  # a lazy string: said in each reader's language

    @property
    def funded(self) -> bool:
        return self.award is not None

    @property
    def ranked(self) -> bool:
        return self.offer.formal_outcome == FormalOutcome.PASSED

    @property
    def reason(self):
        """The reason told to the organisation: the typed one, else the computed one (None when funded)."""
        if self.funded:
            return None
        return self.offer.outcome_reason or self.default_reason


def call_money(call: Call) -> CallMoney:
    """The call's pool, committed and remaining."""
    committed = committed_in_call(call.id)
    return CallMoney(call.pool, committed, call.pool - committed)


def awarding_open(call: Call) -> bool:
    """Whether amounts may be decided now: the commission has closed and the results are not out."""
    return call.status == CallStatus.EVALUATION and call.commission_closed_at is not None


def results_shown(call: Call) -> bool:
    """Whether the awards page has anything to show: awarding is open, or the results are out."""
    return awarding_open(call) or call.status == CallStatus.DECIDED


def _awards(call: Call) -> dict[int, Award]:
    return {award.offer_id: award for award in db.session.execute(
        select(Award).where(Award.call_id == call.id)).scalars()}


def _submitted(call: Call) -> list[Offer]:
    return list(db.session.execute(
        select(Offer).where(Offer.call_id == call.id, Offer.status == OfferStatus.SUBMITTED)
        .order_by(Offer.receipt_number)).scalars())


def _formal_reason(offer: Offer):
    if offer.formal_reason:
        return _l("Rejected on formal grounds: %(reason)s", reason=offer.formal_reason)
    items = [str(FORMAL_ITEM_LABELS[item]) for item in offer.formal_items or [] if item in FORMAL_ITEM_LABELS]
    if items:
        return _l("Rejected on formal grounds: %(reason)s", reason=", ".join(items))
    return _l("Rejected on formal grounds.")


def outcomes(call: Call) -> list[Outcome]:
    """Every submitted offer of the call: the ranked ones in ranking order, then those the formal check
    turned down, each with its award and the reason it would be told (in a few queries)."""
    awards = _awards(call)
    remaining = call_money(call).remaining
    found = []
    ranked = ranking.ranking(call)
    funded_scores = [entry.score for entry in ranked if entry.offer.id in awards and entry.score is not None]
    lowest_funded = min(funded_scores) if funded_scores else None
    ranked_ids = set()
    for entry in ranked:
        ranked_ids.add(entry.offer.id)
        requested = entry.offer.requested_grant or ZERO
        if entry.score is None:
            reason = _l("The offer was not scored.")
        elif requested > remaining and (lowest_funded is None or entry.score <= lowest_funded):
            reason = _l("Score below the funded offers; the pool was used up.")
        else:
            reason = _l("Not funded by the department's decision on the commission's ranking.")
        found.append(Outcome(entry.offer, entry.score, entry.place, entry.tied, awards.get(entry.offer.id), reason))
    for offer in _submitted(call):
        if offer.id not in ranked_ids:
            found.append(Outcome(offer, None, None, False, awards.get(offer.id), _formal_reason(offer)))
    return found


def offer_in_call_or_404(call: Call, offer_id) -> Offer:
    """A submitted or withdrawn offer of this call (the offer is the applicant's row, the call the department's,
    so ``get_child_or_404``, which asks them to share an organisation, does not fit); 404 otherwise."""
    offer_id = parse_id(offer_id)
    offer = None if offer_id is None else db.session.execute(
        select(Offer).where(Offer.id == offer_id, Offer.call_id == call.id,
                            Offer.status != OfferStatus.DRAFT)).scalar_one_or_none()
    if offer is None:
        abort(404)
    return offer


def _require_awarding(call: Call) -> None:
    if call.status == CallStatus.DECIDED:
        raise ServiceError(PUBLISHED)
    if not awarding_open(call):
        raise ServiceError(NOT_YET)


def _ranked_offer(call: Call, offer: Offer) -> None:
    if offer.call_id != call.id or offer.status != OfferStatus.SUBMITTED \
            or offer.formal_outcome != FormalOutcome.PASSED:
        raise ServiceError(_l("Only an offer in the call's ranking can be funded."))
    if offer.id not in ranking.final_scores(call):
        raise ServiceError(_l("The commission has not scored this offer."))


def decide(call: Call, offer: Offer, amount: Decimal | None, reason: str | None, *, actor) -> Award:
    """Department admin or officer: fund a ranked offer of the call with an amount (within the pool and the
    budget line, under the line's lock; ``awards.decide_award``)."""
    _require_awarding(call)
    _ranked_offer(call, offer)
    if amount is None:
        raise ServiceError(_l("Give an amount greater than zero."), field="amount")
    if reason and len(reason) > REASON_MAX:
        raise ServiceError(_l("Keep the reason under %(num)d characters.", num=REASON_MAX), field="reason")
    return decide_award(offer, amount, line=call.budget_line, call=call, actor=actor, reason=reason)


def withdraw(call: Call, offer: Offer, *, actor) -> None:
    """Department admin or officer: take an award back before the results are published."""
    _require_awarding(call)
    award = award_of(offer) if offer.call_id == call.id else None
    if award is None:
        raise ServiceError(_l("This offer has no award to withdraw."))
    withdraw_award(award, actor=actor)


def set_outcome_reason(call: Call, offer: Offer, reason: str | None, *, actor) -> bool:
    """Department admin or officer: the reason an offer is not funded, as its organisation will be told when the
    results are published (blank: the computed one). Returns whether anything changed."""
    if call.status == CallStatus.DECIDED:
        raise ServiceError(PUBLISHED)
    if call.status not in (CallStatus.FORMAL_CHECK, CallStatus.EVALUATION):
        raise ServiceError(NOT_YET)
    if offer.call_id != call.id or offer.status != OfferStatus.SUBMITTED:
        raise ServiceError(_l("Only a submitted offer of this call has an outcome."))
    reason = (reason or "").strip() or None
    if reason and len(reason) > REASON_MAX:
        raise ServiceError(_l("Keep the reason under %(num)d characters.", num=REASON_MAX), field="outcome_reason")
    if reason == offer.outcome_reason:
        return False
    offer.outcome_reason = reason
    db.session.flush()
    record_event("offer.outcome_reason_written", actor=actor, organisation_id=offer.organisation_id,
                 details={"offer": offer.id, "call": call.id})
    return True


def unready(call: Call) -> list:
    """Why the results cannot be published yet (an empty list: they can)."""
    if call.status == CallStatus.DECIDED:
        return [PUBLISHED]
    if not awarding_open(call):
        return [NOT_YET]
    problems = []
    offers = _submitted(call)
    if not offers:
        return [_l("No offer was submitted: annul the call instead.")]
    waiting = [offer for offer in offers if offer.formal_outcome not in (FormalOutcome.PASSED, FormalOutcome.REJECTED)]
    if waiting:
        problems.append(lazy_ngettext("The formal check of %(num)d offer is not finished.",
                                      "The formal check of %(num)d offers is not finished.", len(waiting)))
    scores = ranking.final_scores(call)
    unscored = [offer for offer in offers if offer.formal_outcome == FormalOutcome.PASSED and offer.id not in scores]
    if unscored:
        problems.append(lazy_ngettext("%(num)d offer in the ranking has no score.",
                                      "%(num)d offers in the ranking have no score.", len(unscored)))
    return problems


def publish_results(call: Call, *, actor) -> int:
    """Department admin or officer: publish the call's results (the call becomes DECIDED); every offer not funded
    keeps the reason it is told, every applicant organisation is e-mailed after the commit. Returns how many
    organisations were told."""
    lock_row(call.budget_line)  # no award is decided on the line while the results are being published
    lock_row(call)
    problems = unready(call)
    if problems:
        raise ServiceError(problems[0])
    now = utcnow()
    found = outcomes(call)
    for outcome in found:
        outcome.offer.decided_at = now
        if not outcome.funded and not outcome.offer.outcome_reason:
            with force_locale("pl"):
                outcome.offer.outcome_reason = str(outcome.default_reason)
    call.status = CallStatus.DECIDED
    call.results_published_at = now
    db.session.flush()
    committed = call_money(call).committed
    record_event("call.results_published", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"funded": sum(1 for o in found if o.funded),
                          "not_funded": sum(1 for o in found if not o.funded), "committed": str(committed)})
    return _tell_applicants(call, found)


def _tell_applicants(call: Call, found: list[Outcome]) -> int:
    """E-mail each applicant organisation's admins and coordinators its offers' results, in their language."""
    by_organisation: dict[int, list[Outcome]] = defaultdict(list)
    for outcome in found:
        by_organisation[outcome.offer.organisation_id].append(outcome)
    link = url_for("calls.call_page", call_id=call.id, _external=True) if has_request_context() else None
    for organisation_id, theirs in by_organisation.items():
        for user in organisation_contacts(organisation_id):
            locale = user.locale or "pl"
            title = call.text("title", locale)
            send_mail(user.email, _l("Results of the call: %(title)s", title=title), "call_results", locale,
                      call=call, title=title, outcomes=theirs, link=link,
                      workspace=workspace_link(organisation_id))
    return len(by_organisation)


# -- the public side ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicResult:
    """One line of a decided call's published results."""

    applicant: str
    title: str
    score: Decimal | None
    amount: Decimal | None


@dataclass(frozen=True)
class PublicResults:
    """A decided call's results: funded and not funded offers with their totals."""

    funded: list[PublicResult]
    not_funded: list[PublicResult]
    requested: Decimal
    awarded: Decimal


def published_scores(call: Call) -> dict[int, Decimal]:
    """{offer id: final score} of a call whose results are published, for anyone to read.

    The scores are the department's rows and are not public (nor is who gave what); the mean of
    each offer is part of the published results. Read in the system's view, for a DECIDED call
    only, and nothing but the means leaves this function. A named exception of
    tests/security/test_scope_discipline.py: a public page must not write the audit log.
    """
    if call.status != CallStatus.DECIDED:
        return {}
    with system_scope("calls.published_scores: the means of a decided call's scores are public"):
        return ranking.final_scores(call)


def _by_score(line: PublicResult):
    return (line.score is None, -(line.score or 0), line.title)


def public_results(call: Call) -> PublicResults | None:
    """The published results of a decided call (call in the public scope: offers and awards of a decided call
    are public), funded first by score, then the rest by score."""
    if call.status != CallStatus.DECIDED:
        return None
    scores = published_scores(call)
    awards = _awards(call)
    funded, not_funded = [], []
    requested = ZERO
    for offer in _submitted(call):
        award = awards.get(offer.id)
        line = PublicResult(offer.applicant.get("name", ""), offer.title, scores.get(offer.id),
                            award.amount if award else None)
        requested += offer.requested_grant or ZERO
        (funded if award else not_funded).append(line)
    return PublicResults(sorted(funded, key=_by_score), sorted(not_funded, key=_by_score), requested,
                         sum((award.amount for award in awards.values()), ZERO))
