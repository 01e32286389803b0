"""A meeting's minutes: attendance, minutes per agenda item with their decisions, general notes, and approval.

Who reads what (DESIGN.md §3): a ``Meeting`` and its agenda items belong to the network's coordinating
organisation, each ``MeetingInvitation`` to the invited organisation and each ``MeetingAction`` to the responsible
one, so a page of minutes gathers rows of several organisations. They are read together in the named scope
``minutes.meeting`` — always one meeting by its id, and only after ``load_minutes`` decided that the actor may read
it: the network's **coordinator** (``access.coordinates``: the coordinating organisation's admins and coordinators,
the department's admins and officers) reads the draft and writes it; every **member organisation** of the network
reads the minutes once they are approved, and nothing before (a draft is a 404, as is another network's meeting).

Writing: the coordinator records attendance on the invitations (the invited organisations' rows: an organisation
coordinator writes them through ``widened_scope``, audited), the minutes and decisions on its own agenda items and
the general notes on its meeting. Saving the minutes the first time moves the meeting from planned to held (only
once it has started); approving them freezes them (``minutes.approved``). Every text goes through
``privacy.check_free_text``: a PESEL number is refused beside its field, a date of birth needs the confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, false, func, select, true
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import (
    AgendaItem,
    Meeting,
    MeetingAction,
    MeetingInvitation,
    MeetingStatus,
    Network,
    NetworkMember,
    Organisation,
    utcnow,
)
from app.models.networks import OPEN_ACTION_STATUSES
from app.services import ServiceError
from app.services.audit.log import record_event, widened_scope
from app.services.networks import privacy
from app.services.networks.access import coordinates, load_network, networks_of
from app.tenancy import parse_id, system_scope

NOTES_FIELD = "minutes_notes"
NOT_STARTED = _l("The meeting has not started yet: record the minutes once it has begun.")
ALREADY_APPROVED = _l("These minutes are approved and can no longer be changed.")
CANCELLED = _l("This meeting was cancelled: it has no minutes.")


def item_field(item_id: int, part: str) -> str:
    """The form field of an agenda item's ``part`` ("minutes" or "decisions")."""
    return f"item-{item_id}-{part}"


def attendance_field(invitation_id: int) -> str:
    """The form field of an invitation's attendance."""
    return f"attended-{invitation_id}"


@dataclass
class Minutes:
    """A meeting as its minutes' page shows it: the meeting with its parts, its network, its actions, and whether
    the reader is its coordinator (who may write while the minutes are not approved)."""

    meeting: Meeting
    network: Network
    actions: list[MeetingAction]
    coordinator: bool

    @property
    def approved(self) -> bool:
        return self.meeting.status == MeetingStatus.APPROVED

    @property
    def editable(self) -> bool:
        return self.coordinator and self.meeting.status in (MeetingStatus.PLANNED, MeetingStatus.HELD)

    @property
    def started(self) -> bool:
        return self.meeting.starts_at <= utcnow()


def meeting_scope():
    """The named scope in which one meeting's rows of several organisations are read (after the access check)."""
    return system_scope("minutes.meeting")


def _meeting(meeting_id: int) -> Meeting | None:
    with meeting_scope():
        return db.session.execute(
            select(Meeting).where(Meeting.id == meeting_id)
            .options(joinedload(Meeting.network), joinedload(Meeting.minutes_approved_by),
                     selectinload(Meeting.agenda_items).joinedload(AgendaItem.presenter_organisation),
                     selectinload(Meeting.invitations).joinedload(MeetingInvitation.organisation))
            .execution_options(populate_existing=True)).unique().scalar_one_or_none()


def _actions(meeting_id: int) -> list[MeetingAction]:
    with meeting_scope():
        return list(db.session.scalars(
            select(MeetingAction).where(MeetingAction.meeting_id == meeting_id)
            .options(joinedload(MeetingAction.organisation), joinedload(MeetingAction.agenda_item))
            .order_by(MeetingAction.due_on, MeetingAction.id).execution_options(populate_existing=True)))


def is_coordinator(actor, meeting: Meeting, network: Network) -> bool:
    """Whether the actor coordinates the meeting's network (and, for an organisation, convened the meeting)."""
    if not coordinates(actor, network):
        return False
    return actor.in_department or meeting.organisation_id == actor.organisation_id


def load_minutes(actor, meeting_id, *, write: bool = False) -> Minutes:
    """The meeting's minutes as the actor may read them — the coordinator any time, a member organisation once
    approved — with ``write`` only for its coordinator; anything else is a 404."""
    meeting_id = parse_id(meeting_id)
    if meeting_id is None or actor.membership is None:
        abort(404)
    meeting = _meeting(meeting_id)
    if meeting is None:
        abort(404)
    network = load_network(actor, meeting.network_id)  # another network's meeting: 404
    coordinator = is_coordinator(actor, meeting, network)
    if write and not coordinator:
        abort(404)
    if not coordinator and meeting.status != MeetingStatus.APPROVED:
        abort(404)  # a draft (or a meeting not held yet) is the coordinator's
    return Minutes(meeting, network, _actions(meeting.id), coordinator)


def _editable(minutes: Minutes) -> Meeting:
    meeting = minutes.meeting
    if not minutes.coordinator:
        raise ServiceError(_l("Only the network's coordinator can write the minutes."))
    if meeting.status == MeetingStatus.APPROVED:
        raise ServiceError(ALREADY_APPROVED)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(CANCELLED)
    return meeting


def _attendance(value) -> bool | None:
    if value in (True, "yes", "y", "1"):
        return True
    if value in (False, "no", "n", "0"):
        return False
    return None


