"""A network's meetings: convening, changing and cancelling them, and who reads them.

Who owns what (app/models/networks.py): a ``Meeting`` and its ``AgendaItem`` rows belong to the network's
coordinating organisation, which writes them in its own scope (the department convenes any network's meeting in its
department scope); each ``MeetingInvitation`` belongs to the invited organisation, so the coordinator writes the
invitations through ``widened_scope("meetings.invitations")``, which audits it.

Who reads a meeting: the department any; an organisation the meetings it coordinates, is invited to, or whose
network it is a member of — read in the named scope ``meetings.read`` (tests/security/test_scope_discipline.py),
always with ``visible_query``'s filter on the organisation. A member of the network who was not invited reads the
time, place, agenda and the invitees' answers (the network works in the open among its members) but cannot answer.
Every other organisation gets 404. The network's open actions (rows of the responsible organisations) are read for a
new meeting's agenda in the named scope ``meetings.open_actions``, always filtered on the network.

Times are typed in Europe/Warsaw and stored in UTC. Free text (title, agenda, the cancellation's reason) goes through
``networks.privacy.check_free_text``. Every change is audited (``meeting.convened``, ``meeting.changed``,
``meeting.cancelled``) and e-mailed to the invitees with an iCalendar file (``invitations``).
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlparse

from flask import abort, current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.i18n import format_day
from app.localtime import local_to_utc
from app.models import (
    OPEN_ACTION_STATUSES,
    AgendaItem,
    InvitationAnswer,
    Meeting,
    MeetingAction,
    MeetingInvitation,
    MeetingStatus,
    Network,
    NetworkMember,
    utcnow,
)
from app.services import CombinedServiceError, ServiceError
from app.services.audit.log import record_event, widened_scope
from app.services.networks import access, invitations, privacy
from app.tenancy import parse_id, system_scope

AGENDA_MAX = 20
RECENT_DAYS = 90  # the network page's "recent" meetings
UPCOMING_ON_NETWORK_PAGE = 20
PAST_SHOWN = 100  # the list's past meetings, newest first


# -- reading -----------------------------------------------------------------------------------------------------

def read_scope():
    """The named scope in which an organisation reads the meetings it may see (always with ``visible_query``)."""
    return system_scope("meetings.read")


def with_parts(statement):
    """A meeting with its network, agenda (and who brings each item) and invitations (and their organisations), all
    loaded while the scope that may read them is in force."""
    return statement.options(
        joinedload(Meeting.network).joinedload(Network.coordinator_organisation),
        selectinload(Meeting.agenda_items).joinedload(AgendaItem.presenter_organisation),
        selectinload(Meeting.invitations).joinedload(MeetingInvitation.organisation))


def visible_query(organisation_id: int):
    """The meetings ``organisation_id`` may read: it coordinates them (or their network), is invited, or is a member
    of their network (to run inside ``read_scope()``)."""
    member_of = select(NetworkMember.network_id).where(NetworkMember.organisation_id == organisation_id)
    coordinates = select(Network.id).where(Network.coordinator_organisation_id == organisation_id)
    invited = exists().where(MeetingInvitation.meeting_id == Meeting.id,
                             MeetingInvitation.organisation_id == organisation_id)
    return select(Meeting).where(or_(Meeting.organisation_id == organisation_id, Meeting.network_id.in_(member_of),
                                     Meeting.network_id.in_(coordinates), invited))


def _read(actor, statement, *, parts: bool = True) -> list[Meeting]:
    """The meetings ``statement`` selects, in the scope the actor reads them in (with their parts unless told)."""
    statement = statement.execution_options(populate_existing=True)  # a refused change's rows read afresh
    if parts:
        statement = with_parts(statement)
    if actor.in_department:
        return list(db.session.execute(statement).unique().scalars())
    with read_scope():
        return list(db.session.execute(statement).unique().scalars())


def _query(actor):
    """The meetings the actor may read: every one for the department, ``visible_query`` for an organisation."""
    return select(Meeting) if actor.in_department else visible_query(actor.organisation_id)


def load_meeting(actor, meeting_id) -> Meeting:
    """The meeting as the actor may read it, with its parts; another organisation's (or a junk id) is a 404."""
    meeting_id = parse_id(meeting_id)
    if meeting_id is None or actor.membership is None:
        abort(404)
    found = _read(actor, _query(actor).where(Meeting.id == meeting_id))
    if not found:
        abort(404)
    return found[0]


