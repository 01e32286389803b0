"""A call's evaluation commission, kept by the department: its members, their assignments, progress, closing.

Members are department staff or people of other organisations (``represents``); each has a role:
the chair, members, and the secretary, who keeps the record and does not score. The department
assigns the offers that passed the formal check — by default every one to every scoring member —
and may change one member's assignments. A member who belongs to the applicant or to a joint
applicant is excluded from that offer at once (``Exclusion.APPLICANT``). A member is removed only
before their work began (no declaration made). The commission closes when every assignment not
excluded is finished: the scores are final, and members may see the ranking.

Everything here runs in the department's view (the department's console).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Assignment,
    AuditEvent,
    Call,
    CallStatus,
    CommissionMember,
    CommissionRole,
    Exclusion,
    FormalOutcome,
    Membership,
    Offer,
    OfferPartner,
    OfferStatus,
    Organisation,
    Score,
    utcnow,
)
from app.services import ServiceError
from app.services.accounts.users import find_user_by_email
from app.services.audit.log import record_event
from app.services.funding.ranking import evaluated_offers
from app.tenancy import parse_id
from app.unit_of_work import unique

ALREADY_MEMBER = _l("This person is a member of the commission already.")
unique("uq_commission_member", ALREADY_MEMBER, field="email")
unique("uq_assignment", _l("The offer is assigned to this member already."))
OPEN_STATUSES = (CallStatus.PUBLISHED, CallStatus.FORMAL_CHECK, CallStatus.EVALUATION)


def members_of(call: Call) -> list[CommissionMember]:
    """The commission of a call: the chair first, then members, then the secretary."""
    order = {CommissionRole.CHAIR: 0, CommissionRole.MEMBER: 1, CommissionRole.SECRETARY: 2}
    members = list(db.session.execute(
        select(CommissionMember).where(CommissionMember.call_id == call.id).order_by(CommissionMember.id)
        .options(selectinload(CommissionMember.user), selectinload(CommissionMember.represents))).scalars())
    return sorted(members, key=lambda member: (order[member.role], member.id))


def _open_commission(call: Call) -> None:
    if call.status not in OPEN_STATUSES or call.commission_closed_at is not None:
        raise ServiceError(_l("The commission of this call can no longer change."))


def _one_of_role(call: Call, role: CommissionRole) -> None:
    if role in (CommissionRole.CHAIR, CommissionRole.SECRETARY) and any(
            member.role == role for member in members_of(call)):
        message = (_l("The commission has a chair already.") if role == CommissionRole.CHAIR
                   else _l("The commission has a secretary already."))
        raise ServiceError(message, field="role")


def add_member(call: Call, data: dict, *, department: Organisation, actor) -> CommissionMember:
    """Department admin or officer: name a person to the commission by e-mail: department staff, or a user of
    another organisation (who represents it)."""
    _open_commission(call)
    user = find_user_by_email(str(data.get("email") or "").strip())
    if user is None or not user.is_active_account:
        raise ServiceError(_l("No active account has this e-mail address."), field="email")
    try:
        role = CommissionRole(data.get("role") or "")
    except ValueError:
        raise ServiceError(_l("Choose from the list."), field="role") from None
    _one_of_role(call, role)
    organisations = {membership.organisation_id for membership in db.session.execute(
        select(Membership).where(Membership.user_id == user.id)).scalars()}
    if not organisations:
        raise ServiceError(_l("This person belongs to no organisation: invite them to one first."), field="email")
    represents = None
    if department.id not in organisations:
        chosen = data.get("represents_id")
        if chosen:
            if parse_id(chosen) not in organisations:
                raise ServiceError(_l("This person does not belong to the organisation chosen."),
                                   field="represents_id")
            represents = parse_id(chosen)
        elif len(organisations) == 1:
            represents = next(iter(organisations))
        else:
            raise ServiceError(_l("This person belongs to several organisations: choose the one they represent."),
                               field="represents_id")
    if db.session.execute(select(CommissionMember.id).where(CommissionMember.call_id == call.id,
                                                            CommissionMember.user_id == user.id)).first():
        raise ServiceError(ALREADY_MEMBER, field="email")
    member = CommissionMember(organisation_id=call.organisation_id, call_id=call.id, user_id=user.id, role=role,
                              represents_id=represents)
    db.session.add(member)
    db.session.flush()
    record_event("commission.member_added", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"member": member.id, "user": user.id, "role": role.value, "represents": represents})
    return member


def started(member: CommissionMember) -> bool:
    """Whether the member's work began: a declaration made on any offer."""
    return any(assignment.declared_at is not None for assignment in member.assignments)


def remove_member(member: CommissionMember, *, actor) -> None:
    """Department admin or officer: take a member off the commission before their work began."""
    _open_commission(member.call)
    if started(member):
        raise ServiceError(_l("This member has begun evaluating: they can no longer be removed."))
    record_event("commission.member_removed", actor=actor, organisation_id=member.organisation_id,
                 target=member.call, details={"member": member.id, "user": member.user_id})
    db.session.delete(member)
    db.session.flush()


