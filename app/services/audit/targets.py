"""The audit log as people read it: what happened in words, and the record it happened to, with a link.

``describe_events`` takes one page of entries and loads the records they name in one query per
kind of record (never one per entry), through the scope of the request — the department's, as
the console reads everything (``require_department_view``). A link is given only to a page the
reader may open (``actor.has(permission)``); a record that no longer exists keeps the name the
entry saved, or its number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Alert,
    Assignment,
    AuditEvent,
    BudgetLine,
    Call,
    CityIndicator,
    CommissionMember,
    Event,
    Feedback,
    Invitation,
    Location,
    Membership,
    Network,
    NetworkMember,
    Offer,
    OfferKind,
    OfferStatus,
    Organisation,
    Programme,
    Revision,
    Service,
    TaxonomyTerm,
    User,
    VolunteerOpportunity,
)
from app.permissions import Permission
from app.services.audit.actions import action_label, is_named
from app.tenancy import require_department_view

NAME_MAX = 80  # an alert's message is cut to this length


@dataclass(frozen=True)
class Found:
    """A record found: its name and the page showing it (endpoint, its values, the permission it needs)."""

    name: str
    endpoint: str | None = None
    values: dict | None = None
    permission: Permission | None = None


@dataclass(frozen=True)
class TargetKind:
    """One kind of record the log names: what people call it and how to find a page of them at once."""

    label: object
    load: Callable[[set[int], str], dict[int, Found]]


@dataclass(frozen=True)
class Target:
    """The record an entry is about, for the reader."""

    kind: str
    name: str
    url: str | None = None
    exists: bool = True


@dataclass(frozen=True)
class LogEntry:
    """One entry of the log as shown: the event, what happened in words, the record."""

    event: AuditEvent
    what: str
    named: bool  # the code has a name (otherwise ``what`` is the code itself)
    target: Target | None


def _rows(model, ids: set[int]):
    return db.session.execute(select(model).where(model.id.in_(ids))).unique().scalars()


def _organisations(ids, _locale):
    return {o.id: Found(o.name, "console.organisation_detail", {"organisation_id": o.id},
                        Permission.ORGANISATIONS_VIEW) for o in _rows(Organisation, ids)}


def _users(ids, _locale):
    return {u.id: Found(f"{u.full_name} ({u.email})", "console.user_detail", {"user_id": u.id}, Permission.USERS_VIEW)
            for u in _rows(User, ids)}


def _memberships(ids, _locale):
    return {m.id: Found(f"{m.user.full_name} – {m.organisation.name}", "console.user_detail",
                        {"user_id": m.user_id}, Permission.USERS_VIEW) for m in _rows(Membership, ids)}


def _invitations(ids, _locale):
    return {i.id: Found(f"{i.email} – {i.organisation.name}", "console.organisation_detail",
                        {"organisation_id": i.organisation_id}, Permission.ORGANISATIONS_VIEW)
            for i in _rows(Invitation, ids)}


def _services(ids, locale):
    return {s.id: Found(s.text("name", locale), "moderation.service_detail", {"service_id": s.id},
                        Permission.DIRECTORY_VIEW) for s in _rows(Service, ids)}


def _locations(ids, _locale):
    """A location has no page of its own in the console: its organisation's page lists it."""
    return {place.id: Found(place.name, "console.organisation_detail", {"organisation_id": place.organisation_id},
                            Permission.ORGANISATIONS_VIEW) for place in _rows(Location, ids)}


def _activities(model, endpoint: str, argument: str):
    """Events and volunteering offers have their public page only (while residents may see them)."""
    def load(ids, locale):
        found = {}
        for row in _rows(model, ids):
            public = row.is_published and row.organisation.is_active
            found[row.id] = Found(row.text("title", locale), endpoint if public else None, {argument: row.id})
        return found
    return load


def _revisions(ids, _locale):
    from app.services.workflow.comparison import title_of

    return {r.id: Found(title_of(r), "moderation.change_detail", {"change_id": r.id}, Permission.DIRECTORY_VIEW)
            for r in _rows(Revision, ids)}


