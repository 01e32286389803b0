"""Reminders about outcome reports, sent by the scheduled command ``flask reminders send`` (README, "Scheduled
commands").

Occasions, each with its key (``ReminderSent.occasion``, kind first so the console filters by prefix):

- ``before14:<report due>`` — a report not submitted yet (none, a draft, or returned) due in 4–14 days;
- ``before3:<report due>`` — the same, due in 0–3 days;
- ``overdue:<report due>:<week>`` — past its date and not submitted: once when it becomes overdue (week 0 = its
  first seven days overdue), then again every 7 days while it stays overdue (weeks 1, 2…). A command that
  missed days sends the current week's reminder only, never the weeks it missed;
- ``review:<report>:<version>`` — a submitted version waiting for the department's review longer than
  ``REVIEW_DAYS`` since it was submitted: once per submitted version;
- ``action:<action>:<week>`` — an action decided at a network's meeting, still open (or in progress) after its due
  date: weekly while overdue, counted from its due date like an overdue report;
- ``actions:<network>:<ISO week>`` — the network's coordinator told of all its overdue actions in one message, once
  a calendar week while any is overdue.

The first three go to the organisation's active admins and coordinators, the review to the department's active
admins and officers (the roles that review), an overdue action to its responsible organisation's admins and
coordinators (``NETWORK_RESPOND``), the network's list to its coordinator's admins and coordinators — or, for a
network the department coordinates, the department's admins and officers (``MEETINGS_MANAGE``) — each in their own
language (Polish when they chose none).

Sending once: ``ReminderSent`` has a unique index on (occasion, recipient). The command sends each reminder in a
transaction of its own (``app/cli.py``): ``record`` inserts the row and flushes it (a row someone else already
has — this run's earlier pass, or another run at the same moment, which waits for the first run's transaction on
the index — is an IntegrityError: skipped); ``deliver_now`` hands the message to the mail server while the row is
still uncommitted; then the command commits. A mail that fails rolls its row back, so a failed mail is never
logged as sent and is tried again by the next run; two runs at once never both send, because the second one's
insert waits on the first one's uncommitted row and then fails. The one case left is the commit itself failing
after the mail server took the message (the database gone in between): that reminder may be sent again by the next
run — a duplicate rather than a reminder logged but never sent.

Who and what is read: the schedule (``schedule.due_rows``) and the recipients in the named system scope
``reminders.schedule`` — the command acts for nobody, across every organisation. Each message is rendered, in its
recipient's language, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from urllib.parse import urlencode

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from flask_babel import lazy_pgettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.localtime import to_local
from app.mail import build_message, deliver
from app.models import Membership, Organisation, OrganisationKind, User
from app.models.agreements import Agreement, ReportDue, ReportKind
from app.models.networks import OPEN_ACTION_STATUSES, MeetingAction
from app.models.reports import ReminderSent, ReportVersion
from app.permissions import DEPARTMENT_PERMISSIONS, ORGANISATION_PERMISSIONS, Permission
from app.services.reports.schedule import REVIEW_DAYS, SOON_DAYS, DueRow, DueState, due_rows
from app.tenancy import system_scope

LAST_DAYS = 3  # the second reminder: this many days before the due date, or fewer
OVERDUE_EVERY = 7  # an overdue report is reminded again every this many days

BEFORE14, BEFORE3, OVERDUE, REVIEW = "before14", "before3", "overdue", "review"
ACTION, NETWORK_ACTIONS = "action", "actions"  # a network's overdue action: to its owner, the list to the coordinator
KINDS = (BEFORE14, BEFORE3, OVERDUE, REVIEW, ACTION, NETWORK_ACTIONS)
KIND_LABELS = {
    BEFORE14: _l("14 days before the due date"),
    BEFORE3: _l("3 days before the due date"),
    OVERDUE: lazy_pgettext("reminder", "Overdue"),
    REVIEW: lazy_pgettext("reminder", "Waiting for review"),
    ACTION: lazy_pgettext("reminder", "Action overdue"),
    NETWORK_ACTIONS: lazy_pgettext("reminder", "A network's overdue actions"),
}
# who writes the organisation's reports (admins and coordinators), who reviews them in the department (admins and
# officers): the roles holding those permissions
ORGANISATION_ROLES = tuple(role for role, granted in ORGANISATION_PERMISSIONS.items()
                           if Permission.REPORTS_WRITE in granted)
REVIEWER_ROLES = tuple(role for role, granted in DEPARTMENT_PERMISSIONS.items() if Permission.REPORTS_REVIEW in granted)
# who updates an organisation's actions; who coordinates a network (in an organisation, in the department)
RESPONDER_ROLES = tuple(role for role, granted in ORGANISATION_PERMISSIONS.items()
                        if Permission.NETWORK_RESPOND in granted)
COORDINATOR_ROLES = tuple(role for role, granted in ORGANISATION_PERMISSIONS.items()
                          if Permission.MEETINGS_MANAGE in granted)
DEPARTMENT_COORDINATOR_ROLES = tuple(role for role, granted in DEPARTMENT_PERMISSIONS.items()
                                     if Permission.MEETINGS_MANAGE in granted)


@dataclass(frozen=True)
class Reminder:
    """One message to send: to whom, on which occasion, about which report due, rendered."""

    occasion: str
    kind: str
    recipient: str
    locale: str
    organisation_id: int | None
    report_due_id: int | None  # None for a network's action
    agreement_number: str | None
    days: int  # days left (before), days overdue, or days waiting for review
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])


# -- what to send ------------------------------------------------------------------------------------------------

def occasion_of(row: DueRow, today: date, latest_version: int | None = None) -> tuple[str, str, int] | None:
    """(kind, occasion key, days) of the reminder a row of the schedule calls for on ``today``, or None."""
    days_left = (row.due.due_on - today).days
    if row.state in (DueState.SOON, DueState.UPCOMING):
        if LAST_DAYS < days_left <= SOON_DAYS:
            return BEFORE14, f"{BEFORE14}:{row.due.id}", days_left
        if 0 <= days_left <= LAST_DAYS:
            return BEFORE3, f"{BEFORE3}:{row.due.id}", days_left
        return None
    if row.state == DueState.OVERDUE:
        overdue = -days_left  # 1 on the first day after the due date
        return OVERDUE, f"{OVERDUE}:{row.due.id}:{(overdue - 1) // OVERDUE_EVERY}", overdue
    if row.state == DueState.IN_REVIEW and row.report is not None and row.report.submitted_at is not None:
        waiting = (today - to_local(row.report.submitted_at).date()).days
        if waiting > REVIEW_DAYS:
            return REVIEW, f"{REVIEW}:{row.report.id}:{latest_version or 0}", waiting
    return None


def plan(today: date) -> list[Reminder]:
    """Every reminder ``today`` calls for that has not been sent yet, rendered in each recipient's language.

    Reads the schedule of every organisation and the recipients in the named system scope; writes nothing."""
    with system_scope("reminders.schedule"):
        rows = due_rows(states={DueState.OVERDUE, DueState.SOON, DueState.IN_REVIEW}, today=today)
        versions = _latest_versions([row.report.id for row in rows
                                     if row.state == DueState.IN_REVIEW and row.report is not None])
        occasions = []
        for row in rows:
            found = occasion_of(row, today, versions.get(row.report.id) if row.report is not None else None)
            if found is not None:
                occasions.append((row, *found))
        contacts = _organisation_contacts({row.agreement.organisation_id for row, kind, *_ in occasions
                                           if kind != REVIEW})
        reviewers = _reviewers() if any(kind == REVIEW for _, kind, *_ in occasions) else []
        organisations = _organisation_names({row.agreement.organisation_id for row, *_ in occasions})
        already = _already_sent([key for _, _, key, _ in occasions])
        reminders = []
        for row, kind, key, days in occasions:
            people = reviewers if kind == REVIEW else contacts.get(row.agreement.organisation_id, [])
            for user in people:
                if (key, user.email) in already:
                    continue
                reminders.append(_reminder(row, kind, key, days, user,
                                           organisations.get(row.agreement.organisation_id, "")))
        return reminders + plan_actions(today)


def _latest_versions(report_ids: list[int]) -> dict[int, int]:
    if not report_ids:
        return {}
    return dict(db.session.execute(select(ReportVersion.report_id, func.max(ReportVersion.number))
                                   .where(ReportVersion.report_id.in_(report_ids))
                                   .group_by(ReportVersion.report_id)).all())


def _organisation_contacts(organisation_ids: set[int], roles=ORGANISATION_ROLES) -> dict[int, list[User]]:
    """The active admins and coordinators (``roles``) of each organisation (of an active organisation), by e-mail."""
    if not organisation_ids:
        return {}
    contacts: dict[int, list[User]] = {}
    for organisation_id, user in db.session.execute(
        select(Membership.organisation_id, User).join(User, Membership.user_id == User.id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.organisation_id.in_(organisation_ids), Membership.role.in_(roles),
               User.is_active_account.is_(True), Organisation.is_active.is_(True))
        .order_by(User.email)
    ).all():
        contacts.setdefault(organisation_id, []).append(user)
    return contacts


def _reviewers() -> list[User]:
    """The department's active admins and officers, by e-mail."""
    return list(db.session.execute(
        select(User).join(Membership, Membership.user_id == User.id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Organisation.kind == OrganisationKind.DEPARTMENT, Membership.role.in_(REVIEWER_ROLES),
               User.is_active_account.is_(True))
        .order_by(User.email)
    ).scalars().unique())