@dataclass
class MeetingList:
    """Meetings as a list shows them: the coming ones soonest first, then the past ones newest first."""

    upcoming: list[Meeting] = field(default_factory=list)
    past: list[Meeting] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.upcoming or self.past)


def list_meetings(actor, network_id=None) -> MeetingList:
    """The meetings the actor sees (the department: all; an organisation: those it is invited to, coordinates or
    whose network it is in), optionally of one network; upcoming first, then up to ``PAST_SHOWN`` past ones."""
    if actor.membership is None:
        return MeetingList()
    now = utcnow()
    query = _query(actor)
    network_id = parse_id(network_id)
    if network_id is not None:
        query = query.where(Meeting.network_id == network_id)
    upcoming = _read(actor, query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id))
    past = _read(actor, query.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
                 .limit(PAST_SHOWN))
    return MeetingList(upcoming, past)


def meetings_of_network(actor, network: Network) -> MeetingList:
    """A network's meetings for its page: the next ``UPCOMING_ON_NETWORK_PAGE`` coming ones and those of the last
    ``RECENT_DAYS`` days (the network was loaded with ``access.load_network``, so the actor may see it). Only the
    meetings' own columns are loaded (title, times, place, link, status): two short queries."""
    now = utcnow()
    query = _query(actor).where(Meeting.network_id == network.id)
    upcoming = _read(actor, query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)
                     .limit(UPCOMING_ON_NETWORK_PAGE), parts=False)
    recent = _read(actor, query.where(Meeting.ends_at < now, Meeting.starts_at >= now - timedelta(days=RECENT_DAYS))
                   .order_by(Meeting.starts_at.desc(), Meeting.id.desc()), parts=False)
    return MeetingList(upcoming, recent)


def own_invitation(actor, meeting: Meeting) -> MeetingInvitation | None:
    """The actor's organisation's invitation to the meeting, if it was invited."""
    return next((row for row in meeting.invitations if row.organisation_id == actor.organisation_id), None)


def is_past(meeting: Meeting) -> bool:
    """Whether the meeting has begun."""
    return meeting.starts_at <= utcnow()


def may_change(actor, meeting: Meeting) -> bool:
    """Whether the actor may change or cancel the meeting: it coordinates the network and the meeting is planned
    and still to come."""
    return (access.coordinates(actor, meeting.network) and meeting.status == MeetingStatus.PLANNED
            and not is_past(meeting))


def networks_to_convene(actor) -> list[Network]:
    """The networks whose meetings the actor may convene (the department: every active one)."""
    return [network for network in access.networks_of(actor)
            if network.is_active and access.coordinates(actor, network)]


def open_actions(network: Network) -> list[MeetingAction]:
    """The network's open and in-progress actions, soonest due first (rows of the responsible organisations, read
    in the named scope ``meetings.open_actions`` with the filter on the network)."""
    with system_scope("meetings.open_actions"):
        return list(db.session.execute(
            select(MeetingAction).options(joinedload(MeetingAction.organisation))
            .where(MeetingAction.network_id == network.id, MeetingAction.status.in_(OPEN_ACTION_STATUSES))
            .order_by(MeetingAction.due_on, MeetingAction.id)).scalars())


def agenda_from_open_actions(network: Network) -> list[dict]:
    """A new meeting's first agenda items: one per open action of the network, "Zadanie otwarte: <title> (termin
    <date>)", brought by the responsible organisation (named beside the item) — the coordinator keeps or removes
    them. Written in Polish whatever the coordinator's interface: the item is the network's record, read by every
    member and sent in each invitee's e-mail and calendar."""
    with force_locale("pl"):
        return [{"title": _("Open action: %(title)s (due %(day)s)", title=action.title,
                            day=format_day(action.due_on, "short"))[:300],
                 "presenter_id": action.organisation_id} for action in open_actions(network)]


# -- the rules ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """A meeting's details as checked: UTC times, the invited organisations, the agenda (title, who brings it)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    call_link: str | None
    invitees: tuple[int, ...]
    agenda: tuple[tuple[str, int | None], ...]