def _feedback(ids, _locale):
    from app.services.feedback.inbox import listing_titles

    reports = list(_rows(Feedback, ids))
    titles = listing_titles(reports)
    found = {}
    for report in reports:
        title = titles.get((str(report.kind), report.object_id))
        name = _("About “%(title)s”", title=title) if title else _("no. %(number)d", number=report.id)
        found[report.id] = Found(name, "feedback_console.detail", {"feedback_id": report.id}, Permission.DIRECTORY_VIEW)
    return found


def _terms(ids, locale):
    return {t.id: Found(t.text("label", locale), "taxonomy.term_edit", {"taxonomy_term_id": t.id},
                        Permission.DIRECTORY_MANAGE) for t in _rows(TaxonomyTerm, ids)}


def _alerts(ids, locale):
    found = {}
    for alert in _rows(Alert, ids):
        message = " ".join((alert.text("message", locale) or "").split())
        if len(message) > NAME_MAX:
            message = message[:NAME_MAX - 1].rstrip() + "…"
        found[alert.id] = Found(message, "alerts.alert_edit", {"alert_id": alert.id}, Permission.DIRECTORY_MANAGE)
    return found


def _programmes(ids, locale):
    return {p.id: Found(p.text("name", locale), "funding.programme_detail", {"programme_id": p.id},
                        Permission.FUNDING_VIEW) for p in _rows(Programme, ids)}


def _budget_lines(ids, locale):
    return {line.id: Found(f"{line.year} · {line.text('task', locale)}", "funding.programme_detail",
                           {"programme_id": line.programme_id}, Permission.FUNDING_VIEW)
            for line in _rows(BudgetLine, ids)}


def _indicators(ids, locale):
    return {indicator.id: Found(indicator.text("name", locale), "indicators_console.indicator_list", {},
                                Permission.INDICATORS_VIEW) for indicator in _rows(CityIndicator, ids)}


def _calls(ids, locale):
    return {call.id: Found(call.text("title", locale), "calls_console.call_detail", {"call_id": call.id},
                           Permission.FUNDING_VIEW) for call in _rows(Call, ids)}


def _offers(ids, _locale):
    """An offer by its receipt number (or title, for a draft), linked to the department's page of it."""
    found = {}
    for offer in _rows(Offer, ids):
        name = f"{offer.receipt_number} · {offer.title}" if offer.receipt_number else offer.title
        if offer.status == OfferStatus.DRAFT:  # the department does not open drafts
            found[offer.id] = Found(name)
        elif offer.kind == OfferKind.SMALL_GRANT:
            found[offer.id] = Found(name, "small_grants_console.grant_detail", {"grant_id": offer.id},
                                    Permission.FUNDING_VIEW)
        else:
            found[offer.id] = Found(name, "evaluation_console.offer_detail", {"offer_id": offer.id},
                                    Permission.FUNDING_VIEW)
    return found


def _assignments(ids, _locale):
    """A commission member's assignment, named by the member and the offer."""
    rows = db.session.execute(select(Assignment.id, User.full_name, Offer.receipt_number, Offer.title)
                              .join(CommissionMember, CommissionMember.id == Assignment.member_id)
                              .join(User, User.id == CommissionMember.user_id)
                              .join(Offer, Offer.id == Assignment.offer_id)
                              .where(Assignment.id.in_(ids)))
    return {row_id: Found(f"{person} — {receipt or title}") for row_id, person, receipt, title in rows}


def _networks(ids, _locale):
    return {n.id: Found(n.name, "networks_console.network", {"network_id": n.id}, Permission.NETWORKS_VIEW)
            for n in _rows(Network, ids)}


