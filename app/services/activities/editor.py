"""An organisation keeps its events and volunteering opportunities: create, change, cancel, delete.

The rules hold whoever edits: an event ends after it starts, a weekly one repeats until a day
after its first and within about a year, dates are sensible, the location and the service are
the organisation's own. Values travel as JSON-serialisable dicts (times as ISO strings in UTC,
days as ISO dates), so the same dict goes live at once (a verified organisation) or waits in a
ChangeRequest for the department (``moderation.needs_review``); ``apply_*_change`` makes an
approved request live. Every change is written to the audit log.

Importing this module registers both kinds with app/services/moderation.py; the activities
blueprint imports it, so it is registered whenever the app runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_date, format_datetime, lazy_pgettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app.extensions import db
from app.labels import EVENT_KIND_LABELS, GROUP_LABELS, RECURRENCE_LABELS
from app.localtime import WARSAW, local_to_utc, local_today
from app.models import (
    ChangeAction,
    ChangeRequest,
    District,
    Event,
    EventKind,
    ListingKind,
    Location,
    Organisation,
    Recurrence,
    Service,
    VolunteerOpportunity,
)
from app.services import ServiceError
from app.services.activities.calendar import MAX_SERIES_DAYS
from app.services.audit.log import record_event
from app.services.moderation import workflow as moderation
from app.unit_of_work import unique

EVENT_TAKEN = _l("Your organisation already has an event with this title at this time.")
unique("uq_event_title_start", EVENT_TAKEN, field="title_pl")

LATEST_DAYS_AHEAD = 2 * 366  # nothing is planned more than two years ahead
MAX_ONE_OFF_DAYS = 31  # a one-off event (a holiday camp) lasts at most a month
MAX_WEEKLY_HOURS = 24  # each date of a weekly event lasts at most a day

EVENT_FIELDS = (
    "kind", "title_pl", "title_uk", "title_en", "description_pl", "description_uk", "description_en",
    "starts_at", "ends_at", "recurrence", "repeat_until", "location_id", "place_pl", "place_uk", "place_en",
    "service_id", "target_groups", "is_free", "registration_pl", "registration_uk", "registration_en",
    "contact_phone", "contact_email", "is_published", "is_cancelled",
)
OPPORTUNITY_FIELDS = (
    "title_pl", "title_uk", "title_en", "description_pl", "description_uk", "description_en",
    "requirements_pl", "requirements_uk", "requirements_en", "commitment_pl", "commitment_uk", "commitment_en",
    "district_id", "starts_on", "ends_on", "minimum_age", "contact_name", "contact_phone", "contact_email",
    "is_published",
)

EVENT_LABELS = {
    "kind": _l("Kind of event"), "title_pl": _l("Title in Polish"), "title_uk": _l("Title in Ukrainian"),
    "title_en": _l("Title in English"), "description_pl": _l("Description in Polish"),
    "description_uk": _l("Description in Ukrainian"), "description_en": _l("Description in English"),
    "starts_at": _l("Starts"), "ends_at": _l("Ends"), "recurrence": _l("Repeats"),
    "repeat_until": _l("Every week until"), "location_id": _l("Location"), "place_pl": _l("Place in Polish"),
    "place_uk": _l("Place in Ukrainian"), "place_en": _l("Place in English"), "service_id": _l("Related service"),
    "target_groups": _l("Who it is for"), "is_free": _l("Free of charge"),
    "registration_pl": _l("How to sign up, in Polish"), "registration_uk": _l("How to sign up, in Ukrainian"),
    "registration_en": _l("How to sign up, in English"), "contact_phone": _l("Contact phone"),
    "contact_email": _l("Contact e-mail"), "is_published": _l("Shown on the public pages"),
    "is_cancelled": lazy_pgettext("event", "Cancelled"),
}
OPPORTUNITY_LABELS = {
    "title_pl": _l("Title in Polish"), "title_uk": _l("Title in Ukrainian"), "title_en": _l("Title in English"),
    "description_pl": _l("Description in Polish"), "description_uk": _l("Description in Ukrainian"),
    "description_en": _l("Description in English"), "requirements_pl": _l("Requirements in Polish"),
    "requirements_uk": _l("Requirements in Ukrainian"), "requirements_en": _l("Requirements in English"),
    "commitment_pl": _l("Time commitment in Polish"), "commitment_uk": _l("Time commitment in Ukrainian"),
    "commitment_en": _l("Time commitment in English"), "district_id": _l("District"),
    "starts_on": _l("From"), "ends_on": _l("Until"), "minimum_age": _l("Minimum age"),
    "contact_name": _l("Contact person"), "contact_phone": _l("Contact phone"), "contact_email": _l("Contact e-mail"),
    "is_published": _l("Shown on the public pages"),
}


@dataclass(frozen=True)
class Outcome:
    """What a save did: went live (``changed`` names the fields) or waits as ``change``."""

    object_id: int | None
    changed: list[str]
    change: ChangeRequest | None = None

    @property
    def waits_for_approval(self) -> bool:
        return self.change is not None


# -- values --------------------------------------------------------------------------------------

def _blank_to_none(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def event_values(event: Event) -> dict:
    """The live event as a JSON-serialisable dict (the ``before`` of a change)."""
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    values.update(kind=str(event.kind), recurrence=str(event.recurrence), starts_at=_iso(event.starts_at),
                  ends_at=_iso(event.ends_at), repeat_until=_iso(event.repeat_until),
                  target_groups=event.group_list)
    return values


def opportunity_values(opportunity: VolunteerOpportunity) -> dict:
    """The live opportunity as a JSON-serialisable dict."""
    values = {name: getattr(opportunity, name) for name in OPPORTUNITY_FIELDS}
    values.update(starts_on=_iso(opportunity.starts_on), ends_on=_iso(opportunity.ends_on))
    return values


def _own(model, object_id: int | None, organisation_id: int):
    if object_id is None:
        return None
    return db.session.execute(select(model).where(
        model.id == object_id, model.organisation_id == organisation_id)).unique().scalar_one_or_none()


def _check_dates_ahead(day: date, field: str) -> None:
    if day > local_today() + timedelta(days=LATEST_DAYS_AHEAD):
        raise ServiceError(_l("Choose a date within the next two years."), field=field)


def build_event_values(organisation: Organisation, data: dict, *, existing: Event | None = None) -> dict:
    """Check what the form gave and turn it into event values.

    ``data`` holds ``day``, ``starts_time``, ``ends_time`` and optionally ``ends_day`` (local
    Europe/Warsaw), ``repeat_until`` and the text, contact and choice fields. Raises
    ServiceError naming the field on the first broken rule.
    """
    day, starts_time, ends_time = data["day"], data["starts_time"], data["ends_time"]
    ends_day = data.get("ends_day") or day
    starts_at, ends_at = local_to_utc(day, starts_time), local_to_utc(ends_day, ends_time)
    kept_start = existing is not None and existing.starts_at == starts_at
    if day < local_today() and not kept_start:
        raise ServiceError(_l("The event cannot start in the past."), field="day")
    _check_dates_ahead(day, "day")
    if ends_at <= starts_at:
        raise ServiceError(_l("The event must end after it starts."), field="ends_time")
    recurrence = Recurrence(data.get("recurrence") or Recurrence.ONCE)
    repeat_until = None
    if recurrence == Recurrence.WEEKLY:
        repeat_until = data.get("repeat_until")
        if repeat_until is None:
            raise ServiceError(_l("Say until when the event repeats every week."), field="repeat_until")
        if repeat_until <= day:
            raise ServiceError(_l("The last date must be after the first one."), field="repeat_until")
        if repeat_until > day + timedelta(days=MAX_SERIES_DAYS):
            raise ServiceError(_l("A weekly event can be planned for at most a year ahead."), field="repeat_until")
        if ends_at - starts_at > timedelta(hours=MAX_WEEKLY_HOURS):
            raise ServiceError(_l("Each date of a weekly event can last at most a day."), field="ends_time")
    elif ends_at - starts_at > timedelta(days=MAX_ONE_OFF_DAYS):
        raise ServiceError(_l("An event can last at most a month."), field="ends_day")
    location_id, service_id = data.get("location_id"), data.get("service_id")
    if location_id is not None and _own(Location, location_id, organisation.id) is None:
        raise ServiceError(_l("Choose one of your organisation's locations."), field="location_id")
    if service_id is not None and _own(Service, service_id, organisation.id) is None:
        raise ServiceError(_l("Choose one of your organisation's services."), field="service_id")
    if location_id is None and not _blank_to_none(data.get("place_pl")):
        raise ServiceError(_l("Choose a location or describe the place (for example “online”)."),
                           field="place_pl")
    groups = [code for code in data.get("target_groups") or () if code in GROUP_LABELS]
    values = {name: _blank_to_none(data.get(name)) for name in EVENT_FIELDS}
    values.update(
        kind=str(EventKind(data["kind"])), recurrence=str(recurrence), starts_at=_iso(starts_at),
        ends_at=_iso(ends_at), repeat_until=_iso(repeat_until), location_id=location_id, service_id=service_id,
        target_groups=list(dict.fromkeys(groups)), is_free=bool(data.get("is_free")),
        is_published=bool(data.get("is_published")),
        is_cancelled=bool(existing.is_cancelled) if existing is not None else False,
    )
    return values


def build_opportunity_values(organisation: Organisation, data: dict, *,
                             existing: VolunteerOpportunity | None = None) -> dict:
    """Check a volunteering opportunity and turn it into values; ServiceError names the broken field."""
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day is not None:
            _check_dates_ahead(day, name)
    if ends_on is not None:
        if starts_on is not None and ends_on < starts_on:
            raise ServiceError(_l("The end cannot be before the start."), field="ends_on")
        unchanged = existing is not None and existing.ends_on == ends_on
        if ends_on < local_today() and not unchanged:
            raise ServiceError(_l("The end date has already passed."), field="ends_on")
    district_id = data.get("district_id")
    if district_id is not None and db.session.get(District, district_id) is None:
        raise ServiceError(_l("Choose a district from the list."), field="district_id")
    if not (_blank_to_none(data.get("contact_phone")) or _blank_to_none(data.get("contact_email"))):
        raise ServiceError(_l("Give a phone number or an e-mail address volunteers can use."),
                           field="contact_phone")
    values = {name: _blank_to_none(data.get(name)) for name in OPPORTUNITY_FIELDS}
    values.update(starts_on=_iso(starts_on), ends_on=_iso(ends_on), district_id=district_id,
                  minimum_age=data.get("minimum_age"), is_published=bool(data.get("is_published")))
    return values


def _same_proposal(kind: ListingKind, organisation_id: int, values: dict, keys: tuple[str, ...]) -> bool:
    """Whether a new listing with these values already waits for the department (a form sent twice)."""
    waiting = waiting_new(kind, organisation_id)
    return any(all((r.proposed or {}).get(k) == values.get(k) for k in keys) for r in waiting)


def check_not_duplicate_event(organisation: Organisation, values: dict) -> None:
    """A new event may not repeat one with the same title and start (a double-submitted form adds one)."""
    exists = db.session.execute(select(Event.id).where(
        Event.organisation_id == organisation.id, Event.title_pl == values["title_pl"],
        Event.starts_at == datetime.fromisoformat(values["starts_at"]))).first()
    if exists or _same_proposal(ListingKind.EVENT, organisation.id, values, ("title_pl", "starts_at")):
        raise ServiceError(EVENT_TAKEN,
                           field="title_pl")


def check_not_duplicate_opportunity(organisation: Organisation, values: dict) -> None:
    """A new opportunity may not repeat an open one with the same title."""
    exists = db.session.execute(select(VolunteerOpportunity.id).where(
        VolunteerOpportunity.organisation_id == organisation.id,
        VolunteerOpportunity.title_pl == values["title_pl"],
        or_(VolunteerOpportunity.ends_on.is_(None), VolunteerOpportunity.ends_on >= local_today()))).first()
    if exists or _same_proposal(ListingKind.VOLUNTEERING, organisation.id, values, ("title_pl",)):
        raise ServiceError(_l("Your organisation already has a volunteering opportunity with this title."),
                           field="title_pl")


def event_form_data(values: dict) -> dict:
    """Event values (live or proposed) as the form shows them: local Europe/Warsaw days and times."""
    data = {name: values.get(name) for name in EVENT_FIELDS}
    starts = datetime.fromisoformat(values["starts_at"]).astimezone(WARSAW)
    ends = datetime.fromisoformat(values["ends_at"]).astimezone(WARSAW)
    data.update(day=starts.date(), starts_time=starts.time().replace(tzinfo=None),
                ends_time=ends.time().replace(tzinfo=None),
                ends_day=ends.date() if ends.date() != starts.date() else None,
                repeat_until=date.fromisoformat(values["repeat_until"]) if values.get("repeat_until") else None,
                target_groups=values.get("target_groups") or [])
    return data


def opportunity_form_data(values: dict) -> dict:
    """Opportunity values (live or proposed) as the form shows them."""
    data = {name: values.get(name) for name in OPPORTUNITY_FIELDS}
    for name in ("starts_on", "ends_on"):
        data[name] = date.fromisoformat(values[name]) if values.get(name) else None
    return data


def _assign_event(event: Event, values: dict) -> list[str]:
    """Put values on the row; returns the names of the fields that changed."""
    before = event_values(event) if event.id is not None else {}
    for name in EVENT_FIELDS:
        value = values.get(name)
        if name in ("starts_at", "ends_at"):
            value = datetime.fromisoformat(value)
        elif name == "repeat_until":
            value = date.fromisoformat(value) if value else None
        elif name == "kind":
            value = EventKind(value)
        elif name == "recurrence":
            value = Recurrence(value)
        elif name == "target_groups":
            event.group_list = value or []
            continue
        elif name in ("is_free", "is_published", "is_cancelled"):
            value = bool(value)
        setattr(event, name, value)
    after = event_values(event)
    return [name for name in EVENT_FIELDS if before.get(name) != after.get(name)]


def _assign_opportunity(opportunity: VolunteerOpportunity, values: dict) -> list[str]:
    before = opportunity_values(opportunity) if opportunity.id is not None else {}
    for name in OPPORTUNITY_FIELDS:
        value = values.get(name)
        if name in ("starts_on", "ends_on"):
            value = date.fromisoformat(value) if value else None
        elif name == "is_published":
            value = bool(value)
        setattr(opportunity, name, value)
    after = opportunity_values(opportunity)
    return [name for name in OPPORTUNITY_FIELDS if before.get(name) != after.get(name)]


# -- events --------------------------------------------------------------------------------------

def _live_event(organisation_id: int, event: Event | None, values: dict, *, actor,
                change_id: int | None = None) -> tuple[Event, list[str]]:
    created = event is None
    if created:
        event = Event(organisation_id=organisation_id)
        db.session.add(event)
    changed = _assign_event(event, values)
    db.session.flush()
    if created or changed:
        details = {"fields": changed}
        if change_id is not None:
            details["change_request"] = change_id
        record_event("event.created" if created else "event.updated", actor=actor, organisation_id=organisation_id,
                     target=event, details=details)
    return event, changed


def save_event(organisation: Organisation, event: Event | None, values: dict, *, actor) -> Outcome:
    """Create (``event`` None) or change an event: live at once, or waiting for the department."""
    if moderation.needs_review(organisation):
        before = event_values(event) if event is not None else None
        if before == values:
            return Outcome(event.id, [])
        if event is None:
            check_not_duplicate_event(organisation, values)
        change = moderation.submit(ListingKind.EVENT, ChangeAction.UPDATE if event else ChangeAction.CREATE,
                                   organisation=organisation, object_id=event.id if event else None,
                                   before=before, proposed=values, actor=actor)
        return Outcome(event.id if event else None, [], change)
    if event is None:
        check_not_duplicate_event(organisation, values)
    saved, changed = _live_event(organisation.id, event, values, actor=actor)
    return Outcome(saved.id, changed)


def set_event_cancelled(organisation: Organisation, event: Event, cancelled: bool, *, actor) -> Outcome:
    """Cancel an event (residents see it crossed out, calendars get STATUS:CANCELLED) or take that back."""
    values = {**event_values(event), "is_cancelled": cancelled}
    if moderation.needs_review(organisation):
        return save_event(organisation, event, values, actor=actor)
    if event.is_cancelled == cancelled:
        return Outcome(event.id, [])
    event.is_cancelled = cancelled
    db.session.flush()
    record_event("event.cancelled" if cancelled else "event.reinstated", actor=actor,
                 organisation_id=organisation.id, target=event)
    return Outcome(event.id, ["is_cancelled"])


def _delete_listing(kind: ListingKind, organisation: Organisation, row, *, snapshot, action: str, actor) -> Outcome:
    """Remove an event or opportunity, or (unverified organisation) ask the department to."""
    if moderation.needs_review(organisation):
        change = moderation.submit(kind, ChangeAction.DELETE, organisation=organisation,
                                   object_id=row.id, before=snapshot(row), proposed={}, actor=actor)
        return Outcome(row.id, [], change)
    row_id = row.id
    record_event(action, actor=actor, organisation_id=organisation.id, target=row, details={"title": row.title_pl})
    db.session.delete(row)
    db.session.flush()
    return Outcome(row_id, ["deleted"])


def delete_event(organisation: Organisation, event: Event, *, actor) -> Outcome:
    """Remove an event altogether (or ask the department to)."""
    return _delete_listing(ListingKind.EVENT, organisation, event, snapshot=event_values, action="event.deleted",
                           actor=actor)


def apply_event_change(change: ChangeRequest, actor) -> int:
    """Make an approved event change live; returns the event's id."""
    event = None
    if change.action != ChangeAction.CREATE:
        event = _own(Event, change.object_id, change.organisation_id)
        if event is None:
            raise ServiceError(_l("The event no longer exists."))
    if change.action == ChangeAction.DELETE:
        event_id = event.id
        record_event("event.deleted", actor=actor, organisation_id=change.organisation_id, target=event,
                     details={"title": event.title_pl, "change_request": change.id})
        db.session.delete(event)
        db.session.flush()
        return event_id
    values = dict(change.proposed)
    for name, model, message in (("location_id", Location, _l("The chosen location no longer exists.")),
                                 ("service_id", Service, _l("The chosen service no longer exists."))):
        if values.get(name) is not None and _own(model, values[name], change.organisation_id) is None:
            raise ServiceError(message)
    saved, _changed = _live_event(change.organisation_id, event, values, actor=actor, change_id=change.id)
    return saved.id