def _text(value, limit: int) -> str | None:
    """Typed text trimmed and cut at ``limit``; None when blank."""
    value = (value or "").strip() if isinstance(value, str) else ""
    return value[:limit] or None


MAX_AHEAD_DAYS = 731  # a meeting is convened at most two years ahead


def _is_web_link(link: str) -> bool:
    """Whether ``link`` is an https address with a host (never plain http, ``javascript:`` or a bare word): a call
    link carries who joins a closed meeting, so it goes over an encrypted connection only."""
    parts = urlparse(link)
    return parts.scheme == "https" and bool(parts.netloc) and " " not in link


def check_plan(network: Network, data: dict) -> Plan:
    """The form's values checked whole; every problem at once, each beside its field (``CombinedServiceError``).

    ``data``: title, day (date), start_time and end_time (Warsaw wall-clock times), place, call_link, invitees (ids),
    agenda (a list of {"title", "presenter_id"}; blank rows left out), no_personal_data (the confirmation).
    """
    errors: list[ServiceError] = []
    title = _text(data.get("title"), 200)
    if not title:
        errors.append(ServiceError(_l("Give the meeting a title."), "title"))
    day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
    starts_at = ends_at = None
    if not isinstance(day, date):
        errors.append(ServiceError(_l("Give the meeting's date."), "day"))
    if not isinstance(start, time):
        errors.append(ServiceError(_l("Give the time it starts."), "start_time"))
    if not isinstance(end, time):
        errors.append(ServiceError(_l("Give the time it ends."), "end_time"))
    if isinstance(day, date) and isinstance(start, time) and isinstance(end, time):
        starts_at, ends_at = local_to_utc(day, start), local_to_utc(day, end)
        if starts_at <= utcnow():
            errors.append(ServiceError(_l("The meeting cannot be in the past: choose a time still to come."), "day"))
        elif starts_at > utcnow() + timedelta(days=MAX_AHEAD_DAYS):
            errors.append(ServiceError(_l("Choose a date within two years from today."), "day"))
        if ends_at <= starts_at:
            errors.append(ServiceError(_l("The meeting must end after it starts."), "end_time"))
    place, link = _text(data.get("place"), 300), _text(data.get("call_link"), 500)
    if not place and not link:
        errors.append(ServiceError(_l("A meeting needs a place or a call link."), "place"))
    if link and not _is_web_link(link):
        errors.append(ServiceError(_l("Give the call link as a web address starting with https://."), "call_link"))
    members = access.member_organisation_ids(network)
    invitees = tuple(dict.fromkeys(parse_id(value) for value in data.get("invitees") or []))
    if not invitees:
        errors.append(ServiceError(_l("Invite at least one organisation of the network."), "invitees"))
    elif None in invitees or not set(invitees) <= members:
        errors.append(ServiceError(_l("Invite only organisations of the network."), "invitees"))
    agenda: list[tuple[str, int | None]] = []
    texts = {"title": title}
    rows = [row for row in data.get("agenda") or [] if (row.get("title") or "").strip()]
    if len(rows) > AGENDA_MAX:
        errors.append(ServiceError(_l("An agenda has at most %(count)d items.", count=AGENDA_MAX), "agenda"))
    for index, row in enumerate(data.get("agenda") or []):
        item = _text(row.get("title"), 300)
        presenter = row.get("presenter_id")
        if not item:
            if presenter:
                errors.append(ServiceError(_l("Give the agenda item a title, or leave who brings it empty."),
                                           f"agenda-{index}-title"))
            continue
        texts[f"agenda-{index}-title"] = item
        presenter_id = parse_id(presenter) if presenter else None
        if presenter and (presenter_id is None or presenter_id not in invitees):
            errors.append(ServiceError(_l("Choose one of the invited organisations."), f"agenda-{index}-presenter_id"))
        agenda.append((item, presenter_id))
    try:
        privacy.check_free_text(texts, confirmed=bool(data.get(privacy.CONFIRM_FIELD)))
    except CombinedServiceError as refused:
        errors.extend(refused.errors)
    except ServiceError as refused:
        errors.append(refused)
    if errors:
        raise CombinedServiceError(errors)
    return Plan(title, starts_at, ends_at, place, link, invitees, tuple(agenda))


