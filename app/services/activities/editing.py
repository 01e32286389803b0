"""How an organisation keeps an activity (an event, a volunteering opportunity): one machinery for every kind.

Each kind describes itself once as an ``ActivityKind``: its model, its fields, how a row
becomes JSON-able values and back, what makes a new one a duplicate. The functions here do
the rest the same way for every kind: a verified organisation's change goes live at once
(and is written to the audit log as ``<kind>.created/updated/deleted``); an unverified one's
waits for the department as a revision (app/services/workflow), which
``apply_change`` makes live once approved. ``register`` tells moderation how to show and
apply the kind.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.i18n import format_day, format_moment
from app.labels import EVENT_KIND_LABELS, GROUP_LABELS, RECURRENCE_LABELS
from app.models import (
    ChangeAction,
    District,
    EventKind,
    ListingKind,
    Location,
    Organisation,
    Recurrence,
    Revision,
    Service,
)
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.moderation import review
from app.services.workflow import revisions


class ActivityStatus(enum.StrEnum):
    """Where an activity stands for residents, as its organisation's list says it in words."""

    PUBLISHED = "published"  # residents see it and it is still to come (or still open)
    HIDDEN = "hidden"  # the organisation keeps it off the public pages
    CANCELLED = "cancelled"  # an event called off: residents see it marked cancelled
    PAST = "past"  # over: its last date (or its end date) has gone by


@dataclass(frozen=True)
class ActivityKind:
    """One kind of activity an organisation keeps, described once for every layer."""

    listing: ListingKind  # what moderation, feedback and the audit log call it
    audit_name: str  # "event" → event.created, event.updated, event.deleted
    model: type
    fields: tuple[str, ...]
    labels: Mapping[str, object]  # field → label, in the order the department's comparison shows them
    values: Callable[[object], dict]  # a live row → JSON-able values
    write: Callable[[object, dict], None]  # values → the row's columns
    check_new: Callable[[Organisation, dict], None]  # refuses a new one that repeats an existing one
    check_references: Callable[[dict, int], None]  # refuses values naming rows that no longer exist
    vanished: object  # the message when the row is gone by the time the department approves
    status: Callable[[object], ActivityStatus]  # a live row → where it stands now
    status_labels: Mapping[ActivityStatus, object]  # each status in words (gendered in Polish, so per kind)
    display: Callable[[str, object], str | None] | None = field(default=None)


@dataclass(frozen=True)
class Outcome:
    """What a save did: went live (``changed`` names the fields) or waits as ``change``."""

    object_id: int | None
    changed: list[str]
    change: Revision | None = None

    @property
    def waits_for_approval(self) -> bool:
        return self.change is not None


def blank_to_none(value):
    """Typed text trimmed; an empty answer is no answer."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def iso(moment: datetime | date | None) -> str | None:
    """A date or moment as the ISO text the values keep."""
    return moment.isoformat() if moment is not None else None


def own(model, object_id: int | None, organisation_id: int):
    """The organisation's own row of ``model`` with this id, or None."""
    if object_id is None:
        return None
    return db.session.execute(select(model).where(
        model.id == object_id, model.organisation_id == organisation_id)).unique().scalar_one_or_none()


def _changed_fields(kind: ActivityKind, row, values: dict) -> list[str]:
    """Write ``values`` to ``row``; the names of the fields whose value changed."""
    before = kind.values(row) if row.id is not None else {}
    kind.write(row, values)
    after = kind.values(row)
    return [name for name in kind.fields if before.get(name) != after.get(name)]


def _live(kind: ActivityKind, organisation_id: int, row, values: dict, *, actor,
          change_id: int | None = None):
    created = row is None
    if created:
        row = kind.model(organisation_id=organisation_id)
        db.session.add(row)
    changed = _changed_fields(kind, row, values)
    db.session.flush()
    if created or changed:
        details = {"fields": changed}
        if change_id is not None:
            details["change_request"] = change_id
        record_event(f"{kind.audit_name}.{'created' if created else 'updated'}", actor=actor,
                     organisation_id=organisation_id, target=row, details=details)
    return row, changed