# -- volunteering opportunities -------------------------------------------------------------------------

def _live_opportunity(organisation_id: int, opportunity: VolunteerOpportunity | None, values: dict, *, actor,
                change_id: int | None = None) -> tuple[VolunteerOpportunity, list[str]]:
    created = opportunity is None
    if created:
        opportunity = VolunteerOpportunity(organisation_id=organisation_id)
        db.session.add(opportunity)
    changed = _assign_opportunity(opportunity, values)
    db.session.flush()
    if created or changed:
        details = {"fields": changed}
        if change_id is not None:
            details["change_request"] = change_id
        record_event("volunteering.created" if created else "volunteering.updated", actor=actor,
                     organisation_id=organisation_id, target=opportunity, details=details)
    return opportunity, changed


def save_opportunity(organisation: Organisation, opportunity: VolunteerOpportunity | None, values: dict, *,
                     actor) -> Outcome:
    """Create or change a volunteering opportunity: live at once, or waiting for the department."""
    if moderation.needs_review(organisation):
        before = opportunity_values(opportunity) if opportunity is not None else None
        if before == values:
            return Outcome(opportunity.id, [])
        if opportunity is None:
            check_not_duplicate_opportunity(organisation, values)
        action = ChangeAction.UPDATE if opportunity else ChangeAction.CREATE
        change = moderation.submit(ListingKind.VOLUNTEERING, action,
                                   organisation=organisation, object_id=opportunity.id if opportunity else None,
                                   before=before, proposed=values, actor=actor)
        return Outcome(opportunity.id if opportunity else None, [], change)
    if opportunity is None:
        check_not_duplicate_opportunity(organisation, values)
    saved, changed = _live_opportunity(organisation.id, opportunity, values, actor=actor)
    return Outcome(saved.id, changed)


