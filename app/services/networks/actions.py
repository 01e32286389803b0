"""Actions decided at a meeting: who does what by when, followed up until done or dropped with a reason.

A ``MeetingAction`` belongs to the **responsible organisation** (DESIGN.md §3): its admins and coordinators
(``NETWORK_RESPOND``) move it open → in progress → done, or drop it with a reason, in their own scope. The
network's coordinator adds it at a meeting (``add_action``): an organisation coordinator writes a row of another
organisation, so the insert goes through ``widened_scope`` (audited); the department writes in its own scope.

Reading: an action's meeting and network belong to other organisations, so the lists read them with the actions in
the named scope ``actions.context``, always filtered explicitly — the actor's own organisation's actions, the
networks it coordinates, or one network the actor was already allowed to see (``access.load_network``). Each list is
a constant number of statements (the meeting, network and organisation joined in), whatever the number of actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.database import lock
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import ActionStatus, Meeting, MeetingAction, MeetingStatus, Network, utcnow
from app.models.networks import OPEN_ACTION_STATUSES
from app.permissions import Permission
from app.services import Problems, ServiceError
from app.services.audit.log import record_event, widened_scope
from app.services.networks import privacy
from app.services.networks.access import coordinates, member_organisation_ids
from app.tenancy import parse_id, system_scope

ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: lazy_pgettext("action status", "Open"),
    ActionStatus.IN_PROGRESS: lazy_pgettext("action status", "In progress"),
    ActionStatus.DONE: lazy_pgettext("action status", "Done"),
    ActionStatus.DROPPED: lazy_pgettext("action status", "Dropped"),
}
# where an action may go from each status (done and dropped are final)
NEXT_STATUSES = {
    ActionStatus.OPEN: (ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED),
    ActionStatus.IN_PROGRESS: (ActionStatus.DONE, ActionStatus.DROPPED),
    ActionStatus.DONE: (),
    ActionStatus.DROPPED: (),
}
CLOSED_SHOWN = 50  # an organisation's list shows all its open actions and this many of the latest closed ones


def context_scope():
    """The named scope in which actions are read with their meetings and networks (always with an explicit
    filter on the organisation, the coordinated networks or one network already allowed)."""
    return system_scope("actions.context")


def _with_context(statement):
    return statement.options(joinedload(MeetingAction.meeting), joinedload(MeetingAction.network),
                             joinedload(MeetingAction.organisation), joinedload(MeetingAction.agenda_item))


def is_overdue(action: MeetingAction, today: date | None = None) -> bool:
    """Still open (or in progress) after its due date."""
    return action.status in OPEN_ACTION_STATUSES and action.due_on < (today or local_today())


# -- adding an action at a meeting ---------------------------------------------------------------------------

MAX_DUE_DAYS = 731  # an action is due within two years of its meeting


def local_date(moment) -> date:
    """The day of a moment in Warsaw."""
    return moment.astimezone(WARSAW).date()


def add_action(actor, minutes, data: dict, *, confirmed: bool = False) -> MeetingAction:
    """The coordinator adds an action at the meeting (``minutes``: ``minutes.load_minutes(..., write=True)``):
    a title, details, the responsible organisation (one of the network's), a due date and an optional agenda item.
    Every problem is told beside its field at once; the row belongs to the responsible organisation."""
    meeting: Meeting = minutes.meeting
    if not minutes.coordinator:
        raise ServiceError(_l("Only the network's coordinator can add actions."))
    if meeting.status in (MeetingStatus.APPROVED, MeetingStatus.CANCELLED):
        raise ServiceError(_l("The minutes are approved: no more actions can be added to this meeting.")
                           if meeting.status == MeetingStatus.APPROVED else _l("This meeting was cancelled."))
    problems = Problems()
    title = (data.get("title") or "").strip()
    details = (data.get("details") or "").strip() or None
    if not title:
        problems.errors.append(ServiceError(_l("Say what is to be done."), "title"))
    owner = parse_id(data.get("organisation_id"))
    if owner is None:
        problems.errors.append(ServiceError(_l("Choose the organisation responsible for the action."),
                                            "organisation_id"))
    elif owner not in member_organisation_ids(minutes.network):
        problems.errors.append(ServiceError(_l("Choose an organisation of this network."), "organisation_id"))
    due_on = data.get("due_on")
    if not isinstance(due_on, date):
        problems.errors.append(ServiceError(_l("Enter the due date."), "due_on"))
    elif due_on < local_date(meeting.starts_at):
        problems.errors.append(ServiceError(_l("The due date cannot be before the meeting."), "due_on"))
    elif due_on > local_date(meeting.starts_at) + timedelta(days=MAX_DUE_DAYS):
        problems.errors.append(ServiceError(_l("Give a due date within two years of the meeting."), "due_on"))
    item_id = parse_id(data.get("agenda_item_id"))
    if data.get("agenda_item_id") and item_id not in {item.id for item in meeting.agenda_items}:
        problems.errors.append(ServiceError(_l("Choose an item of this meeting's agenda."), "agenda_item_id"))
    problems.check(privacy.check_free_text, {"title": title, "details": details}, confirmed=confirmed)
    problems.raise_any()
    if any(existing.title == title[:300] and existing.organisation_id == owner and existing.due_on == due_on
           for existing in minutes.actions):  # the same form sent twice
        raise ServiceError(_l("This action is on the meeting's list already."), "title")

    action = MeetingAction(organisation_id=owner, meeting_id=meeting.id, network_id=meeting.network_id,
                           agenda_item_id=item_id, title=title[:300], details=details, due_on=due_on,
                           status=ActionStatus.OPEN)
    if actor.in_department or owner == actor.organisation_id:
        db.session.add(action)
        db.session.flush()
    else:  # the responsible organisation's row
        with widened_scope("actions.assign", actor=actor.user, organisation_id=actor.organisation_id):
            db.session.add(action)
            db.session.flush()
    record_event("action.added", actor=actor.user, organisation_id=owner, target=action,
                 details={"meeting_id": meeting.id, "network_id": meeting.network_id, "due_on": due_on.isoformat()})
    return action


# -- the responsible organisation updates it -----------------------------------------------------------------

def may_update(actor, action: MeetingAction) -> bool:
    """Whether the actor updates the action: the responsible organisation's admins and coordinators."""
    return (actor.membership is not None and not actor.in_department and actor.has(Permission.NETWORK_RESPOND)
            and action.organisation_id == actor.organisation_id)


def update_action(actor, action: MeetingAction, status, note: str | None, *, confirmed: bool = False
                  ) -> MeetingAction:
    """The responsible organisation moves its action on (open → in progress → done) or drops it with a reason;
    ``note`` says how it goes (required when dropping). Audited ``action.updated``."""
    if not may_update(actor, action):
        raise ServiceError(_l("Only the responsible organisation's admin or a coordinator can update this action."))
    locked = lock(MeetingAction, action.id)  # through the organisation's own scope
    try:
        new = ActionStatus(status)
    except ValueError:
        raise ServiceError(_l("Choose the action's new status."), "status") from None
    note = (note or "").strip() or None
    if locked.status in (ActionStatus.DONE, ActionStatus.DROPPED):
        raise ServiceError(_l("This action is closed already."), "status")
    if new != locked.status and new not in NEXT_STATUSES[locked.status]:
        raise ServiceError(_l("An action in progress cannot be open again."), "status")
    if new == ActionStatus.DROPPED and not note:
        raise ServiceError(_l("Say why the action is dropped."), "note")
    if new == locked.status and note == locked.status_note:
        raise ServiceError(_l("Nothing changed: choose a new status or write a note."), "status")
    privacy.check_free_text({"note": note}, confirmed=confirmed)
    before = locked.status
    locked.status = new
    locked.status_note = note[:1000] if note else None
    locked.status_changed_at = utcnow()
    locked.status_changed_by_id = actor.user.id
    record_event("action.updated", actor=actor.user, organisation_id=locked.organisation_id, target=locked,
                 details={"from": before.value, "to": new.value, "network_id": locked.network_id})
    return locked


# -- reading -------------------------------------------------------------------------------------------------

@dataclass
class ActionView:
    """An action as the actor may see it, and whether they may update it."""

    action: MeetingAction
    updatable: bool
    coordinator: bool


def load_action(actor, action_id) -> ActionView:
    """The action as the actor may see it: its responsible organisation, its network's coordinator (the
    department for every network); anything else is a 404."""
    action_id = parse_id(action_id)
    if action_id is None or actor.membership is None:
        abort(404)
    with context_scope():
        action = db.session.execute(_with_context(select(MeetingAction).where(MeetingAction.id == action_id))
                                    .execution_options(populate_existing=True)).unique().scalar_one_or_none()
    if action is None:
        abort(404)
    coordinator = coordinates(actor, action.network)
    if not (actor.in_department or coordinator or action.organisation_id == actor.organisation_id):
        abort(404)
    return ActionView(action, may_update(actor, action), coordinator)


@dataclass
class OrganisationActions:
    """An organisation's actions: the open ones by due date, then the latest closed ones."""

    open: list[MeetingAction]
    closed: list[MeetingAction]


def actions_of_organisation(actor) -> OrganisationActions:
    """The actions the actor's organisation is responsible for: open (and in progress) first by due date, then the
    latest closed ones. Two statements."""
    if actor.membership is None or actor.in_department:
        return OrganisationActions([], [])
    mine = MeetingAction.organisation_id == actor.organisation_id
    with context_scope():
        open_ = list(db.session.scalars(_with_context(
            select(MeetingAction).where(mine, MeetingAction.status.in_(OPEN_ACTION_STATUSES))
            .order_by(MeetingAction.due_on, MeetingAction.id))).unique())
        closed = list(db.session.scalars(_with_context(
            select(MeetingAction).where(mine, MeetingAction.status.not_in(OPEN_ACTION_STATUSES))
            .order_by(MeetingAction.status_changed_at.desc(), MeetingAction.id.desc()).limit(CLOSED_SHOWN))).unique())
    return OrganisationActions(open_, closed)


def coordinated_networks(actor) -> list[Network]:
    """The networks whose actions the actor follows up: every network for the department's admins and officers,
    the networks its organisation coordinates for an organisation's admins and coordinators."""
    if actor.membership is None or not actor.has(Permission.MEETINGS_MANAGE):
        return []
    statement = select(Network).order_by(Network.name)
    if actor.in_department:
        return list(db.session.scalars(statement))
    with context_scope():
        return list(db.session.scalars(statement.where(Network.coordinator_organisation_id == actor.organisation_id)))


def overdue_actions(actor, *, network_id: int | None = None, today: date | None = None) -> list[MeetingAction]:
    """The overdue actions of the networks the actor coordinates (the department: every network; its analysts
    read them too), oldest due first, optionally of one network. One statement."""
    if actor.membership is None:
        return []
    statement = _with_context(select(MeetingAction).where(
        MeetingAction.status.in_(OPEN_ACTION_STATUSES), MeetingAction.due_on < (today or local_today()))
        .order_by(MeetingAction.due_on, MeetingAction.id))
    if network_id is not None:
        statement = statement.where(MeetingAction.network_id == network_id)
    if actor.in_department:
        return list(db.session.scalars(statement).unique())
    if not actor.has(Permission.MEETINGS_MANAGE):
        return []
    coordinated = select(Network.id).where(Network.coordinator_organisation_id == actor.organisation_id)
    with context_scope():
        return list(db.session.scalars(statement.where(MeetingAction.network_id.in_(coordinated))).unique())


def open_actions_of_network(actor, network: Network) -> list[MeetingAction]:
    """The open (and in progress) actions of a network the actor was allowed to see (``access.load_network``), by
    due date, with their responsible organisations and meetings. One statement — for the network's page."""
    if actor.membership is None:
        return []
    with context_scope():
        return list(db.session.scalars(_with_context(
            select(MeetingAction).where(MeetingAction.network_id == network.id,
                                        MeetingAction.status.in_(OPEN_ACTION_STATUSES))
            .order_by(MeetingAction.due_on, MeetingAction.id))).unique())


def agenda_choices(meeting: Meeting) -> list[tuple[str, str]]:
    """The meeting's agenda items as choices of the action form."""
    return [(str(item.id), f"{item.position}. {item.title}") for item in meeting.agenda_items]