# -- assignments -----------------------------------------------------------------------------------------

def _applicants(offers: list[Offer]) -> dict[int, set[int]]:
    """{offer id: the organisations applying with it (the applicant and joint applicants)} (one query)."""
    found = {offer.id: {offer.organisation_id} for offer in offers}
    if offers:
        for offer_id, partner_id in db.session.execute(
                select(OfferPartner.offer_id, OfferPartner.partner_id)
                .where(OfferPartner.offer_id.in_(list(found)))).all():
            found[offer_id].add(partner_id)
    return found


def _organisations_of(members: list[CommissionMember]) -> dict[int, set[int]]:
    """{user id: the organisations they belong to} (one query)."""
    found: dict[int, set[int]] = defaultdict(set)
    user_ids = [member.user_id for member in members]
    if user_ids:
        for user_id, organisation_id in db.session.execute(
                select(Membership.user_id, Membership.organisation_id).where(Membership.user_id.in_(user_ids))).all():
            found[user_id].add(organisation_id)
    return found


def _assign(member: CommissionMember, offer: Offer, applicants: dict, organisations: dict) -> Assignment:
    excluded = Exclusion.APPLICANT if applicants[offer.id] & organisations.get(member.user_id, set()) else None
    assignment = Assignment(organisation_id=member.organisation_id, member_id=member.id, offer_id=offer.id,
                            excluded=excluded)
    db.session.add(assignment)
    return assignment


def _assignable(call: Call) -> list[Offer]:
    _open_commission(call)
    if call.status not in (CallStatus.FORMAL_CHECK, CallStatus.EVALUATION):
        raise ServiceError(_l("Offers are assigned once the formal check has begun."))
    return evaluated_offers(call)


def assign_all(call: Call, *, actor) -> int:
    """Department admin or officer: assign every offer that passed the formal check to every scoring member (those
    not assigned yet); members from an applicant are excluded from its offer. Returns how many were added."""
    offers = _assignable(call)
    members = [member for member in members_of(call) if member.role != CommissionRole.SECRETARY]
    if not members:
        raise ServiceError(_l("Name the commission's members first."))
    applicants, organisations = _applicants(offers), _organisations_of(members)
    added = 0
    for member in members:
        have = {assignment.offer_id for assignment in member.assignments}
        for offer in offers:
            if offer.id not in have:
                _assign(member, offer, applicants, organisations)
                added += 1
    db.session.flush()
    record_event("commission.assigned", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"added": added})
    return added


def set_assignments(member: CommissionMember, offer_ids, *, actor) -> None:
    """Department admin or officer: the offers one member evaluates (an assignment already begun stays)."""
    call = member.call
    offers = {offer.id: offer for offer in _assignable(call)}
    if member.role == CommissionRole.SECRETARY:
        raise ServiceError(_l("The secretary keeps the record and does not score."), field="offers")
    wanted = set()
    for value in offer_ids or []:
        try:
            wanted.add(int(value))
        except (TypeError, ValueError):
            raise ServiceError(_l("Choose from the list."), field="offers") from None
    if wanted - offers.keys():
        raise ServiceError(_l("Choose from the list."), field="offers")
    current = {assignment.offer_id: assignment for assignment in member.assignments}
    for offer_id, assignment in current.items():
        if offer_id not in wanted:
            if assignment.declared_at is not None or assignment.scores:
                raise ServiceError(_l("The member has begun evaluating “%(title)s”: it stays assigned.",
                                      title=assignment.offer.title), field="offers")
            db.session.delete(assignment)
    new = [offers[offer_id] for offer_id in sorted(wanted - current.keys())]
    applicants, organisations = _applicants(new), _organisations_of([member])
    for offer in new:
        _assign(member, offer, applicants, organisations)
    db.session.flush()
    record_event("commission.assignments_changed", actor=actor, organisation_id=member.organisation_id,
                 target=call, details={"member": member.id, "offers": sorted(wanted)})


# -- progress and closing --------------------------------------------------------------------------------

@dataclass
class Progress:
    """One member's work: how many offers assigned, declared (declarations the member made: an exclusion for
    belonging to the applicant is not one), excluded (either way), finished, and the offers not finished yet."""

    member: CommissionMember
    assigned: int = 0
    declared: int = 0
    finished: int = 0
    excluded: int = 0
    waiting: list[Offer] = field(default_factory=list)  # offers not finished (not excluded)

    @property
    def begun(self) -> bool:
        """Whether the member has begun their work (declared on an offer): then they stay on the commission."""
        return self.declared > 0

    @property
    def done(self) -> bool:
        return not self.waiting