def _organisation_names(organisation_ids: set[int]) -> dict[int, str]:
    if not organisation_ids:
        return {}
    return dict(db.session.execute(select(Organisation.id, Organisation.name)
                                   .where(Organisation.id.in_(organisation_ids))).all())


def _already_sent(keys: list[str]) -> set[tuple[str, str]]:
    if not keys:
        return set()
    return set(map(tuple, db.session.execute(select(ReminderSent.occasion, ReminderSent.recipient)
                                  .where(ReminderSent.occasion.in_(keys))).all()))


def _reminder(row: DueRow, kind: str, key: str, days: int, user: User, organisation_name: str) -> Reminder:
    locale = user.locale if user.locale in current_app.config["LANGUAGES"] else "pl"
    agreement, due = row.agreement, row.due
    ends_on = (agreement.terminated_on if agreement.terminated_on and agreement.terminated_on < agreement.ends_on
               else agreement.ends_on)
    context = {"kind": kind, "days": days, "agreement": agreement, "due": due, "report": row.report,
               "organisation_name": organisation_name, "is_final": due.kind == ReportKind.FINAL,
               "period_start": agreement.starts_on, "period_end": due.period_ends_on or ends_on}
    if kind == REVIEW:
        message = build_message(user.email, _l("A report waits for review: %(number)s", number=agreement.number),
                                "report_review_reminder", locale, link=console_link(due), **context)
    else:
        message = build_message(user.email, _subject(kind, days, agreement), "report_reminder", locale,
                                link=workspace_link(agreement, due), **context)
    return Reminder(occasion=key, kind=kind, recipient=user.email, locale=locale,
                    organisation_id=agreement.organisation_id, report_due_id=due.id,
                    agreement_number=agreement.number, days=days, message=message)


