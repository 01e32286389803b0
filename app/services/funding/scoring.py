"""The evaluator's side: a commission member declares conflicts, then scores the offers assigned to them.

A member sees only the offers assigned to them (another assignment is a 404), and only their own
scores until the commission closes. Before seeing an offer the member declares a conflict of
interest or none: a conflict excludes them from it. Then they score each criterion of the call
(0 to its maximum, halves allowed) with a justification, save as often as they like, and finish.
A finished assignment may still be changed until the commission closes (each save is audited);
once it closes, nothing changes and the ranking is shown to the members.

Members from organisations act in their own organisation's scope, so everything here reads and
writes the department's rows and the applicant's offer inside ``evaluator_view``: a change in a
widened scope (written to the audit log), a page that is only read in the named system scope
``evaluation.*`` (a GET never writes, not even the audit log; the member's own assignments only:
every query names the member's seats). Which commissions a person sits on is read first
(``evaluation.seats``, their own seats only, as their memberships are read at sign-in): a person
on no commission reads nothing more.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Assignment,
    Call,
    CallCriterion,
    CallStatus,
    CommissionMember,
    CommissionRole,
    Exclusion,
    Offer,
    Score,
    utcnow,
)
from app.services import Problems, ServiceError
from app.services.audit.log import record_event, widened_scope
from app.services.funding.ranking import figures
from app.tenancy import parse_id, system_scope

SEATED = (CallStatus.EVALUATION, CallStatus.DECIDED)  # calls whose members see their work
JUSTIFICATION_MAX = 4000
HALF = Decimal("0.5")


def seats_of(user) -> list[tuple[int, int]]:
    """(member id, call id) of each commission the person sits on whose call is in evaluation or decided."""
    if user is None:
        return []
    with system_scope("evaluation.seats: the commissions a person sits on, before anything is shown"):
        return [(member_id, call_id) for member_id, call_id in db.session.execute(
            select(CommissionMember.id, CommissionMember.call_id)
            .join(Call, Call.id == CommissionMember.call_id)
            .where(CommissionMember.user_id == user.id, Call.status.in_(SEATED))).all()]


@contextlib.contextmanager
def evaluator_view(user, purpose: str, *, writes: bool = False) -> Iterator[None]:
    """Read (and, with ``writes``, change) the department's evaluation rows and the applicants' offers for a
    commission member. A change is made in a widened scope, written to the audit log with the change's own
    entries; a page only read (a GET never writes, not even the audit log) is read in the named system scope
    ``evaluation.*``. The page is drawn inside it, so that the offer's parts load whole."""
    if writes:
        with widened_scope(f"evaluation.{purpose}: a commission member's own assignment", actor=user,
                           view="department"):
            yield
    else:
        with system_scope("evaluation.read: a commission member reads their own assignments"):
            yield


# -- what a member sees ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AssignmentLine:
    """One line of a member's list: the offer's receipt and title and where the assignment stands (nothing more
    is loaded: a commission of a large call lists hundreds)."""

    id: int
    receipt_number: str | None
    title: str
    state: str
    excluded: Exclusion | None


@dataclass(frozen=True)
class Seat:
    """A member's place on one call's commission, with their assignments."""

    member: CommissionMember
    assignments: list[AssignmentLine]

    @property
    def call(self) -> Call:
        return self.member.call

    @property
    def closed(self) -> bool:
        return self.member.call.commission_closed_at is not None


class State:
    """Where an assignment stands for its member."""

    DECLARE, SCORE, FINISHED, EXCLUDED = "declare", "score", "finished", "excluded"


def state_of(assignment: Assignment) -> str:
    """Declare conflicts first, to score, finished, or excluded."""
    if assignment.excluded is not None:
        return State.EXCLUDED
    if assignment.declared_at is None:
        return State.DECLARE
    return State.FINISHED if assignment.finished_at is not None else State.SCORE


def my_seats(seats: list[tuple[int, int]]) -> list[Seat]:
    """The member's commissions with their assignments (call inside ``evaluator_view``)."""
    if not seats:
        return []
    member_ids = [member_id for member_id, _ in seats]
    members = list(db.session.execute(
        select(CommissionMember).where(CommissionMember.id.in_(member_ids))
        .options(selectinload(CommissionMember.call))).scalars())
    lines: dict[int, list[AssignmentLine]] = {member_id: [] for member_id in member_ids}
    state = case((Assignment.excluded.isnot(None), State.EXCLUDED), (Assignment.declared_at.is_(None), State.DECLARE),
                 (Assignment.finished_at.isnot(None), State.FINISHED), else_=State.SCORE)
    for member_id, *values in db.session.execute(
            select(Assignment.member_id, Assignment.id, Offer.receipt_number, Offer.title, state, Assignment.excluded)
            .join(Offer, Offer.id == Assignment.offer_id)
            .where(Assignment.member_id.in_(member_ids))
            .order_by(Offer.receipt_number, Assignment.id)):
        lines[member_id].append(AssignmentLine(*values))
    return [Seat(member, lines[member.id])
            for member in sorted(members, key=lambda m: m.call.closes_at, reverse=True)]


def seat_on(call_id, seats: list[tuple[int, int]]) -> Seat:
    """The member's seat on one call's commission (call inside ``evaluator_view``); 404 for any other call."""
    wanted = parse_id(call_id)
    member_id = next((member for member, call in seats if call == wanted), None)
    if member_id is None:
        abort(404)
    return next(seat for seat in my_seats([(member_id, wanted)]))