def delete_opportunity(organisation: Organisation, opportunity: VolunteerOpportunity, *, actor) -> Outcome:
    """Remove a volunteering opportunity (or ask the department to)."""
    return _delete_listing(ListingKind.VOLUNTEERING, organisation, opportunity, snapshot=opportunity_values,
                           action="volunteering.deleted", actor=actor)


def apply_opportunity_change(change: ChangeRequest, actor) -> int:
    """Make an approved volunteering change live; returns the opportunity's id."""
    opportunity = None
    if change.action != ChangeAction.CREATE:
        opportunity = _own(VolunteerOpportunity, change.object_id, change.organisation_id)
        if opportunity is None:
            raise ServiceError(_l("The volunteering opportunity no longer exists."))
    if change.action == ChangeAction.DELETE:
        opportunity_id = opportunity.id
        record_event("volunteering.deleted", actor=actor, organisation_id=change.organisation_id, target=opportunity,
                     details={"title": opportunity.title_pl, "change_request": change.id})
        db.session.delete(opportunity)
        db.session.flush()
        return opportunity_id
    saved, _changed = _live_opportunity(change.organisation_id, opportunity, dict(change.proposed), actor=actor,
                                  change_id=change.id)
    return saved.id


# -- reading for the workspace and the moderation table -------------------------------------------