def _subject(kind: str, days: int, agreement: Agreement):
    if kind == OVERDUE:
        return _l("Report overdue: %(number)s", number=agreement.number)
    if days == 0:
        return _l("Report due today: %(number)s", number=agreement.number)
    return _nl("Report due in %(num)d day: %(number)s", "Report due in %(num)d days: %(number)s", days,
               number=agreement.number)


# -- a network's overdue actions ------------------------------------------------------------------------------

def plan_actions(today: date) -> list[Reminder]:
    """The reminders of overdue actions ``today`` calls for, not sent yet: each action to its responsible
    organisation weekly while overdue, and each network's list of them to its coordinator once a calendar week.
    Run inside the named scope of ``plan``; a constant number of statements."""
    overdue = list(db.session.scalars(
        select(MeetingAction).where(MeetingAction.status.in_(OPEN_ACTION_STATUSES), MeetingAction.due_on < today)
        .options(joinedload(MeetingAction.network), joinedload(MeetingAction.meeting),
                 joinedload(MeetingAction.organisation))
        .order_by(MeetingAction.due_on, MeetingAction.id)).unique())
    if not overdue:
        return []
    year, week, _ = today.isocalendar()
    by_network: dict[int, list[MeetingAction]] = {}
    for action in overdue:
        by_network.setdefault(action.network_id, []).append(action)
    owner_keys = {action.id: f"{ACTION}:{action.id}:{((today - action.due_on).days - 1) // OVERDUE_EVERY}"
                  for action in overdue}
    network_keys = {network_id: f"{NETWORK_ACTIONS}:{network_id}:{year}-W{week:02d}" for network_id in by_network}
    already = _already_sent([*owner_keys.values(), *network_keys.values()])
    owners = _organisation_contacts({action.organisation_id for action in overdue}, RESPONDER_ROLES)
    networks = {network_id: actions[0].network for network_id, actions in by_network.items()}
    department_id = db.session.scalar(select(Organisation.id).where(Organisation.kind == OrganisationKind.DEPARTMENT)
                                      .order_by(Organisation.id).limit(1))
    coordinating = {network.coordinator_organisation_id for network in networks.values()}
    coordinators = _organisation_contacts(coordinating - {department_id}, COORDINATOR_ROLES)
    if department_id in coordinating:
        coordinators.update(_organisation_contacts({department_id}, DEPARTMENT_COORDINATOR_ROLES))
    reminders = []
    for action in overdue:
        key, days = owner_keys[action.id], (today - action.due_on).days
        for user in owners.get(action.organisation_id, []):
            if (key, user.email) not in already:
                locale = _locale(user)
                message = build_message(
                    user.email, _l("Action overdue: %(title)s", title=action.title), "action_reminder", locale,
                    action=action, days=days, organisation_name=action.organisation.name,
                    link=_act_for_link(action.organisation_id, f"/workspace/actions/{action.id}"))
                reminders.append(Reminder(occasion=key, kind=ACTION, recipient=user.email, locale=locale,
                                          organisation_id=action.organisation_id, report_due_id=None,
                                          agreement_number=None, days=days, message=message))
    for network_id, actions in by_network.items():
        network, key = networks[network_id], network_keys[network_id]
        coordinator_id = network.coordinator_organisation_id
        if coordinator_id == department_id:
            link = f"{base_url()}/console/actions/?{urlencode({'network': network_id})}"
        else:
            link = _act_for_link(coordinator_id, f"/workspace/actions/?{urlencode({'network': network_id})}")
        for user in coordinators.get(coordinator_id, []):
            if (key, user.email) not in already:
                locale = _locale(user)
                message = build_message(
                    user.email, _nl("%(network)s: %(num)d action overdue", "%(network)s: %(num)d actions overdue",
                                    len(actions), network=network.name),
                    "network_actions_reminder", locale, network=network, actions=actions, today=today, link=link)
                reminders.append(Reminder(occasion=key, kind=NETWORK_ACTIONS, recipient=user.email, locale=locale,
                                          organisation_id=coordinator_id, report_due_id=None,
                                          agreement_number=None, days=len(actions), message=message))
    return reminders


