"""The demo city's meetings of the interdisciplinary team: two past meetings with approved minutes — attendance,
minutes and decisions per agenda item, actions done, open, overdue, in progress and dropped with a reason — and a
meeting to come, with invitations some members have answered.

The network itself ("Zespół interdyscyplinarny", coordinated by the Ośrodek Pomocy Społecznej) is made by the
networks' demo (app/demo/networks.py); when it is not there this step does nothing. Rows are inserted with their
owners (DESIGN.md §3): a meeting and its agenda the coordinator's, an invitation the invited organisation's, an
action the responsible organisation's. Times are relative to today (Europe/Warsaw). Idempotent: nothing is added
when the team already has meetings. Institutions, never cases: no personal data in the texts.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.localtime import WARSAW, local_today
from app.models import (
    ActionStatus,
    AgendaItem,
    InvitationAnswer,
    Meeting,
    MeetingAction,
    MeetingInvitation,
    MeetingStatus,
    Membership,
    Network,
    NetworkMember,
    Role,
    utcnow,
)

TEAM = "Zespół interdyscyplinarny"

# Two past meetings (days ago), each: agenda items (title, minutes, decisions), who did not come (member index),
# and actions (title, member index, due in days from today, status, note).
PAST = [
    {"days_ago": 56, "title": "Posiedzenie zespołu interdyscyplinarnego nr 1/{year}",
     "agenda": [
         ("Informacja o procedurach „Niebieskiej Karty” w bieżącym kwartale",
          "Przedstawiciel policji omówił liczbę wszczętych procedur (dane zbiorcze) i czas reakcji patroli.",
          "Zespół przyjął informację. Grupy robocze spotykają się co dwa tygodnie."),
         ("Przygotowanie do sezonu zimowego",
          "Omówiono miejsca noclegowe i ogrzewalnię, patrole straży miejskiej w miejscach przebywania osób "
          "w kryzysie bezdomności.",
          "Ustalono wspólną listę telefonów dyżurnych na okres zimowy."),
         ("Sprawy różne", "Szkoły zgłosiły potrzebę szkoleń dla pedagogów.", "Zorganizować szkolenie w II kwartale."),
     ],
     "absent": [3],
     "actions": [
         ("Przygotować wspólną listę telefonów dyżurnych na zimę", 0, -40, ActionStatus.DONE,
          "Lista rozesłana do wszystkich członków zespołu."),
         ("Zorganizować szkolenie dla pedagogów szkolnych", 2, -20, ActionStatus.DROPPED,
          "Szkolenie przejęła poradnia psychologiczno-pedagogiczna w ramach własnego programu."),
         ("Uzgodnić trasy patroli przy pustostanach", 1, 10, ActionStatus.IN_PROGRESS,
          "Uzgodniono dwie z trzech tras."),
     ]},
    {"days_ago": 21, "title": "Posiedzenie zespołu interdyscyplinarnego nr 2/{year}",
     "agenda": [
         ("Przegląd zadań z poprzedniego posiedzenia",
          "Lista telefonów dyżurnych gotowa; szkolenie dla pedagogów przejmuje poradnia.", "Przyjęto bez uwag."),
         ("Współpraca ze szkołami — sygnały o zaniedbaniach",
          "Omówiono ścieżkę przekazywania sygnałów ze szkół do ośrodka (bez danych osobowych, kody spraw).",
          "Szkoły przekazują sygnały na adres dyżurny ośrodka w ciągu 24 godzin."),
     ],
     "absent": [],
     "actions": [
         ("Opracować wzór karty zgłoszenia sygnału ze szkoły", 0, -5, ActionStatus.OPEN, None),
         ("Przekazać szkołom adres dyżurny ośrodka", 2, -10, ActionStatus.DONE, "Przekazano pismem i e-mailem."),
         ("Przygotować informację o miejscach w ogrzewalni na kolejne posiedzenie", 1, 14, ActionStatus.OPEN, None),
     ]},
]
COMING_AGENDA = ("Przegląd otwartych zadań", "Podsumowanie pierwszych tygodni zimy", "Sprawy różne")
ANSWERS = (InvitationAnswer.ATTENDING, InvitationAnswer.ATTENDING, InvitationAnswer.DECLINED,
           InvitationAnswer.TENTATIVE)


def _at(day_offset: int, hour: int = 10) -> datetime:
    """A time ``day_offset`` days from today in Warsaw, as UTC."""
    local = datetime.combine(local_today() + timedelta(days=day_offset), time(hour), tzinfo=WARSAW)
    return local.astimezone(UTC)


def load_meetings(by_key: dict) -> int:
    """The team's two past meetings with approved minutes and actions, and one to come; the number of meetings
    created (0 when the team is missing or already has meetings)."""
    network = db.session.scalars(select(Network).where(Network.name == TEAM).limit(1)).first()
    if network is None:
        return 0
    if db.session.scalar(select(Meeting.id).where(Meeting.network_id == network.id).limit(1)) is not None:
        return 0
    coordinator = network.coordinator_organisation_id
    members = [coordinator, *sorted(set(db.session.scalars(
        select(NetworkMember.organisation_id).where(NetworkMember.network_id == network.id))) - {coordinator})]
    approver = db.session.scalar(select(Membership.user_id).where(Membership.organisation_id == coordinator,
                                                                  Membership.role.in_((Role.ADMIN,
                                                                                       Role.COORDINATOR)))
                                 .order_by(Membership.role, Membership.id).limit(1))
    year = local_today().year
    for number, plan in enumerate(PAST, start=1):
        start = _at(-plan["days_ago"])
        meeting = _meeting(network, coordinator, plan["title"].format(year=year), start, number,
                           MeetingStatus.APPROVED)
        meeting.minutes_notes = "Następne posiedzenie zgodnie z harmonogramem pracy zespołu."
        meeting.minutes_approved_at = start + timedelta(days=2)
        meeting.minutes_approved_by_id = approver
        items = []
        for position, (title, minutes, decisions) in enumerate(plan["agenda"], start=1):
            items.append(AgendaItem(organisation_id=coordinator, meeting_id=meeting.id, position=position,
                                    title=title, minutes=minutes, decisions=decisions,
                                    presenter_organisation_id=members[(position - 1) % len(members)]))
        db.session.add_all(items)
        absent = {members[index] for index in plan["absent"] if index < len(members)}
        for organisation in members:
            db.session.add(MeetingInvitation(
                organisation_id=organisation, meeting_id=meeting.id, answer=InvitationAnswer.ATTENDING,
                answered_at=start - timedelta(days=3), attended=organisation not in absent, sent_sequence=0))
        db.session.flush()
        for title, member, due_in, status, note in plan["actions"]:
            owner = members[member % len(members)]
            closed = status != ActionStatus.OPEN
            db.session.add(MeetingAction(
                organisation_id=owner, meeting_id=meeting.id, network_id=network.id,
                agenda_item_id=items[min(len(items) - 1, 1)].id, title=title,
                due_on=local_today() + timedelta(days=due_in), status=status, status_note=note,
                status_changed_at=utcnow() - timedelta(days=2) if closed else None))
    coming = _meeting(network, coordinator, f"Posiedzenie zespołu interdyscyplinarnego nr 3/{year}", _at(7), 3,
                      MeetingStatus.PLANNED)
    db.session.add_all([AgendaItem(organisation_id=coordinator, meeting_id=coming.id, position=position, title=title)
                        for position, title in enumerate(COMING_AGENDA, start=1)])
    for index, organisation in enumerate(members):
        answer = ANSWERS[index] if index < len(ANSWERS) else InvitationAnswer.PENDING
        db.session.add(MeetingInvitation(
            organisation_id=organisation, meeting_id=coming.id, answer=answer, sent_sequence=0,
            answered_at=utcnow() - timedelta(days=1) if answer != InvitationAnswer.PENDING else None,
            attendees="kierownik, pracownik socjalny" if answer == InvitationAnswer.ATTENDING else None))
    db.session.flush()
    return len(PAST) + 1


def _meeting(network: Network, coordinator: int, title: str, start: datetime, number: int,
             status: MeetingStatus) -> Meeting:
    meeting = Meeting(organisation_id=coordinator, network_id=network.id, title=title, starts_at=start,
                      ends_at=start + timedelta(hours=2), place="Ośrodek Pomocy Społecznej, sala narad",
                      status=status, ical_uid=f"demo-meeting-{network.id}-{number}@siec-wsparcia", sequence=0)
    db.session.add(meeting)
    db.session.flush()
    return meeting