def save(kind: ActivityKind, organisation: Organisation, row, values: dict, *, actor) -> Outcome:
    """Create (``row`` None) or change an activity: live at once, or waiting for the department."""
    if row is None:
        kind.check_new(organisation, values)
    if review.needs_review(organisation):
        before = kind.values(row) if row is not None else None
        if before == values:
            return Outcome(row.id, [])
        change = revisions.submit(kind.listing, ChangeAction.UPDATE if row else ChangeAction.CREATE,
                                   organisation=organisation, object_id=row.id if row else None,
                                   before=before, proposed=values, actor=actor)
        return Outcome(row.id if row else None, [], change)
    saved, changed = _live(kind, organisation.id, row, values, actor=actor)
    return Outcome(saved.id, changed)


def delete(kind: ActivityKind, organisation: Organisation, row, *, actor) -> Outcome:
    """Remove an activity altogether (or, for an unverified organisation, ask the department to)."""
    if review.needs_review(organisation):
        change = revisions.submit(kind.listing, ChangeAction.DELETE, organisation=organisation,
                                   object_id=row.id, before=kind.values(row), proposed={}, actor=actor)
        return Outcome(row.id, [], change)
    row_id = row.id
    record_event(f"{kind.audit_name}.deleted", actor=actor, organisation_id=organisation.id, target=row,
                 details={"title": row.title_pl})
    db.session.delete(row)
    db.session.flush()
    return Outcome(row_id, ["deleted"])


def apply_change(kind: ActivityKind, change: Revision, actor) -> int:
    """Moderation: make an approved change of this kind live; returns the activity's id."""
    row = None
    if change.action != ChangeAction.CREATE:
        row = own(kind.model, change.object_id, change.organisation_id)
        if row is None:
            raise ServiceError(kind.vanished)
    if change.action == ChangeAction.DELETE:
        row_id = row.id
        record_event(f"{kind.audit_name}.deleted", actor=actor, organisation_id=change.organisation_id,
                     target=row, details={"title": row.title_pl, "change_request": change.id})
        db.session.delete(row)
        db.session.flush()
        return row_id
    values = dict(change.proposed)
    kind.check_references(values, change.organisation_id)
    saved, _changed = _live(kind, change.organisation_id, row, values, actor=actor, change_id=change.id)
    return saved.id


def same_proposal(kind: ActivityKind, organisation_id: int, values: dict, keys: tuple[str, ...]) -> bool:
    """Whether a new activity with these values already waits for the department (a form sent twice)."""
    return any(all((waiting.proposed or {}).get(k) == values.get(k) for k in keys)
               for waiting in waiting_new(kind, organisation_id))


def waiting_new(kind: ActivityKind, organisation_id: int) -> list[Revision]:
    """New activities of this kind the organisation proposed that wait for the department."""
    requests = db.session.execute(
        review.pending_query(organisation_id=organisation_id, kind=kind.listing)).scalars()
    return [r for r in requests if r.action == ChangeAction.CREATE]


def display_value(name: str, value):
    """Readable text for one stored value in the department's before/after table."""
    if value in (None, "", []):
        return None
    if name in ("starts_at", "ends_at"):
        return format_moment(datetime.fromisoformat(value))
    if name in ("repeat_until", "starts_on", "ends_on"):
        return format_day(date.fromisoformat(value))
    if name == "kind":
        return str(EVENT_KIND_LABELS.get(EventKind(value), value))
    if name == "recurrence":
        return str(RECURRENCE_LABELS.get(Recurrence(value), value))
    if name == "target_groups":
        return ", ".join(str(GROUP_LABELS.get(code, code)) for code in value)
    if name in ("location_id", "service_id", "district_id"):
        model = {"location_id": Location, "service_id": Service, "district_id": District}[name]
        row = db.session.execute(select(model).where(model.id == value)).unique().scalar_one_or_none()
        if row is None:
            return str(_l("(no longer exists)"))
        return getattr(row, "name", None) or getattr(row, "name_pl", None)
    return None


KINDS: list[ActivityKind] = []  # every registered kind (tests/unit/test_audit_actions.py: their audit codes are named)


def register(kind: ActivityKind) -> ActivityKind:
    """Tell moderation how a change of this kind is shown and made live."""
    KINDS.append(kind)
    review.register_listing(kind.listing, apply=lambda change, actor: apply_change(kind, change, actor),
                            labels=kind.labels, title=lambda values: values.get("title_pl"), display=kind.display)
    return kind