def _locale(user: User) -> str:
    return user.locale if user.locale in current_app.config["LANGUAGES"] else "pl"


def _act_for_link(organisation_id: int, page: str) -> str:
    """A workspace page through the page that first makes a member of several organisations act for this one."""
    return f"{base_url()}/account/act-for?{urlencode({'organisation': organisation_id, 'next': page})}"


# -- addresses ---------------------------------------------------------------------------------------------------

def base_url() -> str:
    """The portal's public address the links start with (built as strings: the command runs outside a request):
    PUBLIC_BASE_URL, else the configured SERVER_NAME, else (outside production) the development server's."""
    config = current_app.config
    if config.get("PUBLIC_BASE_URL"):
        return config["PUBLIC_BASE_URL"].rstrip("/")
    if config.get("SERVER_NAME"):
        root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{config.get('PREFERRED_URL_SCHEME') or 'https'}://{config['SERVER_NAME']}{root}"
    if config.get("ENV_NAME") == "production":
        raise LookupError("set PUBLIC_BASE_URL: the reminders' links need the portal's public address")
    return "http://localhost:5000"


def workspace_link(agreement: Agreement, due: ReportDue) -> str:
    """The report in the organisation's workspace, through the page that first makes a member of several
    organisations act for this one (as the other e-mails about an agreement do)."""
    page = f"/workspace/agreements/{agreement.id}/reports/{due.id}"  # reports_workspace.report
    query = urlencode({"organisation": agreement.organisation_id, "next": page})
    return f"{base_url()}/account/act-for?{query}"