def assignment_of(assignment_id, seats: list[tuple[int, int]]) -> Assignment:
    """One of the member's own assignments (call inside ``evaluator_view``); 404 for anyone else's."""
    wanted = parse_id(assignment_id)
    if wanted is None or not seats:
        abort(404)
    assignment = db.session.execute(select(Assignment).where(
        Assignment.id == wanted, Assignment.member_id.in_([member_id for member_id, _ in seats]))).scalar_one_or_none()
    if assignment is None:
        abort(404)
    return assignment


def may_see_progress(member: CommissionMember) -> bool:
    """The chair and the secretary follow who has not finished."""
    return member.role in (CommissionRole.CHAIR, CommissionRole.SECRETARY)


def my_scores(assignment: Assignment) -> dict[int, Score]:
    """{criterion id: score} of the member's own assignment."""
    return {score.criterion_id: score for score in assignment.scores}


# -- what a member does ----------------------------------------------------------------------------------

def _evaluating(assignment: Assignment) -> Call:
    call = assignment.member.call
    if call.status != CallStatus.EVALUATION or call.commission_closed_at is not None:
        raise ServiceError(_l("The commission has closed: nothing can change any more."))
    if assignment.member.role == CommissionRole.SECRETARY:
        raise ServiceError(_l("The secretary keeps the record and does not score."))
    return call


def declare(assignment: Assignment, conflict: bool, *, actor) -> None:
    """A member, before seeing the offer: declare a conflict of interest (which excludes them from it) or none."""
    _evaluating(assignment)
    if assignment.excluded is not None or assignment.declared_at is not None:
        raise ServiceError(_l("You have declared on this offer already."))
    assignment.declared_at = utcnow()
    if conflict:
        assignment.excluded = Exclusion.DECLARED
    record_event("assignment.declared", actor=actor, organisation_id=assignment.organisation_id,
                 target=assignment, details={"conflict": bool(conflict), "offer": assignment.offer_id})
    db.session.flush()


def _points(value, criterion: CallCriterion, field: str) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        points = Decimal(text)
    except InvalidOperation:
        points = None
    if points is None or not points.is_finite() or points < 0 or points > criterion.max_points \
            or points % HALF != 0:
        raise ServiceError(_l("Give from 0 to %(max)d points (halves allowed).", max=criterion.max_points),
                           field=field)
    return points.quantize(Decimal("0.01"))


def save_scores(assignment: Assignment, rows: list[dict], *, finish: bool, actor) -> None:
    """A member: save their points and justifications for the criteria of the call; ``finish`` when every
    criterion is scored. A blank row stays unscored (until finishing); a change after finishing is kept too."""
    call = _evaluating(assignment)
    if assignment.excluded is not None:
        raise ServiceError(_l("You are excluded from this offer."))
    if assignment.declared_at is None:
        raise ServiceError(_l("Declare first whether you have a conflict of interest."))
    criteria = list(call.criteria)
    problems, values = Problems(), {}
    for index, criterion in enumerate(criteria):
        row = rows[index] if index < len(rows) else {}
        points = problems.check(_points, row.get("points"), criterion, f"criteria-{index}-points")
        text = str(row.get("justification") or "").strip()
        if len(text) > JUSTIFICATION_MAX:
            problems.errors.append(ServiceError(_l("Write at most %(max)d characters.", max=JUSTIFICATION_MAX),
                                                field=f"criteria-{index}-justification"))
        elif points is not None and not text:
            problems.errors.append(ServiceError(_l("Justify the points."), field=f"criteria-{index}-justification"))
        elif points is None and text and not any(e.field == f"criteria-{index}-points" for e in problems.errors):
            problems.errors.append(ServiceError(_l("Give the points."), field=f"criteria-{index}-points"))
        elif points is None and finish and not any(e.field == f"criteria-{index}-points" for e in problems.errors):
            problems.errors.append(ServiceError(_l("Score every criterion to finish."),
                                                field=f"criteria-{index}-points"))
        if points is not None and text:
            values[criterion.id] = (points, text)
    problems.raise_any()
    existing = my_scores(assignment)
    for criterion in criteria:
        score = existing.get(criterion.id)
        if criterion.id in values:
            points, text = values[criterion.id]
            if score is None:
                assignment.scores.append(Score(organisation_id=assignment.organisation_id, criterion_id=criterion.id,
                                               points=points, justification=text))
            else:
                score.points, score.justification = points, text
    total = sum((points for points, _ in values.values()), Decimal(0))
    record_event("score.entered", actor=actor, organisation_id=assignment.organisation_id, target=assignment,
                 details={"offer": assignment.offer_id, "criteria": len(values), "total": str(total)})
    if finish and assignment.finished_at is None:
        assignment.finished_at = utcnow()
        record_event("assignment.finished", actor=actor, organisation_id=assignment.organisation_id,
                     target=assignment, details={"offer": assignment.offer_id, "total": str(total)})
    db.session.flush()


# -- after the commission closed -------------------------------------------------------------------------

def criterion_means(call: Call) -> dict[int, dict[int, Decimal]]:
    """{offer id: {criterion id: the mean of the finished, non-excluded members' points}} (one query)."""
    return {offer_id: found.means for offer_id, found in figures(call).items()}
