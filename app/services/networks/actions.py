"""Actions decided at a meeting: who does what by when, followed up until done or dropped with a reason.

A ``MeetingAction`` belongs to the **responsible organisation** (DESIGN.md §3): its admins and coordinators
(``NETWORK_RESPOND``) move it open → in progress → done, or drop it with a reason, in their own scope. The
network's coordinator adds it at a meeting (``add_action``): an organisation coordinator writes a row of another
organisation, so the insert goes through ``widened_scope`` (audited); the department writes in its own scope.

Reading: an action's meeting and network belong to other organisations, so the lists read them with the actions in
the named scope ``actions.context``, always filtered explicitly — the actor's own organisation's actions, the
networks it coordinates, or one network the actor was already allowed to see (``access.load_network``). Each list is
paged (``ActionPage``, ``PER_PAGE`` a page) and costs two statements whatever the number of actions: the count and the
page's rows, which are only the columns a row shows (the organisation's, network's and meeting's names joined in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from app.database import lock
from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import ActionStatus, Meeting, MeetingAction, MeetingStatus, Network, Organisation, utcnow
from app.models.networks import OPEN_ACTION_STATUSES
from app.paging import PageNavigation
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


STATUS_FILTERS = ("open", "closed", "all")  # what an organisation's list shows (anything else: open)
PER_PAGE = 25  # actions on a page of a list (as the other registers)
SHOWN_ON_NETWORK_PAGE = 10  # the soonest open actions a network's page shows, with a link to the whole list


@dataclass
class ActionPage(PageNavigation):
    """One page of a list of actions (``page`` from 1) and how many there are in all. Each item is a row of what
    a list shows — ``id``, ``title``, ``status``, ``status_note``, ``due_on``, ``organisation_id``,
    ``organisation_name``, ``network_id``, ``network_name``, ``meeting_title``, ``meeting_starts_at`` — not the
    action with its relations."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def beyond(self) -> bool:
        """A page past the last was asked for (the list is not empty)."""
        return self.total > 0 and self.page > self.pages


def _empty(page: int = 1, per_page: int | None = None) -> ActionPage:
    return ActionPage([], page, per_page or PER_PAGE, 0)


def _rows():
    """The columns a list's row shows, its organisation, network and meeting joined in."""
    return (select(MeetingAction.id, MeetingAction.title, MeetingAction.status, MeetingAction.status_note,
                   MeetingAction.due_on, MeetingAction.organisation_id, MeetingAction.network_id,
                   Organisation.name.label("organisation_name"), Network.name.label("network_name"),
                   Meeting.title.label("meeting_title"), Meeting.starts_at.label("meeting_starts_at"))
            .join(Organisation, Organisation.id == MeetingAction.organisation_id)
            .join(Network, Network.id == MeetingAction.network_id)
            .join(Meeting, Meeting.id == MeetingAction.meeting_id))


def _page_of(conditions, order, page: int, per_page: int | None = None) -> ActionPage:
    """A page of the actions meeting ``conditions`` in ``order``: the count, then the page's rows (not read for a
    page past the end; the page's ids chosen first, then joined). Two statements, in the named scope
    ``actions.context`` (the conditions name the organisation, the coordinated networks or one network the actor may
    see)."""
    page, per_page = max(1, page), per_page or PER_PAGE
    with context_scope():
        total = db.session.scalar(select(func.count(MeetingAction.id)).where(*conditions)) or 0
        items = []
        if (page - 1) * per_page < total:
            # the page's ids are picked from the actions alone, then only those rows are joined to their names:
            # sorting 2,000 closed actions joined first took ten times as long
            ids = (select(MeetingAction.id).where(*conditions).order_by(*order)
                   .limit(per_page).offset((page - 1) * per_page).subquery())
            items = list(db.session.execute(_rows().join(ids, ids.c.id == MeetingAction.id).order_by(*order)))
    return ActionPage(items, page, per_page, total)


_OPEN = MeetingAction.status.in_(OPEN_ACTION_STATUSES)
BY_DUE_DATE = (MeetingAction.due_on, MeetingAction.id)
LATEST_CLOSED_FIRST = (MeetingAction.status_changed_at.desc(), MeetingAction.id.desc())


def status_filter(value) -> str:
    """The list's status filter from a query string: open, closed or all (anything else: open)."""
    return value if value in STATUS_FILTERS else "open"


def actions_of_organisation(actor, *, status: str = "open", network_id: int | None = None, page: int = 1,
                            per_page: int | None = None) -> ActionPage:
    """A page of the actions the actor's organisation is responsible for, optionally of one network: ``open`` (and
    in progress) by due date, ``closed`` (done or dropped) the latest first, or ``all`` (the open ones first).
    Two statements."""
    if actor.membership is None or actor.in_department:
        return _empty(page, per_page)
    conditions = [MeetingAction.organisation_id == actor.organisation_id]
    if network_id is not None:
        conditions.append(MeetingAction.network_id == network_id)
    status = status_filter(status)
    if status == "open":
        conditions.append(_OPEN)
        order = BY_DUE_DATE
    elif status == "closed":
        conditions.append(MeetingAction.status.not_in(OPEN_ACTION_STATUSES))
        order = LATEST_CLOSED_FIRST
    else:
        order = (case((_OPEN, 0), else_=1), case((_OPEN, MeetingAction.due_on)), *LATEST_CLOSED_FIRST)
    return _page_of(conditions, order, page, per_page)


def overdue_actions(actor, *, network_id: int | None = None, today: date | None = None, page: int = 1,
                   per_page: int | None = None) -> ActionPage:
    """A page of the overdue actions of the networks the actor coordinates (the department: every network; its
    analysts read them too), oldest due first, optionally of one network. Two statements."""
    if actor.membership is None:
        return _empty(page, per_page)
    conditions = [_OPEN, MeetingAction.due_on < (today or local_today())]
    if network_id is not None:
        conditions.append(MeetingAction.network_id == network_id)
    if not actor.in_department:
        if not actor.has(Permission.MEETINGS_MANAGE):
            return _empty(page, per_page)
        conditions.append(MeetingAction.network_id.in_(
            select(Network.id).where(Network.coordinator_organisation_id == actor.organisation_id)))
    return _page_of(conditions, BY_DUE_DATE, page, per_page)


def open_actions_of_network(actor, network: Network, *, page: int = 1, per_page: int | None = None) -> ActionPage:
    """A page of the open (and in progress) actions of a network the actor was allowed to see
    (``access.load_network``), by due date, with their responsible organisations and meetings; the network's page
    shows the first ``SHOWN_ON_NETWORK_PAGE``. Two statements."""
    if actor.membership is None:
        return _empty(page, per_page)
    return _page_of([MeetingAction.network_id == network.id, _OPEN], BY_DUE_DATE, page, per_page)


def agenda_choices(meeting: Meeting) -> list[tuple[str, str]]:
    """The meeting's agenda items as choices of the action form."""
    return [(str(item.id), f"{item.position}. {item.title}") for item in meeting.agenda_items]