def console_link(due: ReportDue) -> str:
    """The report in the department's console (reports_console.report)."""
    return f"{base_url()}/console/agreements/{due.agreement_id}/reports/{due.id}"


# -- sending -----------------------------------------------------------------------------------------------------

def record(reminder: Reminder) -> bool:
    """Log the reminder as sent (flushed, not committed); False when it already is — by an earlier run, or by
    another run at this moment (whose row this insert waited for). Call it before ``deliver_now`` in one
    transaction, and commit after the mail went."""
    try:
        with db.session.begin_nested():
            db.session.add(ReminderSent(occasion=reminder.occasion, recipient=reminder.recipient,
                                        organisation_id=reminder.organisation_id,
                                        report_due_id=reminder.report_due_id, subject=reminder.subject[:300]))
    except IntegrityError:
        return False
    return True


def deliver_now(reminder: Reminder) -> None:
    """Hand the message to the mail server now (not after the commit): an exception means it was not sent, and
    the caller rolls its row back."""
    deliver(reminder.message)


# -- the log, for the console ------------------------------------------------------------------------------------

def kind_of(occasion: str) -> str:
    """The kind of an occasion key ("overdue:12:0" → "overdue")."""
    return occasion.split(":", 1)[0]


def sent_query(*, organisation_id: int | None = None, kind: str | None = None):
    """The reminders sent, newest first, filtered by organisation and occasion kind (for ``paginate``)."""
    statement = select(ReminderSent).order_by(ReminderSent.sent_at.desc(), ReminderSent.id.desc())
    if organisation_id is not None:
        statement = statement.where(ReminderSent.organisation_id == organisation_id)
    if kind in KINDS:
        statement = statement.where(ReminderSent.occasion.startswith(f"{kind}:", autoescape=True))
    return statement


@dataclass(frozen=True)
class SentRow:
    """A reminder sent, with what it was about named: its organisation and agreement."""

    reminder: ReminderSent
    kind: str
    organisation_name: str | None
    agreement_id: int | None
    agreement_number: str | None


def sent_rows(page_items: list[ReminderSent]) -> list[SentRow]:
    """A page of the log with each reminder's organisation and agreement, read in one query (the department's
    view: it reads every organisation's reports due)."""
    due_ids = {item.report_due_id for item in page_items if item.report_due_id is not None}
    organisation_ids = {item.organisation_id for item in page_items if item.organisation_id is not None}
    agreements = {due_id: (agreement_id, number) for due_id, agreement_id, number in db.session.execute(
        select(ReportDue.id, Agreement.id, Agreement.number).join(Agreement, Agreement.id == ReportDue.agreement_id)
        .where(ReportDue.id.in_(due_ids)))} if due_ids else {}
    names = _organisation_names(organisation_ids)
    return [SentRow(item, kind_of(item.occasion), names.get(item.organisation_id),
                    *agreements.get(item.report_due_id, (None, None))) for item in page_items]


def organisations_reminded() -> list[tuple[str, str]]:
    """(id, name) of the organisations some reminder was about, by name, for the console's filter."""
    return [(str(organisation_id), name) for organisation_id, name in db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.id.in_(select(ReminderSent.organisation_id).distinct()))
        .order_by(Organisation.name))]
