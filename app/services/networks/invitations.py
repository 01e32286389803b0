"""Invitations to a network's meeting: the iCalendar file, the e-mails to the invited organisations, their answers.

Each ``MeetingInvitation`` belongs to the invited organisation, which answers it in its own scope (its admins and
coordinators: ``NETWORK_RESPOND``): attending, tentative or declined, and who will come — roles, not names (the free
text goes through ``networks.privacy``) — only while the meeting is planned and still to come.

E-mails go after the commit to each invited organisation's admins and coordinators, in each person's language, with
the meeting as an RFC 5546 iCalendar file: ``METHOD:REQUEST`` for an invitation or a change (the same ``UID``, a
higher ``SEQUENCE``), ``METHOD:CANCEL`` with ``STATUS:CANCELLED`` for a cancellation (or an organisation no longer
invited). Times carry ``TZID=Europe/Warsaw`` with the VTIMEZONE of app/services/activities/ical.py. The people of
other organisations are read in the named scope ``meetings.mail`` (their addresses and languages only).
"""

from __future__ import annotations

from datetime import UTC
from email.utils import parseaddr
from typing import TYPE_CHECKING

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.i18n import format_moment
from app.localtime import WARSAW
from app.mail import send_mail
from app.models import InvitationAnswer, Meeting, MeetingInvitation, MeetingStatus, Organisation, utcnow
from app.permissions import Permission
from app.services import ServiceError
from app.services.activities.ical import TZID, warsaw_timezone
from app.services.audit.log import record_event
from app.services.moderation.review import organisation_contacts
from app.services.networks import privacy
from app.tenancy import system_scope

if TYPE_CHECKING:
    import icalendar

PRODID = "-//Siec Wsparcia//Meetings//PL"
ANSWERS = (InvitationAnswer.ATTENDING, InvitationAnswer.TENTATIVE, InvitationAnswer.DECLINED)
CALENDAR_TYPE = "text/calendar"


# -- the iCalendar file ------------------------------------------------------------------------------------------

def ics_filename(meeting: Meeting) -> str:
    """The calendar file's name (ASCII, the same in every language)."""
    return f"meeting-{meeting.id}.ics"


def _organizer() -> icalendar.vCalAddress:
    """ORGANIZER: the portal's sender address (and its name), which sends every invitation."""
    import icalendar  # here, not at import: only the invitations need it (issue 13 §3)

    name, address = parseaddr(current_app.config["MAIL_SENDER"])
    organizer = icalendar.vCalAddress(f"mailto:{address or 'no-reply@localhost'}")
    if name:
        organizer.params["cn"] = icalendar.vText(name)
    return organizer


def _description(meeting: Meeting, link: str | None) -> str:
    """DESCRIPTION: the network, the agenda with who brings each item, the call link, the meeting's page."""
    lines = []
    if meeting.status == MeetingStatus.CANCELLED and meeting.cancel_reason:
        lines += [_("Cancelled: %(reason)s", reason=meeting.cancel_reason), ""]
    lines.append(_("Network: %(name)s", name=meeting.network.name))
    if meeting.agenda_items:
        lines.append(_("Agenda:"))
        for item in meeting.agenda_items:
            who = f" ({item.presenter_organisation.name})" if item.presenter_organisation else ""
            lines.append(f"{item.position}. {item.title}{who}")
    if meeting.call_link:
        lines.append(_("Call link: %(link)s", link=meeting.call_link))
    if link:
        lines += ["", link]
    return "\n".join(lines)


def calendar_file(meeting: Meeting, method: str, *, locale: str, link: str | None = None,
                  attendee: tuple[str, str] | None = None) -> bytes:
    """The meeting as a VCALENDAR (bytes): ``method`` REQUEST (an invitation or a change), CANCEL (cancelled, or
    no longer invited) or PUBLISH (the download); the texts in ``locale``; ``attendee`` the recipient (address,
    organisation's name) when it goes by e-mail."""
    import icalendar

    with force_locale(locale):
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", method)
        calendar.add_component(warsaw_timezone())
        event = icalendar.Event()
        event.add("uid", meeting.ical_uid)
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", utcnow().astimezone(UTC))
        event.add("dtstart", meeting.starts_at.astimezone(WARSAW).replace(tzinfo=None), parameters={"TZID": TZID})
        event.add("dtend", meeting.ends_at.astimezone(WARSAW).replace(tzinfo=None), parameters={"TZID": TZID})
        event.add("summary", meeting.title)
        event.add("description", _description(meeting, link))
        if meeting.place:
            event.add("location", meeting.place)
        elif meeting.call_link:
            event.add("location", meeting.call_link)
        if meeting.call_link:
            event.add("url", meeting.call_link)
        event.add("organizer", _organizer())
        if attendee is not None:
            address, organisation = attendee
            person = icalendar.vCalAddress(f"mailto:{address}")
            person.params.update({"cn": icalendar.vText(organisation), "role": "REQ-PARTICIPANT",
                                  "partstat": "NEEDS-ACTION", "rsvp": "FALSE"})
            event.add("attendee", person)
        cancelled = method == "CANCEL" or meeting.status == MeetingStatus.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
        return calendar.to_ical()


# -- the e-mails -------------------------------------------------------------------------------------------------