def _cross_tenant(actor, meeting: Meeting, reason: str):
    """Writing other organisations' invitations: the department in its own scope; an organisation through
    ``widened_scope``, which writes why in the audit log."""
    if actor.in_department:
        return contextlib.nullcontext()
    return widened_scope(reason, actor=actor.user, organisation_id=meeting.organisation_id)


def uid_domain() -> str:
    """The domain in a meeting's iCalendar UID: the public address's host, else the request's."""
    configured = urlparse(current_app.config.get("PUBLIC_BASE_URL") or "").hostname
    host = request.host.split(":")[0] if has_request_context() else ""
    return configured or host or current_app.config.get("SERVER_NAME") or "siec-wsparcia"


def _set_agenda(meeting: Meeting, agenda) -> None:
    """The meeting's agenda made ``agenda`` ((title, presenter) in order): rows kept and rewritten, added, removed."""
    existing = list(meeting.agenda_items)
    for position, (title, presenter_id) in enumerate(agenda, start=1):
        if position <= len(existing):
            item = existing[position - 1]
            item.title, item.presenter_organisation_id = title, presenter_id
        else:
            meeting.agenda_items.append(AgendaItem(organisation_id=meeting.organisation_id, position=position,
                                                   title=title, presenter_organisation_id=presenter_id))
    for item in existing[len(agenda):]:
        meeting.agenda_items.remove(item)


# -- the changes -------------------------------------------------------------------------------------------------

def convene_meeting(actor, network: Network, data: dict) -> Meeting:
    """The network's coordinator convenes a meeting: when (typed in Warsaw time), where (a place, a call link or
    both), whom (organisations of the network) and the agenda (each item with who brings it). One invitation per
    invited organisation; each is e-mailed an iCalendar request after the commit. Refused whole, beside the fields:
    a time in the past, an end before the start, no place and no link, an organisation outside the network,
    personal data."""
    if not access.coordinates(actor, network):
        raise ServiceError(_l("Only the network's coordinator convenes its meetings."))
    if not network.is_active:
        raise ServiceError(_l("This network is closed: it has no new meetings."))
    plan = check_plan(network, data)
    if _already(actor, network, plan) is not None:
        raise ServiceError(_l("This meeting has already been convened: it is in the list of meetings."), "title")
    meeting = Meeting(organisation_id=network.coordinator_organisation_id, network_id=network.id, title=plan.title,
                      starts_at=plan.starts_at, ends_at=plan.ends_at, place=plan.place, call_link=plan.call_link,
                      status=MeetingStatus.PLANNED, ical_uid=f"meeting-{uuid.uuid4()}@{uid_domain()}", sequence=0,
                      convened_by_id=actor.user.id)
    db.session.add(meeting)
    _set_agenda(meeting, plan.agenda)
    db.session.flush()
    with _cross_tenant(actor, meeting, "meetings.invitations"):
        for organisation_id in plan.invitees:
            db.session.add(MeetingInvitation(organisation_id=organisation_id, meeting_id=meeting.id,
                                             answer=InvitationAnswer.PENDING, sent_sequence=0))
        db.session.flush()
    record_event("meeting.convened", actor=actor.user, organisation_id=meeting.organisation_id, target=meeting,
                 details={"network": network.id, "invited": len(plan.invitees), "agenda": len(plan.agenda)})
    meeting = _reloaded(actor, meeting)
    invitations.send_to_invitees(meeting, "invited")
    return meeting


def _already(actor, network: Network, plan: Plan) -> int | None:
    """The id of a planned meeting of the network with the same title and start (the form sent twice), if any."""
    statement = _query(actor).with_only_columns(Meeting.id).where(
        Meeting.network_id == network.id, Meeting.starts_at == plan.starts_at, Meeting.title == plan.title,
        Meeting.status == MeetingStatus.PLANNED).limit(1)
    with contextlib.nullcontext() if actor.in_department else read_scope():
        return db.session.scalar(statement)


def _reloaded(actor, meeting: Meeting) -> Meeting:
    """The meeting read again with every part (the invitations of other organisations included)."""
    meeting_id = meeting.id
    db.session.expire(meeting)
    return load_meeting(actor, meeting_id)