def _network_members(ids, _locale):
    """An organisation's place in a network, named by both; its page is the network's."""
    rows = db.session.execute(select(NetworkMember.id, NetworkMember.network_id, Organisation.name, Network.name)
                              .join(Organisation, Organisation.id == NetworkMember.organisation_id)
                              .join(Network, Network.id == NetworkMember.network_id)
                              .where(NetworkMember.id.in_(ids)))
    return {row_id: Found(f"{organisation} – {network}", "networks_console.network", {"network_id": network_id},
                          Permission.NETWORKS_VIEW) for row_id, network_id, organisation, network in rows}


# object_type as record_event stores it (the model's class name) → how to name and find it.
TARGET_KINDS: dict[str, TargetKind] = {
    "Organisation": TargetKind(_l("Organisation"), _organisations),
    "User": TargetKind(_l("Account"), _users),
    "Membership": TargetKind(_l("Membership"), _memberships),
    "Invitation": TargetKind(_l("Invitation"), _invitations),
    "Service": TargetKind(_l("Service"), _services),
    "Location": TargetKind(_l("Location"), _locations),
    "Event": TargetKind(_l("Event"), _activities(Event, "activities.event", "event_id")),
    "VolunteerOpportunity": TargetKind(_l("Volunteering offer"),
                                       _activities(VolunteerOpportunity, "activities.opportunity", "opportunity_id")),
    "Revision": TargetKind(_l("Proposed change"), _revisions),
    "Feedback": TargetKind(_l("Resident's report"), _feedback),
    "TaxonomyTerm": TargetKind(_l("Category"), _terms),
    "Alert": TargetKind(_l("Alert"), _alerts),
    "Programme": TargetKind(_l("Programme"), _programmes),
    "BudgetLine": TargetKind(_l("Budget line"), _budget_lines),
    "Call": TargetKind(_l("Call for offers"), _calls),
    "CityIndicator": TargetKind(_l("City indicator"), _indicators),
    "Offer": TargetKind(_l("Offer"), _offers),
    "Assignment": TargetKind(_l("Offer assigned to a commission member"), _assignments),
    "Network": TargetKind(_l("Network"), _networks),
    "NetworkMember": TargetKind(_l("Member of a network"), _network_members),
}
# Older entries name rows renamed since; the migrations kept their ids.
FORMER_TYPES = {"ChangeRequest": "Revision", "ListingReport": "Feedback",
                "LocalProxy": "User"}  # entries written for current_user before record_event unwrapped it


def _type_of(event: AuditEvent) -> str | None:
    return FORMER_TYPES.get(event.object_type, event.object_type) if event.object_type else None


def describe_events(events: Iterable[AuditEvent], *, actor, locale: str) -> list[LogEntry]:
    """Entries of the log in words, each with its record named and linked where ``actor`` may open it.

    One query per kind of record on the page, in the department's view.
    """
    require_department_view()
    events = list(events)
    wanted: dict[str, set[int]] = {}
    for event in events:
        kind = _type_of(event)
        if kind in TARGET_KINDS and event.object_id is not None:
            wanted.setdefault(kind, set()).add(event.object_id)
    found = {kind: TARGET_KINDS[kind].load(ids, locale) for kind, ids in wanted.items()}
    return [LogEntry(event=event, what=action_label(event.action), named=is_named(event.action),
                     target=_target(event, found, actor)) for event in events]


def _target(event: AuditEvent, found: dict[str, dict[int, Found]], actor) -> Target | None:
    if not event.object_type:
        return None
    kind = _type_of(event)
    if kind not in TARGET_KINDS:  # a kind of record this code does not know: shown as stored
        return Target(kind=event.object_type, name=_("no. %(number)d", number=event.object_id or 0))
    label = str(TARGET_KINDS[kind].label)
    record = found.get(kind, {}).get(event.object_id)
    if record is None:  # deleted since: the name the entry saved, else its number
        saved = (event.details or {}).get("title") or (event.details or {}).get("term")
        return Target(kind=label, name=str(saved) if saved else _("no. %(number)d", number=event.object_id or 0),
                      exists=False)
    url = None
    if record.endpoint and (record.permission is None or actor.has(record.permission)):
        url = url_for(record.endpoint, **(record.values or {}))
    return Target(kind=label, name=record.name, url=url)