def events_of(organisation_id: int) -> list[Event]:
    """The organisation's events, newest start first."""
    return list(db.session.execute(select(Event).where(Event.organisation_id == organisation_id)
                                   .order_by(Event.starts_at.desc(), Event.id.desc())).unique().scalars())


def opportunities_of(organisation_id: int) -> list[VolunteerOpportunity]:
    """The organisation's volunteering opportunities, open ones first."""
    opportunities = db.session.execute(select(VolunteerOpportunity).where(
        VolunteerOpportunity.organisation_id == organisation_id).order_by(
        VolunteerOpportunity.title_pl, VolunteerOpportunity.id)).unique().scalars()
    today = local_today()
    return sorted(opportunities, key=lambda o: o.ends_on is not None and o.ends_on < today)


def waiting_new(kind: ListingKind, organisation_id: int) -> list[ChangeRequest]:
    """New listings of ``kind`` the organisation proposed that wait for the department."""
    requests = db.session.execute(moderation.pending_query(organisation_id=organisation_id, kind=kind)).scalars()
    return [r for r in requests if r.action == ChangeAction.CREATE]


def own_locations(organisation_id: int) -> list[Location]:
    """The organisation's locations, for the event form."""
    return list(db.session.execute(select(Location).where(Location.organisation_id == organisation_id)
                                   .order_by(Location.name, Location.id)).scalars())