def _refuse_unless_changeable(actor, meeting: Meeting) -> None:
    """Refuse a change by anyone but the coordinator, of a meeting no longer planned or already begun."""
    if not access.coordinates(actor, meeting.network):
        raise ServiceError(_l("Only the network's coordinator changes its meetings."))
    if meeting.status != MeetingStatus.PLANNED:
        raise ServiceError(_l("This meeting is no longer planned: it cannot be changed."))
    if is_past(meeting):
        raise ServiceError(_l("This meeting has already begun: it cannot be changed."))


def change_meeting(actor, meeting: Meeting, data: dict) -> bool:
    """The coordinator changes a planned meeting still to come (time, place, link, agenda, invitees). SEQUENCE goes
    up and every invitee gets the updated invitation; a newly invited organisation its first one, a removed one a
    cancellation. When the time changes, the answers given are cleared (each organisation answers again). Nothing
    changed: nothing is sent (False)."""
    _refuse_unless_changeable(actor, meeting)
    plan = check_plan(meeting.network, data)
    before = {"title": meeting.title, "starts_at": meeting.starts_at, "ends_at": meeting.ends_at,
              "place": meeting.place, "call_link": meeting.call_link}
    old_agenda = tuple((item.title, item.presenter_organisation_id) for item in meeting.agenda_items)
    old_invitees = {row.organisation_id for row in meeting.invitations}
    after = {"title": plan.title, "starts_at": plan.starts_at, "ends_at": plan.ends_at, "place": plan.place,
             "call_link": plan.call_link}
    changed = sorted(key for key in before if before[key] != after[key])
    if old_agenda != plan.agenda:
        changed.append("agenda")
    added = [org for org in plan.invitees if org not in old_invitees]
    removed = sorted(old_invitees - set(plan.invitees))
    if added or removed:
        changed.append("invitees")
    if not changed:
        return False
    time_changed = before["starts_at"] != plan.starts_at or before["ends_at"] != plan.ends_at
    for key, value in after.items():
        setattr(meeting, key, value)
    meeting.sequence += 1
    _set_agenda(meeting, plan.agenda)
    db.session.flush()
    removed_rows = [row for row in meeting.invitations if row.organisation_id in removed]
    with _cross_tenant(actor, meeting, "meetings.invitations"):
        for row in removed_rows:
            db.session.delete(row)
        for row in meeting.invitations:
            if time_changed and row.organisation_id not in removed and row.answer != InvitationAnswer.PENDING:
                row.answer, row.answered_at, row.answered_by_id = InvitationAnswer.PENDING, None, None
        for organisation_id in added:
            db.session.add(MeetingInvitation(organisation_id=organisation_id, meeting_id=meeting.id,
                                             answer=InvitationAnswer.PENDING, sent_sequence=meeting.sequence))
        for row in meeting.invitations:
            if row.organisation_id not in removed:
                row.sent_sequence = meeting.sequence
        db.session.flush()
    record_event("meeting.changed", actor=actor.user, organisation_id=meeting.organisation_id, target=meeting,
                 details={"changed": changed, "sequence": meeting.sequence, "added": len(added),
                          "removed": len(removed)})
    meeting = _reloaded(actor, meeting)
    invitations.send_to_invitees(meeting, "changed", added=set(added))
    invitations.send_cancellation(meeting, removed, uninvited=True)
    return True


def cancel_meeting(actor, meeting: Meeting, reason: str | None, *, confirmed: bool = False) -> Meeting:
    """The coordinator cancels a planned meeting still to come, with a reason every invitee reads in the
    cancellation (iCalendar METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE raised)."""
    _refuse_unless_changeable(actor, meeting)
    reason = _text(reason, 500)
    if not reason:
        raise ServiceError(_l("Say why the meeting is cancelled."), "reason")
    privacy.check_free_text({"reason": reason}, confirmed=confirmed)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    db.session.flush()
    with _cross_tenant(actor, meeting, "meetings.invitations"):
        for row in meeting.invitations:
            row.sent_sequence = meeting.sequence
        db.session.flush()
    record_event("meeting.cancelled", actor=actor.user, organisation_id=meeting.organisation_id, target=meeting,
                 details={"sequence": meeting.sequence, "invited": len(meeting.invitations)})
    invitations.send_cancellation(meeting, [row.organisation_id for row in meeting.invitations])
    return meeting
