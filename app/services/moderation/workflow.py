"""Moderation: an unverified organisation's listing changes wait for the department.

DESIGN: changes from an unverified organisation wait; a verified organisation's changes go
live at once. Each kind of listing (service, event, volunteering offer…) registers how to
make a change live (``register_kind``); the editor of that kind calls ``needs_review`` and,
when it answers True, ``submit`` instead of changing the live row. The department then
``approve``s (the registered ``apply`` runs) or ``reject``s with a note the organisation sees.
The organisation's admins and coordinators get an e-mail either way.

Values in ``before``/``proposed`` are JSON-serialisable dicts (dates as ISO strings, nested
lists for phones, hours, closures). ``labels`` name each field for the before/after table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import func, select

from app.database import lock_row
from app.extensions import db
from app.mail import send_mail
from app.models import ChangeAction, ChangeRequest, ChangeStatus, ListingKind, Membership, Role, User, utcnow
from app.services import ServiceError
from app.services.audit.log import record_event
from app.unit_of_work import unique

NOTE_MAX = 2000
unique("uq_change_request_pending", _l("Another change of this listing was sent at the same moment. Look at the "
                                       "listing again and save once more."))

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
    ChangeStatus.PENDING: _l("Waiting for the department"),
    ChangeStatus.APPROVED: lazy_pgettext("change request", "Approved"),
    ChangeStatus.REJECTED: lazy_pgettext("change request", "Rejected"),
    ChangeStatus.WITHDRAWN: _l("Replaced by a newer change"),
}


@dataclass(frozen=True)
class KindHandler:
    """How one kind of listing is made live, named and shown in the before/after table."""

    apply: Callable[[ChangeRequest, User], int]
    labels: Mapping[str, Any]
    title: Callable[[dict], str]
    display: Callable[[str, Any], str] | None = field(default=None)


_registry: dict[ListingKind, KindHandler] = {}


def needs_review(organisation) -> bool:
    """True when the organisation's listing changes must wait for the department (not verified)."""
    return not bool(getattr(organisation, "is_verified", False))


def register_kind(kind: ListingKind, *, apply: Callable[[ChangeRequest, User], int],
                  labels: Mapping[str, Any], title: Callable[[dict], str]) -> None:
    """Say how changes of ``kind`` are made live and shown.

    ``apply(change, actor)`` makes ``change.proposed`` live (creating the row for a CREATE)
    and returns the object's id; ``labels`` maps each field name in the values to its
    translated label, in the order the comparison table shows them; ``title(values)``
    names the listing (for the queue and the e-mail). Registering again replaces the handler
    (keeps any display formatter set with ``register_display``).
    """
    old = _registry.get(ListingKind(kind))
    _registry[ListingKind(kind)] = KindHandler(apply=apply, labels=labels, title=title,
                                               display=old.display if old else None)


def register_display(kind: ListingKind, display: Callable[[str, Any], str]) -> None:
    """Optional: ``display(field, value)`` turns a stored value into readable text for the table."""
    handler = _registry.get(ListingKind(kind))
    if handler is None:
        raise KeyError(f"register_kind({kind}) first")
    _registry[ListingKind(kind)] = KindHandler(apply=handler.apply, labels=handler.labels,
                                               title=handler.title, display=display)


# Modules that register kinds when imported; loaded on demand so that any entry point
# (a request, a command, a test) finds every handler.
HANDLER_MODULES = ("app.services.listings.editor", "app.services.activities.events",
                   "app.services.activities.volunteering")


def _load_handlers() -> None:
    for name in HANDLER_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


def _handler(kind: ListingKind) -> KindHandler | None:
    kind = ListingKind(kind)
    if kind not in _registry:
        _load_handlers()
    return _registry.get(kind)


def handler_for(kind: ListingKind) -> KindHandler:
    """The registered handler of ``kind``; a ServiceError when nothing registered it."""
    handler = _handler(kind)
    if handler is None:
        raise ServiceError(_l("This kind of listing cannot be moderated yet."))
    return handler


