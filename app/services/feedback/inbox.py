"""Residents' feedback in the organisation's and the department's inbox: reading and handling it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from app.database import lock_row
from app.extensions import db
from app.models import Event, Feedback, FeedbackStatus, ListingKind, Service, VolunteerOpportunity, utcnow
from app.services import ServiceError
from app.services.audit.log import record_event
from app.tenancy import require_department_view

NOTE_MAX = 2000
LISTING_MODELS = {ListingKind.SERVICE: Service, ListingKind.EVENT: Event,
                  ListingKind.VOLUNTEERING: VolunteerOpportunity}
HANDLED_STATUSES = (FeedbackStatus.RESOLVED, FeedbackStatus.DISMISSED)
WAITING_SHOWN = 5  # the oldest waiting reports an overview lists
RECENT_SHOWN = 10  # the latest reports an organisation's page in the console lists


def listing_title(listing) -> str:
    """The Polish name of a service, event or volunteering opportunity."""
    return getattr(listing, "name_pl", None) or getattr(listing, "title_pl", "")


def feedback_query(*, status: str = "", organisation_id: int | None = None):
    """Reports in the active scope, newest first, by status ('' for all) and organisation."""
    query = select(Feedback)
    if status:
        query = query.where(Feedback.status == FeedbackStatus(status))
    if organisation_id:
        query = query.where(Feedback.organisation_id == organisation_id)
    return query.order_by(Feedback.created_at.desc(), Feedback.id.desc())


def listing_titles(reports) -> dict[tuple[str, int], str]:
    """{(kind, id): Polish title} of the listings the reports are about (read in the active scope)."""
    wanted: dict[ListingKind, set[int]] = {}
    for report in reports:
        wanted.setdefault(report.kind, set()).add(report.object_id)
    titles = {}
    for kind, ids in wanted.items():
        model = LISTING_MODELS.get(kind)
        if model is None:
            continue
        for listing in db.session.execute(select(model).where(model.id.in_(ids))).unique().scalars():
            titles[(str(kind), listing.id)] = listing_title(listing)
    return titles


def listing_of(report: Feedback):
    """The service, event or volunteering offer a report is about, read in the active scope (None when gone)."""
    model = LISTING_MODELS.get(report.kind)
    if model is None:
        return None
    return db.session.execute(select(model).where(model.id == report.object_id)).unique().scalar_one_or_none()


@dataclass(frozen=True)
class WaitingFeedback:
    """Reports waiting for an answer: how many, and the oldest few with the titles of their listings."""

    count: int
    oldest: list[Feedback]
    titles: dict[tuple[str, int], str]


def waiting_feedback(*, organisation_id: int | None = None, shown: int = WAITING_SHOWN) -> WaitingFeedback:
    """Reports waiting for an answer, oldest first: one organisation's, or (department view) the whole city's."""
    if organisation_id is None:
        require_department_view()  # a narrower scope would quietly count less
    criteria = [Feedback.status == FeedbackStatus.NEW]
    if organisation_id is not None:
        criteria.append(Feedback.organisation_id == organisation_id)
    count = db.session.execute(select(func.count(Feedback.id)).where(*criteria)).scalar_one()
    oldest = list(db.session.execute(
        select(Feedback).where(*criteria).order_by(Feedback.created_at, Feedback.id).limit(shown)
    ).scalars()) if count and shown else []
    return WaitingFeedback(count, oldest, listing_titles(oldest))


def recent_feedback(organisation_id: int, *, shown: int = RECENT_SHOWN) -> tuple[list[Feedback], dict]:
    """One organisation's latest reports, waiting ones first, with the titles of their listings."""
    reports = list(db.session.execute(
        select(Feedback).where(Feedback.organisation_id == organisation_id)
        .order_by(case((Feedback.status == FeedbackStatus.NEW, 0), else_=1), Feedback.created_at.desc(),
                  Feedback.id.desc())
        .limit(shown)
    ).scalars())
    return reports, listing_titles(reports)


def handle_feedback(report: Feedback, status: FeedbackStatus | str, note: str | None, *, actor,
                  as_department: bool) -> None:
    """Close a waiting report as resolved (corrected) or dismissed (not a mistake, or spam)."""
    try:
        status = FeedbackStatus(status)
    except ValueError:
        raise ServiceError(_l("Choose what happened to the report."), field="status") from None
    if status not in HANDLED_STATUSES:
        raise ServiceError(_l("Choose what happened to the report."), field="status")
    lock_row(report)  # of two people handling it at once, the second is told
    if report.status != FeedbackStatus.NEW:
        raise ServiceError(_l("This report has already been handled."), field="status")
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise ServiceError(_l("Write at most %(max)d characters.", max=NOTE_MAX), field="note")
    report.status = status
    report.response_note = note
    report.handled_by_id = actor.id
    report.handled_at = utcnow()
    record_event(f"feedback.{status.value}", actor=actor, organisation_id=report.organisation_id,
                 target=report, details={"by": "department" if as_department else "organisation",
                                         "note_given": note is not None})
    db.session.flush()
