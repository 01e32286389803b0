"""An organisation keeps its events: the rules of an event's values, and the event as an activity kind.

The rules hold whoever edits: an event ends after it starts, a weekly one repeats until a day
after its first and within about a year, dates are sensible, the location and the service are
the organisation's own. Values travel as JSON-able dicts (times as ISO strings in UTC), so the
same dict goes live at once or waits for the department (app/services/activities/editing.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select

from app.extensions import db
from app.labels import GROUP_LABELS
from app.localtime import WARSAW, local_to_utc, local_today
from app.models import Event, EventKind, ListingKind, Location, Organisation, Recurrence, Service
from app.services import ServiceError
from app.services.activities import editing
from app.services.activities.calendar import MAX_SERIES_DAYS, has_ended
from app.services.activities.editing import ActivityStatus, blank_to_none, iso, own
from app.services.audit.log import record_event
from app.services.moderation import review
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
EVENT_STATUS_LABELS = {
    ActivityStatus.PUBLISHED: lazy_pgettext("event", "Published"),
    ActivityStatus.HIDDEN: lazy_pgettext("event", "Hidden"),
    ActivityStatus.CANCELLED: lazy_pgettext("event", "Cancelled"),
    ActivityStatus.PAST: lazy_pgettext("event", "Over"),
}


def event_values(event: Event) -> dict:
    """The live event as a JSON-serialisable dict (the ``before`` of a change)."""
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    values.update(kind=str(event.kind), recurrence=str(event.recurrence), starts_at=iso(event.starts_at),
                  ends_at=iso(event.ends_at), repeat_until=iso(event.repeat_until),
                  target_groups=event.group_list)
    return values


def check_dates_ahead(day: date, field: str) -> None:
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
    check_dates_ahead(day, "day")
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
    if location_id is not None and own(Location, location_id, organisation.id) is None:
        raise ServiceError(_l("Choose one of your organisation's locations."), field="location_id")
    if service_id is not None and own(Service, service_id, organisation.id) is None:
        raise ServiceError(_l("Choose one of your organisation's services."), field="service_id")
    if location_id is None and not blank_to_none(data.get("place_pl")):
        raise ServiceError(_l("Choose a location or describe the place (for example “online”)."),
                           field="place_pl")
    groups = [code for code in data.get("target_groups") or () if code in GROUP_LABELS]
    values = {name: blank_to_none(data.get(name)) for name in EVENT_FIELDS}
    values.update(
        kind=str(EventKind(data["kind"])), recurrence=str(recurrence), starts_at=iso(starts_at),
        ends_at=iso(ends_at), repeat_until=iso(repeat_until), location_id=location_id, service_id=service_id,
        target_groups=list(dict.fromkeys(groups)), is_free=bool(data.get("is_free")),
        is_published=bool(data.get("is_published")),
        is_cancelled=bool(existing.is_cancelled) if existing is not None else False,
    )
    return values


def check_new_event(organisation: Organisation, values: dict) -> None:
    """A new event may not repeat one with the same title and start (a double-submitted form adds one)."""
    exists = db.session.execute(select(Event.id).where(
        Event.organisation_id == organisation.id, Event.title_pl == values["title_pl"],
        Event.starts_at == datetime.fromisoformat(values["starts_at"]))).first()
    if exists or editing.same_proposal(EVENTS, organisation.id, values, ("title_pl", "starts_at")):
        raise ServiceError(EVENT_TAKEN, field="title_pl")


def check_event_references(values: dict, organisation_id: int) -> None:
    """The place and the service an approved event names must still be the organisation's."""
    for name, model, message in (("location_id", Location, _l("The chosen location no longer exists.")),
                                 ("service_id", Service, _l("The chosen service no longer exists."))):
        if values.get(name) is not None and own(model, values[name], organisation_id) is None:
            raise ServiceError(message)


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


def write_event(event: Event, values: dict) -> None:
    """Put event values on the row (times as aware moments, codes as enums)."""
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




def set_event_cancelled(organisation: Organisation, event: Event, cancelled: bool, *, actor) -> editing.Outcome:
    """Cancel an event (residents see it crossed out, calendars get STATUS:CANCELLED) or take that back."""
    values = {**event_values(event), "is_cancelled": cancelled}
    if review.needs_review(organisation):
        return editing.save(EVENTS, organisation, event, values, actor=actor)
    if event.is_cancelled == cancelled:
        return editing.Outcome(event.id, [])
    event.is_cancelled = cancelled
    db.session.flush()
    record_event("event.cancelled" if cancelled else "event.reinstated", actor=actor,
                 organisation_id=organisation.id, target=event)
    return editing.Outcome(event.id, ["is_cancelled"])


def event_status(event: Event) -> ActivityStatus:
    """Where an event stands now: kept off the public pages, cancelled, over, or published and to come."""
    if not event.is_published:
        return ActivityStatus.HIDDEN
    if event.is_cancelled:
        return ActivityStatus.CANCELLED
    if has_ended(event):
        return ActivityStatus.PAST
    return ActivityStatus.PUBLISHED


def events_of(organisation_id: int) -> list[Event]:
    """The organisation's events, newest start first."""
    return list(db.session.execute(select(Event).where(Event.organisation_id == organisation_id)
                                   .order_by(Event.starts_at.desc(), Event.id.desc())).unique().scalars())


EVENTS = editing.register(editing.ActivityKind(
    listing=ListingKind.EVENT, audit_name="event", model=Event, fields=EVENT_FIELDS, labels=EVENT_LABELS,
    values=event_values, write=write_event, check_new=check_new_event, check_references=check_event_references,
    vanished=_l("The event no longer exists."), status=event_status, status_labels=EVENT_STATUS_LABELS,
    display=editing.display_value))
