"""Networks of partner organisations, their meetings with minutes and actions, and messages to the network.

The portal coordinates institutions, never cases (DESIGN.md §5): no field here is meant for a person's
data; agenda items, minutes and actions refuse a PESEL number and refer to a case, if at all, by a code.

Who owns which row (DESIGN.md §3) — each row belongs to the organisation that acts on it:

- ``Network`` belongs to the **department**, which groups organisations and names a coordinating
  organisation (``coordinator_organisation_id``; the department itself may coordinate).
- ``NetworkMember`` belongs to the **member organisation**: it reads the networks it is in, in its own
  scope, and keeps its own contact for the network.
- ``Meeting`` with its ``AgendaItem`` rows belongs to the **network's coordinating organisation** (the
  department convenes any meeting in its department scope).
- ``MeetingInvitation`` belongs to the **invited organisation**, which answers it in its own scope.
- ``MeetingAction`` belongs to the **responsible organisation**, whose members update it in their scope.
- ``NetworkMessage`` belongs to its **sender's organisation**, each ``MessageDelivery`` to its
  **recipient organisation** (which marks it read; the sender counts the reads).

Every link to a row of another organisation is declared ``cross_tenant``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import TenantOwned, Timestamped, UTCDateTime, string_enum
from app.models.tenancy import Organisation, User

CROSS_TENANT = {"cross_tenant": True}


class Network(TenantOwned, Timestamped, db.Model):
    """A group of organisations that meet and act together ("interdisciplinary team", "winter action")."""

    __tablename__ = "network"
    __table_args__ = (UniqueConstraint("organisation_id", "name", name="uq_network_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    purpose: Mapped[str | None] = mapped_column(Text)
    coordinator_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False, index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    coordinator_organisation: Mapped[Organisation] = relationship(
        foreign_keys=[coordinator_organisation_id], info=CROSS_TENANT)
    members: Mapped[list[NetworkMember]] = relationship(
        back_populates="network", cascade="all, delete-orphan", info=CROSS_TENANT)


class NetworkMember(TenantOwned, Timestamped, db.Model):
    """An organisation in a network, with the contact it gives the network (an office, a duty phone)."""

    __tablename__ = "network_member"
    __table_args__ = (UniqueConstraint("network_id", "organisation_id", name="uq_network_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), nullable=False, index=True)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    # What the organisation brings to the network ("police: the Blue Card procedure").
    role_in_network: Mapped[str | None] = mapped_column(String(200))

    network: Mapped[Network] = relationship(back_populates="members", info=CROSS_TENANT)
    organisation: Mapped[Organisation] = relationship(foreign_keys="NetworkMember.organisation_id")


class MeetingStatus(enum.StrEnum):
    """Where a meeting stands."""

    PLANNED = "planned"  # invitations sent; answers come in
    HELD = "held"  # took place: attendance and minutes are being recorded (a draft, seen by the coordinator)
    APPROVED = "approved"  # minutes approved: readable by every member organisation
    CANCELLED = "cancelled"


class Meeting(TenantOwned, Timestamped, db.Model):
    """A meeting of a network, convened by its coordinator; times in UTC, shown in Europe/Warsaw."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_network_starts", "network_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    place: Mapped[str | None] = mapped_column(String(300))
    call_link: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[MeetingStatus] = mapped_column(
        string_enum(MeetingStatus, "meeting_status"), default=MeetingStatus.PLANNED, nullable=False)
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    # iCalendar: one UID for the meeting, SEQUENCE raised with each change sent to the invitees.
    ical_uid: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    convened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    minutes_notes: Mapped[str | None] = mapped_column(Text)  # general minutes beside the agenda items
    minutes_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    network: Mapped[Network] = relationship(info=CROSS_TENANT)
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position")
    invitations: Mapped[list[MeetingInvitation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", info=CROSS_TENANT)
    convened_by: Mapped[User | None] = relationship(foreign_keys=[convened_by_id])
    minutes_approved_by: Mapped[User | None] = relationship(foreign_keys=[minutes_approved_by_id])


class AgendaItem(TenantOwned, Timestamped, db.Model):
    """One point of a meeting's agenda, with who brings it, and after the meeting its minutes and decisions."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    presenter_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    minutes: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    presenter_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[presenter_organisation_id], info=CROSS_TENANT)


class InvitationAnswer(enum.StrEnum):
    """An invited organisation's answer."""

    PENDING = "pending"
    ATTENDING = "attending"
    TENTATIVE = "tentative"
    DECLINED = "declined"


class MeetingInvitation(TenantOwned, Timestamped, db.Model):
    """An organisation invited to a meeting: its answer, who will attend, and whether it attended."""

    __tablename__ = "meeting_invitation"
    __table_args__ = (UniqueConstraint("meeting_id", "organisation_id", name="uq_meeting_invitation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True)
    answer: Mapped[InvitationAnswer] = mapped_column(
        string_enum(InvitationAnswer, "invitation_answer"), default=InvitationAnswer.PENDING, nullable=False)
    attendees: Mapped[str | None] = mapped_column(String(300))  # who will come: roles, e.g. "pedagog, kierownik"
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    attended: Mapped[bool | None] = mapped_column(Boolean)  # recorded by the coordinator after the meeting
    sent_sequence: Mapped[int | None] = mapped_column(Integer)  # the meeting's SEQUENCE last e-mailed

    meeting: Mapped[Meeting] = relationship(back_populates="invitations", info=CROSS_TENANT)
    organisation: Mapped[Organisation] = relationship(foreign_keys="MeetingInvitation.organisation_id")


class ActionStatus(enum.StrEnum):
    """Where an action decided at a meeting stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"  # with a reason


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class MeetingAction(TenantOwned, Timestamped, db.Model):
    """An action decided at a meeting: the responsible organisation (the owner of the row), a due date, a status."""

    __tablename__ = "meeting_action"
    __table_args__ = (
        Index("ix_meeting_action_org_status_due", "organisation_id", "status", "due_on"),
        Index("ix_meeting_action_network_status_due", "network_id", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), nullable=False)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    details: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[ActionStatus] = mapped_column(
        string_enum(ActionStatus, "action_status"), default=ActionStatus.OPEN, nullable=False)
    status_note: Mapped[str | None] = mapped_column(String(1000))  # progress, or why it was dropped
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(info=CROSS_TENANT)
    network: Mapped[Network] = relationship(info=CROSS_TENANT)
    agenda_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[agenda_item_id], info=CROSS_TENANT)
    organisation: Mapped[Organisation] = relationship(foreign_keys="MeetingAction.organisation_id")


class NetworkMessage(TenantOwned, Timestamped, db.Model):
    """A message from the department (or a network's coordinator) to chosen organisations, in up to 3 languages."""

    __tablename__ = "network_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_pl: Mapped[str] = mapped_column(String(200), nullable=False)
    body_pl: Mapped[str] = mapped_column(Text, nullable=False)
    subject_uk: Mapped[str | None] = mapped_column(String(200))
    body_uk: Mapped[str | None] = mapped_column(Text)
    subject_en: Mapped[str | None] = mapped_column(String(200))
    body_en: Mapped[str | None] = mapped_column(Text)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="SET NULL"), index=True)
    audience: Mapped[str] = mapped_column(String(1000), nullable=False)  # the selection, as the sender chose it
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The form's one-time key: a message submitted twice is sent once.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)  # folded subjects and bodies

    network: Mapped[Network | None] = relationship(info=CROSS_TENANT)
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    deliveries: Mapped[list[MessageDelivery]] = relationship(back_populates="message", info=CROSS_TENANT)

    def subject(self, locale: str) -> str:
        """The subject in ``locale``, falling back to Polish."""
        return getattr(self, f"subject_{locale}", None) or self.subject_pl

    def body(self, locale: str) -> str:
        """The body in ``locale``, falling back to Polish."""
        return getattr(self, f"body_{locale}", None) or self.body_pl


class MessageDelivery(TenantOwned, Timestamped, db.Model):
    """A message as one recipient organisation has it: e-mailed when, read when and by whom."""

    __tablename__ = "message_delivery"
    __table_args__ = (
        UniqueConstraint("message_id", "organisation_id", name="uq_message_delivery"),
        Index("ix_message_delivery_org_read", "organisation_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("network_message.id", ondelete="CASCADE"), nullable=False)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_to: Mapped[int] = mapped_column(SmallInteger, default=0, nullable=False)  # addresses the mail went to
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    message: Mapped[NetworkMessage] = relationship(back_populates="deliveries", info=CROSS_TENANT)
    organisation: Mapped[Organisation] = relationship(foreign_keys="MessageDelivery.organisation_id")
    read_by: Mapped[User | None] = relationship(foreign_keys=[read_by_id])