def save_minutes(actor, minutes: Minutes, data: dict, *, confirmed: bool = False) -> Meeting:
    """Record attendance, the minutes and decisions per agenda item and the general notes (a draft until approved).

    ``data``: ``attended`` {invitation id: "yes"/"no"/""}, ``items`` {agenda item id: {"minutes", "decisions"}},
    ``notes``. The first save moves the meeting from planned to held (refused before it starts). Every text is
    checked for personal data; nothing is saved when one is refused."""
    meeting = _editable(minutes)
    if meeting.starts_at > utcnow():
        raise ServiceError(NOT_STARTED)
    items = {item.id: item for item in meeting.agenda_items}
    texts: dict[str, str | None] = {NOTES_FIELD: data.get("notes")}
    for item_id, parts in (data.get("items") or {}).items():
        if item_id in items:
            texts[item_field(item_id, "minutes")] = parts.get("minutes")
            texts[item_field(item_id, "decisions")] = parts.get("decisions")
    privacy.check_free_text(texts, confirmed=confirmed)

    for item_id, parts in (data.get("items") or {}).items():
        if item_id in items:
            items[item_id].minutes = (parts.get("minutes") or "").strip() or None
            items[item_id].decisions = (parts.get("decisions") or "").strip() or None
    meeting.minutes_notes = (data.get("notes") or "").strip() or None
    first = meeting.status == MeetingStatus.PLANNED
    meeting.status = MeetingStatus.HELD
    attended = data.get("attended") or {}
    changed = [invitation for invitation in meeting.invitations
               if invitation.id in attended and _attendance(attended[invitation.id]) != invitation.attended]
    if changed:
        if actor.in_department:
            _set_attendance(changed, attended)
        else:  # the invitations are the invited organisations' rows
            with widened_scope("minutes.attendance", actor=actor.user, organisation_id=actor.organisation_id):
                _set_attendance(changed, attended)
    record_event("minutes.saved", actor=actor.user, organisation_id=meeting.organisation_id, target=meeting,
                 details={"network_id": meeting.network_id, "held": first,
                          "attended": sum(1 for i in meeting.invitations if i.attended),
                          "absent": sum(1 for i in meeting.invitations if i.attended is False)})
    return meeting


def _set_attendance(invitations: list[MeetingInvitation], attended: dict) -> None:
    for invitation in invitations:
        invitation.attended = _attendance(attended[invitation.id])
    db.session.flush()


def approve_minutes(actor, minutes: Minutes) -> Meeting:
    """Approve the held meeting's minutes: from now on they cannot change and every member organisation reads
    them (``minutes.approved``)."""
    meeting = _editable(minutes)
    if meeting.status != MeetingStatus.HELD:
        raise ServiceError(_l("Save the minutes first: a meeting's minutes are approved after they are written."))
    meeting.status = MeetingStatus.APPROVED
    meeting.minutes_approved_at = utcnow()
    meeting.minutes_approved_by_id = actor.user.id
    record_event("minutes.approved", actor=actor.user, organisation_id=meeting.organisation_id, target=meeting,
                 details={"network_id": meeting.network_id, "title": meeting.title})
    return meeting


# -- the list: meetings whose minutes the actor writes or reads ----------------------------------------------

@dataclass(frozen=True)
class MinutesRow:
    """A meeting in the minutes' list: its network's name and whether the reader writes its minutes."""

    meeting: Meeting
    network_name: str
    coordinator: bool
    open_actions: int = 0


def minutes_list(actor, *, limit: int = 200) -> list[MinutesRow]:
    """The meetings of the actor's networks that have (or await) minutes, newest first: the approved ones for every
    member, the started drafts for their coordinator. Three statements whatever the number of networks."""
    networks = {network.id: network for network in networks_of(actor)}
    if not networks:
        return []
    coordinated = {network_id for network_id, network in networks.items() if coordinates(actor, network)}
    draft = false()
    if coordinated:
        draft = and_(Meeting.network_id.in_(coordinated),
                     Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.HELD)), Meeting.starts_at <= utcnow(),
                     true() if actor.in_department else Meeting.organisation_id == actor.organisation_id)
    with meeting_scope():
        meetings = list(db.session.scalars(
            select(Meeting).where(Meeting.network_id.in_(networks),
                                  (Meeting.status == MeetingStatus.APPROVED) | draft)
            .order_by(case((Meeting.status == MeetingStatus.APPROVED, 1), else_=0), Meeting.starts_at.desc())
            .limit(limit)))
        counts = _open_action_counts([meeting.id for meeting in meetings])
    return [MinutesRow(meeting, networks[meeting.network_id].name,
                       meeting.network_id in coordinated and (actor.in_department
                                                              or meeting.organisation_id == actor.organisation_id),
                       counts.get(meeting.id, 0)) for meeting in meetings]


def _open_action_counts(meeting_ids: list[int]) -> dict[int, int]:
    if not meeting_ids:
        return {}
    return dict(db.session.execute(
        select(MeetingAction.meeting_id, func.count()).where(MeetingAction.meeting_id.in_(meeting_ids),
                                                             MeetingAction.status.in_(OPEN_ACTION_STATUSES))
        .group_by(MeetingAction.meeting_id)).all())


def member_names(network: Network) -> dict[int, str]:
    """{organisation id: name} of the network's organisations (members and coordinator), by name."""
    with meeting_scope():
        ids = set(db.session.scalars(select(NetworkMember.organisation_id)
                                     .where(NetworkMember.network_id == network.id)))
    ids.add(network.coordinator_organisation_id)
    return dict(db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
                                   .order_by(Organisation.name)).all())