def submit(kind: ListingKind, action: ChangeAction, *, organisation, object_id: int | None,
           before: dict | None, proposed: dict, actor) -> ChangeRequest:
    """Store a change that waits for the department; the live listing is not touched.

    A pending request for the same (kind, object_id) of the organisation is marked
    WITHDRAWN: the newest request replaces it (it already carries everything wanted).
    """
    kind, action = ListingKind(kind), ChangeAction(action)
    if object_id is not None:
        for older in db.session.execute(
            select(ChangeRequest).where(ChangeRequest.organisation_id == organisation.id,
                                        ChangeRequest.kind == kind, ChangeRequest.object_id == object_id,
                                        ChangeRequest.status == ChangeStatus.PENDING)
        ).scalars():
            older.status = ChangeStatus.WITHDRAWN
            older.decided_at = utcnow()
            older.decided_by_id = getattr(actor, "id", None)
            older.decision_note = None
            if action == ChangeAction.UPDATE and older.action == ChangeAction.CREATE:
                action = ChangeAction.CREATE  # still a new listing until the department approves it
                before = older.before
    change = ChangeRequest(organisation_id=organisation.id, kind=kind, action=action, object_id=object_id,
                           before=before, proposed=proposed, status=ChangeStatus.PENDING,
                           submitted_by_id=getattr(actor, "id", None))
    db.session.add(change)
    db.session.flush()
    record_event("change_request.submitted", actor=actor, organisation_id=organisation.id, target=change,
                 details={"kind": str(kind), "action": str(action), "object_id": object_id})
    return change


def pending_for(kind: ListingKind, object_id: int | None, organisation_id: int) -> ChangeRequest | None:
    """The change of this listing that waits for the department, or None."""
    if object_id is None:
        return None
    return db.session.execute(
        select(ChangeRequest).where(ChangeRequest.organisation_id == organisation_id,
                                    ChangeRequest.kind == ListingKind(kind),
                                    ChangeRequest.object_id == object_id,
                                    ChangeRequest.status == ChangeStatus.PENDING)
        .order_by(ChangeRequest.id.desc())
    ).scalars().first()


def withdraw(change: ChangeRequest, *, actor) -> None:
    """The organisation no longer wants the change (it saved the listing as it is live, or went live)."""
    if change.status != ChangeStatus.PENDING:
        return
    change.status = ChangeStatus.WITHDRAWN
    change.decided_at = utcnow()
    change.decided_by_id = getattr(actor, "id", None)
    record_event("change_request.withdrawn", actor=actor, organisation_id=change.organisation_id, target=change,
                 details={"kind": str(change.kind), "object_id": change.object_id})
    db.session.flush()


def _require_pending(change: ChangeRequest) -> None:
    """Lock the change and check it still waits: of two officers deciding at once, the second is told."""
    lock_row(change)
    if change.status != ChangeStatus.PENDING:
        raise ServiceError(_l("This change has already been decided."))


def approve(change: ChangeRequest, *, actor, note: str | None = None) -> None:
    """Make the change live through its kind's ``apply``, record the decision, tell the organisation."""
    _require_pending(change)
    handler = handler_for(change.kind)
    note = (note or "").strip()[:NOTE_MAX] or None
    object_id = handler.apply(change, actor)
    change.object_id = object_id
    _decide(change, ChangeStatus.APPROVED, actor, note)
    record_event("change_request.approved", actor=actor, organisation_id=change.organisation_id, target=change,
                 details={"kind": str(change.kind), "object_id": object_id})
    db.session.flush()
    _notify(change)


def reject(change: ChangeRequest, *, actor, note: str) -> None:
    """Refuse the change; the live listing stays as it was. The note (required) is sent to the organisation."""
    _require_pending(change)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_l("Say why the change is rejected: the organisation will see this."), field="note")
    if len(note) > NOTE_MAX:
        raise ServiceError(_l("Keep the note under %(num)d characters.", num=NOTE_MAX), field="note")
    _decide(change, ChangeStatus.REJECTED, actor, note)
    record_event("change_request.rejected", actor=actor, organisation_id=change.organisation_id, target=change,
                 details={"kind": str(change.kind), "object_id": change.object_id})
    db.session.flush()
    _notify(change)


def _decide(change: ChangeRequest, status: ChangeStatus, actor, note: str | None) -> None:
    change.status = status
    change.decided_by_id = getattr(actor, "id", None)
    change.decided_at = utcnow()
    change.decision_note = note


# -- reading ------------------------------------------------------------------------------------

def title_of(change: ChangeRequest) -> str:
    """The listing's name as proposed (falls back to the name before, then to the kind)."""
    handler = _handler(change.kind)
    for values in (change.proposed, change.before):
        if handler is not None and values:
            try:
                name = handler.title(values)
            except (KeyError, TypeError, ValueError):
                name = None
            if name:
                return str(name)
    return str(KIND_LABELS.get(change.kind, change.kind))