def _contacts(organisation_id: int) -> list[tuple[str, str]]:
    """The organisation's admins' and coordinators' addresses and languages (read in the named scope)."""
    with system_scope("meetings.mail"):
        return [(user.email, user.locale or "pl") for user in organisation_contacts(organisation_id)]


def _link(meeting: Meeting, organisation_id: int) -> str | None:
    """The meeting's page in the organisation's workspace (acting for it first), for a message sent in a request."""
    if not has_request_context():
        return None
    return url_for("account.act_for", organisation=organisation_id,
                   next=url_for("meetings_workspace.detail", meeting_id=meeting.id), _external=True)


SUBJECTS = {
    "invited": "Invitation: %(title)s, %(when)s",
    "changed": "Meeting changed: %(title)s, %(when)s",
    "cancelled": "Meeting cancelled: %(title)s, %(when)s",
    "uninvited": "Your organisation is no longer invited: %(title)s, %(when)s",
}
_l("Invitation: %(title)s, %(when)s")  # for the catalogue: SUBJECTS are said in each recipient's language
_l("Meeting changed: %(title)s, %(when)s")
_l("Meeting cancelled: %(title)s, %(when)s")
_l("Your organisation is no longer invited: %(title)s, %(when)s")


def _tell(meeting: Meeting, organisation_id: int, event: str, names: dict[int, str]) -> None:
    """E-mail one organisation's admins and coordinators about the meeting, each in their language, with the file."""
    method = "REQUEST" if event in ("invited", "changed") else "CANCEL"
    link = _link(meeting, organisation_id)
    for email, locale in _contacts(organisation_id):
        with force_locale(locale):
            subject = _(SUBJECTS[event], title=meeting.title, when=format_moment(meeting.starts_at))
        ics = calendar_file(meeting, method, locale=locale, link=link,
                            attendee=(email, names.get(organisation_id, "")))
        send_mail(email, subject, "meeting_invitation", locale, meeting=meeting, event=event, link=link,
                  organisation_name=names.get(organisation_id, ""),
                  attachments=[(ics_filename(meeting), f"{CALENDAR_TYPE}; method={method}", ics)])


def organisation_names(ids) -> dict[int, str]:
    """{id: name} of organisations (the registry is not tenant-owned), by name."""
    ids = set(ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
                              .order_by(Organisation.name))
    return {row.id: row.name for row in rows}


def _names(meeting: Meeting, extra=()) -> dict[int, str]:
    """The names of the invited organisations (and of ``extra``), by id."""
    return organisation_names({row.organisation_id for row in meeting.invitations} | set(extra))


def send_to_invitees(meeting: Meeting, event: str, *, added=frozenset()) -> None:
    """E-mail every invited organisation the meeting (``event`` "invited" or "changed"; an organisation in
    ``added`` gets its first invitation), with the iCalendar request."""
    names = _names(meeting)
    for row in meeting.invitations:
        _tell(meeting, row.organisation_id, "invited" if event == "invited" or row.organisation_id in added
              else event, names)


def send_cancellation(meeting: Meeting, organisation_ids, *, uninvited: bool = False) -> None:
    """E-mail ``organisation_ids`` that the meeting is cancelled (or that they are no longer invited), with the
    iCalendar cancellation."""
    names = _names(meeting, organisation_ids)
    for organisation_id in organisation_ids:
        _tell(meeting, organisation_id, "uninvited" if uninvited else "cancelled", names)


# -- the answers -------------------------------------------------------------------------------------------------

def may_answer(actor, invitation: MeetingInvitation | None, meeting: Meeting) -> bool:
    """Whether the actor may answer: its organisation's admin or coordinator, invited, to a planned meeting still
    to come."""
    return (invitation is not None and actor.has(Permission.NETWORK_RESPOND)
            and invitation.organisation_id == actor.organisation_id
            and meeting.status == MeetingStatus.PLANNED and meeting.starts_at > utcnow())


def answer_invitation(actor, invitation: MeetingInvitation, answer, attendees: str | None, *,
                      confirmed: bool = False) -> MeetingInvitation:
    """The invited organisation answers (attending, tentative, declined) and says who will come (roles, not
    necessarily names; no personal data). Refused for a meeting no longer planned or already begun."""
    meeting = invitation.meeting
    if not actor.has(Permission.NETWORK_RESPOND) or invitation.organisation_id != actor.organisation_id:
        raise ServiceError(_l("Only the invited organisation's admin or coordinator answers."))
    if meeting.status != MeetingStatus.PLANNED or meeting.starts_at <= utcnow():
        raise ServiceError(_l("This meeting is no longer waiting for answers."), "answer")
    try:
        choice = InvitationAnswer(answer)
    except ValueError:
        choice = None
    if choice not in ANSWERS:
        raise ServiceError(_l("Choose whether your organisation will attend."), "answer")
    who = (attendees or "").strip()[:300] or None
    privacy.check_free_text({"attendees": who}, confirmed=confirmed)
    invitation.answer, invitation.attendees = choice, who
    invitation.answered_at, invitation.answered_by_id = utcnow(), actor.user.id
    db.session.flush()
    record_event("meeting.answered", actor=actor.user, organisation_id=invitation.organisation_id,
                 target=invitation, details={"meeting": meeting.id, "answer": choice.value})
    return invitation