def own_services(organisation_id: int) -> list[Service]:
    """The organisation's services, for the event form."""
    return list(db.session.execute(select(Service).where(Service.organisation_id == organisation_id)
                                   .order_by(Service.name_pl, Service.id)).unique().scalars())


def _display(name: str, value):
    """Readable text for one stored value in the department's before/after table."""
    if value in (None, "", []):
        return None
    if name in ("starts_at", "ends_at"):
        return format_datetime(datetime.fromisoformat(value), "short")
    if name in ("repeat_until", "starts_on", "ends_on"):
        return format_date(date.fromisoformat(value))
    if name == "kind":
        return str(EVENT_KIND_LABELS.get(EventKind(value), value))
    if name == "recurrence":
        return str(RECURRENCE_LABELS.get(Recurrence(value), value))
    if name == "target_groups":
        return ", ".join(str(GROUP_LABELS.get(code, code)) for code in value)
    if name in ("location_id", "service_id", "district_id"):
        model = {"location_id": Location, "service_id": Service, "district_id": District}[name]
        row = db.session.execute(select(model).where(model.id == value)).unique().scalar_one_or_none()
        if row is None:
            return str(_l("(no longer exists)"))
        return getattr(row, "name", None) or getattr(row, "name_pl", None)
    return None


moderation.register_kind(ListingKind.EVENT, apply=apply_event_change, labels=EVENT_LABELS,
                         title=lambda values: values.get("title_pl"))
moderation.register_display(ListingKind.EVENT, _display)
moderation.register_kind(ListingKind.VOLUNTEERING, apply=apply_opportunity_change, labels=OPPORTUNITY_LABELS,
                         title=lambda values: values.get("title_pl"))
moderation.register_display(ListingKind.VOLUNTEERING, _display)
