"""The demo city's residents' feedback: reports of a mistake waiting, resolved and dismissed.

Content from app/demo/data/feedback.json: each names an organisation, its service (by Polish
name), when it came ("days_ago") and, once handled, when and with what note. Handled ones are
handled by the organisation's first admin or coordinator. Idempotent: a report is found by its
service and message and never added twice.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.demo.content import read
from app.extensions import db
from app.models import (
    Feedback,
    FeedbackStatus,
    ListingKind,
    Membership,
    Organisation,
    Role,
    Service,
    utcnow,
)


def _handler_id(organisation: Organisation) -> int | None:
    return db.session.execute(
        select(Membership.user_id).where(Membership.organisation_id == organisation.id,
                                         Membership.role.in_((Role.ADMIN, Role.COORDINATOR)))
        .order_by(Membership.id).limit(1)).scalar_one_or_none()


def load_feedback(organisations: dict[str, Organisation]) -> int:
    """The demo feedback; returns how many reports were created."""
    created = 0
    now = utcnow()
    for spec in read("feedback"):
        organisation = organisations[spec["organisation"]]
        service_id = db.session.execute(select(Service.id).where(
            Service.organisation_id == organisation.id, Service.name_pl == spec["service"])).scalar_one()
        exists = db.session.execute(select(Feedback.id).where(
            Feedback.organisation_id == organisation.id, Feedback.kind == ListingKind.SERVICE,
            Feedback.object_id == service_id, Feedback.message == spec["message"])).first()
        if exists:
            continue
        status = FeedbackStatus(spec["status"])
        item = Feedback(organisation_id=organisation.id, kind=ListingKind.SERVICE, object_id=service_id,
                        message=spec["message"], reporter_email=spec["reporter_email"], locale=spec["locale"],
                        status=status, created_at=now - timedelta(days=spec["days_ago"]))
        if status != FeedbackStatus.NEW:
            item.handled_by_id = _handler_id(organisation)
            item.handled_at = now - timedelta(days=spec["handled_days_ago"])
            item.response_note = spec["response_note"]
        db.session.add(item)
        created += 1
    db.session.flush()
    return created
