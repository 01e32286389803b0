"""Networks of partner organisations: a network with members, a meeting with agenda and invitations, an action,
a message with its deliveries."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    ActionStatus,
    AgendaItem,
    InvitationAnswer,
    Meeting,
    MeetingAction,
    MeetingInvitation,
    MeetingStatus,
    MessageDelivery,
    Network,
    NetworkMember,
    NetworkMessage,
    Organisation,
    OrganisationKind,
    utcnow,
)
from tests.factories.base import FactoryBase, id_of


class Networks(FactoryBase):
    def _department_id(self) -> int:
        """The department's id, registering it first when the test has none yet."""
        with self._writing():
            found = db.session.execute(select(Organisation.id).where(
                Organisation.kind == OrganisationKind.DEPARTMENT).order_by(Organisation.id)).scalars().first()
        return found or self.department().id  # type: ignore[attr-defined]

    def network(self, coordinator, members=(), name: str | None = None, *, purpose: str | None = None,
                department=None) -> int:
        """A network (its id) of the department, coordinated by ``coordinator``, with ``members`` (the coordinator
        is a member too)."""
        owner = id_of(department) or self._department_id()
        with self._writing():
            network = self._add(Network(organisation_id=owner, name=name or f"Zespół {self._next()}",
                                        purpose=purpose, coordinator_organisation_id=id_of(coordinator)))
            for member in {id_of(coordinator), *(id_of(m) for m in members)}:
                self._add(NetworkMember(organisation_id=member, network_id=network.id,
                                        contact_email=f"kontakt{member}@example.org"))
            return network.id

    def meeting(self, network: int, *, starts_at: datetime | None = None, status: MeetingStatus | str = "planned",
                invited=None, agenda=("Sprawy bieżące",), title: str | None = None) -> int:
        """A meeting (its id) of the network, owned by its coordinator, tomorrow by default, with ``agenda`` items
        and invitations to ``invited`` (every member by default)."""
        with self._writing():
            row = db.session.execute(select(Network).where(Network.id == network)).scalar_one()
            start = starts_at or utcnow().replace(microsecond=0) + timedelta(days=1)
            meeting = self._add(Meeting(
                organisation_id=row.coordinator_organisation_id, network_id=network,
                title=title or f"Posiedzenie {self._next()}", starts_at=start, ends_at=start + timedelta(hours=2),
                place="ul. Rynek 1, sala 12", status=MeetingStatus(status), ical_uid=f"{uuid.uuid4()}@test"))
            for position, item in enumerate(agenda, start=1):
                self._add(AgendaItem(organisation_id=meeting.organisation_id, meeting_id=meeting.id,
                                     position=position, title=item))
            if invited is None:
                invited = db.session.scalars(select(NetworkMember.organisation_id)
                                             .where(NetworkMember.network_id == network)).all()
            for organisation in invited:
                self._add(MeetingInvitation(organisation_id=id_of(organisation), meeting_id=meeting.id,
                                            answer=InvitationAnswer.PENDING, sent_sequence=0))
            return meeting.id

    def action(self, meeting: int, owner, title: str | None = None, *, due_on: date | None = None,
               status: ActionStatus | str = "open") -> int:
        """An action (its id) decided at the meeting, owned by the responsible organisation ``owner``."""
        with self._writing():
            row = db.session.execute(select(Meeting).where(Meeting.id == meeting)).scalar_one()
            return self._add(MeetingAction(
                organisation_id=id_of(owner), meeting_id=meeting, network_id=row.network_id,
                title=title or f"Zadanie {self._next()}", due_on=due_on or date.today() + timedelta(days=14),
                status=ActionStatus(status))).id

    def message(self, sender, recipients, subject: str = "Akcja zima: zaktualizujcie wolne miejsca", *,
                body: str = "Prosimy o aktualizację do 18:00.", network: int | None = None, read_by=()) -> int:
        """A sent message (its id) from ``sender`` with a delivery to each of ``recipients`` (read by ``read_by``)."""
        with self._writing():
            message = self._add(NetworkMessage(
                organisation_id=id_of(sender), subject_pl=subject, body_pl=body, network_id=network,
                audience="test", sent_at=utcnow(), submission_key=uuid.uuid4().hex,
                search_text=f"{subject} {body}".lower()))
            read = {id_of(r) for r in read_by}
            for recipient in recipients:
                org = id_of(recipient)
                self._add(MessageDelivery(organisation_id=org, message_id=message.id, emailed_at=utcnow(),
                                          emailed_to=1, read_at=utcnow() if org in read else None))
            return message.id
