"""The department takes a service out of the public directory (with a reason) and puts it back."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.mail import send_mail
from app.models import Organisation, Service, utcnow
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.directory.listing import stale_criteria
from app.services.moderation.review import organisation_contacts, workspace_link
from app.sql import escape_like

REASON_MAX = 2000


def unpublish_service(service, *, actor, reason: str) -> None:
    """Take a service out of the public directory, with a reason the organisation sees.

    Only the department can publish it again (``republish_service``); the organisation's own
    edits keep it unpublished.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Say why the listing is taken down: the organisation will see this."),
                           field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(_l("Keep the reason under %(num)d characters.", num=REASON_MAX), field="reason")
    if service.unpublished_at is not None:
        raise ServiceError(_l("This listing is already taken down."))
    service.is_published = False
    service.unpublished_at = utcnow()
    service.unpublished_reason = reason
    record_event("service.unpublished", actor=actor, organisation_id=service.organisation_id, target=service)
    db.session.flush()
    _notify_unpublished(service, unpublished=True)


def republish_service(service, *, actor) -> None:
    """Put a service the department took down back into the public directory."""
    if service.unpublished_at is None:
        raise ServiceError(_l("Only a listing the department took down can be published again here."))
    service.is_published = True
    service.unpublished_at = None
    service.unpublished_reason = None
    record_event("service.republished", actor=actor, organisation_id=service.organisation_id, target=service)
    db.session.flush()
    _notify_unpublished(service, unpublished=False)


def _notify_unpublished(service, *, unpublished: bool) -> None:
    subject = (_l("Taken out of the directory: %(title)s", title=service.name_pl) if unpublished
               else _l("Back in the directory: %(title)s", title=service.name_pl))
    for user in organisation_contacts(service.organisation_id):
        send_mail(user.email, subject, "listing_unpublished", user.locale or "pl", service=service,
                  unpublished=unpublished, organisation=service.organisation,
                  link=workspace_link(service.organisation_id))


def search_services(*, text: str = "", organisation_id: int | None = None, state: str = ""):
    """The department's list of every service: by name or organisation name, filtered by state.

    ``state="stale"``: the public services not confirmed for 180 days, the longest unconfirmed first.
    """
    query = select(Service).join(Service.organisation)
    words = (text or "").strip().lower()
    if words:
        pattern = "%" + escape_like(words) + "%"
        query = query.where(func.lower(Service.name_pl).like(pattern, escape="\\")
                            | func.lower(Organisation.name).like(pattern, escape="\\"))
    if organisation_id:
        query = query.where(Service.organisation_id == organisation_id)
    if state == "published":
        query = query.where(Service.is_published.is_(True))
    elif state == "unpublished":
        query = query.where(Service.unpublished_at.isnot(None))
    elif state == "new":
        query = query.where(Service.is_published.is_(False), Service.unpublished_at.is_(None))
    elif state == "stale":
        return query.where(*stale_criteria()).order_by(
            Service.last_verified_at.is_not(None), Service.last_verified_at, Service.name_pl, Service.id)
    return query.order_by(Service.name_pl, Service.id)