def display_value(kind: ListingKind, name: str, value: Any) -> str:
    """A stored value as text for people: the kind's formatter first, then a generic one."""
    handler = _handler(kind)
    if handler is not None and handler.display is not None:
        shown = handler.display(name, value)
        if shown is not None:
            return shown
    return generic_display(value)


def generic_display(value: Any) -> str:
    """Readable text for any JSON value (lists one item a line)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_l("Yes")) if value else str(_l("No"))
    if isinstance(value, list):
        return "\n".join(generic_display(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {generic_display(item)}" for key, item in value.items())
    return str(value)


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the before/after table."""

    name: str
    label: str
    before: str
    after: str
    changed: bool


def comparison(change: ChangeRequest) -> list[ComparisonRow]:
    """Every field of the change with its value before and as proposed; changed ones flagged."""
    handler = _handler(change.kind)
    before, proposed = change.before or {}, change.proposed or {}
    labels = dict(handler.labels) if handler else {}
    names = list(labels) + [name for name in list(before) + list(proposed) if name not in labels]
    rows, seen = [], set()
    for name in names:
        if name in seen or (name not in before and name not in proposed):
            continue
        seen.add(name)
        old, new = before.get(name), proposed.get(name)
        old_text = display_value(change.kind, name, old) if change.before is not None else "—"
        new_text = display_value(change.kind, name, new)
        rows.append(ComparisonRow(name=name, label=str(labels.get(name, name)), before=old_text, after=new_text,
                                  changed=_normalise(old) != _normalise(new)))
    return rows


def _normalise(value: Any) -> Any:
    return None if value in ("", [], {}) else value


def pending_query(*, organisation_id: int | None = None, kind: ListingKind | None = None):
    """The moderation queue: pending changes, oldest first (the department sees every organisation)."""
    query = select(ChangeRequest).where(ChangeRequest.status == ChangeStatus.PENDING)
    if organisation_id:
        query = query.where(ChangeRequest.organisation_id == organisation_id)
    if kind is not None:
        query = query.where(ChangeRequest.kind == ListingKind(kind))
    return query.order_by(ChangeRequest.created_at, ChangeRequest.id)


def decided_query(*, organisation_id: int | None = None, kind: ListingKind | None = None):
    """Approved and rejected changes, the latest decision first."""
    query = select(ChangeRequest).where(ChangeRequest.status.in_([ChangeStatus.APPROVED, ChangeStatus.REJECTED]))
    if organisation_id:
        query = query.where(ChangeRequest.organisation_id == organisation_id)
    if kind is not None:
        query = query.where(ChangeRequest.kind == ListingKind(kind))
    return query.order_by(ChangeRequest.decided_at.desc(), ChangeRequest.id.desc())


def pending_count() -> int:
    """How many changes wait for the department."""
    return db.session.execute(
        select(func.count(ChangeRequest.id)).where(ChangeRequest.status == ChangeStatus.PENDING)
    ).scalar_one()


def latest_decision(kind: ListingKind, object_id: int | None, organisation_id: int) -> ChangeRequest | None:
    """The most recent decided (approved or rejected) change of a listing, for the workspace."""
    if object_id is None:
        return None
    return db.session.execute(
        select(ChangeRequest).where(ChangeRequest.organisation_id == organisation_id,
                                    ChangeRequest.kind == ListingKind(kind),
                                    ChangeRequest.object_id == object_id,
                                    ChangeRequest.status.in_([ChangeStatus.APPROVED, ChangeStatus.REJECTED]))
        .order_by(ChangeRequest.decided_at.desc(), ChangeRequest.id.desc())
    ).scalars().first()


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


def _workspace_link() -> str | None:
    if not has_request_context():
        return None
    try:
        return url_for("workspace.dashboard", _external=True)
    except Exception:  # noqa: BLE001 - a missing endpoint must not stop the decision
        return None


def _notify(change: ChangeRequest) -> None:
    approved = change.status == ChangeStatus.APPROVED
    title = title_of(change)
    subject = (_l("Approved: %(title)s", title=title) if approved
               else _l("Not approved: %(title)s", title=title))
    for user in organisation_contacts(change.organisation_id):
        send_mail(user.email, subject, "change_decided", user.locale or "pl",
                  change=change, approved=approved, title=title, organisation=change.organisation,
                  link=_workspace_link())