def _counts(call: Call) -> dict[int, tuple[int, int, int, int, int]]:
    """{member id: (assigned, declarations made, excluded, finished)} (one query). An exclusion for belonging
    to the applicant is no declaration: only an assignment with ``declared_at`` counts as declared."""
    excluded = Assignment.excluded.isnot(None)
    return {member_id: tuple(counts) for member_id, *counts in db.session.execute(
        select(Assignment.member_id, func.count(Assignment.id),
               func.count(Assignment.declared_at),
               func.count(case((excluded, 1))),
               func.count(case((and_(Assignment.excluded.is_(None), Assignment.finished_at.isnot(None)), 1))))
        .join(CommissionMember, CommissionMember.id == Assignment.member_id)
        .where(CommissionMember.call_id == call.id).group_by(Assignment.member_id)).all()}


def progress(call: Call, *, scoring_only: bool = True) -> list[Progress]:
    """Each member's progress (the secretary does not score: left out unless ``scoring_only`` is false), counted
    in the database; the unfinished offers are read in one more query."""
    counts = _counts(call)
    waiting: dict[int, list[Offer]] = defaultdict(list)
    for member_id, offer in db.session.execute(
            select(Assignment.member_id, Offer).join(Offer, Offer.id == Assignment.offer_id)
            .join(CommissionMember, CommissionMember.id == Assignment.member_id)
            .where(CommissionMember.call_id == call.id, Assignment.excluded.is_(None),
                   Assignment.finished_at.is_(None)).order_by(Offer.receipt_number)).all():
        waiting[member_id].append(offer)
    rows = []
    for member in members_of(call):
        if scoring_only and member.role == CommissionRole.SECRETARY:
            continue
        assigned, declared, excluded, finished = counts.get(member.id, (0, 0, 0, 0))
        rows.append(Progress(member, assigned, declared, finished, excluded, waiting.get(member.id, [])))
    return rows


def close_commission(call: Call, *, actor) -> None:
    """Department admin or officer: close the commission once every assignment not excluded is finished; the
    scores are final and members may see them and the ranking."""
    if call.status != CallStatus.EVALUATION or call.commission_closed_at is not None:
        raise ServiceError(_l("Only a commission evaluating offers can be closed, once."))
    rows = progress(call)
    unfinished = [row.member.user.full_name or row.member.user.email for row in rows if not row.done]
    if unfinished:
        raise ServiceError(_l("Not everyone has finished: %(names)s.", names=", ".join(unfinished)))
    if not any(row.finished for row in rows):
        raise ServiceError(_l("No offer has been scored yet."))
    call.commission_closed_at = utcnow()
    record_event("commission.closed", actor=actor, organisation_id=call.organisation_id, target=call,
                 details={"members": len(rows)})
    db.session.flush()


# -- the minutes -----------------------------------------------------------------------------------------

@dataclass
class OfferRecord:
    """One offer in the minutes: each member's assignment with their scores by criterion."""

    offer: Offer
    assignments: list[Assignment]
    scores: dict[int, dict[int, Score]]  # {assignment id: {criterion id: score}}


def minutes(call: Call) -> dict:
    """What the minutes (protokół) are written from: the commission, the dates of each stage, declarations and
    exclusions, every score with its justification, and the formally rejected offers with their reasons.

    Nobody reads another member's scores before the commission closes (a chair who scores included): until
    ``call.commission_closed_at`` the record has no scores at all (``scores_shown`` is false)."""
    members = members_of(call)
    offers = evaluated_offers(call)
    assignments = list(db.session.execute(
        select(Assignment).join(CommissionMember, CommissionMember.id == Assignment.member_id)
        .where(CommissionMember.call_id == call.id).order_by(Assignment.member_id)).scalars())
    scores: dict[int, dict[int, Score]] = defaultdict(dict)
    scores_shown = call.commission_closed_at is not None
    if assignments and scores_shown:
        for score in db.session.execute(select(Score).where(
                Score.assignment_id.in_([assignment.id for assignment in assignments]))).scalars():
            scores[score.assignment_id][score.criterion_id] = score
    by_offer: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_offer[assignment.offer_id].append(assignment)
    stages = {event.action: event.occurred_at for event in db.session.execute(
        select(AuditEvent).where(AuditEvent.object_type == "Call", AuditEvent.object_id == call.id,
                                 AuditEvent.action.in_(["call.formal_check_started", "call.evaluation_started"]))
        .order_by(AuditEvent.id)).scalars()}
    rejected = list(db.session.execute(
        select(Offer).where(Offer.call_id == call.id, Offer.status == OfferStatus.SUBMITTED,
                            Offer.formal_outcome == FormalOutcome.REJECTED).order_by(Offer.receipt_number)).scalars())
    return {"members": members, "offers": [OfferRecord(offer, by_offer.get(offer.id, []), scores) for offer in offers],
            "rejected": rejected, "scores_shown": scores_shown,
            "formal_check_started": stages.get("call.formal_check_started"),
            "evaluation_started": stages.get("call.evaluation_started")}
