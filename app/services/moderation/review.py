"""Directory moderation: an unverified organisation's listing changes wait for the department.

A verified organisation's changes go live at once. An unverified one's listing editors call
``needs_review`` and, when it answers True, submit a revision (app/services/workflow) instead
of changing the live row; the department approves or rejects it from the moderation queue.
The organisation's admins and coordinators get an e-mail either way (``register_listing``
makes that the follow-up of every listing kind's decision).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import func, select

from app.extensions import db
from app.mail import send_mail
from app.models import ChangeAction, ListingKind, Membership, Revision, RevisionStatus, Role, User
from app.services.workflow import kinds
from app.services.workflow.comparison import title_of

KIND_LABELS = {
    ListingKind.SERVICE: _l("Service"),
    ListingKind.LOCATION: _l("Location"),
    ListingKind.EVENT: _l("Event"),
    ListingKind.VOLUNTEERING: _l("Volunteering offer"),
}

ACTION_LABELS = {
    ChangeAction.CREATE: _l("New listing"),
    ChangeAction.UPDATE: _l("Change"),
    ChangeAction.DELETE: _l("Removal"),
}

STATUS_LABELS = {
    RevisionStatus.PENDING: _l("Waiting for the department"),
    RevisionStatus.APPROVED: lazy_pgettext("change request", "Approved"),
    RevisionStatus.REJECTED: lazy_pgettext("change request", "Rejected"),
    RevisionStatus.RETURNED: lazy_pgettext("change request", "Returned for correction"),
    RevisionStatus.WITHDRAWN: _l("Replaced by a newer change"),
}
LISTING_KINDS = tuple(str(kind) for kind in ListingKind)
DECIDED = (RevisionStatus.APPROVED, RevisionStatus.REJECTED)


def needs_review(organisation) -> bool:
    """True when the organisation's listing changes must wait for the department (not verified)."""
    return not bool(getattr(organisation, "is_verified", False))


def register_listing(kind: ListingKind, *, apply: Callable[[Revision, User], int], labels: Mapping[str, Any],
                     title: Callable[[dict], str], display: Callable[[str, Any], str | None] | None = None) -> None:
    """Make a kind of listing a kind of the workflow, decided by the department, with the organisation told."""
    kinds.register_kind(kind, apply=apply, labels=labels, title=title, display=display,
                        label=KIND_LABELS[ListingKind(kind)], decided=tell_organisation)


def _queue(*, organisation_id: int | None, kind: ListingKind | None):
    query = select(Revision).where(Revision.kind.in_(LISTING_KINDS))
    if organisation_id:
        query = query.where(Revision.organisation_id == organisation_id)
    if kind is not None:
        query = query.where(Revision.kind == str(kind))
    return query


def pending_query(*, organisation_id: int | None = None, kind: ListingKind | None = None):
    """The moderation queue: listing changes that wait, oldest first (the department sees every organisation)."""
    return (_queue(organisation_id=organisation_id, kind=kind).where(Revision.status == RevisionStatus.PENDING)
            .order_by(Revision.created_at, Revision.id))


def decided_query(*, organisation_id: int | None = None, kind: ListingKind | None = None):
    """Approved and rejected listing changes, the latest decision first."""
    return (_queue(organisation_id=organisation_id, kind=kind).where(Revision.status.in_(DECIDED))
            .order_by(Revision.decided_at.desc(), Revision.id.desc()))


def pending_count() -> int:
    """How many listing changes wait for the department."""
    return db.session.execute(select(func.count(Revision.id)).where(
        Revision.kind.in_(LISTING_KINDS), Revision.status == RevisionStatus.PENDING)).scalar_one()


# -- telling the organisation -------------------------------------------------------------------

def organisation_contacts(organisation_id: int) -> list[User]:
    """The organisation's active admins and coordinators (who keep its listings)."""
    return list(db.session.execute(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id,
               Membership.role.in_([Role.ADMIN, Role.COORDINATOR]),
               User.is_active_account.is_(True))
        .order_by(User.id)
    ).unique().scalars())


def workspace_link(organisation_id: int) -> str | None:
    """The address of the organisation's workspace, for e-mails sent during a request (it first makes a
    member of several organisations act for this one)."""
    if not has_request_context():
        return None
    return url_for("account.act_for", organisation=organisation_id, next=url_for("workspace.dashboard"),
                   _external=True)


def tell_organisation(revision: Revision) -> None:
    """E-mail the organisation's admins and coordinators what the department decided about a listing change."""
    approved = revision.status == RevisionStatus.APPROVED
    title = title_of(revision)
    subject = (_l("Approved: %(title)s", title=title) if approved
               else _l("Not approved: %(title)s", title=title))
    for user in organisation_contacts(revision.organisation_id):
        send_mail(user.email, subject, "change_decided", user.locale or "pl",
                  change=revision, approved=approved, title=title, organisation=revision.organisation,
                  link=workspace_link(revision.organisation_id))
